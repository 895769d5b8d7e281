"""The sweeper: open holds past their expiry are freed (TigerBeetle's pending timeout)."""

from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from modelbank.credits.models import CreditHold
from modelbank.credits.services import sql

BATCH = 500


def _expire_account(account_id: int, hold_ids: list[int], now) -> int:
    """One account's expired holds, closed and unreserved in a short transaction that locks
    the account first (the ledger's one lock order), so it can run beside settles, releases
    and other sweepers."""
    with transaction.atomic():
        closed = sql.holds_close(account_id, hold_ids, status=CreditHold.Status.EXPIRED, settled_amount=None,
                                 reason="expired", now=now)
        if closed:
            sql.unreserve(account_id, sum(amount for _, amount, _ in closed), now)
    return len(closed)


def _expire_batch(now) -> tuple[int, int]:
    """(holds found past expiry, holds this call expired); a settle may close some first."""
    candidates = (CreditHold.objects.filter(status=CreditHold.Status.OPEN, expires_at__lte=now)
                  .order_by("id").values_list("id", "account_id")[:BATCH])
    by_account: dict[int, list[int]] = defaultdict(list)
    for hold_id, account_id in candidates:
        by_account[account_id].append(hold_id)
    expired = sum(_expire_account(account_id, by_account[account_id], now) for account_id in sorted(by_account))
    return sum(len(ids) for ids in by_account.values()), expired


def credit_holds_expire(*, now=None) -> int:
    """Expire every open hold whose expiry has passed; returns how many were expired."""
    now = now or timezone.now()
    total = 0
    while True:
        found, expired = _expire_batch(now)
        total += expired
        if found < BATCH:
            return total
