from django.contrib import admin, messages

from modelbank.catalog.forms import AIModelConfigForm, IntegrationProviderForm
from modelbank.catalog.models import AIModelConfig, IntegrationProvider, PriceChange
from modelbank.catalog.services import model_make_default, models_set_active
from modelbank.common.admin import ReadOnlyAdmin
from modelbank.common.errors import ApplicationError


@admin.register(AIModelConfig)
class AIModelConfigAdmin(admin.ModelAdmin):
    form = AIModelConfigForm
    list_display = ["model_name", "display_name", "model_type", "provider", "price", "credits", "quality_tier",
                    "is_active", "is_default", "sort_order"]
    list_filter = ["model_type", "provider", "is_active", "is_default", "quality_tier"]
    search_fields = ["model_name", "display_name"]
    ordering = ["model_type", "sort_order", "model_name"]
    actions = ["activate", "deactivate", "make_default"]
    readonly_fields = ["created_at", "updated_at"]

    @admin.display(description="price")
    def price(self, obj: AIModelConfig) -> str:
        return obj.choice_label.partition(" - ")[2] or "—"

    @admin.display(description="credits")
    def credits(self, obj: AIModelConfig) -> str:
        if obj.model_type == AIModelConfig.ModelType.IMAGE:
            return f"{obj.credits_per_image}/image"
        return f"{obj.tokens_per_credit} tokens/credit" if obj.tokens_per_credit else "—"

    @admin.action(description="Activate selected models", permissions=["change"])
    def activate(self, request, queryset):
        count = models_set_active(models=list(queryset), active=True)
        self.message_user(request, f"Activated {count} model(s).")

    @admin.action(description="Deactivate selected models", permissions=["change"])
    def deactivate(self, request, queryset):
        count = models_set_active(models=list(queryset), active=False)
        self.message_user(request, f"Deactivated {count} model(s).")

    @admin.action(description="Make the selected model the default of its type", permissions=["change"])
    def make_default(self, request, queryset):
        if queryset.count() != 1:
            self.message_user(request, "Select exactly one model to make default.", level=messages.ERROR)
            return
        try:
            model = model_make_default(model=queryset.get())
        except ApplicationError as exc:
            self.message_user(request, exc.message, level=messages.ERROR)
            return
        self.message_user(request, f"{model.model_name} is now the default {model.model_type} model.")


@admin.register(IntegrationProvider)
class IntegrationProviderAdmin(admin.ModelAdmin):
    """Secrets show only as "set, ends in 1234" or "not set"; inputs are write-only."""

    form = IntegrationProviderForm
    list_display = ["provider_id", "display_name", "provider_type", "is_active", "api_key_status", "updated_at"]
    list_filter = ["provider_type", "is_active"]
    search_fields = ["provider_id", "display_name"]

    def get_fields(self, request, obj=None):
        return ["provider_id", "display_name", "provider_type", "api_endpoint", "is_active", "config",
                "new_api_key", "new_api_secret", "new_webhook_secret", "clear_secrets"]

    def get_readonly_fields(self, request, obj=None):
        return ["provider_id"] if obj else []

    @admin.display(description="API key")
    def api_key_status(self, obj: IntegrationProvider) -> str:
        return obj.api_key.hint()


@admin.register(PriceChange)
class PriceChangeAdmin(ReadOnlyAdmin):
    """The audit trail of `import_prices --apply`: who changed which prices, from what to what."""

    list_display = ["created_at", "model", "changed_fields", "source", "actor"]
    list_filter = ["actor"]
    search_fields = ["model__model_name", "source", "actor"]
    list_select_related = ["model"]

    @admin.display(description="changes")
    def changed_fields(self, obj: PriceChange) -> str:
        return "; ".join(f"{field} {old or 'none'} -> {new}" for field, (old, new) in obj.changes.items())
