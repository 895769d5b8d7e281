"""Strip API-key-like fields from settings before they are validated or stored.

docs/requirements.md §5: API keys exist only at platform level (IntegrationProvider). Anything that looks like a
credential is removed at any depth, and its dotted path is reported so the caller learns it was
ignored:

- by name, in any case style (``openai_key``, ``openaiKey``, ``OPENAI_KEY``, ``api_keys``,
  ``bria-api-token``, ``X-Api-Key``, ``client_secret``, ``password``...): the name is split into
  words, and a name is a credential when a word is one (secret, password, token...), when it ends in
  ``key``/``keys`` (but not ``sort_key``, ``primary_key``...), or when it is one word glued from
  such parts (``apikey``, ``openaikey``);
- by value, in the shapes the providers document for their keys (OpenAI ``sk-``/``sk-proj-``,
  Anthropic ``sk-ant-api03-``, Google ``AIza``, Resend ``re_``, Stripe ``sk_live_``/``rk_live_``/
  ``whsec_``, our own ``mb_`` tokens, a ``Bearer`` header, a PEM private key...), anywhere in a string.

Counters and ordinary words are kept: ``max_tokens``, ``tokens_per_credit``, ``token_count``,
``keywords``, ``key_points``, ``monkey``, ``author``.
"""

import re
from itertools import pairwise

_WORD_SPLIT = re.compile(r"[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
# A credential wherever it appears in a name.
SECRET_WORDS = frozenset({
    "secret", "secrets", "password", "passwords", "passwd", "pwd", "passphrase", "credential", "credentials",
    "apikey", "apikeys", "authorization", "auth", "bearer", "privatekey", "accesskey", "secretkey", "cookie",
    "cookies", "jwt", "dsn",
})
SECRET_PAIRS = frozenset({("api", "key"), ("api", "keys"), ("access", "key"), ("private", "key"),
                          ("secret", "key"), ("client", "secret"), ("session", "id"), ("connection", "string")})
SECRET_EXACT = frozenset({"key", "keys", "pass", "sk", "pat"}) | SECRET_WORDS
# "token" is a credential unless it counts something (token_count, token_limit).
COUNTING_WORDS = frozenset({"count", "counts", "limit", "limits", "budget", "usage", "total", "totals", "per",
                            "estimate", "cost", "price", "rate", "ratio", "length", "size", "window"})
# "tokens" is a count (max_tokens, tokens_per_credit) unless one of these says which credentials.
TOKEN_QUALIFIERS = frozenset({"api", "auth", "access", "refresh", "bearer", "id", "session", "bot", "client",
                              "personal", "service", "oauth", "secret", "provider"})
# A name ending in "key" is a credential unless it is one of these ordinary keys.
ORDINARY_KEYS = frozenset({"sort", "primary", "foreign", "cache", "partition", "group", "idempotency", "dedupe",
                           "dedup", "lookup", "unique", "translation", "message", "hot", "order", "row", "column",
                           "index", "shortcut", "public", "natural", "map", "dict", "object", "sorting"})
# One-word names glued from a provider and a credential ("openaikey", "runwaretoken").
_GLUED = re.compile(r"^[a-z0-9]*(?:api|openai|anthropic|claude|google|gemini|runware|bria|resend|stripe|"
                    r"replicate|huggingface|hf|mistral|cohere|groq|xai|azure|aws|github)(?:keys?|tokens?|secrets?)$")

# Key shapes the providers document; matched anywhere in a string, so a key inside a sentence goes too.
_KEY_SHAPES = [
    r"sk-ant-[a-z]+\d*-[A-Za-z0-9_\-]{16,}",  # Anthropic: sk-ant-api03-..., sk-ant-admin01-...
    r"sk-(?:proj-|svcacct-|admin-|None-)?(?=[A-Za-z_\-]*[0-9])[A-Za-z0-9_\-]{16,}",  # OpenAI: sk-..., sk-proj-...
    r"AIza[0-9A-Za-z_\-]{30,}",  # Google API key
    r"re_[A-Za-z0-9]{6,}_[A-Za-z0-9]{12,}",  # Resend: re_c1tpEyD8_NKFusih9vKVQknRAQfmFcWCv
    r"(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]{10,}",  # Stripe secret, restricted and publishable keys
    r"whsec_[A-Za-z0-9+/=]{16,}",  # Stripe webhook signing secret
    r"mb_[A-Za-z0-9_\-]{40,}",  # our own API tokens (accounts.services.TOKEN_PREFIX)
    r"(?:hf|gsk|r8)_[A-Za-z0-9]{20,}|xai-[A-Za-z0-9]{20,}",  # Hugging Face, Groq, Replicate, xAI
    r"gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,}|xox[abposr]-[A-Za-z0-9\-]{10,}|AKIA[0-9A-Z]{16}",
    r"eyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]*",  # a JWT
    r"(?:Bearer|Basic)\s+[A-Za-z0-9._~+/=\-]{8,}",  # an Authorization header's value
    r"enc:fernet:\S+",  # an encrypted vault value
    r"-----BEGIN [A-Z ]*PRIVATE KEY-----",
]
_SECRET_VALUE = re.compile(r"(?<![A-Za-z0-9])(?:" + "|".join(_KEY_SHAPES) + ")")


def _words(name: str) -> list[str]:
    return [w.lower() for w in _WORD_SPLIT.split(name) if w]


def _is_secret_word(words: list[str], index: int) -> bool:
    word = words[index]
    before = words[index - 1] if index > 0 else ""
    after = words[index + 1] if index + 1 < len(words) else ""
    last = index == len(words) - 1
    if word in SECRET_WORDS or _GLUED.match(word) or word.endswith(("password", "passwd", "secret")):
        return True
    if word == "token":
        return after not in COUNTING_WORDS
    if word == "tokens":
        return before in TOKEN_QUALIFIERS
    if word in {"key", "keys"}:
        return last and before not in ORDINARY_KEYS
    return word == "session" and last


def is_secret_name(name) -> bool:
    words = _words(str(name))
    if not words:
        return False
    if "".join(words) in SECRET_EXACT or _GLUED.match("".join(words)):
        return True
    return any(_is_secret_word(words, i) for i in range(len(words))) or any(p in SECRET_PAIRS
                                                                          for p in pairwise(words))


def is_secret_value(value) -> bool:
    return isinstance(value, str) and _SECRET_VALUE.search(value) is not None


def _strip_item(name, item, path: str, ignored: list[str]):
    """(kept, value) for one entry; a secret one is recorded in ``ignored`` and not kept."""
    if (name is not None and (is_secret_name(name) or is_secret_value(name))) or is_secret_value(item):
        ignored.append(path)
        return False, None
    cleaned, inner = strip_secrets(item, path)
    ignored.extend(inner)
    return True, cleaned


def strip_secrets(value, path: str = "") -> tuple[object, list[str]]:
    """A copy of ``value`` without secret-looking fields, and the dotted paths removed."""
    ignored: list[str] = []
    if isinstance(value, dict):
        kept = {}
        for name, item in value.items():
            keep, cleaned = _strip_item(name, item, f"{path}.{name}" if path else str(name), ignored)
            if keep:
                kept[name] = cleaned
        return kept, ignored
    if isinstance(value, list):
        items = [_strip_item(None, item, f"{path}.{i}" if path else str(i), ignored) for i, item in enumerate(value)]
        return [cleaned for keep, cleaned in items if keep], ignored
    return value, ignored
