"""`manage.py check` reports what the seeds call a broken fallback.

Errors: no active default per type, an inactive default, an active model whose provider
is inactive, an image model with no sizes. Warning: an active model whose provider has no
key. Other apps register their own catalog checks (credit prices, stale overrides).

These describe rows an admin can fix while the platform runs, not code: they are errors only
for `manage.py check` (this app's check command). Every other command runs system checks first,
`migrate` included, and must not be blocked by them (migrate may be the very fix, and a missing
image default must not keep the server, and its text jobs, from starting): there they are warnings.
"""

import contextvars
from contextlib import contextmanager

from django.core import checks
from django.db import DatabaseError

from modelbank.catalog.models import AIModelConfig, IntegrationProvider

REQUIRED_DEFAULT_TYPES = (AIModelConfig.ModelType.TEXT, AIModelConfig.ModelType.IMAGE)
_strict = contextvars.ContextVar("modelbank_config_checks_strict", default=False)


@contextmanager
def config_problems_are_errors():
    """Within this block (the check command), broken configuration is an error."""
    token = _strict.set(True)
    try:
        yield
    finally:
        _strict.reset(token)


def config_problem(message: str, *, id: str, hint: str | None = None) -> checks.CheckMessage:
    level = checks.Error if _strict.get() else checks.Warning
    return level(message, id=id, hint=hint)


def catalog_is_readable() -> bool:
    """Checks also run before `migrate`; a database without tables has nothing to check."""
    try:
        IntegrationProvider.objects.exists()
    except DatabaseError:
        return False
    return True


def _defaults() -> list[checks.CheckMessage]:
    found = []
    for model_type in REQUIRED_DEFAULT_TYPES:
        if not AIModelConfig.objects.filter(model_type=model_type, is_default=True, is_active=True).exists():
            found.append(config_problem(f"No active default {model_type} model.", id="catalog.E001",
                                        hint="Mark an active model as default in the admin."))
    for model in AIModelConfig.objects.filter(is_default=True, is_active=False):
        found.append(config_problem(f"Default {model.model_type} model '{model.model_name}' is inactive.",
                                    id="catalog.E002", hint="Activate it or make another model the default."))
    return found


def _providers() -> list[checks.CheckMessage]:
    found = []
    for model in AIModelConfig.objects.filter(is_active=True).select_related("provider"):
        provider = model.provider
        if not provider.is_active:
            found.append(config_problem(f"Active model '{model.model_name}' uses inactive provider '{provider.pk}'.",
                                        id="catalog.E003"))
        elif not provider.api_key.is_set:
            found.append(checks.Warning(f"Active model '{model.model_name}': provider '{provider.pk}' has no API key.",
                                        id="catalog.W001",
                                        hint=f"manage.py set_provider_key {provider.pk}"))
    return found


def _sizes() -> list[checks.CheckMessage]:
    return [
        config_problem(f"Image model '{m.model_name}' has no available sizes.", id="catalog.E004")
        for m in AIModelConfig.objects.filter(model_type=AIModelConfig.ModelType.IMAGE, is_active=True)
        if not m.available_sizes
    ]


@checks.register("modelbank", deploy=False)
def check_catalog(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if not catalog_is_readable():
        return []
    return [*_defaults(), *_providers(), *_sizes()]
