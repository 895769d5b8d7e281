"""Every provider end to end: the real SDK/REST adapter against its local fake, through the
real ledger: the right credits and cost logged, the hold released on failure, and the 402
path with no request reaching the provider."""

from decimal import Decimal

import pytest

from modelbank.ai.core import AICore
from modelbank.catalog.models import AIModelConfig
from modelbank.catalog.services import models_set_active
from modelbank.common.errors import ConflictError
from modelbank.credits.services import InsufficientCredits
from tests.ai.engine.conftest import ledger_state, require_adapter
from tests.ai.fakes.anthropic_fake import message_body
from tests.ai.fakes.google_fake import generate_body
from tests.ai.fakes.openai_fake import chat_body

pytestmark = pytest.mark.django_db
# ~6,000 bytes: about 1,500 real tokens, estimated at 2,000 (bytes / 3) for the hold.
MESSAGES = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Summarise: " + "word " * 1200}]

# provider, model, answer with 1500 input and 2600 output tokens, USD for those tokens
TEXT_CASES = {
    "openai": ("gpt-5.1", lambda: chat_body("Hello", prompt_tokens=1500, completion_tokens=2600), "0.027875"),
    "anthropic": ("claude-3-5-sonnet-20241022", lambda: message_body("Hello", input_tokens=1500, output_tokens=2600),
                  "0.0435"),
    "google": ("gemini-test", lambda: generate_body("Hello", prompt=1500, candidates=2600), "0.00119"),
}
# provider, model, credits per image, USD per image, provider-reported USD
IMAGE_CASES = {
    "openai": ("dall-e-3", 5, "0.04", None),
    "runware": ("runware:97@1", 1, "0.012", "0.0013"),
    "bria": ("bria-2.3", 1, "0.015", None),
}


@pytest.fixture
def text_setup(request, point_provider, db):
    provider = request.param
    require_adapter(provider)
    name, answer, cost = TEXT_CASES[provider]
    if provider == "google":
        AIModelConfig.objects.create(
            model_name=name, display_name="Gemini test", model_type="text", provider_id="google",
            input_token_rate=Decimal("0.10"), output_token_rate=Decimal("0.40"), tokens_per_credit=1000,
            max_output_tokens=8192, supports_json_mode=True,
        )
    model = AIModelConfig.objects.get(model_name=name)
    models_set_active(models=[model], active=True)
    fake = request.getfixturevalue(f"fake_{provider}")
    point_provider(provider, fake)
    return AIModelConfig.objects.get(pk=model.pk), fake, answer, Decimal(cost)


@pytest.fixture
def image_setup(request, point_provider, db):
    provider = request.param
    require_adapter(provider)
    name, credits, cost, provider_cost = IMAGE_CASES[provider]
    model = AIModelConfig.objects.get(model_name=name)
    models_set_active(models=[model], active=True)
    fake = request.getfixturevalue(f"fake_{provider}")
    point_provider(provider, fake)
    return AIModelConfig.objects.get(pk=model.pk), fake, credits, Decimal(cost), provider_cost


def run_text(model, account, owner, request_id="t-1"):
    return AICore.run_ai_request(
        model=model, messages=MESSAGES, max_tokens=3000, temperature=Decimal("0.7"), json_mode=False,
        account=account, user=owner, operation_type="content_generation", request_id=request_id,
    )


def run_image(model, account, owner, n=1, request_id="i-1"):
    return AICore.generate_image(
        model=model, prompt="A lighthouse at dawn", size="1024x1024", n=n, quality=None, style=None,
        account=account, user=owner, request_id=request_id,
    )


@pytest.mark.parametrize("text_setup", list(TEXT_CASES), indirect=True)
def test_text_call_charges_real_tokens_and_logs_cost(text_setup, account, owner, give_credits):
    model, fake, answer, cost = text_setup
    give_credits(100)
    fake.queue(body=answer())
    outcome = run_text(model, account, owner)
    state = ledger_state(account)
    assert outcome.text == "Hello" and len(fake.requests) == 1
    (log,) = state["logs"]
    assert (log.credits_used, log.cost_usd, log.input_tokens, log.output_tokens) == (5, cost, 1500, 2600)
    assert (log.operation_type, log.model_id, log.user_id) == ("content_generation", model.pk, owner.pk)
    assert (state["balance"], state["reserved"], state["open_holds"]) == (95, 0, 0)
    assert log.hold.amount == 6  # the worst case was held; only the real tokens were charged


@pytest.mark.parametrize("text_setup", list(TEXT_CASES), indirect=True)
def test_text_failure_releases_the_hold(text_setup, account, owner, give_credits):
    model, fake, _, _ = text_setup
    give_credits(100)
    fake.error(400, "bad request")
    with pytest.raises(Exception, match="(?i)bad request|invalid|rejected"):
        run_text(model, account, owner)
    state = ledger_state(account)
    assert (state["balance"], state["reserved"], state["open_holds"], state["logs"]) == (100, 0, 0, [])


@pytest.mark.parametrize("text_setup", list(TEXT_CASES), indirect=True)
def test_text_without_credits_is_402_and_never_calls_the_provider(text_setup, account, owner, give_credits):
    model, fake, _, _ = text_setup
    give_credits(2)  # the worst case of 3000 output tokens needs at least 4
    with pytest.raises(InsufficientCredits) as exc:
        run_text(model, account, owner)
    assert exc.value.status == 402 and exc.value.extra["available"] == 2
    assert fake.requests == [] and ledger_state(account)["open_holds"] == 0


@pytest.mark.parametrize("image_setup", list(IMAGE_CASES), indirect=True)
def test_image_call_charges_per_image_and_logs_cost(image_setup, account, owner, give_credits):
    model, fake, credits, cost, provider_cost = image_setup
    give_credits(100)
    outcome = run_image(model, account, owner)
    (log,) = ledger_state(account)["logs"]
    assert len(outcome.images) == 1 and (outcome.images[0].url or outcome.images[0].b64_json)
    assert (log.credits_used, log.cost_usd, log.image_count, log.operation_type) == (
        credits, cost, 1, "image_generation"
    )
    assert log.provider_cost_usd == (Decimal(provider_cost) if provider_cost else None)
    assert ledger_state(account)["balance"] == 100 - credits


@pytest.mark.parametrize("image_setup", list(IMAGE_CASES), indirect=True)
def test_image_failure_releases_the_hold(image_setup, account, owner, give_credits):
    model, fake, _, _, _ = image_setup
    give_credits(100)
    fake.error(400, "prompt rejected")
    with pytest.raises(Exception):  # noqa: B017 - the adapter's typed error; the ledger is what matters
        run_image(model, account, owner)
    state = ledger_state(account)
    assert (state["balance"], state["reserved"], state["open_holds"], state["logs"]) == (100, 0, 0, [])


@pytest.mark.parametrize("image_setup", list(IMAGE_CASES), indirect=True)
def test_images_without_credits_are_402_and_never_call_the_provider(image_setup, account, owner, give_credits):
    model, fake, credits, _, _ = image_setup
    n = 1 if model.request_parameters.get("max_images_per_request") == 1 else 2  # dall-e-3 makes one at a time
    give_credits(credits * n - 1)
    with pytest.raises(InsufficientCredits):
        run_image(model, account, owner, n=n)
    assert fake.requests == []


def test_a_retried_step_is_not_charged_twice(account, owner, give_credits, point_provider, fake_openai):
    point_provider("openai", fake_openai)
    give_credits(100)
    model = AIModelConfig.objects.get(model_name="dall-e-3")
    run_image(model, account, owner, request_id="job-1:image-0")
    with pytest.raises(ConflictError, match="already processed"):
        run_image(model, account, owner, request_id="job-1:image-0")
    assert len(fake_openai.requests) == 1
    assert len(ledger_state(account)["logs"]) == 1 and ledger_state(account)["balance"] == 95
