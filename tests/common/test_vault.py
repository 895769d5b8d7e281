import pytest
from cryptography.fernet import Fernet
from django.test import override_settings

from modelbank.common import vault
from modelbank.common.secrets import Secret


def test_round_trip_stores_key_id_beside_ciphertext():
    stored = vault.encrypt("sk-live-123456")
    assert stored.startswith(f"enc:fernet:{vault.current_key_id()}:")
    assert "sk-live-123456" not in stored
    assert vault.decrypt(stored) == "sk-live-123456"


def test_older_key_still_decrypts_after_a_new_key_is_added():
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    with override_settings(MODELBANK_ENCRYPTION_KEYS=[old]):
        stored = vault.encrypt("secret-value")
    with override_settings(MODELBANK_ENCRYPTION_KEYS=[new, old]):
        assert vault.decrypt(stored) == "secret-value"
        assert vault.stored_key_id(stored) == vault.key_id(old) != vault.current_key_id()


def test_unknown_key_is_a_loud_error_without_the_secret():
    with override_settings(MODELBANK_ENCRYPTION_KEYS=[Fernet.generate_key().decode()]):
        stored = vault.encrypt("sk-do-not-leak")
    with pytest.raises(vault.SecretDecryptionError) as err:
        vault.decrypt(stored)
    assert "sk-do-not-leak" not in str(err.value)
    assert "not in MODELBANK_ENCRYPTION_KEYS" in str(err.value)


def test_tampered_value_fails_integrity_check():
    stored = vault.encrypt("value")
    tampered = stored[:-6] + ("A" if stored[-6] != "A" else "B") + stored[-5:]
    with pytest.raises(vault.SecretDecryptionError):
        vault.decrypt(tampered)


def test_plain_value_in_the_column_is_refused():
    with pytest.raises(vault.SecretDecryptionError):
        vault.decrypt("sk-plaintext")


def test_secret_never_prints_its_value():
    secret = Secret.from_plaintext("sk-abcdef1234")
    assert "sk-abcdef" not in str(secret) and "sk-abcdef" not in repr(secret)
    assert "sk-abcdef" not in f"{secret!r} {secret}"
    assert secret.hint() == "set, ends in 1234"
    assert Secret().hint() == "not set"
    assert secret.reveal() == "sk-abcdef1234"
