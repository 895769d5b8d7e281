"""The periodic sweepers inside the server, for deployments without Celery beat.

With the thread runner (no broker) no beat process frees expired holds or fails stalled jobs,
so each server process runs both on a daemon thread, started by the WSGI entry point
(config/wsgi.py: gunicorn workers, `manage.py runserver`), never by migrate, tests or other
commands. Both sweeps are conditional UPDATEs, correct when two processes run them at once;
a claim row per sweep (SweepClaim) lets one process do the work per interval and the others
skip it. MODELBANK_SWEEPERS=auto|on|off (auto: on with the thread runner).
"""

import logging
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from modelbank.ai.background import PeriodicThread
from modelbank.ai.models import SweepClaim
from modelbank.ai.runner import runner_mode
from modelbank.ai.stale import jobs_fail_stale
from modelbank.common.metrics import sweep_ran
from modelbank.credits.services import credit_holds_expire

logger = logging.getLogger(__name__)

# A process that wakes a moment early still takes its turn: a claim is due after 90 % of the interval.
EARLY = 0.9


@dataclass(frozen=True)
class Sweep:
    name: str
    interval_setting: str
    run: Callable[[], int]

    def every(self) -> float:
        return float(getattr(settings, self.interval_setting))


SWEEPS = (
    Sweep("release_expired_holds", "MODELBANK_HOLD_SWEEP_SECONDS", credit_holds_expire),
    Sweep("fail_stale_jobs", "MODELBANK_JOB_SWEEP_SECONDS", jobs_fail_stale),
)


def _this_process() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:200]


def sweep_claim(*, name: str, every: float, now=None) -> bool:
    """True if this process runs sweep ``name`` now: no process has in the last ``every``
    seconds. One conditional UPDATE decides, so of several processes asking at once one wins."""
    now = now or timezone.now()
    SweepClaim.objects.bulk_create([SweepClaim(name=name)], ignore_conflicts=True)
    due = Q(claimed_at__isnull=True) | Q(claimed_at__lte=now - timedelta(seconds=every * EARLY))
    return SweepClaim.objects.filter(due, name=name).update(claimed_at=now, claimed_by=_this_process()) == 1


def sweeps_run_due() -> dict[str, int]:
    """Run each sweep this process wins the claim for; returns what each one did."""
    done = {}
    for sweep in SWEEPS:
        if not sweep_claim(name=sweep.name, every=sweep.every()):
            continue
        try:
            done[sweep.name] = sweep_ran(sweep.name, sweep.run())
        except Exception:
            logger.exception("sweep %s failed; it runs again in %s s", sweep.name, sweep.every())
            continue
        if done[sweep.name]:
            logger.info("sweep %s: %s done", sweep.name, done[sweep.name])
    return done


def sweepers_enabled() -> bool:
    mode = settings.MODELBANK_SWEEPERS
    if mode not in ("auto", "on", "off"):
        raise ValueError(f"MODELBANK_SWEEPERS must be auto, on or off, not {mode!r}")
    return runner_mode() == "thread" if mode == "auto" else mode == "on"


_sweeper = PeriodicThread("modelbank-sweeper", sweeps_run_due, lambda: min(sweep.every() for sweep in SWEEPS))


def sweepers_start_in_server() -> bool:
    """Called by the WSGI entry point as the server loads; True if this process now sweeps."""
    if not sweepers_enabled():
        return False
    for sweep in SWEEPS:
        if sweep.every() <= 0:
            raise ValueError(f"{sweep.interval_setting} must be a number of seconds above 0")
    _sweeper.ensure_started()
    return True
