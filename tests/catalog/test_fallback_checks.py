"""catalog.E005: `manage.py check` refuses a fallback chain that cannot work."""

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from modelbank.catalog.checks import check_catalog
from modelbank.catalog.models import AIModelConfig, IntegrationProvider
from modelbank.catalog.services import provider_set_secret

pytestmark = pytest.mark.django_db


def _fallbacks(name: str, *names: str) -> None:
    AIModelConfig.objects.filter(model_name=name).update(fallback_models=list(names))


def _broken() -> list[str]:
    return [m.msg for m in check_catalog() if m.id == "catalog.E005"]


@pytest.fixture(autouse=True)
def keys():
    for provider in ("openai", "anthropic"):
        provider_set_secret(provider_id=provider, field="api_key", value="k-test")


def _activate(*names: str) -> None:
    AIModelConfig.objects.filter(model_name__in=names).update(is_active=True)


def test_a_sound_chain_passes():
    _activate("claude-3-haiku-20240307")
    _fallbacks("gpt-5.1", "gpt-4o-mini", "claude-3-haiku-20240307")
    assert _broken() == []


@pytest.mark.parametrize(("fallback", "problem"), [
    ("gpt-9-imaginary", "'gpt-9-imaginary' is not in the catalog"),
    ("gpt-4o", "'gpt-4o' is inactive"),
    ("dall-e-3", "'dall-e-3' is a image model, not a text model"),
])
def test_a_missing_inactive_or_wrong_type_fallback_is_an_error(fallback, problem):
    _fallbacks("gpt-5.1", fallback)
    [message] = _broken()
    assert "Fallbacks of 'gpt-5.1'" in message and problem in message


def test_a_fallback_without_a_key_or_with_an_inactive_provider_is_an_error():
    _activate("claude-3-haiku-20240307")
    _fallbacks("gpt-5.1", "claude-3-haiku-20240307")
    IntegrationProvider.objects.filter(pk="anthropic").update(is_active=False)
    assert "uses inactive provider 'anthropic'" in _broken()[0]
    IntegrationProvider.objects.filter(pk="anthropic").update(is_active=True)
    provider_set_secret(provider_id="anthropic", field="api_key", value="")
    assert "provider 'anthropic' has no API key" in _broken()[0]


def test_a_cycle_is_an_error():
    _fallbacks("gpt-5.1", "gpt-4o-mini")
    _fallbacks("gpt-4o-mini", "gpt-5.1")
    messages = _broken()
    assert any("the chain loops: gpt-5.1 -> gpt-4o-mini -> gpt-5.1" in m for m in messages)


def test_manage_py_check_fails_on_a_broken_chain():
    _fallbacks("gpt-5.1", "gpt-4o")
    with pytest.raises(SystemCheckError, match="Fallbacks of 'gpt-5.1' are broken"):
        call_command("check")
