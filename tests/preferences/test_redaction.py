"""Account and user settings never store keys: credential-like names in any case style and values
shaped like the providers' documented keys are stripped; honest counters and words are kept."""

import re
import secrets

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from modelbank.catalog.account_options import account_options_schemas
from modelbank.preferences.models import AccountSettings, IntegrationSettings, SettingsAuditLog
from modelbank.preferences.redaction import ORDINARY_KEYS, is_secret_name, is_secret_value, strip_secrets
from modelbank.preferences.schemas import INTEGRATION_SCHEMAS, SETTINGS_SCHEMAS

BASE = "/api/v1/system/settings"

CREDENTIAL_NAMES = [
    "openai_key", "openaiKey", "OPENAI_KEY", "OpenAIKey", "openai-key", "openaikey", "runware_key", "runwareKey",
    "RUNWARE_API_KEY", "api_keys", "apiKeys", "APIKeys", "API-KEYS", "bria-api-token", "bria_api_token",
    "briaApiToken", "BRIA_TOKEN", "anthropic_key", "googleApiKey", "GEMINI_API_KEY", "resend.api.key",
    "stripe_secret_key", "stripeSecret", "clientSecret", "webhook_secret", "authToken", "access_tokens",
    "refresh-token", "session_id", "newPassword", "password_confirmation", "x-api-key", "Authorization", "dsn",
    "service_account_credentials", "private_key", "key", "keys", "token",
]
HONEST_NAMES = [
    "max_tokens", "maxTokens", "MAX_TOKENS", "tokens_per_credit", "tokensPerCredit", "max_completion_tokens",
    "token_count", "tokenLimit", "token_budget", "keywords", "keyword", "key_points", "keyPoints", "KEY_POINTS",
    "max_keywords_per_run", "monkey", "turkey", "author", "sort_key", "sortKey", "primary_key", "cache_key",
    "records_per_page", "temperature", "image_style", "quality_tier", "service_tier", "user_id",
    "safety_identifier", "negative_prompt", "CFGScale", "outputFormat", "top_k", "seed", "session_timeout",
]


@pytest.mark.parametrize("name", CREDENTIAL_NAMES)
def test_credential_names_in_any_case_style_are_secret(name):
    assert is_secret_name(name)


@pytest.mark.parametrize("name", HONEST_NAMES)
def test_honest_counters_and_words_are_kept(name):
    assert not is_secret_name(name)


def _schema_fields(schema: dict) -> set[str]:
    names = set()
    for name, sub in schema.get("properties", {}).items():
        names |= {name} | _schema_fields(sub)
    return names


def test_no_field_a_settings_schema_accepts_is_ever_stripped():
    schemas = [*SETTINGS_SCHEMAS.values(), *INTEGRATION_SCHEMAS.values(), *account_options_schemas().values()]
    fields = set().union(*(_schema_fields(s) for s in schemas)) | {"model"}
    assert fields and not {f for f in fields if is_secret_name(f)}


KEY_VALUES = [
    "sk-proj-" + "Ab3" * 20,  # OpenAI project key
    "sk-" + "a1B2" * 12,  # OpenAI legacy key
    "sk-svcacct-" + "x9" * 20,
    "sk-ant-api03-" + "Zq7_" * 24,  # Anthropic
    "AIzaSyD" + "a1b2c3d4e5" * 3 + "abcde",  # Google API key: AIza + 35
    "re_c1tpEyD8_NKFusih9vKVQknRAQfmFcWCv",  # Resend (its docs' example)
    "sk_live_" + "51Hx" * 10, "rk_live_" + "51Hx" * 10, "sk_test_" + "4eC3" * 6,  # Stripe
    "whsec_" + "MfKQ9r8G" * 4,  # Stripe webhook signing secret
    "mb_" + secrets.token_urlsafe(32),  # our own API token
    "hf_" + "aB1" * 12, "ghp_" + "aB1" * 12, "AKIAIOSFODNN7EXAMPLE",
    "Bearer abcdefghijkl.mnop", "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.c2lnbmF0dXJl",
    "-----BEGIN RSA PRIVATE KEY-----\nMIIE...", "enc:fernet:1:gAAAAA",
    "my key is sk-proj-" + "Ab3" * 20 + ", keep it safe",  # inside a sentence
]
HONEST_VALUES = [
    "vivid", "natural", "photorealistic", "desc", "1024x1024", "sketch-style", "risk-assessment-framework-2024",
    "re_run", "AIza", "skip-the-intro-section", "ask-me-anything-please-2", "sk-learn-pipeline", "Bearer", "en-GB",
    "created_at", "hd", "dark",
]


@pytest.mark.parametrize("value", KEY_VALUES)
def test_values_shaped_like_provider_keys_are_secret(value):
    assert is_secret_value(value)


@pytest.mark.parametrize("value", HONEST_VALUES)
def test_ordinary_values_are_kept(value):
    assert not is_secret_value(value)


# Property tests: names built from words in any case style.
HONEST_WORDS = ["max", "min", "image", "style", "records", "per", "page", "sort", "direction", "temperature",
                "quality", "tier", "keywords", "points", "count", "limit", "seed", "top", "prompt", "negative",
                "format", "output", "size", "model", "batch", "run", "hour", "enabled", "language", "theme",
                "tokens", "author", "completion", "default", "in", "article"]
PROVIDERS = ["openai", "anthropic", "runware", "google", "gemini", "bria", "resend", "stripe"]
CREDENTIAL_TAILS = [["key"], ["keys"], ["api", "key"], ["api", "keys"], ["token"], ["api", "token"],
                    ["secret"], ["secret", "key"], ["password"], ["access", "token"]]


def styled(words: list[str], style: str) -> str:
    if style == "camel":
        return words[0] + "".join(w.capitalize() for w in words[1:])
    if style == "pascal":
        return "".join(w.capitalize() for w in words)
    if style == "acronym":  # OpenAIKey, APIKeys
        return "".join({"api": "API", "openai": "OpenAI"}.get(w, w.capitalize()) for w in words)
    separator = {"snake": "_", "kebab": "-", "dotted": ".", "upper": "_", "spaced": " "}[style]
    joined = separator.join(words)
    return joined.upper() if style == "upper" else joined


STYLES = st.sampled_from(["snake", "camel", "pascal", "kebab", "dotted", "upper", "spaced", "acronym"])


@given(st.lists(st.sampled_from(HONEST_WORDS), min_size=1, max_size=4), STYLES)
@settings(max_examples=300, deadline=None, derandomize=True, database=None)
def test_property_names_made_of_honest_words_are_kept(words, style):
    assert not is_secret_name(styled(words, style))


@given(st.lists(st.sampled_from([*PROVIDERS, *(w for w in HONEST_WORDS if w not in ORDINARY_KEYS)]), max_size=2),
       st.sampled_from(CREDENTIAL_TAILS), STYLES)
@settings(max_examples=300, deadline=None, derandomize=True, database=None)
def test_property_a_name_ending_in_a_credential_is_stripped(head, tail, style):
    assert is_secret_name(styled(head + tail, style))


SHORT_TEXT = st.text(alphabet="abcdefghijklmnopqrstuvwxyz -", max_size=12)
HONEST_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | SHORT_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(HONEST_WORDS), inner, max_size=3),
    max_leaves=12)


@given(HONEST_JSON)
@settings(max_examples=200, deadline=None, derandomize=True, database=None)
def test_property_honest_settings_come_back_unchanged(value):
    assert strip_secrets(value, "value") == (value, [])


@given(HONEST_JSON, st.sampled_from(KEY_VALUES), st.sampled_from(CREDENTIAL_NAMES), st.randoms(use_true_random=False))
@settings(max_examples=200, deadline=None, derandomize=True, database=None)
def test_property_no_key_survives_wherever_it_is_put(value, key_value, key_name, rnd):
    # given honest settings with a key value and a credential-named field hidden somewhere in them
    tree = {"root": value}
    containers = [tree]
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict | list):
            containers.append(item)
            stack.extend(item.values() if isinstance(item, dict) else item)
    target = rnd.choice(containers)
    if isinstance(target, dict):
        target["honest_name"] = key_value
        target[key_name] = "plain-looking"
    else:
        target.append(key_value)
    # when stripped, then neither is left anywhere, and each removal is reported
    cleaned, ignored = strip_secrets(tree)
    text = repr(cleaned)
    assert key_value not in text and "plain-looking" not in text
    assert len(ignored) == (2 if isinstance(target, dict) else 1)


def test_account_settings_and_overrides_store_no_key(api_client, account):
    proj_key = "sk-proj-" + "Ab3" * 20
    saved = api_client.put(f"{BASE}/account/table_settings/", {"value": {
        "records_per_page": 50, "openaiKey": "x", "OPENAI_KEY": "y", "runware_key": "z", "default_sort": proj_key,
    }}, format="json")
    assert saved.status_code in (200, 201), saved.content
    assert saved.json()["value"] == {"records_per_page": 50}
    assert sorted(saved.json()["ignored_fields"]) == ["value.OPENAI_KEY", "value.default_sort", "value.openaiKey",
                                                      "value.runware_key"]
    override = api_client.put(f"{BASE}/integrations/text_generation/", {
        "temperature": 0.3, "max_tokens": 900, "apiKeys": ["a", "b"], "bria-api-token": "t",
        "GEMINI_API_KEY": "AIzaSyD" + "a1b2c3d4e5" * 3 + "abcde"}, format="json")
    assert override.status_code == 200, override.content
    assert sorted(override.json()["ignored_fields"]) == ["GEMINI_API_KEY", "apiKeys", "bria-api-token"]
    # and nothing of them reached the database, the audit log included
    stored = repr([list(AccountSettings.objects.values_list("value", flat=True)),
                   list(IntegrationSettings.objects.values_list("config", flat=True)),
                   list(SettingsAuditLog.objects.values_list("old_value", "new_value"))])
    assert not re.search(r"sk-proj|AIza|openaiKey|OPENAI_KEY|runware_key|apiKeys|bria-api-token", stored)
    assert "900" in stored and "50" in stored
