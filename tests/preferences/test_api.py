import pytest

from modelbank.preferences.models import SettingsAuditLog
from tests.conftest import client_for
from tests.factories import MembershipFactory

BASE = "/api/v1/system/settings"


def test_user_settings_save_flow(api_client, owner, account):
    # create (POST), update (PUT), list, retrieve, reset (DELETE)
    created = api_client.post(f"{BASE}/user/", {"key": "user_preferences", "value": {"theme": "dark"}}, format="json")
    assert created.status_code == 201 and created.json()["value"] == {"theme": "dark"}
    updated = api_client.put(f"{BASE}/user/", {"key": "user_preferences", "value": {"theme": "light"}}, format="json")
    assert updated.status_code == 200 and updated.json()["id"] == created.json()["id"]
    assert [r["key"] for r in api_client.get(f"{BASE}/user/").json()] == ["user_preferences"]
    got = api_client.get(f"{BASE}/user/user_preferences/").json()
    assert (got["value"], got["source"]) == ({"theme": "light"}, "user")
    assert api_client.delete(f"{BASE}/user/user_preferences/").status_code == 204
    reset = api_client.get(f"{BASE}/user/user_preferences/").json()
    assert reset["source"] == "default" and reset["value"]["theme"] == "system"
    assert api_client.delete(f"{BASE}/user/user_preferences/").status_code == 404


def test_user_setting_falls_back_to_the_accounts_value(api_client, member_client):
    api_client.post(f"{BASE}/account/", {"key": "table_settings", "value": {"records_per_page": 50}}, format="json")
    got = member_client.get(f"{BASE}/user/table_settings/").json()
    assert (got["value"], got["source"]) == ({"records_per_page": 50}, "account")


def test_invalid_value_names_the_field(api_client):
    response = api_client.post(f"{BASE}/user/", {"key": "user_preferences", "value": {"theme": "neon"}}, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["field"] == "user_preferences.theme" and "user_preferences.theme" in error["message"]
    unknown = api_client.post(f"{BASE}/user/", {"key": "colour", "value": {}}, format="json")
    assert unknown.status_code == 400 and unknown.json()["error"]["field"] == "key"


def test_secrets_in_user_settings_are_stripped_and_reported(api_client):
    response = api_client.post(f"{BASE}/user/", {"key": "ai_settings", "value": {"temperature": 0.3,
                                                                                  "api_key": "sk-x"}}, format="json")
    assert response.status_code == 201
    assert response.json()["value"] == {"temperature": 0.3}
    assert response.json()["ignored_fields"] == ["value.api_key"]


def test_account_settings_members_read_managers_write(api_client, member_client):
    body = {"key": "writer_automation", "value": {"enabled": True}}
    assert member_client.post(f"{BASE}/account/", body, format="json").status_code == 403
    assert api_client.post(f"{BASE}/account/", body, format="json").status_code == 201
    assert member_client.get(f"{BASE}/account/writer_automation/").json()["value"] == {"enabled": True}
    assert member_client.delete(f"{BASE}/account/writer_automation/").status_code == 403
    assert api_client.delete(f"{BASE}/account/writer_automation/").status_code == 204


def test_integration_override_put_and_merged_get(api_client, member_client, catalog_model):
    mini = catalog_model("gpt-4o-mini")
    response = api_client.put(f"{BASE}/integrations/text_generation/", {
        "model": mini.pk, "temperature": 0.3, "api_key": "sk-live-abcdefghijklmnop", "nested": {"token": "t"},
    }, format="json")
    assert response.status_code == 400  # "nested" is not an override field: refused by name
    assert "nested" in response.json()["error"]["message"]
    response = api_client.put(f"{BASE}/integrations/text_generation/", {
        "model": mini.pk, "temperature": 0.3, "api_key": "sk-live-abcdefghijklmnop", "apiKey": "x",
    }, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert sorted(body["ignored_fields"]) == ["apiKey", "api_key"]
    assert body["override"] == {"model": {"id": mini.pk, "model_name": "gpt-4o-mini", "display_name": "GPT-4o Mini"},
                                "config": {"temperature": 0.3}}
    effective = member_client.get(f"{BASE}/integrations/text_generation/").json()["effective"]
    assert effective["model"]["model_name"] == "gpt-4o-mini" and effective["temperature"] == 0.3
    assert effective["max_tokens"] == 8192
    assert effective["sources"] == {"model": "account", "temperature": "account", "max_tokens": "global"}
    assert "sk-live" not in str(member_client.get(f"{BASE}/integrations/text_generation/").content)


def test_integration_override_rules(api_client, member_client, catalog_model):
    url = f"{BASE}/integrations/image_generation/"
    assert member_client.put(url, {"quality_tier": "premium"}, format="json").status_code == 403
    inactive = api_client.put(url, {"model": catalog_model("dall-e-2").pk}, format="json")
    assert inactive.status_code == 400 and "not active" in inactive.json()["error"]["message"]
    assert api_client.get(f"{BASE}/integrations/fax_machine/").status_code == 404
    ok = api_client.put(url, {"quality_tier": "premium", "image_style": "anime"}, format="json").json()
    assert ok["effective"]["model"]["model_name"] == "google:4@2" and ok["effective"]["image_style"] == "anime"


def test_ai_models_image_settings_reflect_the_callers_effective_settings(api_client, owner, account):
    api_client.put(f"{BASE}/integrations/image_generation/", {"image_style": "anime", "max_in_article_images": 2},
                   format="json")
    api_client.post(f"{BASE}/user/", {"key": "ai_settings", "value": {"image_quality": "standard"}}, format="json")
    settings = api_client.get("/api/v1/system/ai-models/").json()["image_settings"]
    assert settings == {"style": "anime", "max_in_article_images": 2, "quality": "standard"}


def test_effective_endpoint_shows_sources(api_client, catalog_model):
    api_client.put(f"{BASE}/integrations/text_generation/", {"temperature": 0.9}, format="json")
    body = api_client.get(f"{BASE}/effective/", {"function": "generate_content"}).json()
    assert body["model"] == {"id": catalog_model("gpt-5.1").pk, "model_name": "gpt-5.1",
                             "display_name": "GPT-5.1 Premium"}
    assert body["temperature"] == 0.9 and body["max_tokens"] == 8192
    assert body["sources"]["model"] == "catalog" and body["sources"]["temperature"] == "account"
    assert body["image"]["size"] == "1024x1024"
    images = api_client.get(f"{BASE}/effective/", {"function": "generate_images"}).json()
    assert images["model"]["model_name"] == "dall-e-3" and images["temperature"] is None
    assert api_client.get(f"{BASE}/effective/", {"function": "nope"}).status_code == 400


def test_every_change_is_audited_and_readable_by_managers(api_client, member_client, owner):
    api_client.post(f"{BASE}/user/", {"key": "user_preferences", "value": {"theme": "dark"}}, format="json")
    api_client.put(f"{BASE}/integrations/text_generation/", {"temperature": 0.9}, format="json")
    rows = api_client.get(f"{BASE}/audit/").json()["results"]
    assert [(r["record_type"], r["action"], r["actor"]) for r in rows] == [
        ("IntegrationSettings", "create", owner.username), ("UserSettings", "create", owner.username)]
    assert api_client.get(f"{BASE}/audit/{rows[0]['id']}/").json()["new_value"]["config"] == {"temperature": 0.9}
    assert member_client.get(f"{BASE}/audit/").status_code == 403


@pytest.mark.parametrize("method,path", [
    ("get", "/user/"), ("get", "/account/"), ("get", "/integrations/text_generation/"),
    ("get", "/effective/?function=generate_content"), ("get", "/audit/"),
])
def test_anonymous_is_401(client, db, method, path):
    assert getattr(client, method)(f"{BASE}{path}").status_code == 401


def test_tenant_isolation_on_every_settings_endpoint(api_client, other_account_client, account, catalog_model):
    # given account A has user, account and integration settings, and audit rows
    api_client.post(f"{BASE}/user/", {"key": "user_preferences", "value": {"theme": "dark"}}, format="json")
    api_client.post(f"{BASE}/account/", {"key": "table_settings", "value": {"records_per_page": 100}}, format="json")
    api_client.put(f"{BASE}/integrations/text_generation/", {"model": catalog_model("gpt-4o-mini").pk,
                                                             "temperature": 0.1}, format="json")
    audit_id = SettingsAuditLog.objects.for_account(account).first().pk
    other = other_account_client
    # then a user of account B sees none of it, and B's deletes and audit lookups are 404s
    assert other.get(f"{BASE}/user/").json() == [] and other.get(f"{BASE}/account/").json() == []
    assert other.get(f"{BASE}/user/user_preferences/").json()["source"] == "default"
    assert other.get(f"{BASE}/account/table_settings/").json()["source"] == "default"
    assert other.delete(f"{BASE}/user/user_preferences/").status_code == 404
    assert other.delete(f"{BASE}/account/table_settings/").status_code == 404
    assert other.get(f"{BASE}/audit/{audit_id}/").status_code == 404
    assert other.get(f"{BASE}/audit/").json()["results"] == []
    text = other.get(f"{BASE}/integrations/text_generation/").json()
    assert text["override"] == {"model": None, "config": {}} and text["effective"]["model"]["model_name"] == "gpt-5.1"
    assert other.get(f"{BASE}/effective/?function=generate_content").json()["temperature"] == 0.7
    # and B's writes land in B, leaving A untouched
    other.put(f"{BASE}/integrations/text_generation/", {"temperature": 1.5}, format="json")
    assert api_client.get(f"{BASE}/integrations/text_generation/").json()["override"]["config"] == {"temperature": 0.1}


def test_user_settings_are_per_account(owner, account):
    # the same user in a second account has separate settings
    second = MembershipFactory(user=owner, role="owner").account
    first_client, second_client = client_for(owner, account), client_for(owner, second)
    first_client.post(f"{BASE}/user/", {"key": "user_preferences", "value": {"theme": "dark"}}, format="json")
    assert second_client.get(f"{BASE}/user/user_preferences/").json()["source"] == "default"


def test_openapi_schema_documents_the_settings_endpoints(api_client):
    schema = api_client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    paths = schema["paths"]
    # One path per settings key and per AI integration type, each with the body it accepts.
    for path in ("user/", "user/ai_settings/", "account/", "account/table_settings/", "integrations/text_generation/",
                 "integrations/{integration_type}/", "effective/", "audit/"):
        assert f"{BASE}/{path}" in paths
    components = schema["components"]["schemas"]
    assert "IntegrationSettingsInputRequest" in components and "EffectiveConfigOutput" in components
    assert "ignored_fields" in components["SavedSettingOutput"]["properties"]
