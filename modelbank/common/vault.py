"""Encryption of outbound secrets (provider API keys) at rest.

Stored form: ``enc:fernet:{key_id}:{token}``, as Sentry does it: the key id says which key
of MODELBANK_ENCRYPTION_KEYS encrypted the value, so keys rotate without guessing. The
newest key (first in the list) encrypts; any listed key decrypts. A value that does not
decrypt raises SecretDecryptionError: never a silent fallback to an empty or raw value.
"""

import hashlib
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

PREFIX = "enc:fernet:"


class SecretDecryptionError(Exception):
    """A stored secret could not be decrypted with the configured keys. Carries no secret."""


def key_id(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:8]


@lru_cache(maxsize=8)
def _fernets(keys: tuple[str, ...]) -> dict[str, Fernet]:
    if not keys:
        raise SecretDecryptionError("MODELBANK_ENCRYPTION_KEYS is empty: no key to encrypt or decrypt secrets")
    try:
        return {key_id(k): Fernet(k.encode()) for k in keys}
    except ValueError as exc:
        raise SecretDecryptionError("MODELBANK_ENCRYPTION_KEYS holds a value that is not a Fernet key") from exc


def _keys() -> tuple[str, ...]:
    return tuple(settings.MODELBANK_ENCRYPTION_KEYS)


def current_key_id() -> str:
    return key_id(_keys()[0])


def encrypt(plaintext: str) -> str:
    fernets = _fernets(_keys())
    kid = current_key_id()
    return f"{PREFIX}{kid}:{fernets[kid].encrypt(plaintext.encode()).decode()}"


def stored_key_id(ciphertext: str) -> str:
    if not ciphertext.startswith(PREFIX):
        raise SecretDecryptionError("stored secret is not in the enc:fernet:{key_id}:{token} form")
    return ciphertext[len(PREFIX) :].split(":", 1)[0]


def decrypt(ciphertext: str) -> str:
    kid = stored_key_id(ciphertext)
    fernet = _fernets(_keys()).get(kid)
    if fernet is None:
        raise SecretDecryptionError(f"secret was encrypted with key id {kid}, which is not in MODELBANK_ENCRYPTION_KEYS")
    try:
        return fernet.decrypt(ciphertext.split(":", 3)[3].encode()).decode()
    except (InvalidToken, IndexError) as exc:
        raise SecretDecryptionError(f"secret encrypted with key id {kid} failed its integrity check") from exc
