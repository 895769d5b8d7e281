"""Budgets (credits per UTC day and month) and rate limits (requests and tokens per minute) for
an account, its users and its API tokens (UsageLimit).

Budgets are checked by the reserve, under the account's row lock: every reserve and settle of
the account waits on that lock, so what was spent or held when the check reads it stays true
until the hold is written (the same reason the settle locks first, see settle_sql). Spent means
settled charges of the period plus every open hold, so concurrent calls cannot each pass on
the same remainder. A settle may still charge usage above its hold (holds are worst cases, so
this is rare): the next reserve then sees the budget used up.

Rate limits are counted in Django's cache: Redis when REDIS_URL is set (one INCR, atomic
across processes), else this process's memory (`make run`'s single server). Fixed one-minute
windows; a refused request is counted too, so a client that hammers stays refused until the
window turns.
"""

import time
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.cache import cache
from django.db.models import Q, Sum

from modelbank.common.errors import ApplicationError
from modelbank.common.versioned_cache import VersionedCache, bump_stamp
from modelbank.credits.models import CreditHold, CreditUsageDaily, CreditUsageLog, UsageLimit

LIMITS_STAMP = "usage_limits"
WINDOW_SECONDS = 60


def _load() -> dict[tuple, UsageLimit]:
    return {_key(limit.account_id, limit.user_id, limit.api_token_id): limit for limit in UsageLimit.objects.all()}


_limits: VersionedCache[dict[tuple, UsageLimit]] = VersionedCache(LIMITS_STAMP, _load)


def _key(account_id: int, user_id: int | None, token_id: int | None) -> tuple:
    if token_id:
        return ("token", token_id)
    return ("user", account_id, user_id) if user_id else ("account", account_id)


def usage_limits_changed() -> None:
    bump_stamp(LIMITS_STAMP)


@dataclass(frozen=True)
class Caller:
    """Who a call is charged to: the account, and the user and API token when known."""

    account_id: int
    user_id: int | None = None
    token_id: int | None = None


def limits_for(caller: Caller) -> list[UsageLimit]:
    """The limits that apply to a call: the account's, the user's and the token's, if set."""
    found = _limits.get()
    keys = [_key(caller.account_id, None, None)]
    if caller.user_id:
        keys.append(_key(caller.account_id, caller.user_id, None))
    if caller.token_id:
        keys.append(_key(caller.account_id, None, caller.token_id))
    return [found[key] for key in keys if key in found]


def has_budget(limits: list[UsageLimit]) -> bool:
    return any(limit.credits_per_day or limit.credits_per_month for limit in limits)


class BudgetExceeded(ApplicationError):
    """402, like running out of credits: the call would take a budget past its limit."""

    status = 402
    code = "budget_exceeded"


class RateLimitExceeded(ApplicationError):
    status = 429
    code = "rate_limit_exceeded"

    def __init__(self, message: str, *, retry_after: int, extra: dict):
        super().__init__(message, extra={**extra, "retry_after": retry_after})
        self.retry_after = retry_after


SCOPE_NAMES = {"account": "account's", "user": "user's", "token": "API token's"}


# --- budgets (call with the account's row locked) ------------------------------------------

def period_starts(now: datetime) -> tuple[datetime, datetime]:
    """The starts of the UTC day and month of ``now``."""
    day = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    return day, day.replace(day=1)


def spent(limit: UsageLimit, now: datetime) -> tuple[int, int]:
    """Credits charged today and this month (UTC) in the limit's scope, plus its open holds."""
    day_start, month_start = period_starts(now)
    held = _open_holds(limit)
    if limit.scope == "account":
        rows = CreditUsageDaily.objects.filter(account_id=limit.account_id, day__gte=month_start.date())
        sums = rows.aggregate(day=Sum("credits_used", filter=Q(day=day_start.date())), month=Sum("credits_used"))
    else:
        logs = CreditUsageLog.objects.filter(created_at__gte=month_start, **_scope_filter(limit))
        sums = logs.aggregate(day=Sum("credits_used", filter=Q(created_at__gte=day_start)), month=Sum("credits_used"))
    return (sums["day"] or 0) + held, (sums["month"] or 0) + held


def _scope_filter(limit: UsageLimit) -> dict:
    if limit.scope == "token":
        return {"api_token_id": limit.api_token_id}
    return {"account_id": limit.account_id, "user_id": limit.user_id}


def _open_holds(limit: UsageLimit) -> int:
    scope = {"account_id": limit.account_id} if limit.scope == "account" else _scope_filter(limit)
    held = CreditHold.objects.filter(status=CreditHold.Status.OPEN, **scope).aggregate(total=Sum("amount"))
    return held["total"] or 0


def budgets_check(limits: list[UsageLimit], credits: int, now: datetime) -> None:
    """Refuse (402) a hold of ``credits`` that would take any budget past its limit."""
    for limit in limits:
        if not (limit.credits_per_day or limit.credits_per_month):
            continue
        today, month = spent(limit, now)
        for period, used, most in (("daily", today, limit.credits_per_day), ("monthly", month, limit.credits_per_month)):
            if most and used + credits > most:
                raise BudgetExceeded(
                    f"The {SCOPE_NAMES[limit.scope]} {period} budget of {most} credits would be exceeded: "
                    f"{used} credits are used or held this {'day' if period == 'daily' else 'month'} (UTC) "
                    f"and this call needs up to {credits}.",
                    extra={"limit": f"{limit.scope}_credits_per_{'day' if period == 'daily' else 'month'}",
                           "budget": most, "used": used, "needed": credits},
                )


# --- rate limits ----------------------------------------------------------------------------

def _window(now: float) -> tuple[int, int]:
    """The current window's number and the whole seconds until the next one starts."""
    window = int(now // WINDOW_SECONDS)
    return window, max(1, int((window + 1) * WINDOW_SECONDS - now + 0.999))


def _counter(limit: UsageLimit, kind: str, window: int) -> str:
    return f"mb:rl:{':'.join(map(str, _key(limit.account_id, limit.user_id, limit.api_token_id)))}:{kind}:{window}"


def _add(key: str, amount: int) -> int:
    cache.add(key, 0, WINDOW_SECONDS * 2)
    try:
        return cache.incr(key, amount)
    except ValueError:  # evicted between add and incr: start the window again
        cache.set(key, amount, WINDOW_SECONDS * 2)
        return amount


def rate_check(limits: list[UsageLimit], *, now: float | None = None) -> None:
    """Count one request against every requests-per-minute limit, and refuse (429) when one is
    over, or when a tokens-per-minute limit was already used up in this minute."""
    window, retry_after = _window(time.time() if now is None else now)
    for limit in limits:
        if limit.requests_per_minute:
            count = _add(_counter(limit, "requests", window), 1)
            if count > limit.requests_per_minute:
                raise RateLimitExceeded(
                    f"The {SCOPE_NAMES[limit.scope]} limit of {limit.requests_per_minute} requests per minute "
                    f"was reached; try again in {retry_after} s.", retry_after=retry_after,
                    extra={"limit": f"{limit.scope}_requests_per_minute", "requests_per_minute": limit.requests_per_minute})
        if limit.tokens_per_minute:
            used = cache.get(_counter(limit, "tokens", window)) or 0
            if used >= limit.tokens_per_minute:
                raise RateLimitExceeded(
                    f"The {SCOPE_NAMES[limit.scope]} limit of {limit.tokens_per_minute} tokens per minute "
                    f"was reached ({used} used); try again in {retry_after} s.", retry_after=retry_after,
                    extra={"limit": f"{limit.scope}_tokens_per_minute", "tokens_per_minute": limit.tokens_per_minute})


def tokens_record(limits: list[UsageLimit], tokens: int, *, now: float | None = None) -> None:
    """Count the tokens a finished call used against the tokens-per-minute limits."""
    if tokens <= 0:
        return
    window, _ = _window(time.time() if now is None else now)
    for limit in limits:
        if limit.tokens_per_minute:
            _add(_counter(limit, "tokens", window), tokens)


def rate_usage(limit: UsageLimit, *, now: float | None = None) -> dict:
    """This minute's requests and tokens in the limit's scope (what members see)."""
    window, resets_in = _window(time.time() if now is None else now)
    return {"requests_this_minute": cache.get(_counter(limit, "requests", window)) or 0,
            "tokens_this_minute": cache.get(_counter(limit, "tokens", window)) or 0, "window_resets_in": resets_in}
