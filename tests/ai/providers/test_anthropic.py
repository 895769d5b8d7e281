import httpx
import pytest

from modelbank.ai.providers import get_adapter
from modelbank.ai.providers.anthropic import JSON_INSTRUCTION
from modelbank.ai.providers.base import (
    ProviderAuthError,
    ProviderBadResponse,
    ProviderContentRefused,
    ProviderInvalidRequest,
    ProviderNotSupported,
    ProviderUnavailable,
)
from modelbank.catalog.usage import Usage
from tests.ai.fakes.anthropic_fake import message_body
from tests.ai.providers.helpers import API_KEY, assert_no_key, call_for, image_request, text_request

adapter = get_adapter("anthropic")
MODEL = "claude-test-model"


def test_success_adds_cache_reads_and_writes_to_input(fake_anthropic):
    fake_anthropic.queue(200, message_body("Hi!", input_tokens=20, output_tokens=50, cache_read=300,
                                           cache_write=100, thinking_tokens=30))

    result = adapter.generate_text(text_request(MODEL, temperature=0.5), call_for(fake_anthropic))

    assert result.text == "Hi!"
    assert result.finish_reason == "end_turn"
    assert result.usage == Usage(input_tokens=420, output_tokens=50, cached_tokens=300, reasoning_tokens=30)
    sent = fake_anthropic.last
    assert sent.path == "/v1/messages"
    # SDK 2.x sends the key as a bearer token (older ones used x-api-key)
    assert sent.headers.get("x-api-key") == API_KEY or sent.headers["authorization"] == f"Bearer {API_KEY}"
    assert "anthropic-version" in sent.headers
    assert sent.body["system"] == "Be brief."
    assert sent.body["messages"] == [{"role": "user", "content": "Say hello"}]
    assert sent.body["max_tokens"] == 100
    assert "temperature" not in sent.body  # the SDK no longer takes it


def test_json_mode_asks_for_json_and_unwraps_a_fence(fake_anthropic):
    fake_anthropic.queue(200, message_body('```json\n{"a": 1}\n```'))
    result = adapter.generate_text(text_request(MODEL, json_mode=True), call_for(fake_anthropic))
    assert result.text == '{"a": 1}'
    assert JSON_INSTRUCTION in fake_anthropic.last.body["system"]


def test_429_with_retry_after_is_retried(fake_anthropic, retry_sleeps):
    fake_anthropic.error(429, "Number of requests has exceeded your rate limit", headers={"retry-after": "4"})
    result = adapter.generate_text(text_request(MODEL), call_for(fake_anthropic))
    assert result.text
    assert len(fake_anthropic.requests) == 2
    assert 4 <= retry_sleeps[0] <= 30


def test_overloaded_exhausted_is_unavailable(fake_anthropic, retry_sleeps):
    fake_anthropic.error(529, "Overloaded", times=2).error(500, "Internal error")
    with pytest.raises(ProviderUnavailable):
        adapter.generate_text(text_request(MODEL), call_for(fake_anthropic, max_retries=2))
    assert len(fake_anthropic.requests) == 3 and len(retry_sleeps) == 2


def test_401_is_auth_error_without_the_key(fake_anthropic):
    fake_anthropic.error(401, f"invalid x-api-key {API_KEY}")
    with pytest.raises(ProviderAuthError) as caught:
        adapter.generate_text(text_request(MODEL), call_for(fake_anthropic))
    assert "Anthropic rejected the API key (401)" in caught.value.message
    assert_no_key(caught.value)


def test_400_is_invalid_request(fake_anthropic):
    fake_anthropic.error(400, "max_tokens: 999999 > 64000, which is the maximum")
    with pytest.raises(ProviderInvalidRequest) as caught:
        adapter.generate_text(text_request(MODEL), call_for(fake_anthropic))
    assert "max_tokens" in caught.value.message


def test_timeout_is_unavailable(fake_anthropic):
    fake_anthropic.queue(200, delay=2)
    with pytest.raises(ProviderUnavailable) as caught:
        adapter.generate_text(text_request(MODEL), call_for(fake_anthropic, timeout=0.2, max_retries=0))
    assert "did not answer in time" in caught.value.message


def test_malformed_body_is_a_clear_error(fake_anthropic):
    fake_anthropic.queue(200, "<html>bad gateway</html>")
    with pytest.raises(ProviderBadResponse):
        adapter.generate_text(text_request(MODEL), call_for(fake_anthropic))


def test_refusal_is_content_refused(fake_anthropic):
    fake_anthropic.queue(200, message_body("", stop_reason="refusal"))
    with pytest.raises(ProviderContentRefused):
        adapter.generate_text(text_request(MODEL), call_for(fake_anthropic))


def test_images_are_not_supported_and_nothing_is_sent(fake_anthropic):
    with pytest.raises(ProviderNotSupported):
        adapter.generate_image(image_request(), call_for(fake_anthropic))
    assert fake_anthropic.requests == []


def test_account_options_are_sent_as_anthropic_names_them(fake_anthropic):
    options = {"service_tier": "standard_only", "user_id": "acct-7f3a"}
    adapter.generate_text(text_request(MODEL), call_for(fake_anthropic, options=options))
    sent = fake_anthropic.last.body
    assert (sent["service_tier"], sent["metadata"]) == ("standard_only", {"user_id": "acct-7f3a"})
    assert fake_anthropic.refusals == []


@pytest.mark.parametrize(("change", "says"), [
    ({"max_tokens": None}, "max_tokens: Field required"),
    ({"messages": [{"role": "system", "content": "x"}]}, "messages.0.role"),
    ({"messages": [{"role": "user", "content": ""}]}, "non-empty content"),
    ({"service_tier": "priority"}, "Supported values are: 'auto' and 'standard_only'"),
    ({"metadata": {"user_email": "a@b.test"}}, "metadata.user_email: Extra inputs are not permitted"),
    ({"top_k_sampling": 5}, "top_k_sampling: Extra inputs are not permitted"),
])
def test_the_fake_refuses_what_anthropic_refuses(fake_anthropic, change, says):
    from modelbank.ai.providers.anthropic import _params

    body = {**_params(text_request(MODEL), {}), **change}
    body = {k: v for k, v in body.items() if v is not None}
    response = httpx.post(f"{fake_anthropic.url}/v1/messages", json=body,
                          headers={"x-api-key": API_KEY, "anthropic-version": "2023-06-01"})
    assert response.status_code == 400
    assert response.json()["error"]["type"] == "invalid_request_error" and says in response.json()["error"]["message"]
