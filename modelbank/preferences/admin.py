"""Admin for the three settings tiers and the read-only audit log (docs/requirements.md §5).

Every save goes through the services, so the admin validates, strips secrets and audits
exactly as the API does.
"""

from django import forms
from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse

from modelbank.catalog.forms import AIModelChoiceField
from modelbank.common.admin import ReadOnlyAdmin
from modelbank.common.errors import ApplicationError
from modelbank.preferences import services
from modelbank.preferences.audit import Via
from modelbank.preferences.models import (
    MODEL_TYPE_OF_INTEGRATION,
    AccountSettings,
    GlobalIntegrationSettings,
    IntegrationSettings,
    SettingsAuditLog,
    UserSettings,
)
from modelbank.preferences.schemas import ACCOUNT_SETTINGS_SCHEMAS


@admin.register(GlobalIntegrationSettings)
class GlobalIntegrationSettingsAdmin(admin.ModelAdmin):
    """The singleton: editable, never added or deleted; the list goes straight to the row."""

    list_display = ["__str__", "image_style", "image_quality", "max_in_article_images", "default_temperature",
                    "default_max_tokens", "updated_at"]
    readonly_fields = ["updated_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def changelist_view(self, request, extra_context=None):
        row = GlobalIntegrationSettings.objects.first()
        if row is None:
            return super().changelist_view(request, extra_context)
        return redirect(reverse("admin:preferences_globalintegrationsettings_change", args=[row.pk]))

    def save_model(self, request, obj, form, change):
        services.global_settings_save(row=obj, actor=request.user, via=Via.ADMIN)


class AuditedDeletesMixin:
    """Bulk delete would bypass the services and their audit rows: deletes go one by one."""

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class IntegrationSettingsForm(forms.ModelForm):
    """The model dropdown offers only active models of the row's type, labelled with price."""

    model = AIModelChoiceField(required=False, help_text="Empty: the platform default model.")

    class Meta:
        model = IntegrationSettings
        fields = ["account", "integration_type", "model", "config"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model_type = MODEL_TYPE_OF_INTEGRATION.get(self.instance.integration_type or "")
        if model_type:
            self.fields["model"] = AIModelChoiceField(model_type=model_type, required=False,
                                                      help_text="Empty: the platform default model.")

    def override_data(self) -> dict:
        model = self.cleaned_data.get("model")
        return {**(self.cleaned_data.get("config") or {}), **({"model": model.pk} if model else {})}

    def clean(self):
        cleaned = super().clean()
        integration_type = cleaned.get("integration_type") or self.instance.integration_type
        if integration_type:
            try:
                services.clean_override(integration_type=integration_type, data=self.override_data())
            except ApplicationError as exc:
                raise forms.ValidationError(exc.message) from exc
        return cleaned


@admin.register(IntegrationSettings)
class IntegrationSettingsAdmin(AuditedDeletesMixin, admin.ModelAdmin):
    form = IntegrationSettingsForm
    list_display = ["account", "integration_type", "model", "config", "updated_at"]
    list_filter = ["integration_type"]
    search_fields = ["account__name", "integration_type"]
    list_select_related = ["account", "model"]

    def get_readonly_fields(self, request, obj=None):
        return ["account", "integration_type"] if obj else []

    def save_model(self, request, obj, form, change):
        write = services.integration_settings_put(account=obj.account, integration_type=obj.integration_type,
                                                  data=form.override_data(), actor=request.user, via=Via.ADMIN)
        obj.pk = write.record.pk

    def delete_model(self, request, obj):
        services.integration_settings_delete(record=obj, actor=request.user, via=Via.ADMIN)


class _KeyedSettingsForm(forms.ModelForm):
    schemas = ACCOUNT_SETTINGS_SCHEMAS

    def clean(self):
        cleaned = super().clean()
        key = cleaned.get("key") or self.instance.key
        if key:
            try:
                services.clean_value(schemas=self.schemas, key=key, value=cleaned.get("value"))
            except ApplicationError as exc:
                raise forms.ValidationError(exc.message) from exc
        return cleaned


class AccountSettingsForm(_KeyedSettingsForm):
    class Meta:
        model = AccountSettings
        fields = ["account", "key", "value"]


class UserSettingsForm(_KeyedSettingsForm):
    schemas = services.SETTINGS_SCHEMAS

    class Meta:
        model = UserSettings
        fields = ["user", "account", "key", "value"]


@admin.register(AccountSettings)
class AccountSettingsAdmin(AuditedDeletesMixin, admin.ModelAdmin):
    form = AccountSettingsForm
    list_display = ["account", "key", "updated_at"]
    list_filter = ["key"]
    search_fields = ["account__name"]

    def get_readonly_fields(self, request, obj=None):
        return ["account", "key"] if obj else []

    def save_model(self, request, obj, form, change):
        write = services.account_setting_save(account=obj.account, key=obj.key, value=form.cleaned_data["value"],
                                              actor=request.user, via=Via.ADMIN)
        obj.pk = write.record.pk

    def delete_model(self, request, obj):
        services.account_setting_delete(account=obj.account, key=obj.key, actor=request.user, via=Via.ADMIN)


@admin.register(UserSettings)
class UserSettingsAdmin(AuditedDeletesMixin, admin.ModelAdmin):
    form = UserSettingsForm
    list_display = ["user", "account", "key", "updated_at"]
    list_filter = ["key"]
    search_fields = ["user__username", "account__name"]
    raw_id_fields = ["user"]

    def get_readonly_fields(self, request, obj=None):
        return ["user", "account", "key"] if obj else []

    def save_model(self, request, obj, form, change):
        write = services.user_setting_save(user=obj.user, account=obj.account, key=obj.key,
                                           value=form.cleaned_data["value"], actor=request.user, via=Via.ADMIN)
        obj.pk = write.record.pk

    def delete_model(self, request, obj):
        services.user_setting_delete(user=obj.user, account=obj.account, key=obj.key, actor=request.user,
                                     via=Via.ADMIN)


@admin.register(SettingsAuditLog)
class SettingsAuditLogAdmin(ReadOnlyAdmin):
    """Read-only: the trail is append-only."""

    list_display = ["created_at", "actor", "account", "record_type", "record_key", "action", "via"]
    list_filter = ["record_type", "action", "via"]
    search_fields = ["record_key", "account__name", "actor__username"]
    date_hierarchy = "created_at"
