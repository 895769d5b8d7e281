"""What members see of their limits, and usage broken down by API token."""

from datetime import date, datetime, time, timedelta

from django.db.models import Count, Max, Sum
from django.utils import timezone

from modelbank.accounts.models import Account, ApiToken
from modelbank.credits.models import CreditUsageLog, UsageLimit
from modelbank.credits.services import limits as enforcement


def limits_overview(*, account: Account, user=None, api_token=None) -> list[dict]:
    """The limits that apply to the caller, each with what is used of it now. A call made with
    an API token sees that token's limits; one without (the web UI) sees the limits of each of
    the caller's own live tokens in the account, since those bound what the caller's API calls may do."""
    caller = enforcement.Caller(account.pk, user.pk if user else None, api_token.pk if api_token else None)
    limits = enforcement.limits_for(caller)
    labels = {api_token.pk: api_token.name} if api_token else {}
    if api_token is None and user is not None:
        own = _own_token_limits(account=account, user=user)
        limits += own
        labels.update({limit.api_token_id: limit.api_token.name for limit in own if limit.api_token})
    now = timezone.now()
    return [_overview_row(limit, labels.get(limit.api_token_id), now) for limit in limits]


def _own_token_limits(*, account: Account, user) -> list[UsageLimit]:
    """The limits on the user's live API tokens in the account, each with its token (for the name)."""
    limits = UsageLimit.objects.filter(account=account, api_token__user=user, api_token__revoked_at__isnull=True)
    return list(limits.select_related("api_token").order_by("api_token__name", "id"))


def _overview_row(limit: UsageLimit, token_label: str | None, now: datetime) -> dict:
    today, month = enforcement.spent(limit, now)
    return {"id": limit.pk, "scope": limit.scope, "user_id": limit.user_id, "api_token_id": limit.api_token_id,
            "api_token_name": token_label,
            "credits_per_day": limit.credits_per_day, "credits_per_month": limit.credits_per_month,
            "requests_per_minute": limit.requests_per_minute, "tokens_per_minute": limit.tokens_per_minute,
            "credits_used_today": today, "credits_used_this_month": month, **enforcement.rate_usage(limit)}


def account_limits(*, account: Account):
    return UsageLimit.objects.filter(account=account).order_by("id")


def _start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def usage_by_token(*, account: Account, since: date, until: date) -> list[dict]:
    """Calls, credits and tokens per API token in [since, until] (UTC days); calls made without a
    token (jobs from the web UI) form one row with token None."""
    logs = CreditUsageLog.objects.for_account(account).filter(
        created_at__gte=_start(since), created_at__lt=_start(until) + timedelta(days=1))
    grouped = logs.values("api_token_id").annotate(
        calls=Count("id"), credits=Sum("credits_used"), input_tokens=Sum("input_tokens"),
        output_tokens=Sum("output_tokens"), last_call=Max("created_at")).order_by("api_token_id")
    tokens = {t.pk: t for t in ApiToken.objects.filter(account=account)}
    rows = []
    for row in grouped:
        token = tokens.get(row["api_token_id"])
        rows.append({"api_token": row["api_token_id"], "name": token.name if token else "",
                     "last4": token.last4 if token else "", "calls": row["calls"], "credits": row["credits"] or 0,
                     "input_tokens": row["input_tokens"] or 0, "output_tokens": row["output_tokens"] or 0,
                     "last_call": row["last_call"]})
    return rows
