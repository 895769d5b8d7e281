"""Writes of settings at the three tiers. Each strips secrets, validates, saves and audits."""

from dataclasses import dataclass, field

from django.db import transaction

from modelbank.accounts.models import Account
from modelbank.catalog.errors import ProviderNotFound
from modelbank.catalog.models import AIModelConfig, IntegrationProvider
from modelbank.catalog.provider_config import change_clean
from modelbank.catalog.registry import ModelRegistry
from modelbank.common.errors import ApplicationError, NotFoundError
from modelbank.common.text import check_storable
from modelbank.preferences.audit import Via, audit_write, global_snapshot, integration_snapshot
from modelbank.preferences.models import (
    AccountSettings,
    GlobalIntegrationSettings,
    IntegrationSettings,
    SettingsAuditLog,
    UserSettings,
)
from modelbank.preferences.redaction import strip_secrets
from modelbank.preferences.schemas import (
    ACCOUNT_SETTINGS_SCHEMAS,
    INTEGRATION_SCHEMAS,
    SETTINGS_SCHEMAS,
    SettingsValidationError,
    provider_schema,
    schema_for_key,
    validate_value,
)
from modelbank.preferences.selectors import integration_type_kind

AI_SETTINGS_MODEL_FIELDS = {"text_model_id": "text", "image_model_id": "image"}


@dataclass
class SettingWrite:
    """What a save did: the record, whether it was new, and the secret fields it dropped."""

    record: object
    created: bool = False
    ignored_fields: list[str] = field(default_factory=list)


def _a(word: str) -> str:
    return f"an {word}" if word[0] in "aeiou" else f"a {word}"


def override_model(*, model_id, model_type: str, field_name: str = "model") -> AIModelConfig:
    """The catalog model an override may point at: it must exist, be active and be of the right type."""
    if isinstance(model_id, bool) or not isinstance(model_id, int):  # JSON true would otherwise be id 1
        raise SettingsValidationError(f"{field_name}: must be an AI model id (a whole number).",
                                      extra={"field": field_name})
    model = ModelRegistry.find_model_by_id(model_id)
    if model is None:
        raise SettingsValidationError(f"{field_name}: no AI model with id {model_id}.", extra={"field": field_name})
    if model.model_type != model_type:
        raise SettingsValidationError(
            f"{field_name}: '{model.model_name}' is {_a(model.model_type)} model; {_a(model_type)} model is required.",
            extra={"field": field_name})
    if not model.is_active:
        raise SettingsValidationError(f"{field_name}: '{model.model_name}' is not active.", extra={"field": field_name})
    return model


def clean_value(*, schemas: dict, key: str, value) -> tuple[object, list[str]]:
    schema = schema_for_key(schemas=schemas, key=key)
    check_storable(value, path="value")  # the API's parser checks too; the admin and commands come here
    cleaned, ignored = strip_secrets(value, "value")
    validate_value(schema=schema, value=cleaned, field=key)
    if key == "ai_settings":
        for name, model_type in AI_SETTINGS_MODEL_FIELDS.items():
            if name in cleaned:
                override_model(model_id=cleaned[name], model_type=model_type, field_name=f"ai_settings.{name}")
    return cleaned, ignored


def _lock_account(account) -> None:
    """Serialize an account's settings writes on its row: two requests creating the same record
    at once (two servers, one key) would otherwise both find none, and one insert fail (a 500).
    Row locks cannot cover a row that does not exist yet; the account's row always does."""
    # NO KEY: the ledger's inserts naming the account (their foreign-key checks) need not wait.
    if account is not None:
        Account.objects.select_for_update(no_key=True).filter(pk=account.pk).exists()


def _save_keyed(*, queryset, create, schemas, key, value, actor, account, via) -> SettingWrite:
    cleaned, ignored = clean_value(schemas=schemas, key=key, value=value)
    _lock_account(account)
    record = queryset.select_for_update().filter(key=key).first()
    old = None if record is None else record.value
    if record is None:
        record = create(key=key, value=cleaned)
    elif record.value != cleaned:
        record.value = cleaned
        record.save(update_fields=["value", "updated_at"])
    audit_write(actor=actor, account=account, record=record, key=key, old=old, new=cleaned, via=via)
    return SettingWrite(record=record, created=old is None, ignored_fields=ignored)


def _delete_keyed(*, queryset, key, actor, account, via) -> None:
    record = queryset.select_for_update().filter(key=key).first()
    if record is None:
        raise NotFoundError(f"No saved value for '{key}' here; it already uses its default.")
    old, pk = record.value, record.pk
    record.delete()
    record.pk = pk  # delete() clears it; the audit row still names the record
    audit_write(actor=actor, account=account, record=record, key=key, old=old, new=None, via=via)


@transaction.atomic
def user_setting_save(*, user, account, key: str, value, actor=None, via: str = Via.API) -> SettingWrite:
    """Create or update the (user, account, key) record (docs/requirements.md §5); the actor is
    the user unless an admin acts for them."""
    return _save_keyed(
        queryset=UserSettings.objects.for_account(account).filter(user=user),
        create=lambda **kw: UserSettings.objects.create(user=user, account=account, **kw),
        schemas=SETTINGS_SCHEMAS, key=key, value=value, actor=actor or user, account=account, via=via,
    )


@transaction.atomic
def user_setting_delete(*, user, account, key: str, actor=None, via: str = Via.API) -> None:
    """Return the key to its default by removing the user's record."""
    _delete_keyed(queryset=UserSettings.objects.for_account(account).filter(user=user),
                  key=key, actor=actor or user, account=account, via=via)


@transaction.atomic
def account_setting_save(*, account, key: str, value, actor, via: str = Via.API) -> SettingWrite:
    return _save_keyed(
        queryset=AccountSettings.objects.for_account(account),
        create=lambda **kw: AccountSettings.objects.create(account=account, **kw),
        schemas=ACCOUNT_SETTINGS_SCHEMAS, key=key, value=value, actor=actor, account=account, via=via,
    )


@transaction.atomic
def account_setting_delete(*, account, key: str, actor, via: str = Via.API) -> None:
    _delete_keyed(queryset=AccountSettings.objects.for_account(account), key=key, actor=actor, account=account,
                  via=via)


def clean_override(*, integration_type: str, data: dict) -> tuple[AIModelConfig | None, dict, list[str]]:
    kind = integration_type_kind(integration_type)
    if not isinstance(data, dict):
        raise SettingsValidationError("The override must be a JSON object.", extra={"field": "config"})
    check_storable(data)  # NUL, lone surrogates, deep nesting: a 400 naming the path, never a 500
    cleaned, ignored = strip_secrets(data)
    model_id = cleaned.pop("model", None)
    if kind == "provider":
        if model_id is not None:
            raise SettingsValidationError("model: choose models under text_generation or image_generation.",
                                          extra={"field": "model"})
        _validate_provider_options(integration_type, cleaned)
        return None, cleaned, ignored
    validate_value(schema=INTEGRATION_SCHEMAS[integration_type], value=cleaned, field="")
    model = None if model_id is None else override_model(model_id=model_id, model_type=kind)
    return model, cleaned, ignored


def _validate_provider_options(provider_id: str, options: dict) -> None:
    """Only what the provider's adapter applies may be stored; the error says what it takes."""
    schema = provider_schema(provider_id)
    try:
        validate_value(schema=schema, value=options, field="")
    except SettingsValidationError as exc:
        takes = ", ".join(schema["properties"]) or "no parameters"
        raise SettingsValidationError(f"{exc.message} Provider '{provider_id}' takes: {takes}.",
                                      extra={**exc.extra, "accepted_fields": list(schema["properties"])}) from None


@transaction.atomic
def integration_settings_put(*, account, integration_type: str, data: dict, actor, via: str = Via.API) -> SettingWrite:
    """Replace the account's override for one integration type (docs/requirements.md §5 "Integration Override
    Pattern"): secrets are stripped and reported, the model must be active and of the right type."""
    if account is None:
        raise ApplicationError("Integration overrides belong to an account.")
    model, config, ignored = clean_override(integration_type=integration_type, data=data)
    _lock_account(account)
    record = IntegrationSettings.objects.for_account(account).select_for_update().filter(
        integration_type=integration_type).first()
    old = integration_snapshot(record)
    if record is None:
        record = IntegrationSettings(account=account, integration_type=integration_type)
    record.model, record.config = model, config
    new = {"model": record.model_id, "config": config}
    if old != new:
        record.save()
    audit_write(actor=actor, account=account, record=record, key=integration_type, old=old, new=new, via=via)
    return SettingWrite(record=record, created=old is None, ignored_fields=ignored)


@transaction.atomic
def global_settings_save(*, row: GlobalIntegrationSettings, actor, via: str = Via.ADMIN) -> GlobalIntegrationSettings:
    """Save the platform row (admin, import) and audit the fields that changed."""
    row.full_clean()
    stored = GlobalIntegrationSettings.objects.select_for_update().get(pk=row.pk)
    old, new = global_snapshot(stored), global_snapshot(row)
    if old != new:
        row.save()
        audit_write(actor=actor, account=None, record=row, key="global", old=old, new=new, via=via)
    return row


@transaction.atomic
def integration_settings_delete(*, record: IntegrationSettings, actor, via: str = Via.ADMIN) -> None:
    """Remove an account's override altogether (the platform defaults apply again)."""
    old, pk = integration_snapshot(record), record.pk
    record.delete()
    record.pk = pk
    audit_write(actor=actor, account=record.account, record=record, key=record.integration_type, old=old, new=None,
                via=via)


# --- providers: an operator's non-secret settings, audited like every other setting ---------

PROVIDER_SETTINGS = ("api_endpoint", "is_active", "config")


def provider_settings_snapshot(provider: IntegrationProvider) -> dict:
    """The non-secret settings an operator changes, as the audit log records them."""
    return {name: getattr(provider, name) for name in PROVIDER_SETTINGS}


@transaction.atomic
def provider_configure(*, provider_id: str, changes: dict, actor, via: str) -> IntegrationProvider:
    """Set a provider's api_endpoint, is_active and/or config (validated, never a secret). The save
    bumps the catalog's stamp, so every process reloads it; a real change is written to the settings
    audit log (who, when, old and new values)."""
    provider = IntegrationProvider.objects.select_for_update().filter(pk=provider_id).first()
    if provider is None:
        raise ProviderNotFound(f"No provider '{provider_id}' is configured.")
    changes = change_clean(provider_id=provider.pk, changes=changes)
    before = provider_settings_snapshot(provider)
    for name, value in changes.items():
        setattr(provider, name, value)
    after = provider_settings_snapshot(provider)
    if after != before:
        provider.save(update_fields=[*changes, "updated_at"])
        SettingsAuditLog.objects.create(
            actor=actor if getattr(actor, "is_authenticated", False) else None, account=None,
            record_type=IntegrationProvider.__name__, record_key=provider.pk, action=SettingsAuditLog.Action.UPDATE,
            via=via, old_value=before, new_value=after,
        )
    return provider
