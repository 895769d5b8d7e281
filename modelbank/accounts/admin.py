from django.contrib import admin

from modelbank.accounts.models import Account, ApiToken, Membership
from modelbank.accounts.services import account_low_balance_threshold_set


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ["id", "name", "is_active", "low_balance_threshold", "created_at"]
    search_fields = ["name"]
    inlines = [MembershipInline]
    readonly_fields = ["low_balance_notified_at"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "low_balance_threshold":
            kwargs["min_value"] = 1  # 0 could never be crossed: balances are never negative
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if "low_balance_threshold" in form.changed_data:
            account_low_balance_threshold_set(account=obj, threshold=obj.low_balance_threshold)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are shown by name and last four characters; the hash is never displayed."""

    list_display = ["name", "user", "account", "masked", "created_at", "last_used_at", "revoked_at"]
    fields = ["user", "account", "name", "masked", "allowed_models", "created_at", "last_used_at", "revoked_at"]
    readonly_fields = ["user", "account", "masked", "created_at", "last_used_at"]

    @admin.display(description="token")
    def masked(self, obj) -> str:
        return f"…{obj.last4}"

    def has_add_permission(self, request) -> bool:
        return False  # tokens are issued by `create_account` or the API, where the raw value is shown once
