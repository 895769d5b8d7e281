"""Two-phase charging (TigerBeetle's pending transfers): reserve, then settle or release.

Lock order, everywhere: the account row, then the hold row, then new ledger/usage rows
(services.sql). A hold's state moves only from open, by one conditional UPDATE that first
locks the account, so a settle, a release and the sweeper can race and exactly one wins,
and a reserve replayed meanwhile never waits on the hold while holding the account.

Usage above the hold is charged by the settle's own statement as far as the available
balance covers it; what it cannot cover is recorded as ``uncharged_credits`` on the usage
log and in the daily rollup, and logged as a warning. Never silently dropped.
"""

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from modelbank.accounts.models import Account
from modelbank.catalog.models import AIModelConfig
from modelbank.catalog.usage import Usage
from modelbank.common.money import whole_credits
from modelbank.credits.models import CreditHold, CreditTransaction, CreditUsageLog
from modelbank.credits.models.usage import to_nanousd
from modelbank.credits.services import alerts, limits, settle_sql, sql
from modelbank.credits.services.costs import cost_config
from modelbank.credits.services.errors import HoldNotOpen, InsufficientCredits
from modelbank.credits.services.ledger import _caller_key, loaded, positive_credits, replay, within_limit
from modelbank.credits.services.usage import rollup_key_values, usage_log_values, usage_log_write

logger = logging.getLogger(__name__)
Status = CreditHold.Status


def hold_expiry() -> timedelta:
    """Generous by default: a slow image call must not lose its hold mid-flight."""
    return timedelta(seconds=settings.CREDITS_HOLD_EXPIRY_SECONDS)


def credit_reserve(*, account: Account, credits: int, operation_type: str, idempotency_key: str, user=None,
                   api_token=None, expires_in: timedelta | None = None, description: str = "",
                   metadata: dict | None = None) -> CreditHold:
    """Hold ``credits`` of the available balance before a provider is called (402 if short,
    or if it would take a budget of the account, the user or the API token past its limit)."""
    cost_config(operation_type)  # an unknown operation fails before anything is held
    now = timezone.now()
    values = {
        "account_id": account.pk, "amount": positive_credits(credits), "status": Status.OPEN,
        "settled_amount": None, "operation_type": operation_type, "idempotency_key": _caller_key(idempotency_key),
        "user_id": user.pk if user else None, "api_token_id": api_token.pk if api_token else None,
        "description": description[:500], "metadata": metadata or {},
        "close_reason": "", "expires_at": now + (expires_in or hold_expiry()), "created_at": now, "closed_at": None,
    }
    caller = limits.Caller(account.pk, values["user_id"], values["api_token_id"])
    try:
        with _within_budgets(caller, credits, now, values["idempotency_key"]):
            row = sql.update_then_insert(sql.RESERVE, [credits, now, account.pk, credits, account.pk,
                                                       values["idempotency_key"]], CreditHold, values, None)
    except IntegrityError:
        existing = replay(CreditHold, values, ("amount", "operation_type"))
        if existing is None:
            raise
        return existing
    if row is None:
        existing = replay(CreditHold, values, ("amount", "operation_type"))
        if existing is not None:
            return existing
        raise InsufficientCredits(needed=credits, available=sql.available_credits(account.pk))
    return loaded(CreditHold, row[0], values)


@contextmanager
def _within_budgets(caller: limits.Caller, credits: int, now, key: str) -> Iterator[None]:
    """The reserve's transaction: one statement when no budget applies; else the account's lock,
    the budget check and the statement, so concurrent reserves cannot share one remainder.
    A replay of a key already held is never refused (it holds nothing new)."""
    applicable = limits.limits_for(caller)
    if not limits.has_budget(applicable):
        with sql.atomic_statement():
            yield
        return
    with transaction.atomic():
        sql.lock_account(caller.account_id)
        if not CreditHold.objects.filter(account_id=caller.account_id, idempotency_key=key).exists():
            limits.budgets_check(applicable, credits, now)
        yield


def credit_hold_grow(*, hold: CreditHold, credits: int) -> CreditHold:
    """Raise an open hold to ``credits`` before a dearer call (a fallback model): the difference
    is reserved like a new hold, 402 if the available balance or a budget cannot cover it.
    A hold already as large is returned as it is."""
    credits = positive_credits(credits)
    if credits <= hold.amount:
        return hold
    with transaction.atomic():
        sql.lock_account(hold.account_id)
        current = CreditHold.objects.get(pk=hold.pk)
        if current.status != Status.OPEN:
            raise HoldNotOpen(current)
        extra, now = credits - current.amount, timezone.now()
        limits.budgets_check(limits.limits_for(limits.Caller(hold.account_id, hold.user_id, hold.api_token_id)),
                             extra, now)
        if not sql.reserve_more(hold.account_id, extra, now):
            raise InsufficientCredits(needed=extra, available=sql.available_credits(hold.account_id))
        CreditHold.objects.filter(pk=hold.pk, status=Status.OPEN).update(amount=credits)
    hold.amount = credits
    return hold


def credit_settle(*, hold: CreditHold, credits: int, model: AIModelConfig, usage: Usage, cost_usd: Decimal,
                  provider_cost_usd: Decimal | None = None, request_id: str = "", user=None) -> CreditUsageLog:
    """Charge ``credits`` for the call the hold was for and free the hold, writing the ledger
    entry, the usage log and the daily rollup in one transaction. Above the hold, the settle
    also takes what the available balance covers; the rest is recorded as uncharged.
    Settling a settled hold returns its log."""
    within_limit(whole_credits(credits))
    price = cost_config(hold.operation_type).price_per_credit_usd
    if sql.is_postgres():
        return _settle_in_one_statement(hold=hold, credits=credits, model=model, usage=usage, cost_usd=cost_usd,
                                        provider_cost_usd=provider_cost_usd, request_id=request_id, user=user,
                                        price=price)
    with transaction.atomic():
        now = timezone.now()
        closed = sql.holds_close(hold.account_id, [hold.pk], status=Status.SETTLED,
                                 settled_amount=min(credits, hold.amount), reason="", now=now)
        if not closed:
            return _settled_log(hold)
        [(_, amount, available)] = closed
        # The account row is locked: what is available now stays available until commit.
        charged = min(credits, amount + available)
        tx_values = {**_deduction_values(hold, user, now), "amount": -charged}
        row = sql.update_then_insert(sql.SETTLE, [charged, amount, now, hold.account_id], CreditTransaction,
                                     tx_values, carry="balance_after")
        tx = loaded(CreditTransaction, row[0], {**tx_values, "balance_after": row[1]})
        alerts.balance_moved(account_id=hold.account_id, balance=row[1], amount=-charged)
        if credits > charged:
            _log_uncharged(hold, credits, charged)
        return usage_log_write(transaction=tx, hold=hold, user_id=tx.user_id, model=model, usage=usage,
                               cost_usd=cost_usd, provider_cost_usd=provider_cost_usd, price_per_credit_usd=price,
                               request_id=request_id, uncharged_credits=credits - charged)


def _settle_in_one_statement(*, hold: CreditHold, credits: int, model: AIModelConfig, usage: Usage,
                             cost_usd: Decimal, provider_cost_usd: Decimal | None, request_id: str, user,
                             price: Decimal) -> CreditUsageLog:
    """PostgreSQL: the same settle as above, as one statement after the account's lock (settle_sql)."""
    now = timezone.now()
    tx_values = _deduction_values(hold, user, now)  # amount and balance_after: the statement computes them
    log_values = usage_log_values(
        account_id=hold.account_id, user_id=tx_values["user_id"], operation_type=hold.operation_type, hold=hold,
        model=model, usage=usage, cost_usd=cost_usd, provider_cost_usd=provider_cost_usd,
        price_per_credit_usd=price, request_id=request_id, metadata=None, created_at=now)
    row = settle_sql.settle(account_id=hold.account_id, hold_id=hold.pk, credits=credits, now=now,
                            price_nanousd=to_nanousd(price), tx_values=tx_values, log_values=log_values,
                            rollup_values=rollup_key_values(log_values))
    if row is None:
        return _settled_log(hold)
    tx_id, amount, balance_after, log_id = row
    alerts.balance_moved(account_id=hold.account_id, balance=balance_after, amount=amount)
    charged = -amount
    if credits > charged:
        _log_uncharged(hold, credits, charged)
    return loaded(CreditUsageLog, log_id, {**log_values, "credits_used": charged,
                                           "uncharged_credits": credits - charged, "transaction_id": tx_id})


def _deduction_values(hold: CreditHold, user, now) -> dict:
    """The settle's ledger row but its amount and balance: one charge per hold, keyed by it."""
    return {
        "account_id": hold.account_id, "transaction_type": CreditTransaction.Type.DEDUCTION,
        "operation_type": hold.operation_type, "idempotency_key": f"hold:{hold.pk}", "payment_id": None,
        "hold_id": hold.pk, "user_id": _user_id(user, hold), "description": hold.description, "metadata": {},
        "created_at": now,
    }


def _log_uncharged(hold: CreditHold, credits: int, charged: int) -> None:
    logger.warning("credit hold %s: usage of %s credits exceeds the hold of %s and the account's available balance; "
                   "%s credits were not charged", hold.pk, credits, hold.amount, credits - charged)


def _user_id(user, hold: CreditHold):
    return user.pk if user is not None else hold.user_id


def _settled_log(hold: CreditHold) -> CreditUsageLog:
    current = CreditHold.objects.get(pk=hold.pk)
    if current.status != Status.SETTLED:
        raise HoldNotOpen(current)
    return CreditUsageLog.objects.get(hold_id=hold.pk)


def credit_release(*, hold: CreditHold, reason: str = "") -> CreditHold:
    """Free the whole hold (the call failed or was cancelled); a no-op unless it is open."""
    with transaction.atomic():
        now = timezone.now()
        closed = sql.holds_close(hold.account_id, [hold.pk], status=Status.RELEASED, settled_amount=None,
                                 reason=reason[:200], now=now)
        if closed:
            sql.unreserve(hold.account_id, closed[0][1], now)
    return CreditHold.objects.get(pk=hold.pk)
