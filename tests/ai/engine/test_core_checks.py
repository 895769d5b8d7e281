import pytest

from modelbank.ai.core import AICore
from modelbank.ai.errors import AIRequestRefused
from modelbank.catalog.errors import ModelInactive, ProviderInactive, ProviderKeyMissing
from modelbank.catalog.models import IntegrationProvider
from modelbank.catalog.services import models_set_active, provider_set_secret

pytestmark = pytest.mark.django_db
MESSAGES = [{"role": "user", "content": "hello"}]


@pytest.fixture(autouse=True)
def openai_key(db):
    provider_set_secret(provider_id="openai", field="api_key", value="sk-test")


def text(model, account, **kw):
    args = {"model": model, "messages": MESSAGES, "max_tokens": 50, "temperature": None, "json_mode": False,
            "account": account, "user": None, "operation_type": "content_generation", "request_id": "r1"}
    return AICore.run_ai_request(**{**args, **kw})


def image(model, account, **kw):
    args = {"model": model, "prompt": "a cat", "size": "1024x1024", "n": 1, "quality": None, "style": None,
            "account": account, "user": None, "request_id": "r1"}
    return AICore.generate_image(**{**args, **kw})


def test_json_mode_on_a_model_without_it_is_refused(text_model, account, no_charging):
    with pytest.raises(AIRequestRefused, match="does not support JSON mode"):
        text(text_model, account, json_mode=True)


def test_max_tokens_above_the_model_limit_is_refused(text_model, account, no_charging):
    with pytest.raises(AIRequestRefused, match="above the 100 tokens"):
        text(text_model, account, max_tokens=101)


def test_a_model_deactivated_after_it_was_resolved_is_refused(text_model, account, no_charging):
    models_set_active(models=[text_model], active=False)
    with pytest.raises(ModelInactive):
        text(text_model, account)


def test_an_image_model_cannot_run_text(image_model, account, no_charging):
    with pytest.raises(AIRequestRefused, match="is a image model"):
        text(image_model, account)


def test_a_size_outside_available_sizes_is_refused(image_model, account, no_charging):
    with pytest.raises(AIRequestRefused, match="Size '512x512' is not available") as exc:
        image(image_model, account, size="512x512")
    assert exc.value.extra["available_sizes"] == ["1024x1024"]


@pytest.mark.parametrize("n", [0, -1])
def test_n_must_be_positive(image_model, account, no_charging, n):
    with pytest.raises(AIRequestRefused):
        image(image_model, account, n=n)


def test_inactive_provider_is_refused(text_model, account, no_charging):
    IntegrationProvider.objects.filter(pk="openai").update(is_active=False)
    IntegrationProvider.objects.get(pk="openai").save()  # the save signal bumps the catalog stamp
    with pytest.raises(ProviderInactive):
        text(text_model, account)


def test_provider_without_a_key_is_refused(image_model, account, no_charging):
    provider_set_secret(provider_id="openai", field="api_key", value="")
    with pytest.raises(ProviderKeyMissing):
        image(image_model, account)


def test_the_model_is_always_explicit(account, no_charging):
    with pytest.raises(AIRequestRefused, match="explicitly"):
        text(None, account)


def test_more_images_than_the_model_makes_per_request_are_refused(account, no_charging):
    from modelbank.catalog.models import AIModelConfig

    # the catalog says DALL-E 3 makes one image per request (OpenAI refuses n > 1 for it)
    with pytest.raises(AIRequestRefused, match="'dall-e-3' makes at most 1 image"):
        image(AIModelConfig.objects.get(model_name="dall-e-3"), account, n=2)
