"""The "Credits" admin group. The ledger, usage logs, holds, balances and rollups are
read-only here: balances change only through the services (grant_credits, the staff API),
and corrections are new ledger rows."""

from django.contrib import admin

from modelbank.common.admin import ReadOnlyAdmin
from modelbank.credits.models import (
    CreditAccount,
    CreditCostConfig,
    CreditHold,
    CreditTransaction,
    CreditUsageDaily,
    CreditUsageLog,
    Payment,
    UsageLimit,
)
from modelbank.credits.services.limit_settings import LIMIT_FIELDS


@admin.register(CreditCostConfig)
class CreditCostConfigAdmin(admin.ModelAdmin):
    list_display = ["operation_type", "display_name", "billing_unit", "min_credits", "price_per_credit_usd",
                    "tokens_per_credit", "is_active"]
    list_filter = ["is_active", "billing_unit"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # deactivate instead: usage logs name operations


@admin.register(CreditAccount)
class CreditAccountAdmin(ReadOnlyAdmin):
    list_display = ["account", "balance", "reserved", "available", "updated_at"]
    search_fields = ["account__name"]


@admin.register(CreditTransaction)
class CreditTransactionAdmin(ReadOnlyAdmin):
    list_display = ["id", "account", "transaction_type", "amount", "balance_after", "operation_type", "user",
                    "created_at"]
    list_filter = ["transaction_type", "operation_type"]
    search_fields = ["account__name", "idempotency_key", "description"]
    date_hierarchy = "created_at"
    list_select_related = ["account", "user"]


@admin.register(CreditUsageLog)
class CreditUsageLogAdmin(ReadOnlyAdmin):
    list_display = ["id", "account", "operation_type", "model", "credits_used", "uncharged_credits", "usage_estimated",
                    "cost_usd", "price_per_credit_usd", "created_at"]
    list_filter = ["operation_type", "provider", "model", "usage_estimated"]
    search_fields = ["account__name", "request_id"]
    date_hierarchy = "created_at"
    list_select_related = ["account", "model"]


@admin.register(CreditHold)
class CreditHoldAdmin(ReadOnlyAdmin):
    list_display = ["id", "account", "amount", "status", "settled_amount", "operation_type", "expires_at"]
    list_filter = ["status", "operation_type"]
    list_select_related = ["account"]


@admin.register(CreditUsageDaily)
class CreditUsageDailyAdmin(ReadOnlyAdmin):
    list_display = ["day", "account", "model", "operation_type", "usage_count", "credits_used", "uncharged_credits",
                    "revenue_usd", "cost_usd"]
    list_filter = ["operation_type", "provider"]
    date_hierarchy = "day"


@admin.register(Payment)
class PaymentAdmin(ReadOnlyAdmin):
    list_display = ["id", "account", "provider", "external_id", "amount_usd", "status", "created_at"]
    search_fields = ["external_id", "account__name"]


@admin.register(UsageLimit)
class UsageLimitAdmin(admin.ModelAdmin):
    """Budgets (credits per UTC day and month) and rate limits (per minute) of an account, one of
    its users, or one of its API tokens: set the account and at most one of user and token."""

    list_display = ["account", "scope", "user", "api_token", *LIMIT_FIELDS, "updated_at"]
    list_filter = ["account"]
    raw_id_fields = ["account", "user", "api_token"]
    fields = ["account", "user", "api_token", *LIMIT_FIELDS]
