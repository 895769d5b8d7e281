"""Staff set the budgets and rate limits of an account, one of its users or one of its tokens."""

from django.core.exceptions import ValidationError
from django.db import transaction

from modelbank.accounts.models import Account
from modelbank.common.errors import ApplicationError
from modelbank.credits.models import UsageLimit
from modelbank.credits.services.limits import usage_limits_changed

LIMIT_FIELDS = ("credits_per_day", "credits_per_month", "requests_per_minute", "tokens_per_minute")


def _checked(limit: UsageLimit) -> UsageLimit:
    """The model's own checks (one scope, inside the account): a user or token the account does
    not have is not found there (404); both at once is a 400."""
    try:
        limit.clean()
    except ValidationError as exc:
        status = 404 if {"user", "api_token"} & set(getattr(exc, "error_dict", {})) else 400
        raise ApplicationError(" ".join(exc.messages), status=status) from None
    return limit


@transaction.atomic
def usage_limit_set(*, account: Account, user_id: int | None = None, api_token_id: int | None = None,
                    **values: int | None) -> UsageLimit:
    """Create or replace the limits of one scope (every field given; None means no limit)."""
    unknown = set(values) - set(LIMIT_FIELDS)
    if unknown:
        raise ApplicationError(f"Unknown limit(s): {', '.join(sorted(unknown))}.")
    for name, value in values.items():
        if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
            raise ApplicationError(f"{name} must be a whole number of at least 1, or empty for no limit.",
                                   extra={"field": name})
    scope = {"account": account, "user_id": user_id or None, "api_token_id": api_token_id or None}
    limit = _checked(UsageLimit.objects.select_for_update().filter(**scope).first() or UsageLimit(**scope))
    for name in LIMIT_FIELDS:
        setattr(limit, name, values.get(name))
    limit.save()
    usage_limits_changed()
    return limit


@transaction.atomic
def usage_limit_delete(*, limit: UsageLimit) -> None:
    limit.delete()
    usage_limits_changed()
