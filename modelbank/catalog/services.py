from django.db import transaction

from modelbank.catalog.errors import ModelInactive, ProviderNotFound
from modelbank.catalog.models import AIModelConfig, IntegrationProvider
from modelbank.catalog.signals import catalog_changed
from modelbank.common.errors import ApplicationError
from modelbank.common.secrets import Secret


@transaction.atomic
def model_make_default(*, model: AIModelConfig) -> AIModelConfig:
    """Move the default of the model's type to this model in one transaction."""
    if not model.is_active:
        raise ModelInactive(f"'{model.model_name}' is inactive: activate it before making it the default.")
    AIModelConfig.objects.filter(model_type=model.model_type, is_default=True).exclude(pk=model.pk).update(
        is_default=False
    )
    AIModelConfig.objects.filter(pk=model.pk).update(is_default=True)
    catalog_changed()
    model.refresh_from_db()
    return model


@transaction.atomic
def models_set_active(*, models, active: bool) -> int:
    """(De)activate models. A deactivated default stops being the default, so the
    database's one-default rule and `check` keep agreeing."""
    ids = [m.pk for m in models]
    changes = {"is_active": active} if active else {"is_active": False, "is_default": False}
    count = AIModelConfig.objects.filter(pk__in=ids).update(**changes)
    catalog_changed()
    return count


@transaction.atomic
def provider_set_secret(*, provider_id: str, field: str, value: str) -> IntegrationProvider:
    if field not in IntegrationProvider.SECRET_FIELDS:
        raise ApplicationError(f"'{field}' is not a secret field; use one of {', '.join(IntegrationProvider.SECRET_FIELDS)}.")
    provider = IntegrationProvider.objects.select_for_update().filter(pk=provider_id).first()
    if provider is None:
        raise ProviderNotFound(f"No provider '{provider_id}' is configured.")
    setattr(provider, field, Secret.from_plaintext(value.strip()))
    provider.save(update_fields=[field, "updated_at"])
    return provider


@transaction.atomic
def secrets_rotate() -> int:
    """Re-encrypt every stored secret with the newest key; returns how many were rewritten."""
    rewritten = 0
    for provider in IntegrationProvider.objects.select_for_update().order_by("pk"):
        changed = []
        for field in IntegrationProvider.SECRET_FIELDS:
            secret: Secret = getattr(provider, field)
            if secret.is_set:
                setattr(provider, field, Secret.from_plaintext(secret.reveal()))
                changed.append(field)
        if changed:
            provider.save(update_fields=[*changed, "updated_at"])
            rewritten += len(changed)
    return rewritten
