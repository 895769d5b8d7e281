from contextlib import contextmanager

import openai
import pytest

from modelbank.ai.providers import get_adapter
from modelbank.ai.providers.base import (
    ProviderAuthError,
    ProviderBadResponse,
    ProviderContentRefused,
    ProviderInvalidRequest,
    ProviderRateLimited,
    ProviderUnavailable,
)
from modelbank.catalog.parameters import ModelParameters
from modelbank.catalog.seed import seeded_request_parameters
from modelbank.catalog.usage import Usage
from tests.ai.fakes.openai_fake import IMAGE_B64, chat_body
from tests.ai.providers.helpers import API_KEY, assert_no_key, call_for, image_request, text_request

adapter = get_adapter("openai")


def seeded(model_name: str) -> ModelParameters:
    """What the seeded catalog says the model takes."""
    return ModelParameters(seeded_request_parameters()[model_name])


def test_chat_success_normalises_usage_and_sends_key(fake_openai):
    fake_openai.queue(200, chat_body("Hi!", prompt_tokens=100, completion_tokens=40, cached_tokens=60,
                                     reasoning_tokens=25))

    messages = [{"role": "system", "content": "Answer in JSON."}, {"role": "user", "content": "Say hello"}]
    result = adapter.generate_text(text_request(json_mode=True, temperature=0.2, messages=messages),
                                   call_for(fake_openai))

    assert result.text == "Hi!"
    assert result.finish_reason == "stop"
    # cached tokens are inside prompt_tokens, reasoning inside completion_tokens: nothing to add
    assert result.usage == Usage(input_tokens=100, output_tokens=40, cached_tokens=60, reasoning_tokens=25)
    sent = fake_openai.last
    assert sent.path == "/v1/chat/completions"
    assert sent.headers["authorization"] == f"Bearer {API_KEY}"
    assert sent.body["response_format"] == {"type": "json_object"}
    assert sent.body["temperature"] == 0.2
    assert sent.body["messages"][0] == {"role": "system", "content": "Answer in JSON."}


def test_the_catalog_names_the_max_tokens_parameter_whatever_the_endpoint(fake_openai):
    # a model the catalog says nothing about gets max_tokens, which every compatible server knows
    adapter.generate_text(text_request("gpt-4o-mini"), call_for(fake_openai))
    assert fake_openai.last.body["max_tokens"] == 100

    gpt51 = seeded("gpt-5.1")
    adapter.generate_text(text_request("gpt-5.1", temperature=0.7, parameters=gpt51), call_for(fake_openai))
    sent = fake_openai.last.body
    assert sent["max_completion_tokens"] == 100
    assert "max_tokens" not in sent and "temperature" not in sent  # GPT-5 takes only its default temperature


def test_a_reasoning_model_refuses_max_tokens_and_a_temperature(fake_openai):
    # without the catalog's word the adapter sends what GPT-5 refuses, and the fake says so as OpenAI does
    with pytest.raises(ProviderInvalidRequest, match="'max_tokens' is not supported with this model"):
        adapter.generate_text(text_request("gpt-5.1"), call_for(fake_openai))
    with pytest.raises(ProviderInvalidRequest, match="'temperature' does not support 0.7"):
        adapter.generate_text(text_request("gpt-5.1", temperature=0.7, parameters=ModelParameters(
            {"max_tokens_param": "max_completion_tokens"})), call_for(fake_openai))
    assert [r.param for r in fake_openai.refusals] == ["max_tokens", "temperature"]


def test_endpoint_override_reaches_the_compatible_server(fake_openai):
    result = adapter.generate_text(text_request("llama-3-8b"), call_for(fake_openai, endpoint=fake_openai.endpoint))
    assert result.text
    assert fake_openai.last.body["model"] == "llama-3-8b"


def test_429_with_retry_after_is_retried_then_succeeds(fake_openai, retry_sleeps):
    fake_openai.error(429, "Rate limit reached", code="rate_limit_exceeded", headers={"Retry-After": "7"})

    result = adapter.generate_text(text_request(), call_for(fake_openai))

    assert result.text
    assert len(fake_openai.requests) == 2
    assert len(retry_sleeps) == 1 and 7 <= retry_sleeps[0] <= 30


def test_retry_after_as_http_date_is_honoured(fake_openai, retry_sleeps):
    from datetime import UTC, datetime, timedelta
    from email.utils import format_datetime

    when = format_datetime(datetime.now(UTC) + timedelta(seconds=12), usegmt=True)
    fake_openai.error(503, "busy", headers={"Retry-After": when})

    adapter.generate_text(text_request(), call_for(fake_openai))

    assert 10 <= retry_sleeps[0] <= 30


def test_429_exhausted_is_rate_limited(fake_openai, retry_sleeps):
    fake_openai.error(429, "Rate limit reached", headers={"Retry-After": "1"}, times=3)
    with pytest.raises(ProviderRateLimited):
        adapter.generate_text(text_request(), call_for(fake_openai, max_retries=2))
    assert len(fake_openai.requests) == 3
    assert len(retry_sleeps) == 2


def test_5xx_exhausted_is_unavailable(fake_openai, retry_sleeps):
    fake_openai.error(500, "boom", times=2).error(503, "down")
    with pytest.raises(ProviderUnavailable) as caught:
        adapter.generate_text(text_request(), call_for(fake_openai, max_retries=2))
    assert len(fake_openai.requests) == 3
    assert "OpenAI is unavailable" in caught.value.message
    assert retry_sleeps[0] < retry_sleeps[1] * 4  # exponential backoff with jitter, capped
    assert all(0 < wait <= 30 for wait in retry_sleeps)


def test_401_is_auth_error_without_the_key(fake_openai, retry_sleeps):
    fake_openai.error(401, f"Incorrect API key provided: {API_KEY}", code="invalid_api_key")
    with pytest.raises(ProviderAuthError) as caught:
        adapter.generate_text(text_request(), call_for(fake_openai))
    assert caught.value.message == "OpenAI rejected the API key (401). Check the key set for provider 'openai'."
    assert_no_key(caught.value)
    assert len(fake_openai.requests) == 1 and retry_sleeps == []


def test_400_is_invalid_request_with_redacted_detail(fake_openai):
    fake_openai.error(400, f"Unsupported parameter 'max_tokens' (key {API_KEY})")
    with pytest.raises(ProviderInvalidRequest) as caught:
        adapter.generate_text(text_request(), call_for(fake_openai))
    assert "Unsupported parameter" in caught.value.message
    assert_no_key(caught.value)


def test_timeout_is_unavailable(fake_openai, retry_sleeps):
    fake_openai.queue(200, delay=2, times=2)
    with pytest.raises(ProviderUnavailable) as caught:
        adapter.generate_text(text_request(), call_for(fake_openai, timeout=0.2, max_retries=1))
    assert "did not answer in time" in caught.value.message
    assert len(fake_openai.requests) == 2


def test_connection_refused_is_unavailable(fake_openai):
    endpoint = fake_openai.endpoint
    fake_openai.stop()
    with pytest.raises(ProviderUnavailable):
        adapter.generate_text(text_request(), call_for(fake_openai, endpoint=endpoint, max_retries=0))


def test_malformed_body_is_a_clear_error(fake_openai):
    fake_openai.queue(200, "{not json")
    with pytest.raises(ProviderBadResponse) as caught:
        adapter.generate_text(text_request(), call_for(fake_openai))
    assert "could not be read" in caught.value.message
    assert len(fake_openai.requests) == 1


def test_chat_refusal_is_content_refused(fake_openai):
    fake_openai.queue(200, chat_body(refusal="I can't help with that."))
    with pytest.raises(ProviderContentRefused):
        adapter.generate_text(text_request(), call_for(fake_openai))


def test_dalle_image_reports_image_count_and_no_tokens(fake_openai):
    request = image_request("dall-e-3", n=1, quality="hd", style="vivid", parameters=seeded("dall-e-3"))
    result = adapter.generate_image(request, call_for(fake_openai))

    assert result.images[0].url == fake_openai.image_url() and not result.images[0].b64_json
    assert result.images[0].revised_prompt == "A revised prompt"
    assert result.usage == Usage(image_count=1)
    sent = fake_openai.last
    assert sent.path == "/v1/images/generations"
    assert sent.body == {"model": "dall-e-3", "prompt": "A lighthouse at dusk", "size": "1024x1024", "n": 1,
                         "quality": "hd", "style": "vivid"}


def test_gpt_image_reports_tokens(fake_openai):
    result = adapter.generate_image(image_request("gpt-image-1", n=2, parameters=seeded("gpt-image-1")),
                                    call_for(fake_openai))
    assert [image.b64_json for image in result.images] == [IMAGE_B64, IMAGE_B64]
    assert result.usage == Usage(input_tokens=50, output_tokens=4160, image_count=2)


def test_dall_e_is_asked_for_the_response_format_wanted(fake_openai):
    request = image_request("dall-e-3", response_format="b64_json", parameters=seeded("dall-e-3"))
    result = adapter.generate_image(request, call_for(fake_openai))
    assert fake_openai.last.body["response_format"] == "b64_json"
    assert result.images[0].b64_json == IMAGE_B64 and not result.images[0].url


@pytest.mark.parametrize("model", ["gpt-image-1", "gpt-image-1-mini"])
def test_gpt_image_models_get_no_response_format_and_give_base64_only(fake_openai, model):
    request = image_request(model, response_format="b64_json", parameters=seeded(model))
    assert adapter.generate_image(request, call_for(fake_openai)).images[0].b64_json == IMAGE_B64
    assert "response_format" not in fake_openai.last.body and fake_openai.refusals == []
    assert adapter.image_formats(model) == ("b64_json",)
    assert adapter.image_formats("chatgpt-image-latest") == ("b64_json",)
    assert adapter.image_formats("dall-e-2") == ("url", "b64_json")


def test_image_content_policy_is_content_refused(fake_openai):
    fake_openai.error(400, "Your request was rejected by our safety system.", code="content_policy_violation")
    with pytest.raises(ProviderContentRefused) as caught:
        adapter.generate_image(image_request(), call_for(fake_openai))
    assert "safety system" in caught.value.message


def test_our_style_and_quality_become_what_dalle_3_takes(fake_openai):
    request = image_request("dall-e-3", quality="standard", style="Photorealistic", parameters=seeded("dall-e-3"))
    adapter.generate_image(request, call_for(fake_openai))
    assert (fake_openai.last.body["style"], fake_openai.last.body["quality"]) == ("natural", "standard")

    adapter.generate_image(image_request("dall-e-3", style="watercolour", parameters=seeded("dall-e-3")),
                           call_for(fake_openai))
    assert fake_openai.last.body["style"] == "vivid"


def test_a_style_the_catalog_cannot_map_is_left_to_the_provider(fake_openai):
    adapter.generate_image(image_request("dall-e-3", style="steampunk", parameters=seeded("dall-e-3")),
                           call_for(fake_openai))
    assert "style" not in fake_openai.last.body  # OpenAI's default style applies


def test_dall_e_3_refuses_a_style_it_does_not_know(fake_openai):
    # what was sent before the catalog said which styles DALL-E 3 takes
    with pytest.raises(ProviderInvalidRequest, match="Supported values are: 'vivid' and 'natural'"):
        adapter.generate_image(image_request("dall-e-3", style="photorealistic", parameters=ModelParameters(
            {"style": {"values": ["photorealistic"]}})), call_for(fake_openai))
    assert fake_openai.refusals[0].param == "style"


def test_gpt_image_gets_its_own_quality_and_no_style(fake_openai):
    request = image_request("gpt-image-1", quality="hd", style="photorealistic", parameters=seeded("gpt-image-1"))
    adapter.generate_image(request, call_for(fake_openai))
    sent = fake_openai.last.body
    assert sent["quality"] == "high" and "style" not in sent


def test_dall_e_2_gets_neither_style_nor_quality(fake_openai):
    request = image_request("dall-e-2", size="512x512", quality="hd", style="photorealistic",
                            parameters=seeded("dall-e-2"))
    adapter.generate_image(request, call_for(fake_openai))
    assert fake_openai.last.body == {"model": "dall-e-2", "prompt": "A lighthouse at dusk", "size": "512x512", "n": 1}


@pytest.mark.parametrize(("model", "field", "value", "says"), [
    ("dall-e-3", "n", 2, "Expected a value <= 1"),
    ("dall-e-3", "size", "1536x1024", "'1024x1024', '1792x1024', and '1024x1792'"),
    ("dall-e-3", "quality", "high", "'standard' and 'hd'"),
    ("gpt-image-1", "quality", "hd", "'low', 'medium', 'high', and 'auto'"),
    ("gpt-image-1", "style", "vivid", "'style' is not supported with this model"),
    ("dall-e-2", "style", "vivid", "'style' is not supported with this model"),
    ("dall-e-3", "response_format", "png", "'url' and 'b64_json'"),
    ("gpt-image-1", "response_format", "b64_json", "Unknown parameter: 'response_format'"),
])
def test_the_fake_refuses_image_values_openai_refuses(fake_openai, model, field, value, says):
    from modelbank.ai.providers.openai import _image_params

    body = {**_image_params(image_request(model), call_for(fake_openai)), field: value}
    with openai_client(fake_openai) as client, pytest.raises(openai.BadRequestError, match=says):
        client.images.generate(**body)


def test_account_options_reach_openai_where_the_model_takes_them(fake_openai):
    options = {"safety_identifier": "acct-7f3a", "reasoning_effort": "low", "moderation": "low"}
    adapter.generate_text(text_request("gpt-5.1", parameters=seeded("gpt-5.1")), call_for(fake_openai, options=options))
    sent = fake_openai.last.body
    assert (sent["reasoning_effort"], sent["safety_identifier"]) == ("low", "acct-7f3a") and "moderation" not in sent

    adapter.generate_text(text_request("gpt-4o-mini", parameters=seeded("gpt-4o-mini")),
                          call_for(fake_openai, options=options))
    assert "reasoning_effort" not in fake_openai.last.body  # gpt-4o-mini takes none: OpenAI would refuse it

    adapter.generate_image(image_request("gpt-image-1", parameters=seeded("gpt-image-1")),
                           call_for(fake_openai, options=options))
    assert fake_openai.last.body["moderation"] == "low"
    assert fake_openai.refusals == []


@contextmanager
def openai_client(fake):
    client = openai.OpenAI(api_key=API_KEY, base_url=fake.endpoint, max_retries=0, timeout=2)
    try:
        yield client
    finally:
        client.close()
