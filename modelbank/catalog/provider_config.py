"""What an operator may set on an IntegrationProvider without a database shell: `api_endpoint`,
`is_active` and the non-secret `config` keys the provider's adapter reads.

Secrets never go through here: keys are set with `manage.py set_provider_key` or
`PUT /api/v1/system/providers/<id>/key/`, where they are encrypted and never echoed.

The rules are JSON Schema, so one text both validates a change (API, command, admin) and documents
it in the OpenAPI schema (catalog.api_schema). Each provider's base-URL convention follows its SDK
or REST adapter (`modelbank/ai/providers/`): what the operator types is what the SDK gets as its
`base_url`, so a wrong version segment would double it (`/v1/v1/messages`) and is refused.
"""

import re
from dataclasses import dataclass, field

from jsonschema import Draft202012Validator

from modelbank.common.errors import ApplicationError
from modelbank.common.text import check_storable

ENDPOINT_MAX_LENGTH = 200  # IntegrationProvider.api_endpoint (a URLField)
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
_PORT = r"(?::(?:6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3}))?"
_PATH = r"(?:/(?:[A-Za-z0-9._~!$&'()*+,;=:@-]|%[0-9A-Fa-f]{2})*)*"
# http(s), a host name or IPv4 address, an optional port and path; no user:password@, no ?query, no
# #fragment (a key in a URL would be stored unencrypted and shown to every staff user). Empty: the
# SDK's default URL.
ENDPOINT_PATTERN = rf"^(?:https?://{_LABEL}(?:\.{_LABEL})*{_PORT}{_PATH})?$"
# A name part that says credential (api_key, apiKey, webhook_secret, auth_token), not max_tokens_param.
SECRET_HINT = re.compile(r"(?:^|_)(?:api_?keys?|keys?|secrets?|password|passwd|token|credentials?|auth|bearer)(?:$|_)")

_NOTES = {"type": "string", "maxLength": 500, "description": "Free text for operators; the seed puts a note here."}


@dataclass(frozen=True)
class ProviderRules:
    endpoint_help: str
    wrong_suffix: str = ""  # a pattern the URL must not end with (the SDK adds that part itself)
    # JSON Schema properties of the config keys its adapter reads (ProviderCall.config); a key nothing
    # reads is refused, so nothing is stored that has no effect.
    config: dict = field(default_factory=dict)


RULES: dict[str, ProviderRules] = {
    "openai": ProviderRules(
        "OpenAI or any OpenAI-compatible server: the base URL up to and including the API version, as the "
        "openai SDK's base_url, e.g. https://api.openai.com/v1 (the default) or https://llm.example.com/v1. "
        "The SDK appends /chat/completions and /images/generations. (What each model takes, e.g. "
        "max_completion_tokens, is the model's request_parameters in the catalog.)",
    ),
    "anthropic": ProviderRules(
        "The base URL without /v1, as the anthropic SDK's base_url: https://api.anthropic.com (the default). "
        "The SDK appends /v1/messages.",
        wrong_suffix=r"/v1/?$",
    ),
    "google": ProviderRules(
        "The base URL without the API version, as google-genai's HttpOptions.base_url: "
        "https://generativelanguage.googleapis.com (the default). The SDK appends /v1/models/<model>:generateContent.",
        wrong_suffix=r"/v1(?:beta|alpha)?/?$",
    ),
    "runware": ProviderRules(
        "The full task URL, with its version: https://api.runware.ai/v1 (the default). Tasks are POSTed to it as is.",
    ),
    "bria": ProviderRules(
        "The base URL without /v2: https://engine.prod.bria-api.com (the default). "
        "/v2/image/generate and /v2/status/<id> are appended.",
        wrong_suffix=r"/v2/?$",
        config={
            "poll_interval": {"type": "number", "minimum": 0.1, "maximum": 60,
                              "description": "Seconds between status checks of an image (default 1)."},
            "poll_timeout": {"type": "number", "minimum": 1, "maximum": 3600,
                             "description": "Seconds to wait for an image in all (default 120)."},
        },
    ),
    "resend": ProviderRules(
        "Resend's API base URL: https://api.resend.com (the default). /emails is appended; the low-balance "
        "alerts are sent through it.",
        wrong_suffix=r"/emails/?$",
    ),
}
OTHER = ProviderRules("No modelbank adapter calls this provider yet: the URL is stored for the integration that will.")


def rules_for(provider_id: str) -> ProviderRules:
    return RULES.get(provider_id, OTHER)


def endpoint_schema(provider_id: str) -> dict:
    rules = rules_for(provider_id)
    schema = {"type": "string", "maxLength": ENDPOINT_MAX_LENGTH, "pattern": ENDPOINT_PATTERN,
              "description": rules.endpoint_help + " Empty: the default."}
    if rules.wrong_suffix:
        schema["not"] = {"pattern": rules.wrong_suffix}
    return schema


def config_schema(provider_id: str) -> dict:
    return {"type": "object", "additionalProperties": False,
            "properties": {"notes": _NOTES, **rules_for(provider_id).config},
            "description": "Replaces the provider's whole config: send every key to keep."}


def change_schema(provider_id: str) -> dict:
    """The body of a change: any of the three fields, nothing else (no secret, ever)."""
    return {"type": "object", "additionalProperties": False, "properties": {
        "api_endpoint": endpoint_schema(provider_id),
        "is_active": {"type": "boolean", "description": "An inactive provider's models are refused."},
        "config": config_schema(provider_id),
    }}


class ProviderConfigInvalid(ApplicationError):
    code = "invalid_provider_config"


def change_clean(*, provider_id: str, changes) -> dict:
    """The change, validated; raises ProviderConfigInvalid naming the field and saying why."""
    if not isinstance(changes, dict):
        raise ProviderConfigInvalid("Send an object with api_endpoint, is_active and/or config.")
    changes = dict(changes)
    if isinstance(changes.get("api_endpoint"), str):
        changes["api_endpoint"] = changes["api_endpoint"].strip()
    _refuse_secrets(provider_id, changes)
    check_storable(changes)  # NUL and lone surrogates: PostgreSQL cannot store them (the command has no parser)
    errors = sorted(Draft202012Validator(change_schema(provider_id)).iter_errors(changes),
                    key=lambda e: [str(p) for p in e.absolute_path])
    if errors:
        raise _invalid(provider_id, errors[0])
    return changes


def _refuse_secrets(provider_id: str, changes: dict) -> None:
    """A clearer refusal than "unknown field" when the unknown field looks like a credential."""
    schema = change_schema(provider_id)
    config = changes.get("config")
    unknown = [*(set(changes) - set(schema["properties"])),
               *(set(config) - set(config_schema(provider_id)["properties"]) if isinstance(config, dict) else ())]
    secret = next((n for n in sorted(unknown) if SECRET_HINT.search(_snake(n))), None)
    if secret:
        raise ProviderConfigInvalid(
            f"'{secret}' looks like a secret: keys are set with PUT /api/v1/system/providers/<id>/key/ or "
            "`manage.py set_provider_key`, never here.", extra={"field": secret})


def _snake(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).replace("-", "_").lower()


def _invalid(provider_id: str, error) -> ProviderConfigInvalid:
    path = ".".join(str(p) for p in error.absolute_path)
    if error.validator == "additionalProperties":
        known = sorted(error.schema.get("properties", {}))
        extra = sorted(set(error.instance) - set(known))
        path = ".".join(p for p in (path, str(extra[0]) if extra else "") if p)
        message = f"{path}: not a setting of '{provider_id}'; it takes {', '.join(known) or 'nothing'}."
    elif error.validator in {"pattern", "maxLength"} and path == "api_endpoint":
        message = ("api_endpoint: must be an http:// or https:// URL of at most "
                   f"{ENDPOINT_MAX_LENGTH} characters, with no user:password@, ?query or #fragment. "
                   + rules_for(provider_id).endpoint_help)
    elif error.validator == "not" and path == "api_endpoint":
        message = "api_endpoint: " + rules_for(provider_id).endpoint_help
    else:
        message = f"{path or 'body'}: {_rule(error)}"
    return ProviderConfigInvalid(message, extra={"field": path})


_TYPE_NAMES = {"string": "text", "boolean": "true or false", "object": "an object", "number": "a number"}


def _rule(error) -> str:
    """What the value must be, without repeating the value (it could be a pasted secret)."""
    rule = error.validator_value
    messages = {
        "type": lambda: f"must be {_TYPE_NAMES.get(rule, rule)}.",
        "minimum": lambda: f"must be at least {rule}.",
        "maximum": lambda: f"must be at most {rule}.",
        "maxLength": lambda: f"must be at most {rule} characters.",
    }
    return messages.get(error.validator, lambda: "is not a valid value here.")()
