"""ledger_check's findings: every way the ledger could disagree with itself."""

# Only table and column names (from model metadata) are formatted in; every value is a parameter.
# ruff: noqa: S608

from django.db import connection
from django.db.models import F, Q, Sum
from django.db.models.functions import Least

from modelbank.credits.models import CreditAccount, CreditHold, CreditTransaction, CreditUsageLog


def _sums(queryset) -> dict[int, int]:
    return dict(queryset.values("account_id").annotate(total=Sum("amount")).values_list("account_id", "total"))


def _balance_findings() -> list[str]:
    ledger = _sums(CreditTransaction.objects.all())
    held = _sums(CreditHold.objects.filter(status=CreditHold.Status.OPEN))
    accounts = {a: (b, r) for a, b, r in CreditAccount.objects.values_list("account_id", "balance", "reserved")}
    found = []
    for account_id in sorted(set(ledger) | set(held) | set(accounts)):
        balance, reserved = accounts.get(account_id, (0, 0))
        if balance != ledger.get(account_id, 0):
            found.append(f"account {account_id}: balance {balance} != sum of its transactions "
                         f"{ledger.get(account_id, 0)}")
        if reserved != held.get(account_id, 0):
            found.append(f"account {account_id}: reserved {reserved} != sum of its open holds "
                         f"{held.get(account_id, 0)}")
        if balance < 0 or reserved < 0 or reserved > balance:
            found.append(f"account {account_id}: balance {balance} / reserved {reserved} out of bounds")
    return found


RUNNING = f"""
SELECT id, account_id, balance_after, prev FROM (
    SELECT id, account_id, amount, balance_after,
           COALESCE(LAG(balance_after) OVER (PARTITION BY account_id ORDER BY id), 0) AS prev
    FROM {CreditTransaction._meta.db_table}
) t WHERE balance_after <> prev + amount OR balance_after < 0 ORDER BY id
"""


def _running_findings() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(RUNNING)
        return [f"transaction {tx_id} (account {account_id}): balance_after {after} does not follow {prev}"
                for tx_id, account_id, after, prev in cursor.fetchall()]


def _usage_findings() -> list[str]:
    mismatched = CreditUsageLog.objects.filter(
        ~Q(account_id=F("transaction__account_id")) | ~Q(credits_used=-F("transaction__amount"))
        | ~Q(transaction__transaction_type=CreditTransaction.Type.DEDUCTION)
    ).values_list("id", "transaction_id")
    found = [f"usage log {log_id}: transaction {tx_id} does not record its charge" for log_id, tx_id in mismatched]
    unlogged = CreditHold.objects.filter(status=CreditHold.Status.SETTLED, usage_log__isnull=True)
    found += [f"hold {hold_id}: settled without a usage log" for hold_id in unlogged.values_list("id", flat=True)]
    # A settle posts the hold up to the credits the call used (charged or not); any rest is on top.
    posted = Least(F("credits_used") + F("uncharged_credits"), F("hold__amount"))
    drifted = CreditUsageLog.objects.filter(hold__isnull=False).exclude(hold__settled_amount=posted)
    found += [f"hold {hold_id}: settled_amount does not match usage log {log_id}"
              for log_id, hold_id in drifted.values_list("id", "hold_id")]
    return found


def ledger_violations() -> list[str]:
    """An empty list when every balance, hold and usage log agrees with the ledger."""
    return [*_balance_findings(), *_running_findings(), *_usage_findings()]
