import pytest

from modelbank.preferences.redaction import is_secret_name, strip_secrets
from modelbank.preferences.schemas import SETTINGS_SCHEMAS, SettingsValidationError, validate_value


@pytest.mark.parametrize(("key", "value", "field"), [
    ("user_preferences", {"theme": "purple"}, "user_preferences.theme"),
    ("user_preferences", {"colour": "blue"}, "user_preferences.colour"),
    ("user_preferences", {"notifications": {"email": "yes"}}, "user_preferences.notifications.email"),
    ("user_preferences", {"records_per_page": 1000}, "user_preferences.records_per_page"),
    ("table_settings", {"sort_direction": "sideways"}, "table_settings.sort_direction"),
    ("ai_settings", {"temperature": 3}, "ai_settings.temperature"),
    ("writer_automation", {"enabled": "true"}, "writer_automation.enabled"),
    ("planner_automation", [], "planner_automation"),
])
def test_invalid_values_are_refused_naming_the_field(key, value, field):
    with pytest.raises(SettingsValidationError) as exc:
        validate_value(schema=SETTINGS_SCHEMAS[key], value=value, field=key)
    assert exc.value.extra["field"] == field
    assert exc.value.message.startswith(f"{field}:")


def test_every_schema_accepts_its_default():
    for key, schema in SETTINGS_SCHEMAS.items():
        validate_value(schema=schema, value=schema["default"], field=key)


@pytest.mark.parametrize("name", ["api_key", "apiKey", "APIKEY", "X-Api-Key", "openai_api_key", "secret",
                                  "client_secret", "webhookSecret", "token", "access_token", "refreshToken",
                                  "password", "Passwd", "credentials", "private_key", "Authorization", "key"])
def test_secret_like_names(name):
    assert is_secret_name(name)


@pytest.mark.parametrize("name", ["max_tokens", "tokens_per_credit", "temperature", "image_style", "author",
                                  "keyword", "monkey", "model"])
def test_ordinary_names_are_kept(name):
    assert not is_secret_name(name)


def test_strip_secrets_reaches_nested_dicts_lists_and_values():
    cleaned, ignored = strip_secrets({
        "temperature": 0.5, "max_tokens": 100,
        "provider": {"apiKey": "x", "options": [{"token": "t", "region": "eu"}, "sk-abcdefghijklmnop12"]},
        "header": "Bearer abcdefghijkl",
    })
    assert cleaned == {"temperature": 0.5, "max_tokens": 100, "provider": {"options": [{"region": "eu"}]}}
    assert sorted(ignored) == ["header", "provider.apiKey", "provider.options.0.token", "provider.options.1"]
