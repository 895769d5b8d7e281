"""Low-balance alerts: one email when an account's balance falls below its threshold, not sent
again until the balance has recovered to it.

The state is two columns of the account: ``low_balance_threshold`` (credits; null: no alert) and
``low_balance_notified_at`` (when the alert of the current drop was claimed; null: armed).

- After a charge commits (a settle, a deduct, a negative adjustment: ``balance_moved`` with a
  negative amount), an account whose balance is below its threshold claims the alert with one
  conditional UPDATE (``notified_at IS NULL AND threshold > balance`` -> now). However many
  settles of the account commit at once, in however many processes, the row goes to one of them:
  exactly one email.
- The claimer sends it through Resend (services.email). When sending fails (no sender, no key,
  an inactive provider, an HTTP error) the failure is logged, without the key, and the claim is
  cleared (if it is still ours), so a later charge tries again. The charge is never affected:
  this runs after its commit and no error leaves here.
- After credits come in (a grant, purchase, refund, positive adjustment) and the balance is back
  at the threshold, one conditional UPDATE re-arms the alert (``notified_at`` -> null).

Both statements compare with the balance committed at that moment, not the one the charge saw,
so a grant racing a settle cannot leave the alert in a wrong state. Which accounts have a
threshold is cached per process (a stamp bumped by every write of a threshold, credits.signals):
the charge of an account with no threshold, or above it, costs no statement (the hot path of a
job is counted: tests/ai/engine/test_statement_count.py).
"""

import logging
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from datetime import datetime
from functools import partial

from django.conf import settings
from django.db import close_old_connections, connections, transaction
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from modelbank.accounts.models import Account
from modelbank.common.versioned_cache import VersionedCache, bump_stamp
from modelbank.credits.models import CreditAccount
from modelbank.credits.services.alert_email import alert_email
from modelbank.credits.services.email import EmailNotSent, email_send

logger = logging.getLogger(__name__)
STAMP = "low_balance_thresholds"
DELIVERY_MODES = ("thread", "inline")


def _load() -> dict[int, int]:
    rows = Account.objects.filter(low_balance_threshold__isnull=False).values_list("pk", "low_balance_threshold")
    return {pk: threshold for pk, threshold in rows if threshold is not None}


_thresholds: VersionedCache[dict[int, int]] = VersionedCache(STAMP, _load)


def low_balance_thresholds_changed() -> None:
    bump_stamp(STAMP)


def balance_moved(*, account_id: int, balance: int, amount: int) -> None:
    """Call where the ledger moved an account's balance by ``amount`` to ``balance``: the alert is
    checked once that change has committed (at once outside a transaction)."""
    check = _after_credit if amount > 0 else _after_charge
    transaction.on_commit(partial(_guarded, check, account_id, balance))


def _guarded(check: Callable[[int, int], None], account_id: int, balance: int) -> None:
    try:
        check(account_id, balance)
    except Exception:
        # The charge has committed and its caller must see it succeed, whatever the alert does.
        logger.exception("low-balance alert check failed for account %s", account_id)


def _after_charge(account_id: int, balance: int) -> None:
    threshold = _thresholds.get().get(account_id)
    if threshold is None or balance >= threshold:
        return
    deliver = _delivery()  # an unknown mode fails here, before anything is claimed
    claimed_at = timezone.now()
    if _claim(account_id, claimed_at):
        deliver(account_id, claimed_at)


def _after_credit(account_id: int, balance: int) -> None:
    threshold = _thresholds.get().get(account_id)
    if threshold is not None and balance >= threshold:
        _rearm(account_id)


def _balance() -> Subquery:
    return Subquery(CreditAccount.objects.filter(account_id=OuterRef("pk")).values("balance")[:1])


def _claim(account_id: int, now: datetime) -> bool:
    """The one statement that decides who sends: true for exactly one caller per drop."""
    claimed = Account.objects.filter(pk=account_id, low_balance_notified_at__isnull=True,
                                     low_balance_threshold__gt=_balance())
    return claimed.update(low_balance_notified_at=now) == 1


def _rearm(account_id: int) -> None:
    Account.objects.filter(pk=account_id, low_balance_notified_at__isnull=False).filter(
        Q(low_balance_threshold__isnull=True) | Q(low_balance_threshold__lte=_balance()),
    ).update(low_balance_notified_at=None)


def _release(account_id: int, claimed_at: datetime) -> None:
    """Give a failed claim back, unless the alert was re-armed (and maybe claimed again) since."""
    Account.objects.filter(pk=account_id, low_balance_notified_at=claimed_at).update(low_balance_notified_at=None)


def _deliver(account_id: int, claimed_at: datetime) -> None:
    try:
        email = alert_email(account_id=account_id, claimed_at=claimed_at)
        sent_id = email_send(email)
    except Exception as exc:
        _release(account_id, claimed_at)
        if not isinstance(exc, EmailNotSent):
            raise
        logger.warning("Low-balance alert for account %s not sent: %s. The next charge tries again.", account_id, exc)
        return
    logger.info("Low-balance alert for account %s sent to %s recipient(s) (Resend id %s).", account_id,
                len(email.to), sent_id)


# --- delivery -----------------------------------------------------------------------------------
# A settle runs in a job runner, but also inside a gateway request (and a deduct inside any API
# call): an email there would make that caller wait for Resend. So by default the email goes to
# one background thread of this process (emails are rare, one per account per drop; one thread
# also stays under Resend's per-second rate limit), with its own database connection. The claim
# is made before, in the charging thread, so it is decided at once. "inline" sends right away,
# in the charging thread (tests, scripts). The ai app's runners are out of reach (credits sits
# below ai), and a Celery task would make email depend on a broker the process may not have.

_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()
_pending: set[Future] = set()


def _delivery() -> Callable[[int, datetime], None]:
    mode = settings.MODELBANK_ALERT_DELIVERY
    if mode not in DELIVERY_MODES:
        raise ValueError(f"MODELBANK_ALERT_DELIVERY must be {' or '.join(DELIVERY_MODES)}, not {mode!r}")
    return _deliver if mode == "inline" else _deliver_in_background


def _deliver_in_background(account_id: int, claimed_at: datetime) -> None:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="low-balance-alert")
        future = _pool.submit(_deliver_in_thread, account_id, claimed_at)
        _pending.add(future)
    future.add_done_callback(_pending.discard)


def _deliver_in_thread(account_id: int, claimed_at: datetime) -> None:
    close_old_connections()
    try:
        _deliver(account_id, claimed_at)
    except Exception:
        logger.exception("low-balance alert for account %s failed in its thread", account_id)
    finally:
        connections.close_all()  # this thread's own connection: none is kept between alerts


def alerts_wait(timeout: float = 30.0) -> None:
    """Tests and shutdown: wait until the alerts handed to the background thread are done."""
    with _pool_lock:
        pending = list(_pending)
    wait(pending, timeout=timeout)


def _forget_pool_in_child() -> None:
    # A forked child has no copy of the parent's thread: it starts its own when it needs one.
    global _pool, _pool_lock, _pending
    _pool, _pool_lock, _pending = None, threading.Lock(), set()


os.register_at_fork(after_in_child=_forget_pool_in_child)
