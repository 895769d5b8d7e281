import httpx
import pytest

from modelbank.ai.providers import get_adapter
from modelbank.ai.providers.base import (
    ProviderAuthError,
    ProviderBadResponse,
    ProviderContentRefused,
    ProviderInvalidRequest,
    ProviderNotSupported,
    ProviderUnavailable,
)
from modelbank.catalog.usage import Usage
from tests.ai.fakes.google_fake import generate_body
from tests.ai.providers.helpers import API_KEY, assert_no_key, call_for, image_request, text_request

adapter = get_adapter("google")
MODEL = "gemini-2.5-flash"


def test_success_counts_thoughts_as_output(fake_google):
    fake_google.queue(200, generate_body("Hi!", prompt=120, candidates=30, cached=100, thoughts=45))

    result = adapter.generate_text(text_request(MODEL, json_mode=True, temperature=0.3), call_for(fake_google))

    assert result.text == "Hi!"
    assert result.finish_reason == "STOP"
    assert result.usage == Usage(input_tokens=120, output_tokens=75, cached_tokens=100, reasoning_tokens=45)
    sent = fake_google.last
    assert sent.path.endswith(f"/models/{MODEL}:generateContent")
    assert sent.headers["x-goog-api-key"] == API_KEY
    assert sent.body["systemInstruction"]["parts"][0]["text"] == "Be brief."
    assert sent.body["contents"] == [{"role": "user", "parts": [{"text": "Say hello"}]}]
    config = sent.body["generationConfig"]
    assert config["maxOutputTokens"] == 100
    assert config["temperature"] == 0.3
    assert config["responseMimeType"] == "application/json"


def test_429_with_retry_after_is_retried(fake_google, retry_sleeps):
    fake_google.error(429, "Resource has been exhausted", headers={"Retry-After": "3"})
    result = adapter.generate_text(text_request(MODEL), call_for(fake_google))
    assert result.text
    assert len(fake_google.requests) == 2
    assert 3 <= retry_sleeps[0] <= 30


def test_5xx_exhausted_is_unavailable(fake_google, retry_sleeps):
    fake_google.error(503, "The model is overloaded", times=3)
    with pytest.raises(ProviderUnavailable):
        adapter.generate_text(text_request(MODEL), call_for(fake_google, max_retries=2))
    assert len(fake_google.requests) == 3 and len(retry_sleeps) == 2


def test_403_is_auth_error_without_the_key(fake_google):
    fake_google.error(403, f"API key not valid: {API_KEY}", code="PERMISSION_DENIED")
    with pytest.raises(ProviderAuthError) as caught:
        adapter.generate_text(text_request(MODEL), call_for(fake_google))
    assert "Google Gemini rejected the API key (403)" in caught.value.message
    assert_no_key(caught.value)


def test_400_is_invalid_request(fake_google):
    fake_google.error(400, "Invalid value at 'generation_config.max_output_tokens'")
    with pytest.raises(ProviderInvalidRequest) as caught:
        adapter.generate_text(text_request(MODEL), call_for(fake_google))
    assert "max_output_tokens" in caught.value.message


def test_timeout_is_unavailable(fake_google):
    fake_google.queue(200, delay=3)
    with pytest.raises(ProviderUnavailable) as caught:
        adapter.generate_text(text_request(MODEL), call_for(fake_google, timeout=0.3, max_retries=0))
    assert "did not answer in time" in caught.value.message
    assert len(fake_google.requests) == 1


def test_malformed_body_is_a_clear_error(fake_google):
    fake_google.queue(200, "{oops")
    with pytest.raises(ProviderBadResponse):
        adapter.generate_text(text_request(MODEL), call_for(fake_google))
    assert len(fake_google.requests) == 1


@pytest.mark.parametrize("body", [generate_body("", finish_reason="SAFETY"), generate_body(block_reason="SAFETY")])
def test_safety_blocks_are_content_refused(fake_google, body):
    fake_google.queue(200, body)
    with pytest.raises(ProviderContentRefused):
        adapter.generate_text(text_request(MODEL), call_for(fake_google))


def test_images_are_not_supported(fake_google):
    with pytest.raises(ProviderNotSupported):
        adapter.generate_image(image_request(), call_for(fake_google))
    assert fake_google.requests == []


def test_account_options_go_into_the_generation_config(fake_google):
    options = {"top_p": 0.9, "top_k": 40, "seed": 11}
    adapter.generate_text(text_request(MODEL), call_for(fake_google, options=options))
    config = fake_google.last.body["generationConfig"]
    assert (config["topP"], config["topK"], config["seed"]) == (0.9, 40, 11)
    assert fake_google.refusals == []


def test_no_temperature_where_the_catalog_says_the_model_takes_none(fake_google):
    from modelbank.catalog.parameters import ModelParameters

    request = text_request(MODEL, temperature=0.3, parameters=ModelParameters({"temperature": False}))
    adapter.generate_text(request, call_for(fake_google))
    assert "temperature" not in fake_google.last.body["generationConfig"]


@pytest.mark.parametrize(("change", "says"), [
    ({"generationConfig": {"temperature": 3}}, "Expected a value <= 2"),
    ({"generationConfig": {"maxTokens": 10}}, 'Unknown name "maxTokens"'),
    ({"contents": []}, "contents is not specified"),
    ({"contents": [{"role": "assistant", "parts": [{"text": "x"}]}]}, "'user' and 'model'"),
    ({"generationConfig": {"responseMimeType": "application/pdf"}}, "Supported values are"),
])
def test_the_fake_refuses_what_gemini_refuses(fake_google, change, says):
    body = {"contents": [{"role": "user", "parts": [{"text": "Hi"}]}], **change}
    response = httpx.post(f"{fake_google.url}/v1beta/models/{MODEL}:generateContent", json=body,
                          headers={"x-goog-api-key": API_KEY})
    assert response.status_code == 400
    assert response.json()["error"]["status"] == "INVALID_ARGUMENT" and says in response.json()["error"]["message"]
