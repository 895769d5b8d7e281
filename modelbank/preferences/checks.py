"""`manage.py check` reports overrides that point at a model that is no longer usable.

Resolution already falls back to the next tier (finally the catalog default) for such an
override, so these are warnings: the platform works, but not as the account chose. A provider
override stored before its fields were checked may hold fields no call uses (W003).
"""

from django.core import checks
from django.db import DatabaseError

from modelbank.catalog.models import AIModelConfig
from modelbank.preferences.models import MODEL_TYPE_OF_INTEGRATION, IntegrationSettings, UserSettings
from modelbank.preferences.resolution import usable_options
from modelbank.preferences.services import AI_SETTINGS_MODEL_FIELDS


def _usable(model: AIModelConfig | None, model_type: str) -> bool:
    return model is not None and model.is_active and model.model_type == model_type


def _account_overrides() -> list[checks.Warning]:
    found = []
    rows = IntegrationSettings.objects.filter(model__isnull=False).select_related("model", "account")
    for row in rows.order_by("account_id", "integration_type"):
        model_type = MODEL_TYPE_OF_INTEGRATION.get(row.integration_type)
        if model_type and not _usable(row.model, model_type):
            found.append(checks.Warning(
                f"Account {row.account_id} ({row.account}) overrides {row.integration_type} with "
                f"'{row.model.model_name}', which is not an active {model_type} model; the default is used instead.",
                id="preferences.W001", obj=row,
                hint="Reactivate the model, or change or clear the account's override in the admin."))
    return found


def _user_overrides() -> list[checks.Warning]:
    models = {m.pk: m for m in AIModelConfig.objects.all()}
    found = []
    for row in UserSettings.objects.filter(key="ai_settings").order_by("account_id", "user_id"):
        for name, model_type in AI_SETTINGS_MODEL_FIELDS.items():
            model_id = (row.value or {}).get(name)
            if model_id is not None and not _usable(models.get(model_id), model_type):
                found.append(checks.Warning(
                    f"User {row.user_id} in account {row.account_id}: ai_settings.{name}={model_id} is not an "
                    f"active {model_type} model; the next tier's model is used instead.",
                    id="preferences.W002", obj=row, hint="The user can pick another model in their AI settings."))
    return found


def _provider_overrides() -> list[checks.Warning]:
    found = []
    rows = IntegrationSettings.objects.exclude(integration_type__in=list(MODEL_TYPE_OF_INTEGRATION))
    for row in rows.order_by("account_id", "integration_type"):
        unused = sorted(set(row.config or {}) - set(usable_options(row.integration_type, row.config or {})))
        if unused:
            found.append(checks.Warning(
                f"Account {row.account_id}'s {row.integration_type} override holds fields no call uses: "
                f"{', '.join(unused)}.", id="preferences.W003", obj=row,
                hint="Save the override again without them (PUT integrations/<provider>/ says what it takes)."))
    return found


@checks.register("modelbank", deploy=False)
def check_settings_overrides(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    try:
        return [*_account_overrides(), *_user_overrides(), *_provider_overrides()]
    except DatabaseError:  # checks also run before `migrate`
        return []
