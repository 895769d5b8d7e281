import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from modelbank.catalog.checks import check_catalog
from modelbank.catalog.models import AIModelConfig, IntegrationProvider

pytestmark = pytest.mark.django_db


def _ids() -> list[str]:
    return sorted({m.id for m in check_catalog()})


def test_fresh_seeded_catalog_has_only_missing_key_warnings():
    assert _ids() == ["catalog.W001"]


def test_inactive_default_is_reported():
    AIModelConfig.objects.filter(model_name="gpt-5.1").update(is_active=False)
    assert {"catalog.E001", "catalog.E002"} <= set(_ids())


def test_manage_py_check_fails_on_an_inactive_default():
    AIModelConfig.objects.filter(model_name="dall-e-3").update(is_active=False)
    with pytest.raises(SystemCheckError, match="Default image model 'dall-e-3' is inactive"):
        call_command("check")


def test_active_model_with_inactive_provider():
    IntegrationProvider.objects.filter(pk="runware").update(is_active=False)
    assert "catalog.E003" in _ids()


def test_image_model_without_sizes():
    AIModelConfig.objects.filter(model_name="dall-e-3").update(available_sizes=[])
    assert "catalog.E004" in _ids()


def test_no_warning_once_keys_are_set():
    for provider in IntegrationProvider.objects.filter(pk__in=["openai", "runware"]):
        provider.api_key = "sk-x"
        provider.save()
    assert "catalog.W001" not in _ids()


def test_all_registered_checks_on_a_fresh_seed_find_only_missing_keys():
    from django.core.checks import run_checks

    found = {(m.id, m.level >= 40) for m in run_checks(include_deployment_checks=False)}
    assert found == {("catalog.W001", False)}, found


def test_a_missing_default_does_not_block_migrate_but_check_still_fails():
    from io import StringIO

    from modelbank.catalog.services import models_set_active

    # given the default image model was deactivated (no image default is left)
    models_set_active(models=[AIModelConfig.objects.get(model_name="dall-e-3")], active=False)
    # then migrate (and any other command that runs the system checks first) only warns
    # (call_command skips the checks unless told otherwise; manage.py runs them)
    said = StringIO()
    call_command("migrate", verbosity=0, interactive=False, skip_checks=False, stderr=said)
    call_command("seed_catalog", skip_checks=False, stdout=StringIO(), stderr=said)
    assert "catalog.E001" in said.getvalue(), said.getvalue()
    # while `manage.py check` still fails on it
    with pytest.raises(SystemCheckError, match="No active default image model"):
        call_command("check")
