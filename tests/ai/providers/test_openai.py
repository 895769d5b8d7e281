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
from modelbank.catalog.usage import Usage
from tests.ai.fakes.openai_fake import chat_body
from tests.ai.providers.helpers import API_KEY, assert_no_key, call_for, image_request, text_request

adapter = get_adapter("openai")


def test_chat_success_normalises_usage_and_sends_key(fake_openai):
    fake_openai.queue(200, chat_body("Hi!", prompt_tokens=100, completion_tokens=40, cached_tokens=60,
                                     reasoning_tokens=25))

    result = adapter.generate_text(text_request(json_mode=True, temperature=0.2), call_for(fake_openai))

    assert result.text == "Hi!"
    assert result.finish_reason == "stop"
    # cached tokens are inside prompt_tokens, reasoning inside completion_tokens: nothing to add
    assert result.usage == Usage(input_tokens=100, output_tokens=40, cached_tokens=60, reasoning_tokens=25)
    sent = fake_openai.last
    assert sent.path == "/v1/chat/completions"
    assert sent.headers["authorization"] == f"Bearer {API_KEY}"
    assert sent.body["response_format"] == {"type": "json_object"}
    assert sent.body["temperature"] == 0.2
    assert sent.body["messages"][0] == {"role": "system", "content": "Be brief."}


def test_official_endpoint_gets_max_completion_tokens_and_compatible_gets_max_tokens(fake_openai):
    adapter.generate_text(text_request(), call_for(fake_openai))
    assert fake_openai.last.body["max_tokens"] == 100  # an OpenAI-compatible server at a custom endpoint

    adapter.generate_text(text_request(), call_for(fake_openai, config={"max_tokens_param": "max_completion_tokens"}))
    assert fake_openai.last.body["max_completion_tokens"] == 100
    assert "max_tokens" not in fake_openai.last.body


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
    result = adapter.generate_image(image_request("dall-e-3", n=1, quality="hd", style="vivid"), call_for(fake_openai))

    assert result.images[0].url.startswith("https://")
    assert result.images[0].revised_prompt == "A revised prompt"
    assert result.usage == Usage(image_count=1)
    sent = fake_openai.last
    assert sent.path == "/v1/images/generations"
    assert sent.body == {"model": "dall-e-3", "prompt": "A lighthouse at dusk", "size": "1024x1024", "n": 1,
                         "quality": "hd", "style": "vivid"}


def test_gpt_image_reports_tokens(fake_openai):
    result = adapter.generate_image(image_request("gpt-image-1", n=2), call_for(fake_openai))
    assert [image.b64_json for image in result.images] == ["aGVsbG8=", "aGVsbG8="]
    assert result.usage == Usage(input_tokens=50, output_tokens=4160, image_count=2)


def test_image_content_policy_is_content_refused(fake_openai):
    fake_openai.error(400, "Your request was rejected by our safety system.", code="content_policy_violation")
    with pytest.raises(ProviderContentRefused) as caught:
        adapter.generate_image(image_request(), call_for(fake_openai))
    assert "safety system" in caught.value.message
