import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from modelbank.catalog.models import AIModelConfig
from modelbank.preferences.models import GlobalIntegrationSettings, IntegrationSettings, SettingsAuditLog

SAMPLE = Path(__file__).parent / "data" / "legacy_settings.json"


@pytest.fixture
def export_file(tmp_path, account):
    """The sample export, pointed at the test account."""
    data = json.loads(SAMPLE.read_text())
    for entry in data["accounts"]:
        entry["account_id"] = account.pk
    path = tmp_path / "legacy.json"
    path.write_text(json.dumps(data))
    return path


def _run(path, *flags) -> str:
    out = StringIO()
    call_command("import_legacy_settings", str(path), *flags, stdout=out)
    return out.getvalue()


def _state() -> tuple:
    overrides = sorted((r.account_id, r.integration_type, r.model_id, json.dumps(r.config, sort_keys=True))
                       for r in IntegrationSettings.objects.all())
    defaults = sorted(AIModelConfig.objects.filter(is_default=True).values_list("model_name", flat=True))
    glob = GlobalIntegrationSettings.objects.values().get()
    glob.pop("updated_at")
    return overrides, defaults, glob, SettingsAuditLog.objects.count()


def test_import_maps_names_and_reports_what_it_cannot(export_file, account, catalog_model):
    out = _run(export_file)
    # mapped names, by exact model_name
    assert f"MAPPED global.openai_model: 'gpt-4o-mini' -> AIModelConfig #{catalog_model('gpt-4o-mini').pk}" in out
    # unmapped names are reported, not guessed
    assert "UNMAPPED global.runware_model: 'bria:10@1' is not in the catalog" in out
    assert "UNMAPPED accounts[2].config.model: 'gpt-5.3-imaginary'" in out
    assert "Unmapped: global.runware_model='bria:10@1', accounts[2].config.model='gpt-5.3-imaginary'" in out
    # secrets are reported and never stored
    assert "IGNORED global.openai_api_key" in out and "IGNORED accounts[0].config.apiKey" in out
    assert "IGNORED accounts[2].config.credentials" in out
    assert "sk-" not in json.dumps(list(SettingsAuditLog.objects.values_list("new_value", flat=True)))
    assert "UNRECOGNISED global.mobile_image_size" in out
    # global names are not applied without --set-defaults
    assert AIModelConfig.objects.get(is_default=True, model_type="text").model_name == "gpt-5.1"
    # global parameters and account overrides are applied
    row = GlobalIntegrationSettings.objects.get()
    assert (row.image_style, row.image_quality, row.max_in_article_images) == ("illustration", "standard", 2)
    text = IntegrationSettings.objects.get(account=account, integration_type="text_generation")
    assert (text.model.model_name, text.config) == ("gpt-4o-mini", {"temperature": 0.5})
    image = IntegrationSettings.objects.get(account=account, integration_type="image_generation")
    assert (image.model.model_name, image.config) == ("runware:97@1", {"image_style": "realistic",
                                                                         "max_in_article_images": 3})
    # an OpenAI organization is no parameter the adapter sends: reported, not stored
    assert "accounts[2] -> openai: organization: unknown field." in out
    assert not IntegrationSettings.objects.filter(integration_type="openai").exists()
    assert set(SettingsAuditLog.objects.values_list("via", flat=True)) == {"import"}


def test_dry_run_changes_nothing(export_file):
    before = _state()
    out = _run(export_file, "--dry-run", "--set-defaults")
    assert "Dry run: nothing was changed." in out and "record(s) would change" in out
    assert "CHANGED global.openai_model: gpt-4o-mini is now the default" in out
    assert _state() == before


def test_second_run_changes_nothing(export_file):
    _run(export_file, "--set-defaults")
    after_first = _state()
    out = _run(export_file, "--set-defaults")
    assert _state() == after_first
    assert "Summary: 0 record(s) changed" in out and "CHANGED" not in out.replace("UNCHANGED", "")


def test_set_defaults_moves_the_catalog_default(export_file):
    out = _run(export_file, "--set-defaults")
    assert AIModelConfig.objects.get(is_default=True, model_type="text").model_name == "gpt-4o-mini"
    assert "UNCHANGED global.dalle_model: dall-e-3 is already the default image model" in out


def test_inactive_model_is_reported_not_applied(tmp_path, account):
    path = tmp_path / "x.json"
    path.write_text(json.dumps({"accounts": [{"account_id": account.pk, "integration_type": "text_generation",
                                              "config": {"openai_model": "gpt-4o"}}],
                                "global": {"openai_model": "gpt-4o", "default_image_service": "openai"}}))
    out = _run(path, "--set-defaults")
    assert "'gpt-4o' is not active" in out and "gpt-4o is inactive; activate it" in out
    assert not IntegrationSettings.objects.exists()
    assert AIModelConfig.objects.get(is_default=True, model_type="text").model_name == "gpt-5.1"


def test_missing_account_and_bad_file_are_reported(tmp_path, db):
    path = tmp_path / "x.json"
    path.write_text(json.dumps({"accounts": [{"account_id": 999999, "integration_type": "text_generation"}]}))
    assert "SKIPPED accounts[0]: no account with id 999999" in _run(path)
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(Exception, match="Cannot read"):
        _run(bad)
