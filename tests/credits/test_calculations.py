import pytest
from hypothesis import given
from hypothesis import strategies as st

from modelbank.catalog.models import AIModelConfig
from modelbank.common.errors import ApplicationError
from modelbank.credits.services import calculate_credits_for_image, calculate_credits_from_tokens


@pytest.mark.parametrize(("model_name", "credits"), [("gpt-5.1", 5), ("gpt-4o", 5), ("gpt-4o-mini", 1)])
def test_seed_000_text_table_5000_tokens(model_named, model_name, credits):
    assert calculate_credits_from_tokens(model_named(model_name), 5000) == credits


@pytest.mark.parametrize(("model_name", "credits"), [("runware:97@1", 1), ("dall-e-3", 5), ("google:4@2", 15)])
def test_seed_000_image_table_one_image(model_named, model_name, credits):
    assert calculate_credits_for_image(model_named(model_name), 1) == credits


def test_operation_minimum_applies(model_named):
    # given 10 tokens on gpt-5.1 (1 credit by tokens) for an operation whose minimum is 2
    assert calculate_credits_from_tokens(model_named("gpt-5.1"), 10) == 1
    assert calculate_credits_from_tokens(model_named("gpt-5.1"), 10, "image_prompt_extraction") == 2


def test_negative_tokens_are_refused(model_named):
    with pytest.raises(ApplicationError):
        calculate_credits_from_tokens(model_named("gpt-5.1"), -1)


@given(tokens=st.integers(min_value=0, max_value=10**9), per_credit=st.integers(min_value=1, max_value=10**6))
def test_token_credits_are_the_least_whole_credits_that_cover_the_tokens(tokens, per_credit):
    model = AIModelConfig(model_name="m", tokens_per_credit=per_credit)
    credits = calculate_credits_from_tokens(model, tokens)
    assert credits * per_credit >= tokens
    assert (credits - 1) * per_credit < tokens or credits == 0


@given(n=st.integers(min_value=0, max_value=1000), per_image=st.integers(min_value=1, max_value=100))
def test_image_credits_are_linear(n, per_image):
    model = AIModelConfig(model_name="m", credits_per_image=per_image)
    assert calculate_credits_for_image(model, n) == n * per_image
