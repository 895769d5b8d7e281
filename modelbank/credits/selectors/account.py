"""An account's own credit rows; every query is scoped with ``for_account``."""

from datetime import date

from django.db.models import QuerySet, Sum

from modelbank.accounts.models import Account
from modelbank.credits.models import CreditAccount, CreditTransaction, CreditUsageDaily, CreditUsageLog


def credit_balance(*, account: Account) -> dict:
    row = CreditAccount.objects.for_account(account).values("balance", "reserved").first()
    balance, reserved = (row["balance"], row["reserved"]) if row else (0, 0)
    return {"balance": balance, "reserved": reserved, "available": balance - reserved}


def _dated(queryset: QuerySet, since: date | None, until: date | None, field: str = "created_at__date") -> QuerySet:
    if since:
        queryset = queryset.filter(**{f"{field}__gte": since})
    if until:
        queryset = queryset.filter(**{f"{field}__lte": until})
    return queryset


def credit_transactions(*, account: Account, transaction_type: str | None = None, since: date | None = None,
                        until: date | None = None) -> QuerySet[CreditTransaction]:
    queryset = CreditTransaction.objects.for_account(account).order_by("-id")
    if transaction_type:
        queryset = queryset.filter(transaction_type=transaction_type)
    return _dated(queryset, since, until)


def credit_usage_logs(*, account: Account, model: str | None = None, operation_type: str | None = None,
                      since: date | None = None, until: date | None = None) -> QuerySet[CreditUsageLog]:
    queryset = CreditUsageLog.objects.for_account(account).select_related("model").order_by("-id")
    if model:
        queryset = queryset.filter(model__model_name=model)
    if operation_type:
        queryset = queryset.filter(operation_type=operation_type)
    return _dated(queryset, since, until)


SUMMARY_BY = {"model": "model__model_name", "operation": "operation_type"}


def credit_usage_summary(*, account: Account, since: date, until: date, by: str = "model") -> list[dict]:
    """Credits per day per model (or per operation: what a customer did, not which model did it),
    for charts (from the daily rollup)."""
    column = SUMMARY_BY[by]
    rows = (
        _dated(CreditUsageDaily.objects.for_account(account), since, until, field="day")
        .values("day", column)
        .annotate(credits=Sum("credits_used"), count=Sum("usage_count"), uncharged=Sum("uncharged_credits"))
        .order_by("day", column)
    )
    return [{"day": r["day"], by: r[column], "credits": r["credits"], "count": r["count"],
             "uncharged_credits": r["uncharged"]} for r in rows]
