"""Input PostgreSQL cannot store, or Python cannot parse, is a clear 400 naming where it is, never a 500.

NUL (U+0000) and unpaired surrogates (U+D800-U+DFFF) anywhere in a JSON body, keys included, in a
form body or in a URL; JSON nested deeper than MODELBANK_JSON_MAX_DEPTH. Bodies are sent as JSON text
with the characters escaped (as a client would), since a lone surrogate cannot be encoded to send.
"""

import json

import pytest

from modelbank.ai.models import AIJob
from modelbank.credits.models import CreditTransaction
from modelbank.preferences.models import AccountSettings, IntegrationSettings, SettingsAuditLog, UserSettings

SETTINGS = "/api/v1/system/settings"
NUL, SURROGATE = "\x00", "\ud800"


def send(client, method: str, url: str, body):
    text = body if isinstance(body, str) else json.dumps(body)  # ensure_ascii: "\u0000" and "\ud800" escaped
    return client.generic(method, url, text, content_type="application/json")


def error_of(response, status: int = 400) -> dict:
    assert response.status_code == status, response.content
    return response.json()["error"]


def nothing_stored() -> bool:
    return not (UserSettings.objects.exists() or AccountSettings.objects.exists()
                or IntegrationSettings.objects.exists() or SettingsAuditLog.objects.exists())


@pytest.mark.parametrize("char", [NUL, SURROGATE])
@pytest.mark.parametrize(("method", "url", "body", "path"), [
    ("POST", f"{SETTINGS}/user/", {"key": "table_settings", "value": {"default_sort": "na{c}me"}},
     "value.default_sort"),
    ("PUT", f"{SETTINGS}/user/table_settings/", {"value": {"default_sort": "x", "so{c}rt": "asc"}},
     "value.so\\u{u}rt"),
    ("POST", f"{SETTINGS}/account/", {"key": "table_settings", "value": {"default_sort": ["a", "{c}"]}},
     "value.default_sort.1"),
    ("PUT", f"{SETTINGS}/account/table_settings/", {"value": {"{c}": 1}}, "value.\\u{u}"),
    ("PUT", f"{SETTINGS}/integrations/text_generation/", {"temperature": 0.5, "note{c}": "x"}, "note\\u{u}"),
    ("PUT", f"{SETTINGS}/integrations/openai/", {"service_tier": "fl{c}ex"}, "service_tier"),
    ("PUT", f"{SETTINGS}/integrations/image_generation/", {"image_style": {"deep": ["{c}"]}}, "image_style.deep.0"),
])
def test_nul_and_lone_surrogates_in_settings_json_are_a_400_naming_the_path(api_client, method, url, body, path,
                                                                             char):
    # given a settings body with the character in a value or a key
    raw = json.dumps(body).replace("{c}", "\\u0000" if char == NUL else "\\ud800")
    # when it is saved
    error = error_of(send(api_client, method, url, raw))
    # then: a 400 that names the path (the character itself written as \uXXXX), and nothing was stored
    expected = path.replace("{u}", "0000" if char == NUL else "d800")
    assert error["code"] == "invalid_text" and error["field"] == expected
    assert error["message"].startswith(f"{expected}: ")
    assert ("NUL" if char == NUL else "surrogate") in error["message"]
    assert nothing_stored()


def test_services_refuse_it_too_so_the_admin_and_commands_cannot_store_it(account, owner):
    from modelbank.common.text import UnstorableText
    from modelbank.preferences.services import account_setting_save, integration_settings_put

    with pytest.raises(UnstorableText, match=r"value\.default_sort"):
        account_setting_save(account=account, key="table_settings", value={"default_sort": "a\x00"}, actor=owner)
    with pytest.raises(UnstorableText, match=r"^temperature\\ud800"):
        integration_settings_put(account=account, integration_type="text_generation",
                                 data={"temperature\ud800": 1}, actor=owner)
    assert nothing_stored()


def test_every_body_gets_the_same_rule(api_client, staff_client, account):
    # DRF's CharField already refused these ("invalid", worded per field); the parser now refuses them
    # before any serializer, as for the free-form JSON above, with one code and the path
    job = send(api_client, "POST", "/api/v1/ai/jobs/",
               '{"function": "generate_content", "input": {"brief": "tea\\u0000", "keywords": ["a"]}}')
    assert error_of(job)["field"] == "input.brief" and not AIJob.objects.exists()
    grant = send(staff_client, "POST", "/api/v1/admin/credits/grant/",
                 {"account": account.pk, "credits": 5, "reason": "welcome \ud83d", "idempotency_key": "k1"})
    assert error_of(grant)["field"] == "reason" and not CreditTransaction.objects.filter(account=account).exists()


def test_a_form_body_is_checked_as_json_is(api_client):
    response = api_client.generic("POST", f"{SETTINGS}/user/", "key=table_settings&val%00ue=x",
                                  content_type="application/x-www-form-urlencoded")
    error = error_of(response)
    assert error["code"] == "invalid_text" and error["field"] == "val\\u0000ue"


@pytest.mark.parametrize(("method", "url"), [
    ("GET", "/api/v1/system/providers/open%00ai/"),
    ("PUT", "/api/v1/system/providers/open%00ai/key/"),
    ("GET", "/api/v1/billing/usage/?mo%00del=x"),
])
def test_nul_in_a_url_is_a_400_before_any_lookup(staff_client, method, url):
    error = error_of(send(staff_client, method, url, {"value": "a-new-key-1234567890"}))
    assert error["code"] == "invalid_text" and "NUL" in error["message"]


def test_nul_in_a_url_outside_the_api_is_a_plain_400(client):
    response = client.get("/admin/catalog/integrationprovider/open%00ai/change/")
    assert response.status_code == 400 and response["Content-Type"].startswith("text/plain")


def nested(depth: int) -> str:
    return "[" * depth + "]" * depth


@pytest.mark.parametrize("depth", [33, 5_000, 200_000])
def test_json_nested_too_deeply_is_a_400_with_the_limit(api_client, depth):
    # 5,000 and 200,000 were RecursionErrors in the JSON decoder (a 500)
    response = send(api_client, "POST", f"{SETTINGS}/user/", f'{{"key": "table_settings", "value": {nested(depth)}}}')
    error = error_of(response)
    assert error["code"] == "json_too_deep" and error["max_depth"] == 32
    assert "JSON nested too deeply" in error["message"] and "at most 32 levels" in error["message"]
    assert nothing_stored()


def test_nesting_up_to_the_limit_is_parsed_and_validated_as_usual(api_client, settings):
    body = f'{{"key": "table_settings", "value": {nested(31)}}}'  # 1 (the body) + 31 = 32 levels
    error = error_of(send(api_client, "POST", f"{SETTINGS}/user/", body))
    assert error["code"] == "invalid_setting"  # a list is not a table_settings object
    settings.MODELBANK_JSON_MAX_DEPTH = 8  # the limit is a setting
    assert error_of(send(api_client, "POST", f"{SETTINGS}/user/", body))["max_depth"] == 8


def test_deep_values_handed_to_a_service_are_refused_without_recursion(account, owner):
    from modelbank.common.text import NestedTooDeeply
    from modelbank.preferences.services import account_setting_save

    value: list = []
    for _ in range(100_000):
        value = [value]
    with pytest.raises(NestedTooDeeply):
        account_setting_save(account=account, key="table_settings", value={"default_sort": value}, actor=owner)
