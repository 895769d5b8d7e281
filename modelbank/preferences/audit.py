"""The settings audit trail: one row per real change, never for a no-op write."""

from decimal import Decimal

from django.forms.models import model_to_dict

from modelbank.preferences.models import GlobalIntegrationSettings, IntegrationSettings, SettingsAuditLog

Via = SettingsAuditLog.Via
Action = SettingsAuditLog.Action


def audit_write(*, actor, account, record, key: str, old, new, via: str) -> SettingsAuditLog | None:
    """Record a create (old is None), update or delete (new is None); nothing if unchanged."""
    if old == new:
        return None
    action = Action.CREATE if old is None else Action.DELETE if new is None else Action.UPDATE
    return SettingsAuditLog.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        account=account, record_type=type(record).__name__, record_id=record.pk, record_key=key,
        action=action, via=via, old_value=old, new_value=new,
    )


def integration_snapshot(record: IntegrationSettings | None) -> dict | None:
    if record is None or record.pk is None:
        return None
    return {"model": record.model_id, "config": record.config}


GLOBAL_FIELDS = ("image_style", "image_quality", "max_in_article_images", "desktop_image_size",
                 "default_temperature", "default_max_tokens")


def global_snapshot(row: GlobalIntegrationSettings) -> dict:
    values = model_to_dict(row, fields=GLOBAL_FIELDS)
    # 0.7, "0.70" and Decimal("0.700") are one temperature: compare them in one form.
    values["default_temperature"] = str(Decimal(str(values["default_temperature"])).quantize(Decimal("0.01")))
    return values
