"""The stale-job sweep: fail queued or running jobs whose runner died and free their holds.

Run by Celery beat (ai.tasks.fail_stale_jobs), by each server process without beat
(ai.sweeper) and by `manage.py fail_stale_jobs`.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Now
from django.utils import timezone

from modelbank.ai.context import job_request_prefix
from modelbank.ai.models import AIJob
from modelbank.credits.models import CreditHold
from modelbank.credits.services import credit_release

logger = logging.getLogger(__name__)


STALE_MESSAGE = (
    "The job stopped making progress (its worker or server stopped). The credits held for it "
    "were freed; nothing was charged for unfinished steps."
)
STALE_BATCH = 200


def _stale(now, *, older_than: timedelta, heartbeat_timeout: timedelta) -> Q:
    """Unfinished jobs whose runner is gone. A job with heartbeats is stale once they stop
    (and it made no progress either) for ``heartbeat_timeout``: however slow, a live runner
    keeps beating. A job with none (queued for Celery, an older runner) once it has not moved
    for ``older_than``."""
    # Heartbeats are written and judged by the database's clock, so a server whose clock is
    # ahead cannot fail another's live jobs.
    heartbeat_lost = Q(heartbeat_at__lt=Now() - heartbeat_timeout, updated_at__lt=now - heartbeat_timeout)
    idle = Q(heartbeat_at__isnull=True, updated_at__lt=now - older_than)
    return Q(status__in=AIJob.UNFINISHED) & (heartbeat_lost | idle)


def _job_holds_release(job_id, account_id) -> None:
    """Free the job's open credit holds at once: their runner died and will never settle them."""
    holds = CreditHold.objects.for_account(account_id).filter(
        status=CreditHold.Status.OPEN, idempotency_key__startswith=job_request_prefix(job_id))
    for hold in holds.order_by("id"):
        credit_release(hold=hold, reason="The AI job's runner stopped before the call was settled.")


def _job_fail_stale(job_id, account_id, stale: Q, now) -> bool:
    """One conditional UPDATE decides, so two sweepers never both fail (or release for) a job;
    the job and its released holds commit together."""
    with transaction.atomic():
        failed = AIJob.objects.filter(stale, pk=job_id).update(
            status=AIJob.Status.FAILED, error_code="stalled", error_message=STALE_MESSAGE, step="Failed",
            finished_at=now, updated_at=now)
        if failed:
            _job_holds_release(job_id, account_id)
    return bool(failed)


def jobs_fail_stale(*, older_than: timedelta | None = None, heartbeat_timeout: timedelta | None = None) -> int:
    """Fail queued or running jobs whose runner died (a killed server's thread pool, a killed
    worker) and free their holds; returns how many this call failed. The claim guard already
    stops a redelivered task from running them twice; this stops them showing as running, and
    holding credits, forever. Thresholds default to the settings."""
    older_than = older_than or timedelta(minutes=settings.MODELBANK_JOB_STALE_MINUTES)
    heartbeat_timeout = heartbeat_timeout or timedelta(seconds=settings.MODELBANK_JOB_HEARTBEAT_TIMEOUT_SECONDS)
    now = timezone.now()
    stale = _stale(now, older_than=older_than, heartbeat_timeout=heartbeat_timeout)
    failed, after = 0, None
    while True:
        jobs = AIJob.objects.filter(stale).order_by("pk")
        batch = list((jobs.filter(pk__gt=after) if after else jobs).values_list("pk", "account_id")[:STALE_BATCH])
        failed += sum(_job_fail_stale_logged(job_id, account_id, stale, now) for job_id, account_id in batch)
        if len(batch) < STALE_BATCH:
            return failed
        after = batch[-1][0]


def _job_fail_stale_logged(job_id, account_id, stale: Q, now) -> bool:
    try:
        return _job_fail_stale(job_id, account_id, stale, now)
    except Exception:
        # Rolled back whole; one job that cannot be failed must not stop the sweep of the others.
        logger.exception("could not fail stalled AI job %s; the next sweep tries again", job_id)
        return False
