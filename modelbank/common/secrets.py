"""A model field whose value is a Secret: encrypted at rest, never printed.

``provider.api_key = "sk-..."`` encrypts on save; reading gives a Secret whose str() and
repr() say only whether it is set. ``.reveal()`` is the one way to the plaintext, and only
the registry's ``get_api_key`` calls it.
"""

from django.db import models
from django.db.models.query_utils import DeferredAttribute

from modelbank.common import vault


class Secret:
    __slots__ = ("_ciphertext", "_plaintext")

    def __init__(self, ciphertext: str = "", plaintext: str | None = None):
        self._ciphertext = ciphertext
        self._plaintext = plaintext

    @classmethod
    def from_plaintext(cls, plaintext: str) -> "Secret":
        return cls(vault.encrypt(plaintext) if plaintext else "", plaintext or None)

    @property
    def is_set(self) -> bool:
        return bool(self._ciphertext)

    @property
    def ciphertext(self) -> str:
        return self._ciphertext

    @property
    def key_id(self) -> str | None:
        return vault.stored_key_id(self._ciphertext) if self._ciphertext else None

    def reveal(self) -> str:
        if not self._ciphertext:
            return ""
        if self._plaintext is None:
            self._plaintext = vault.decrypt(self._ciphertext)
        return self._plaintext

    def hint(self) -> str:
        """What a person may see: "set, ends in 1234" or "not set"."""
        if not self.is_set:
            return "not set"
        try:
            tail = self.reveal()[-4:]
        except vault.SecretDecryptionError:
            return "set, but cannot be decrypted with the configured keys"
        return f"set, ends in {tail}"

    def __bool__(self) -> bool:
        return self.is_set

    def __eq__(self, other) -> bool:
        return isinstance(other, Secret) and other._ciphertext == self._ciphertext

    def __hash__(self) -> int:
        return hash(self._ciphertext)

    def __str__(self) -> str:
        return "<secret set>" if self.is_set else "<secret not set>"

    __repr__ = __str__


class _SecretAttribute(DeferredAttribute):
    """Wraps a plaintext assigned to the attribute into a Secret at once, so no plaintext
    string sits on a model instance where a repr or a log could show it."""

    def __set__(self, instance, value):
        if not isinstance(value, Secret):
            value = Secret.from_plaintext(value or "")
        instance.__dict__[self.field.attname] = value


class EncryptedSecretField(models.TextField):
    """Stores ``enc:fernet:{key_id}:{token}``; the Python value is always a Secret."""

    descriptor_class = _SecretAttribute

    def from_db_value(self, value, expression, connection):
        return Secret(value or "")

    def to_python(self, value):
        if isinstance(value, Secret):
            return value
        if isinstance(value, str) and value.startswith(vault.PREFIX):
            return Secret(value)  # already encrypted: a fixture or a serialized row
        return Secret.from_plaintext(value or "")

    def get_prep_value(self, value):
        if isinstance(value, Secret):
            return value.ciphertext
        return Secret.from_plaintext(value or "").ciphertext

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    def get_default(self):
        return Secret("")

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "modelbank.common.secrets.EncryptedSecretField", args, kwargs
