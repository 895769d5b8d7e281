import io

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command
from django.db import connection

from modelbank.catalog.models import AIModelConfig, IntegrationProvider
from modelbank.common import vault

pytestmark = pytest.mark.django_db


def test_set_provider_key_reads_standard_input(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("sk-from-stdin-5555\n"))
    out = io.StringIO()
    call_command("set_provider_key", "runware", stdout=out)
    assert out.getvalue().strip() == "runware api_key: set, ends in 5555"
    assert IntegrationProvider.objects.get(pk="runware").api_key.reveal() == "sk-from-stdin-5555"


def test_set_provider_key_other_field_and_errors(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO("whsec_1234\n"))
    call_command("set_provider_key", "stripe", "--field", "webhook_secret", stdout=io.StringIO())
    assert IntegrationProvider.objects.get(pk="stripe").webhook_secret.reveal() == "whsec_1234"
    monkeypatch.setattr("sys.stdin", io.StringIO("x\n"))
    with pytest.raises(CommandError, match="No provider 'nope'"):
        call_command("set_provider_key", "nope")
    monkeypatch.setattr("sys.stdin", io.StringIO("\n"))
    with pytest.raises(CommandError, match="nothing was changed"):
        call_command("set_provider_key", "openai")


def test_rotate_encryption_keys_reencrypts_with_the_newest_key(settings):
    old = settings.MODELBANK_ENCRYPTION_KEYS[0]
    for pk, value in [("openai", "sk-one"), ("stripe", "sk-two")]:
        provider = IntegrationProvider.objects.get(pk=pk)
        provider.api_key = value
        provider.save()
    new = Fernet.generate_key().decode()
    settings.MODELBANK_ENCRYPTION_KEYS = [new, old]
    call_command("rotate_encryption_keys", stdout=io.StringIO())
    settings.MODELBANK_ENCRYPTION_KEYS = [new]  # the old key can now be retired
    with connection.cursor() as cursor:
        cursor.execute("SELECT api_key FROM catalog_integrationprovider WHERE api_key <> ''")
        stored = [row[0] for row in cursor.fetchall()]
    assert len(stored) == 2 and all(vault.stored_key_id(s) == vault.key_id(new) for s in stored)
    assert IntegrationProvider.objects.get(pk="openai").api_key.reveal() == "sk-one"


def test_rotation_with_a_missing_key_changes_nothing(settings):
    provider = IntegrationProvider.objects.get(pk="openai")
    provider.api_key = "sk-one"
    provider.save()
    before = IntegrationProvider.objects.values_list("api_key", flat=True).get(pk="openai")
    settings.MODELBANK_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(CommandError, match="Nothing was changed"):
        call_command("rotate_encryption_keys", stdout=io.StringIO())
    assert IntegrationProvider.objects.values_list("api_key", flat=True).get(pk="openai") == before


def test_seed_catalog_is_idempotent_and_keeps_admin_edits():
    AIModelConfig.objects.filter(model_name="gpt-4o-mini").update(display_name="Edited")
    AIModelConfig.objects.filter(model_name="dall-e-2").delete()
    out = io.StringIO()
    call_command("seed_catalog", stdout=out)
    assert "0 provider(s) and 1 model(s) created" in out.getvalue()
    assert AIModelConfig.objects.get(model_name="gpt-4o-mini").display_name == "Edited"
