"""PUT /api/v1/system/providers/<id>/key/ takes text only: a number was stored as the key "12345"."""

import pytest

from modelbank.catalog.models import IntegrationProvider

URL = "/api/v1/system/providers/runware/key/"


def key_of(provider_id: str):
    secret = IntegrationProvider.objects.get(pk=provider_id).api_key
    return secret.reveal() if secret else None


@pytest.mark.parametrize(("value", "kind"), [
    (12345, "a number"), (1.5, "a number"), (True, "a boolean"), (["sk-a"], "an array"), ({"k": "v"}, "an object"),
])
def test_a_key_that_is_not_text_is_a_400_and_nothing_is_stored(staff_client, value, kind):
    before = key_of("runware")
    response = staff_client.put(URL, {"field": "api_key", "value": value}, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["message"] == f"value: Must be a string (text in quotes), not {kind}."
    assert str(value) not in error["message"]  # never echoed
    assert key_of("runware") == before


@pytest.mark.parametrize(("value", "message"), [(None, "This field may not be null."),
                                                 ("   ", "This field may not be blank.")])
def test_null_and_blank_keys_are_400_too(staff_client, value, message):
    response = staff_client.put(URL, {"value": value}, format="json")
    assert response.status_code == 400 and response.json()["error"]["message"] == f"value: {message}"


def test_a_text_key_is_set(staff_client):
    assert staff_client.put(URL, {"value": " rw-0123456789abcdef "}, format="json").status_code == 204
    assert key_of("runware") == "rw-0123456789abcdef"


def test_the_schema_says_the_value_is_non_blank_text(staff_client):
    schema = staff_client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    value = schema["components"]["schemas"]["ProviderKeyInputRequest"]["properties"]["value"]
    assert value["type"] == "string" and value["pattern"] == r"\S"
