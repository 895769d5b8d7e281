from django.contrib import admin

from modelbank.accounts.models import Account, ApiToken, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Account)
class AccountAdmin(admin.ModelAdmin):
    list_display = ["id", "name", "is_active", "created_at"]
    search_fields = ["name"]
    inlines = [MembershipInline]


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
