"""A provider's "test connection" (POST /api/v1/system/providers/<id>/test/): one real, free call
through its adapter to the fake on 127.0.0.1, with the stored key and endpoint; a failure is shown
in words, and the key never comes back."""

import logging
import socket

import pytest

from modelbank.catalog.models import IntegrationProvider
from modelbank.catalog.services import provider_set_secret

KEY = "sk-test-CONNECT-1234-abcd-9876"


def url(provider_id: str) -> str:
    return f"/api/v1/system/providers/{provider_id}/test/"


def configure(provider_id: str, endpoint: str, *, key: str | None = KEY, active: bool = True) -> None:
    IntegrationProvider.objects.filter(pk=provider_id).update(api_endpoint=endpoint, is_active=active)
    if key:
        provider_set_secret(provider_id=provider_id, field="api_key", value=key)


def connection_of(client, provider_id: str) -> dict:
    response = client.post(url(provider_id))
    assert response.status_code == 200, response.content
    assert KEY not in response.content.decode()
    return response.json()


@pytest.mark.parametrize(("provider_id", "fake_name", "path", "key_header"), [
    ("openai", "fake_openai", "/v1/models", ("authorization", f"Bearer {KEY}")),
    ("anthropic", "fake_anthropic", "/v1/models?limit=1", ("authorization", f"Bearer {KEY}")),
    ("google", "fake_google", "/v1/models?pageSize=1", ("x-goog-api-key", KEY)),
    ("bria", "fake_bria", "/v2/status/modelbank-connection-test-", ("api_token", KEY)),
])
def test_a_free_call_with_the_stored_key_and_endpoint(staff_client, request, provider_id, fake_name, path,
                                                      key_header, local_network_only):
    fake = request.getfixturevalue(fake_name)
    configure(provider_id, fake.endpoint)
    result = connection_of(staff_client, provider_id)
    assert result["ok"] is True, result
    assert result["code"] == "" and result["latency_ms"] >= 0
    assert f"answered at {fake.endpoint}" in result["message"] and "the key was accepted" in result["message"]
    [call] = fake.requests
    assert call.method == "GET" and call.path.startswith(path)
    assert call.headers[key_header[0]] == key_header[1]
    assert not fake.refusals


def test_runware_sends_one_authentication_task(staff_client, fake_runware, local_network_only):
    configure("runware", fake_runware.endpoint)
    assert connection_of(staff_client, "runware")["ok"] is True
    [call] = fake_runware.requests
    assert (call.method, call.body) == ("POST", [{"taskType": "authentication", "apiKey": KEY}])
    assert not fake_runware.refusals


def test_openai_reports_the_models_it_lists(staff_client, fake_openai):
    configure("openai", fake_openai.endpoint)
    assert "3 models listed" in connection_of(staff_client, "openai")["message"]


@pytest.mark.parametrize(("provider_id", "fake_name"), [("openai", "fake_openai"), ("anthropic", "fake_anthropic"),
                                                        ("google", "fake_google"), ("bria", "fake_bria")])
def test_a_rejected_key_is_a_result_in_words(staff_client, request, provider_id, fake_name, caplog):
    fake = request.getfixturevalue(fake_name)
    configure(provider_id, fake.endpoint)
    fake.error(401, f"Incorrect API key provided: {KEY}")  # providers echo the key back: it must not reach us
    with caplog.at_level(logging.INFO):
        result = connection_of(staff_client, provider_id)
    assert (result["ok"], result["code"]) == (False, "provider_authentication")
    assert "rejected the API key (401)" in result["message"]
    assert KEY not in caplog.text
    assert len(fake.requests) == 1  # a person is waiting: no retries


def test_runware_rejecting_the_key_in_its_answer(staff_client, fake_runware):
    configure("runware", fake_runware.endpoint)
    fake_runware.queue(200, {"errors": [{"code": "invalidApiKey", "message": "Invalid API key.",
                                         "taskType": "authentication"}]})
    result = connection_of(staff_client, "runware")
    assert (result["ok"], result["code"]) == (False, "provider_authentication")


def test_an_unreachable_endpoint(staff_client, local_network_only):
    with socket.socket() as sock:  # a port nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    configure("openai", f"http://127.0.0.1:{port}/v1")
    result = connection_of(staff_client, "openai")
    assert (result["ok"], result["code"]) == (False, "provider_unavailable")
    assert result["message"] == "OpenAI could not be reached. Try again shortly."


def test_bria_at_an_endpoint_that_is_not_bria(staff_client, fake_openai):
    configure("bria", fake_openai.url)  # answers 404, but not Bria's {"status": "NOT_FOUND"}
    result = connection_of(staff_client, "bria")
    assert (result["ok"], result["code"]) == (False, "provider_bad_response")
    assert "check the endpoint" in result["message"]


def test_no_key_means_no_call(staff_client, fake_openai):
    configure("openai", fake_openai.endpoint, key=None)
    IntegrationProvider.objects.filter(pk="openai").update(api_key="")
    result = connection_of(staff_client, "openai")
    assert (result["ok"], result["code"]) == (False, "provider_key_missing")
    assert fake_openai.requests == []


def test_an_inactive_provider_is_tested_and_says_so(staff_client, fake_openai):
    configure("openai", fake_openai.endpoint, active=False)
    result = connection_of(staff_client, "openai")
    assert result["ok"] is True and "the provider is inactive" in result["message"]


def test_the_stored_endpoint_is_read_fresh(staff_client, fake_openai, fake_anthropic):
    """A test right after an edit tests the edit, not the catalog cache of this process."""
    configure("openai", fake_anthropic.url + "/v1")
    connection_of(staff_client, "openai")
    IntegrationProvider.objects.filter(pk="openai").update(api_endpoint=fake_openai.endpoint)
    assert connection_of(staff_client, "openai")["ok"] is True
    assert len(fake_openai.requests) == 1


def test_not_an_ai_provider_or_unknown(staff_client):
    response = staff_client.post(url("resend"))
    assert response.status_code == 400 and response.json()["error"]["code"] == "no_connection_test"
    response = staff_client.post(url("nope"))
    assert response.status_code == 404 and response.json()["error"]["code"] == "provider_not_found"


def test_staff_only(api_client, member_client, fake_openai):
    configure("openai", fake_openai.endpoint)
    for client in (api_client, member_client):
        assert client.post(url("openai")).status_code == 403
    assert fake_openai.requests == []
