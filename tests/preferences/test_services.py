import pytest

from modelbank.preferences.models import IntegrationSettings, SettingsAuditLog, UserSettings
from modelbank.preferences.schemas import SettingsValidationError
from modelbank.preferences.services import (
    account_setting_save,
    integration_settings_put,
    user_setting_delete,
    user_setting_save,
)


def test_user_setting_create_update_delete_each_write_one_audit_row(owner, account):
    # when
    first = user_setting_save(user=owner, account=account, key="user_preferences", value={"theme": "dark"})
    again = user_setting_save(user=owner, account=account, key="user_preferences", value={"theme": "dark"})
    second = user_setting_save(user=owner, account=account, key="user_preferences", value={"theme": "light"})
    user_setting_delete(user=owner, account=account, key="user_preferences")
    # then
    assert first.created and not again.created and not second.created
    rows = list(SettingsAuditLog.objects.for_account(account).order_by("id"))
    assert [(r.action, r.old_value, r.new_value) for r in rows] == [
        ("create", None, {"theme": "dark"}),
        ("update", {"theme": "dark"}, {"theme": "light"}),
        ("delete", {"theme": "light"}, None),
    ]
    assert all(r.actor == owner and r.record_type == "UserSettings" and r.record_id == first.record.pk for r in rows)
    assert not UserSettings.objects.exists()


def test_unknown_key_is_refused(owner, account):
    with pytest.raises(SettingsValidationError, match="unknown settings key 'colour'"):
        user_setting_save(user=owner, account=account, key="colour", value={})


def test_account_settings_have_no_ai_settings_key(owner, account):
    with pytest.raises(SettingsValidationError, match="integrations"):
        account_setting_save(account=account, key="ai_settings", value={}, actor=owner)


def test_user_ai_settings_model_must_be_active_and_of_its_type(owner, account, catalog_model):
    with pytest.raises(SettingsValidationError, match="not active") as exc:
        user_setting_save(user=owner, account=account, key="ai_settings",
                          value={"text_model_id": catalog_model("gpt-4o").pk})
    assert exc.value.extra["field"] == "ai_settings.text_model_id"
    with pytest.raises(SettingsValidationError, match="a text model is required"):
        user_setting_save(user=owner, account=account, key="ai_settings",
                          value={"text_model_id": catalog_model("dall-e-3").pk})


@pytest.mark.parametrize(("integration_type", "name", "message"), [
    ("text_generation", "gpt-4o", "not active"),
    ("text_generation", "dall-e-3", "a text model is required"),
    ("image_generation", "gpt-5.1", "an image model is required"),
    ("image_generation", "dall-e-2", "not active"),
])
def test_override_model_refused_unless_active_and_right_type(owner, account, catalog_model, integration_type, name,
                                                             message):
    with pytest.raises(SettingsValidationError, match=message):
        integration_settings_put(account=account, integration_type=integration_type,
                                 data={"model": catalog_model(name).pk}, actor=owner)
    assert not IntegrationSettings.objects.exists()


def test_override_secrets_are_stripped_never_stored_nor_audited(owner, account, catalog_model):
    write = integration_settings_put(account=account, integration_type="text_generation", actor=owner, data={
        "model": catalog_model("gpt-4o-mini").pk, "temperature": 0.4, "api_key": "sk-live-0123456789abcdef",
        "apiKey": "x", "secret": "y", "password": "z",
    })
    assert sorted(write.ignored_fields) == ["apiKey", "api_key", "password", "secret"]
    record = IntegrationSettings.objects.get()
    assert record.config == {"temperature": 0.4}
    audit = SettingsAuditLog.objects.get()
    assert "sk-live" not in str(audit.new_value) and audit.new_value["model"] == catalog_model("gpt-4o-mini").pk


def test_provider_rows_keep_what_the_adapter_applies_but_no_model_and_no_secret(owner, account, catalog_model):
    write = integration_settings_put(account=account, integration_type="openai", actor=owner,
                                     data={"safety_identifier": "acct-1", "moderation": "low", "auth": {"token": "t"}})
    assert IntegrationSettings.objects.get().config == {"safety_identifier": "acct-1", "moderation": "low"}
    assert write.ignored_fields == ["auth"]
    with pytest.raises(SettingsValidationError, match="model"):
        integration_settings_put(account=account, integration_type="openai", actor=owner,
                                 data={"model": catalog_model("gpt-5.1").pk})


@pytest.mark.parametrize(("provider", "data", "says"), [
    ("openai", {"organization": "acme"},
     "organization: unknown field. Provider 'openai' takes: safety_identifier, reasoning_effort, moderation."),
    ("runware", {"steps": 500}, "steps: 500 is greater than the maximum of 100"),
    ("anthropic", {"service_tier": "priority"}, "service_tier: 'priority' is not one of"),
    ("resend", {"region": "eu"}, "region: unknown field. Provider 'resend' takes: no parameters."),
])
def test_provider_rows_refuse_what_no_adapter_would_send(owner, account, provider, data, says):
    # stored before, with no effect on any call
    with pytest.raises(SettingsValidationError) as exc:
        integration_settings_put(account=account, integration_type=provider, actor=owner, data=data)
    assert says in exc.value.message and exc.value.status == 400
    assert not IntegrationSettings.objects.exists()


def test_unknown_override_field_is_refused_naming_it(owner, account):
    with pytest.raises(SettingsValidationError, match="temprature") as exc:
        integration_settings_put(account=account, integration_type="text_generation", actor=owner,
                                 data={"temprature": 0.3})
    assert exc.value.extra["field"] == "temprature"
