import re

import pytest

from modelbank.catalog.models import AIModelConfig
from modelbank.preferences.models import GlobalIntegrationSettings, IntegrationSettings, SettingsAuditLog
from modelbank.preferences.services import integration_settings_put

ADMIN = "/admin/preferences"


def _options(html: str, field: str) -> list[str]:
    select = re.search(rf'<select name="{field}".*?</select>', html, re.S).group(0)
    return [label for value, label in re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select) if value]


def test_add_form_dropdown_offers_only_active_models_with_prices(admin_client):
    html = admin_client.get(f"{ADMIN}/integrationsettings/add/").content.decode()
    labels = _options(html, "model")
    active = AIModelConfig.objects.filter(is_active=True)
    assert len(labels) == active.count()
    assert "GPT-4o Mini (gpt-4o-mini) - $0.15/$0.60 per 1M tokens" in labels
    assert not any("(gpt-4o)" in label or "dall-e-2" in label for label in labels)  # inactive models


def test_model_can_be_changed_through_the_admin(admin_client, account, owner, staff_user, catalog_model):
    # given a text override naming gpt-4o-mini
    record = integration_settings_put(account=account, integration_type="text_generation", actor=owner,
                                      data={"model": catalog_model("gpt-4o-mini").pk, "temperature": 0.4}).record
    url = f"{ADMIN}/integrationsettings/{record.pk}/change/"
    labels = _options(admin_client.get(url).content.decode(), "model")
    assert labels == ["GPT-5.1 Premium (gpt-5.1) - $1.25/$10.00 per 1M tokens",
                      "GPT-4o Mini (gpt-4o-mini) - $0.15/$0.60 per 1M tokens"]  # active text models only
    # when the admin picks gpt-5.1
    response = admin_client.post(url, {"model": catalog_model("gpt-5.1").pk, "config": '{"temperature": 0.4}'})
    # then
    assert response.status_code == 302, response.content.decode()[:2000]
    record.refresh_from_db()
    assert record.model.model_name == "gpt-5.1"
    audit = SettingsAuditLog.objects.filter(via="admin").get()
    assert audit.actor == staff_user and audit.old_value["model"] == catalog_model("gpt-4o-mini").pk


def test_admin_refuses_an_inactive_or_wrong_type_model(admin_client, account):
    response = admin_client.post(f"{ADMIN}/integrationsettings/add/", {
        "account": account.pk, "integration_type": "image_generation",
        "model": AIModelConfig.objects.get(model_name="gpt-5.1").pk, "config": "{}"})
    assert response.status_code == 200 and "an image model is required" in response.content.decode()
    assert not IntegrationSettings.objects.exists()


def test_admin_add_strips_secrets_from_config(admin_client, account):
    response = admin_client.post(f"{ADMIN}/integrationsettings/add/", {
        "account": account.pk, "integration_type": "text_generation", "model": "",
        "config": '{"temperature": 0.2, "api_key": "sk-abcdefghijklmnopqrs"}'})
    assert response.status_code == 302
    assert IntegrationSettings.objects.get().config == {"temperature": 0.2}


def test_global_settings_admin_edits_the_singleton_without_add_or_delete(admin_client, staff_user):
    row = GlobalIntegrationSettings.objects.get()
    assert admin_client.get(f"{ADMIN}/globalintegrationsettings/").status_code == 302
    assert admin_client.get(f"{ADMIN}/globalintegrationsettings/add/").status_code == 403
    assert admin_client.get(f"{ADMIN}/globalintegrationsettings/{row.pk}/delete/").status_code == 403
    response = admin_client.post(f"{ADMIN}/globalintegrationsettings/{row.pk}/change/", {
        "image_style": "illustration", "image_quality": "standard", "max_in_article_images": 3,
        "desktop_image_size": "1024x1024", "default_temperature": "0.50", "default_max_tokens": 4096})
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.image_style, row.default_max_tokens) == ("illustration", 4096)
    audit = SettingsAuditLog.objects.get(record_type="GlobalIntegrationSettings")
    assert audit.actor == staff_user and audit.old_value["image_style"] == "photorealistic"
    assert audit.new_value["default_temperature"] == "0.50"


def test_user_settings_admin_validates_against_the_schema(admin_client, owner, account):
    response = admin_client.post(f"{ADMIN}/usersettings/add/", {
        "user": owner.pk, "account": account.pk, "key": "user_preferences", "value": '{"theme": "neon"}'})
    assert response.status_code == 200 and "user_preferences.theme" in response.content.decode()


def test_audit_log_admin_is_read_only(admin_client, account, owner):
    integration_settings_put(account=account, integration_type="text_generation", actor=owner,
                             data={"temperature": 0.4})
    row = SettingsAuditLog.objects.get()
    assert admin_client.get(f"{ADMIN}/settingsauditlog/").status_code == 200
    assert admin_client.get(f"{ADMIN}/settingsauditlog/add/").status_code == 403
    assert admin_client.get(f"{ADMIN}/settingsauditlog/{row.pk}/delete/").status_code == 403
    page = admin_client.get(f"{ADMIN}/settingsauditlog/{row.pk}/change/").content.decode()
    assert 'name="new_value"' not in page  # shown, not editable


@pytest.mark.parametrize("model", ["accountsettings", "usersettings", "integrationsettings"])
def test_changelists_render(admin_client, model):
    assert admin_client.get(f"{ADMIN}/{model}/").status_code == 200


def test_admin_delete_of_an_override_is_audited(admin_client, account, owner):
    record = integration_settings_put(account=account, integration_type="text_generation", actor=owner,
                                      data={"temperature": 0.4}).record
    response = admin_client.post(f"{ADMIN}/integrationsettings/{record.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not IntegrationSettings.objects.exists()
    assert SettingsAuditLog.objects.filter(action="delete", via="admin", record_id=record.pk).exists()
