"""`manage.py check` reports what the seeds call a broken fallback.

Errors: no active default per type, an inactive default, an active model whose provider
is inactive, an image model with no sizes. Warning: an active model whose provider has no
key. Other apps register their own catalog checks (credit prices, stale overrides).
"""

from django.core import checks
from django.db import DatabaseError

from modelbank.catalog.models import AIModelConfig, IntegrationProvider

REQUIRED_DEFAULT_TYPES = (AIModelConfig.ModelType.TEXT, AIModelConfig.ModelType.IMAGE)


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
            found.append(checks.Error(f"No active default {model_type} model.", id="catalog.E001",
                                      hint="Mark an active model as default in the admin."))
    for model in AIModelConfig.objects.filter(is_default=True, is_active=False):
        found.append(checks.Error(f"Default {model.model_type} model '{model.model_name}' is inactive.",
                                  id="catalog.E002", hint="Activate it or make another model the default."))
    return found


def _providers() -> list[checks.CheckMessage]:
    found = []
    for model in AIModelConfig.objects.filter(is_active=True).select_related("provider"):
        provider = model.provider
        if not provider.is_active:
            found.append(checks.Error(f"Active model '{model.model_name}' uses inactive provider '{provider.pk}'.",
                                      id="catalog.E003"))
        elif not provider.api_key.is_set:
            found.append(checks.Warning(f"Active model '{model.model_name}': provider '{provider.pk}' has no API key.",
                                        id="catalog.W001",
                                        hint=f"manage.py set_provider_key {provider.pk}"))
    return found


def _sizes() -> list[checks.CheckMessage]:
    return [
        checks.Error(f"Image model '{m.model_name}' has no available sizes.", id="catalog.E004")
        for m in AIModelConfig.objects.filter(model_type=AIModelConfig.ModelType.IMAGE, is_active=True)
        if not m.available_sizes
    ]


@checks.register("modelbank", deploy=False)
def check_catalog(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if not catalog_is_readable():
        return []
    return [*_defaults(), *_providers(), *_sizes()]
