"""The sweeper: open holds past their expiry are freed (TigerBeetle's pending timeout)."""

from collections import defaultdict

from django.db import transaction
from django.utils import timezone

from modelbank.credits.models import CreditHold
from modelbank.credits.services import sql

BATCH = 500


def _expire_batch(now) -> int:
    with transaction.atomic():
        ids = list(
            CreditHold.objects.filter(status=CreditHold.Status.OPEN, expires_at__lte=now)
            .order_by("id").select_for_update(skip_locked=True).values_list("id", flat=True)[:BATCH]
        )
        freed: dict[int, int] = defaultdict(int)
        for hold_id in ids:
            closed = sql.hold_close(hold_id, status=CreditHold.Status.EXPIRED, settled_amount=None,
                                    reason="expired", now=now)
            if closed is not None:
                freed[closed[0]] += closed[1]
        for account_id in sorted(freed):  # fixed lock order across sweepers
            sql.unreserve(account_id, freed[account_id], now)
    return len(ids)


def credit_holds_expire(*, now=None) -> int:
    """Expire every open hold whose expiry has passed; returns how many were expired."""
    now = now or timezone.now()
    total = 0
    while True:
        count = _expire_batch(now)
        total += count
        if count < BATCH:
            return total
