"""Strip API-key-like fields from settings before they are validated or stored.

Seed 004: API keys exist only at platform level (IntegrationProvider). Anything that looks
like a credential, by name (api_key, apiKey, X-Api-Key, secret, token, password, ...) or by
value (an ``sk-...`` key, a ``Bearer`` header), is removed at any depth, and its dotted path
is reported so the caller learns it was ignored. Counters such as ``max_tokens`` are kept.
"""

import re
from itertools import pairwise

_WORD_SPLIT = re.compile(r"[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])")
SECRET_WORDS = frozenset({
    "secret", "secrets", "password", "passwd", "pwd", "passphrase", "token", "credential", "credentials",
    "apikey", "authorization", "auth", "bearer", "privatekey", "accesskey", "signature", "cookie", "session",
})
SECRET_PAIRS = frozenset({("api", "key"), ("access", "key"), ("private", "key"), ("secret", "key"),
                          ("client", "secret"), ("access", "token"), ("refresh", "token"), ("auth", "token")})
SECRET_EXACT = frozenset({"key", "pass", "sk", "jwt"})
_SECRET_VALUE = re.compile(r"^(?:(?:sk|rk|pk)[-_][A-Za-z0-9_\-]{12,}|Bearer\s+\S{8,}|enc:fernet:.+)$")


def _words(name: str) -> list[str]:
    return [w.lower() for w in _WORD_SPLIT.split(name) if w]


def is_secret_name(name: str) -> bool:
    words = _words(str(name))
    if "".join(words) in SECRET_EXACT or "".join(words) in SECRET_WORDS:
        return True
    return any(w in SECRET_WORDS for w in words) or any(pair in SECRET_PAIRS for pair in pairwise(words))


def is_secret_value(value) -> bool:
    return isinstance(value, str) and bool(_SECRET_VALUE.match(value.strip()))


def strip_secrets(value, path: str = "") -> tuple[object, list[str]]:
    """A copy of ``value`` without secret-looking fields, and the dotted paths removed."""
    if isinstance(value, dict):
        kept, ignored = {}, []
        for name, item in value.items():
            item_path = f"{path}.{name}" if path else str(name)
            if is_secret_name(name) or is_secret_value(item):
                ignored.append(item_path)
                continue
            kept[name], inner = strip_secrets(item, item_path)
            ignored.extend(inner)
        return kept, ignored
    if isinstance(value, list):
        kept_items, ignored = [], []
        for index, item in enumerate(value):
            item_path = f"{path}.{index}" if path else str(index)
            if is_secret_value(item):
                ignored.append(item_path)
                continue
            cleaned, inner = strip_secrets(item, item_path)
            kept_items.append(cleaned)
            ignored.extend(inner)
        return kept_items, ignored
    return value, []
