"""`manage.py check` reports what the seeds call a broken fallback.

Errors: no active default per type, an inactive default, an active model whose provider
is inactive, an image model with no sizes, a broken fallback chain. Warning: an active model whose provider has no
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


def fallback_problems(model: AIModelConfig, models: dict[str, AIModelConfig]) -> list[str]:
    """What is broken in a model's fallback chain (`fallback_models`): a name not in the catalog,
    an inactive model, one of another type, one whose provider is inactive or has no key, or a
    cycle back to a model already in the chain (followed through the fallbacks' own lists)."""
    return fallback_problems_in(model, models, operational=True)


def fallback_problems_in(model: AIModelConfig, models: dict[str, AIModelConfig], *, operational: bool) -> list[str]:
    """`operational=False` leaves out what an operator fixes elsewhere (an inactive model or
    provider, a missing key): the staff API refuses only a chain that is wrong in itself."""
    problems = []
    for name in model.fallback_models or []:
        fallback = models.get(name)
        if fallback is None:
            problems.append(f"'{name}' is not in the catalog")
        elif operational and not fallback.is_active:
            problems.append(f"'{name}' is inactive")
        elif fallback.model_type != model.model_type:
            problems.append(f"'{name}' is a {fallback.model_type} model, not a {model.model_type} model")
        elif operational and not fallback.provider.is_active:
            problems.append(f"'{name}' uses inactive provider '{fallback.provider_id}'")
        elif operational and not fallback.provider.api_key.is_set:
            problems.append(f"'{name}': provider '{fallback.provider_id}' has no API key")
    if cycle := _cycle(model, models):
        problems.append(f"the chain loops: {' -> '.join(cycle)}")
    return problems


def _cycle(start: AIModelConfig, models: dict[str, AIModelConfig]) -> list[str] | None:
    """A path of fallbacks from `start` that comes back to a model already on it, if any."""
    def walk(name: str, path: list[str]) -> list[str] | None:
        model = models.get(name)
        for nxt in (model.fallback_models or []) if model else []:
            if nxt in path:
                return [*path, nxt]
            if found := walk(nxt, [*path, nxt]):
                return found
        return None

    return walk(start.model_name, [start.model_name])


def _fallbacks() -> list[checks.CheckMessage]:
    models = {m.model_name: m for m in AIModelConfig.objects.select_related("provider")}
    return [
        config_problem(f"Fallbacks of '{model.model_name}' are broken: {'; '.join(problems)}.", id="catalog.E005",
                       hint="Edit fallback_models in the admin: active models of the same type, with keys, no loops.")
        for model in models.values()
        if model.is_active and model.fallback_models and (problems := fallback_problems(model, models))
    ]


@checks.register("modelbank", deploy=False)
def check_catalog(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if not catalog_is_readable():
        return []
    return [*_defaults(), *_providers(), *_sizes(), *_fallbacks()]
