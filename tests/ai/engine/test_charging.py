"""What a text call is charged when the provider reports no usage: an estimate from the text
lengths, flagged as estimated, never just the operation's minimum."""

import logging

import pytest

from modelbank.ai.charging import estimate_input_tokens, estimate_tokens, text_usage
from modelbank.ai.core import AICore
from modelbank.catalog.models import AIModelConfig
from modelbank.catalog.usage import Usage
from tests.ai.engine.conftest import ledger_state
from tests.ai.fakes.openai_fake import chat_body

pytestmark = pytest.mark.django_db
MESSAGES = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Summarise: " + "word " * 1200}]
ANSWER = "A lighthouse stands at the edge of the cliff. " * 40  # 1,840 bytes: about 614 tokens


def _without_usage(text: str) -> dict:
    body = chat_body(text, model="gpt-5.1")
    del body["usage"]  # an OpenAI-compatible server that sends no usage block
    return body


def test_reported_usage_is_used_as_it_is():
    model = AIModelConfig(model_name="m", provider_id="openai")
    usage = Usage(input_tokens=10, output_tokens=0)
    assert text_usage(usage=usage, messages=MESSAGES, text=ANSWER, max_tokens=100, model=model) is usage


def test_missing_usage_is_estimated_from_the_text_and_capped_at_max_tokens():
    model = AIModelConfig(model_name="m", provider_id="openai")
    usage = text_usage(usage=Usage(), messages=MESSAGES, text=ANSWER, max_tokens=3000, model=model)
    assert usage == Usage(input_tokens=estimate_input_tokens(MESSAGES), output_tokens=614, estimated=True)
    capped = text_usage(usage=Usage(), messages=MESSAGES, text=ANSWER, max_tokens=100, model=model)
    assert (capped.output_tokens, capped.estimated) == (100, True)


def test_an_answer_without_usage_is_charged_its_estimate_and_flagged(account, owner, api_client, give_credits,
                                                                    point_provider, fake_openai, caplog):
    point_provider("openai", fake_openai)
    give_credits(100)
    fake_openai.queue(body=_without_usage(ANSWER))
    model = AIModelConfig.objects.get(model_name="gpt-5.1")
    with caplog.at_level(logging.WARNING, logger="modelbank.ai.charging"):
        outcome = AICore.run_ai_request(
            model=model, messages=MESSAGES, max_tokens=3000, account=account, user=owner,
            operation_type="content_generation", request_id="no-usage-1",
        )
    tokens = estimate_input_tokens(MESSAGES) + estimate_tokens(ANSWER)  # 2,023 + 614
    (log,) = ledger_state(account)["logs"]
    # 3 credits (ceil(2,637 / 1,000)), not the operation's minimum of 1
    assert (log.credits_used, log.input_tokens + log.output_tokens, log.usage_estimated) == (3, tokens, True)
    assert outcome.usage.estimated and outcome.charge.credits == 3
    assert log.cost_usd > 0
    assert ledger_state(account)["balance"] == 97
    assert "openai reported no usage for a call to gpt-5.1" in caplog.text
    [row] = api_client.get("/api/v1/billing/usage/").json()["results"]
    assert (row["usage_estimated"], row["credits_used"]) == (True, 3)


def test_an_answer_with_usage_is_not_flagged(account, owner, give_credits, point_provider, fake_openai):
    point_provider("openai", fake_openai)
    give_credits(100)
    fake_openai.queue(body=chat_body("Hello", model="gpt-5.1", prompt_tokens=1500, completion_tokens=2600))
    AICore.run_ai_request(
        model=AIModelConfig.objects.get(model_name="gpt-5.1"), messages=MESSAGES, max_tokens=3000, account=account,
        user=owner, operation_type="content_generation", request_id="usage-1",
    )
    (log,) = ledger_state(account)["logs"]
    assert (log.credits_used, log.usage_estimated) == (5, False)
