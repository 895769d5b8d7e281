"""JSON Schemas for settings values (docs/requirements.md §5).

``SETTINGS_SCHEMAS`` validates UserSettings (and AccountSettings, minus ``ai_settings``:
an account's AI overrides live in IntegrationSettings). ``INTEGRATION_SCHEMAS`` validates
the ``config`` of an account's text/image override. Every object refuses unknown fields,
so a typo is an error that names the field rather than a silently ignored value.
"""

from jsonschema import Draft202012Validator

from modelbank.catalog.account_options import account_options_schema
from modelbank.common.errors import ApplicationError

_SIZE = {"type": "string", "pattern": r"^[1-9][0-9]{1,4}x[1-9][0-9]{1,4}$"}
_TEMPERATURE = {"type": "number", "minimum": 0, "maximum": 2}
_MAX_TOKENS = {"type": "integer", "minimum": 1}
_TIER = {"type": "string", "enum": ["basic", "quality", "premium"]}
_IMAGE_PARAMS = {
    "image_style": {"type": "string", "minLength": 1, "maxLength": 50},
    "image_quality": {"type": "string", "enum": ["standard", "hd"]},
    "image_size": _SIZE,
    "max_in_article_images": {"type": "integer", "minimum": 0, "maximum": 20},
}
_RECORDS_PER_PAGE = {"type": "integer", "minimum": 5, "maximum": 200}
_AUTOMATION = {
    "enabled": {"type": "boolean"},
    "run_hour_utc": {"type": "integer", "minimum": 0, "maximum": 23},
    "batch_size": {"type": "integer", "minimum": 1, "maximum": 100},
}


def _object(properties: dict, default: dict | None = None) -> dict:
    return {"type": "object", "properties": properties, "additionalProperties": False, "default": default or {}}


SETTINGS_SCHEMAS: dict[str, dict] = {
    "table_settings": _object({
        "records_per_page": _RECORDS_PER_PAGE,
        "default_sort": {"type": "string", "maxLength": 50},
        "sort_direction": {"type": "string", "enum": ["asc", "desc"]},
    }, {"records_per_page": 25, "sort_direction": "desc"}),
    "user_preferences": _object({
        "theme": {"type": "string", "enum": ["light", "dark", "system"]},
        "language": {"type": "string", "pattern": r"^[a-z]{2}(-[A-Z]{2})?$"},
        "notifications": _object({"email": {"type": "boolean"}, "in_app": {"type": "boolean"}}),
        "records_per_page": _RECORDS_PER_PAGE,
    }, {"theme": "system", "language": "en", "notifications": {"email": True, "in_app": True}}),
    "ai_settings": _object({
        "text_model_id": {"type": "integer", "minimum": 1},
        "image_model_id": {"type": "integer", "minimum": 1},
        "quality_tier": _TIER,
        "temperature": _TEMPERATURE,
        "max_tokens": _MAX_TOKENS,
        **_IMAGE_PARAMS,
    }),
    "planner_automation": _object({**_AUTOMATION, "max_keywords_per_run": {"type": "integer", "minimum": 1}},
                                  {"enabled": False}),
    "writer_automation": _object({**_AUTOMATION, "auto_publish": {"type": "boolean"},
                                  "generate_images": {"type": "boolean"}}, {"enabled": False}),
}

ACCOUNT_SETTINGS_SCHEMAS: dict[str, dict] = {k: v for k, v in SETTINGS_SCHEMAS.items() if k != "ai_settings"}

INTEGRATION_SCHEMAS: dict[str, dict] = {
    "text_generation": _object({"temperature": _TEMPERATURE, "max_tokens": _MAX_TOKENS}),
    "image_generation": _object({"quality_tier": _TIER, **_IMAGE_PARAMS}),
}
# Provider rows (integration_type = a provider id) hold the parameters that provider's adapter
# applies to the account's calls (catalog.account_options), nothing else: a field no adapter
# would send is refused, never stored. A provider without an AI adapter takes none (this schema).
PROVIDER_SCHEMA: dict = {"type": "object", "properties": {}, "additionalProperties": False}


def provider_schema(provider_id: str) -> dict:
    return account_options_schema(provider_id)


class SettingsValidationError(ApplicationError):
    code = "invalid_setting"


def _field_path(prefix: str, error) -> str:
    parts = [prefix, *(str(p) for p in error.absolute_path)]
    if error.validator == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        parts.append(extra[0] if extra else "?")
    return ".".join(p for p in parts if p)


def validate_value(*, schema: dict, value, field: str) -> None:
    """Raise SettingsValidationError naming the first offending field, e.g. ``user_preferences.theme``."""
    errors = sorted(Draft202012Validator(schema).iter_errors(value), key=lambda e: list(e.absolute_path))
    if not errors:
        return
    error = errors[0]
    path = _field_path(field, error)
    message = f"{path}: unknown field." if error.validator == "additionalProperties" else f"{path}: {error.message}"
    raise SettingsValidationError(message, extra={"field": path})


def schema_for_key(*, schemas: dict[str, dict], key: str) -> dict:
    schema = schemas.get(key)
    if schema is None:
        known = ", ".join(sorted(schemas))
        hint = " Account AI overrides live under integrations/." if key == "ai_settings" else ""
        raise SettingsValidationError(f"key: unknown settings key '{key}'; use one of {known}.{hint}",
                                      extra={"field": "key"})
    return schema


def default_for_key(*, key: str) -> dict:
    return dict(SETTINGS_SCHEMAS[key].get("default", {}))
