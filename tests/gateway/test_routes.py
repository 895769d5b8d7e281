"""The gateway beyond OpenAI's own models: Anthropic and Google through the same request shape,
images, fallbacks, budgets and rate limits; a served modelbank called with the openai SDK."""

import base64
import time
from decimal import Decimal

import openai
import pytest

from modelbank.catalog.models import AIModelConfig
from modelbank.credits.models import CreditHold, CreditUsageLog, UsageLimit
from tests.ai.fakes.anthropic_fake import message_body
from tests.ai.fakes.google_fake import generate_body
from tests.ai.fakes.openai_fake import chat_body, image_body
from tests.ai.fakes.server import IMAGE_PNG
from tests.gateway.conftest import activate

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
ASK = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Say hello."}]
HAIKU = "claude-3-haiku-20240307"


def test_an_anthropic_model_answers_the_openai_request_shape(gateway, point_provider, fake_anthropic, give_credits):
    point_provider("anthropic", fake_anthropic)
    give_credits(100)
    activate(HAIKU)
    fake_anthropic.queue(200, message_body("Hi from Claude.", input_tokens=11, output_tokens=4))

    reply = gateway.chat.completions.create(model=HAIKU, messages=ASK, max_tokens=64)

    assert reply.choices[0].message.content == "Hi from Claude." and reply.model == HAIKU
    assert reply.choices[0].finish_reason == "stop"  # Anthropic's end_turn, in OpenAI's words
    sent = fake_anthropic.last.body
    assert sent["system"] == "Be brief." and sent["messages"] == [{"role": "user", "content": "Say hello."}]
    assert CreditUsageLog.objects.get().model.model_name == HAIKU


def test_an_anthropic_model_streams_through_the_gateway(gateway, point_provider, fake_anthropic, give_credits):
    point_provider("anthropic", fake_anthropic)
    give_credits(100)
    activate(HAIKU)
    chunks = list(gateway.chat.completions.create(model=HAIKU, messages=ASK, max_tokens=64, stream=True,
                                                  stream_options={"include_usage": True}))
    pieces = [c.choices[0].delta.content for c in chunks if c.choices and c.choices[0].delta.content]
    assert pieces == ["Hello", " from", " the", " fake."]  # relayed piece by piece, as Anthropic sent them
    assert chunks[-1].usage.prompt_tokens == 20 and chunks[-1].usage.completion_tokens == 7
    assert fake_anthropic.last.body["stream"] is True
    assert CreditUsageLog.objects.count() == 1


def _gemini_flash() -> AIModelConfig:
    return AIModelConfig.objects.create(
        model_name="gemini-2.5-flash", display_name="Gemini 2.5 Flash", model_type="text", provider_id="google",
        input_token_rate=Decimal("0.30"), output_token_rate=Decimal("2.50"), max_output_tokens=8192,
        tokens_per_credit=10000)


def test_a_google_model_streams_through_the_gateway(gateway, point_provider, fake_google, give_credits):
    point_provider("google", fake_google)
    give_credits(100)
    _gemini_flash()
    chunks = list(gateway.chat.completions.create(model="gemini-2.5-flash", messages=ASK, max_tokens=64, stream=True,
                                                  stream_options={"include_usage": True}))
    pieces = [c.choices[0].delta.content for c in chunks if c.choices and c.choices[0].delta.content]
    assert pieces == ["Hello", " from", " the", " fake."]
    assert (chunks[-1].usage.prompt_tokens, chunks[-1].usage.completion_tokens) == (30, 9)
    assert ":streamGenerateContent" in fake_google.last.path and "alt=sse" in fake_google.last.path
    assert CreditUsageLog.objects.get().output_tokens == 9


def test_a_google_model_answers_the_openai_request_shape(gateway, point_provider, fake_google, give_credits):
    point_provider("google", fake_google)
    give_credits(100)
    _gemini_flash()
    fake_google.queue(200, generate_body("Hi from Gemini.", prompt=30, candidates=9))

    reply = gateway.chat.completions.create(model="gemini-2.5-flash", messages=ASK, max_tokens=64)

    assert reply.choices[0].message.content == "Hi from Gemini."
    assert (reply.usage.prompt_tokens, reply.usage.completion_tokens) == (30, 9)
    assert ":generateContent" in fake_google.last.path


def test_images_are_generated_and_charged_per_image(gateway, openai_ready, account):
    result = gateway.images.generate(model="dall-e-3", prompt="A lighthouse at dusk", size="1024x1024", n=1)
    assert result.data[0].url and result.data[0].revised_prompt
    log = CreditUsageLog.objects.get()
    assert log.operation_type == "image_generation" and log.image_count == 1
    assert log.credits_used == AIModelConfig.objects.get(model_name="dall-e-3").credits_per_image


def test_b64_json_through_the_sdk_is_the_images_bytes_whoever_made_them(gateway, openai_ready, account):
    asked = gateway.images.generate(model="dall-e-3", prompt="A lighthouse", response_format="b64_json")
    assert openai_ready.last.body["response_format"] == "b64_json"  # DALL-E is asked for base64

    # an OpenAI-compatible server that answers with a URL anyway: the gateway fetches the image
    openai_ready.queue(200, image_body(model="dall-e-3", url=openai_ready.image_url("served")))
    fetched = gateway.images.generate(model="dall-e-3", prompt="A lighthouse", response_format="b64_json")

    for result in (asked, fetched):
        assert base64.b64decode(result.data[0].b64_json) == IMAGE_PNG and result.data[0].url is None
    assert openai_ready.last.path == "/images/served.png"
    assert [log.credits_used for log in CreditUsageLog.objects.all()] == [5, 5]  # one charge a call, as ever


def test_url_from_a_b64_only_model_is_a_400_naming_the_parameter_and_costs_nothing(gateway, openai_ready, account):
    activate("gpt-image-1")
    with pytest.raises(openai.BadRequestError) as raised:
        gateway.images.generate(model="gpt-image-1", prompt="A lighthouse", response_format="url")
    assert raised.value.body["param"] == "response_format"
    assert "'gpt-image-1' returns images as b64_json only" in raised.value.body["message"]
    assert not openai_ready.requests and not CreditHold.objects.exists() and not CreditUsageLog.objects.exists()


def test_sdk_defaults_are_openais_url_for_dall_e_and_b64_json_for_gpt_image(gateway, openai_ready):
    activate("gpt-image-1")
    assert gateway.images.generate(model="dall-e-3", prompt="A lighthouse").data[0].url == openai_ready.image_url()
    image = gateway.images.generate(model="gpt-image-1", prompt="A lighthouse").data[0]
    assert base64.b64decode(image.b64_json) == IMAGE_PNG and image.url is None
    assert "response_format" not in openai_ready.last.body  # GPT image models refuse it


def test_an_image_size_the_model_does_not_offer_is_400(gateway, openai_ready):
    with pytest.raises(openai.BadRequestError) as raised:
        gateway.images.generate(model="dall-e-3", prompt="A lighthouse", size="256x256")
    assert "1024x1024" in raised.value.body["message"]
    assert not openai_ready.requests


def test_an_unavailable_provider_falls_back_and_the_charge_names_the_model_used(
        gateway, openai_ready, point_provider, fake_anthropic, account):
    point_provider("anthropic", fake_anthropic)
    activate(HAIKU, tokens_per_credit=1000)  # dearer than gpt-4o-mini's 10,000 tokens per credit
    AIModelConfig.objects.filter(model_name="gpt-4o-mini").update(fallback_models=["gpt-4o", HAIKU])
    openai_ready.error(503, "overloaded", times=10)  # every attempt, retries included
    fake_anthropic.queue(200, message_body("Fallback answer.", input_tokens=1500, output_tokens=600))

    reply = gateway.chat.completions.create(model="gpt-4o-mini", messages=ASK, max_tokens=2000)

    assert reply.model == HAIKU and reply.choices[0].message.content == "Fallback answer."
    assert reply.model_extra["modelbank"]["fallback"] is True
    log = CreditUsageLog.objects.get()
    assert log.model.model_name == HAIKU and log.provider == "anthropic"
    assert log.credits_used == 3  # 2,100 tokens at Haiku's 1,000 per credit
    hold = CreditHold.objects.get()
    assert hold.amount >= 2000 // 1000  # re-sized for Haiku's worst case, not gpt-4o-mini's
    assert hold.status == "settled"


def test_a_refusal_does_not_fall_back(gateway, openai_ready, point_provider, fake_anthropic):
    point_provider("anthropic", fake_anthropic)
    activate(HAIKU)
    AIModelConfig.objects.filter(model_name="gpt-4o-mini").update(fallback_models=[HAIKU])
    openai_ready.error(400, "bad request")
    with pytest.raises(openai.APIStatusError):
        gateway.chat.completions.create(model="gpt-4o-mini", messages=ASK, max_tokens=20)
    assert not fake_anthropic.requests


def test_a_daily_budget_refuses_with_402_naming_the_limit(gateway, openai_ready, account, owner):
    UsageLimit.objects.create(account=account, user=owner, credits_per_day=1)
    gateway.chat.completions.create(model="gpt-4o-mini", messages=ASK, max_tokens=20)  # 1 credit: the budget
    with pytest.raises(openai.APIStatusError) as raised:
        gateway.chat.completions.create(model="gpt-4o-mini", messages=ASK, max_tokens=20)
    assert raised.value.status_code == 402
    assert raised.value.body["code"] == "budget_exceeded"
    assert "user's daily budget of 1 credits" in raised.value.body["message"]
    assert len(openai_ready.requests) == 1


def test_a_token_budget_counts_only_that_tokens_calls(gateway, openai_ready, account, token, live_server, owner):
    from modelbank.accounts.services import api_token_issue

    UsageLimit.objects.create(account=account, api_token=token.token, credits_per_month=1)
    gateway.chat.completions.create(model="gpt-4o-mini", messages=ASK, max_tokens=20)
    with pytest.raises(openai.APIStatusError) as raised:
        gateway.chat.completions.create(model="gpt-4o-mini", messages=ASK, max_tokens=20)
    assert "API token's monthly budget" in raised.value.body["message"]

    other = api_token_issue(user=owner, account=account, name="another")
    client = openai.OpenAI(api_key=other.raw, base_url=f"{live_server.url}/v1", max_retries=0)
    assert client.chat.completions.create(model="gpt-4o-mini", messages=ASK, max_tokens=20).choices


def _inside_one_window(seconds_needed: float = 5.0) -> None:
    """Rate limits count per clock minute: start where the test's calls all fall in one."""
    left = 60 - time.time() % 60
    if left < seconds_needed:
        time.sleep(left + 0.05)


def test_a_request_rate_limit_answers_429_with_retry_after(fresh_rate_counters, gateway, openai_ready, account):
    UsageLimit.objects.create(account=account, requests_per_minute=2)
    _inside_one_window()
    for _ in range(2):
        gateway.chat.completions.create(model="gpt-4o-mini", messages=ASK, max_tokens=20)
    with pytest.raises(openai.RateLimitError) as raised:
        gateway.chat.completions.create(model="gpt-4o-mini", messages=ASK, max_tokens=20)
    assert raised.value.body["code"] == "rate_limit_exceeded"
    assert "2 requests per minute" in raised.value.body["message"]
    assert 1 <= int(raised.value.response.headers["retry-after"]) <= 60
    assert len(openai_ready.requests) == 2


def test_a_token_rate_limit_refuses_once_the_minutes_tokens_are_used(fresh_rate_counters, gateway, openai_ready, account):
    UsageLimit.objects.create(account=account, tokens_per_minute=15000)
    _inside_one_window()
    openai_ready.queue(200, chat_body(prompt_tokens=10000, completion_tokens=6000))
    gateway.chat.completions.create(model="gpt-4o-mini", messages=ASK, max_tokens=20)
    with pytest.raises(openai.RateLimitError) as raised:
        gateway.chat.completions.create(model="gpt-4o-mini", messages=ASK, max_tokens=20)
    assert "15000 tokens per minute" in raised.value.body["message"]
