"""Staff edits of a catalog model without the Django admin (the staff API, the web UI).

The rules are the admin form's: the model's own field and constraint validation (full_clean),
then catalog.model_rules (request_parameters, sizes, fallback names). A change of a price or of
the credits a customer pays is written to the PriceChange audit rows. The save bumps the
catalog's stamp (catalog.signals), so every process reloads the catalog.
"""

from decimal import Decimal

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction

from modelbank.catalog.checks import fallback_problems_in
from modelbank.catalog.errors import ModelInactive, ModelNotFound
from modelbank.catalog.model_rules import fallback_list_problems, request_parameter_problems, size_problems
from modelbank.catalog.models import AIModelConfig, PriceChange
from modelbank.catalog.models import _price as price_text
from modelbank.common.errors import ApplicationError, ConflictError

EDITABLE_FIELDS = (
    "display_name", "input_token_rate", "output_token_rate", "cost_per_image", "tokens_per_credit",
    "credits_per_image", "max_output_tokens", "quality_tier", "available_sizes", "is_active", "is_default",
    "sort_order", "request_parameters", "fallback_models",
)
# What the provider charges and what a customer pays: their changes are audited (PriceChange).
PRICE_FIELDS = ("input_token_rate", "output_token_rate", "cost_per_image", "tokens_per_credit", "credits_per_image")


class ModelInvalid(ApplicationError):
    code = "invalid"


class DefaultTaken(ConflictError):
    code = "default_taken"


def _locked(model_id: int) -> AIModelConfig:
    model = AIModelConfig.objects.select_for_update().select_related("provider").filter(pk=model_id).first()
    if model is None:
        raise ModelNotFound(f"No AI model with id {model_id}.", extra={"model": model_id})
    return model


def _problems(model: AIModelConfig, changed: set[str]) -> dict[str, list[str]]:
    """Every problem, by field: the model's validation, then the admin form's rules."""
    problems: dict[str, list[str]] = {}
    try:
        model.full_clean(validate_unique=False)  # model_name is not editable here
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            problems.setdefault("non_field_errors" if field == NON_FIELD_ERRORS else field, []).extend(messages)
    rules = {
        "request_parameters": request_parameter_problems(model.request_parameters, model.model_type),
        "available_sizes": size_problems(model.available_sizes),
        "fallback_models": fallback_list_problems(model.fallback_models),
    }
    if "fallback_models" in changed and not rules["fallback_models"]:
        rules["fallback_models"] = _chain_problems(model)
    for field, found in rules.items():
        if found:
            problems.setdefault(field, []).extend(found)
    return problems


def _chain_problems(model: AIModelConfig) -> list[str]:
    """A new fallback list is refused when the chain is wrong in itself (an unknown name, another
    type, a loop); `manage.py check` still reports fallbacks that are inactive or have no key."""
    if model.model_name in model.fallback_models:
        return ["A model cannot be its own fallback."]
    models = {m.model_name: m for m in AIModelConfig.objects.select_related("provider")}
    models[model.model_name] = model  # the edit, not the stored row
    return [f"{problem}." for problem in fallback_problems_in(model, models, operational=False)]


def _check_default(model: AIModelConfig) -> None:
    """One active default per type (the database says so too): name the current one, and how to move it."""
    if not (model.is_default and model.is_active):
        return
    current = (AIModelConfig.objects.filter(model_type=model.model_type, is_default=True, is_active=True)
               .exclude(pk=model.pk).first())
    if current is not None:
        raise DefaultTaken(
            f"'{current.model_name}' is already the default {model.model_type} model: make this one the default "
            "instead (it moves the default), or unset that one first.",
            extra={"field": "is_default", "current_default": current.model_name})


def _audit_prices(model: AIModelConfig, before: dict, *, actor: str, source: str) -> None:
    changes = {name: [_text(before[name]), _text(getattr(model, name))]
               for name in PRICE_FIELDS if name in before and before[name] != getattr(model, name)}
    if changes:
        PriceChange.objects.create(model=model, changes=changes, source=source, actor=actor[:150])


def _text(value) -> str | None:
    """As `import_prices` writes them: 0.15, not 0.15000000; credits as whole numbers."""
    if value is None:
        return None
    return price_text(value) if isinstance(value, Decimal) else str(value)


@transaction.atomic
def model_update(*, model_id: int, changes: dict, actor: str, source: str = "staff API") -> AIModelConfig:
    """Apply ``changes`` (any of EDITABLE_FIELDS) to one model, all or nothing. A deactivated
    model stops being the default, as the admin's deactivate action does."""
    unknown = sorted(set(changes) - set(EDITABLE_FIELDS))
    if unknown:
        raise ModelInvalid(f"{unknown[0]}: cannot be changed here; change {', '.join(EDITABLE_FIELDS)}.",
                           extra={"field": unknown[0]})
    model = _locked(model_id)
    if not changes:  # an empty PATCH changes nothing, as HTTP has it
        return model
    if changes.get("is_default") and not changes.get("is_active", model.is_active):
        raise ModelInactive(f"'{model.model_name}' is inactive: activate it before making it the default.",
                            extra={"field": "is_default"})
    before = {name: getattr(model, name) for name in changes}
    for name, value in changes.items():
        setattr(model, name, value)
    if not model.is_active:
        model.is_default = False
    _check_default(model)
    problems = _problems(model, set(changes))
    if problems:
        field, messages = next(iter(problems.items()))
        raise ModelInvalid(f"{field}: {messages[0]}", extra={"fields": problems})
    try:
        with transaction.atomic():
            model.save()
    except IntegrityError:  # another request made a default of this type meanwhile
        raise DefaultTaken(f"Another {model.model_type} model became the default meanwhile; reload and try again.",
                           extra={"field": "is_default"}) from None
    _audit_prices(model, before, actor=actor, source=source)
    return model
