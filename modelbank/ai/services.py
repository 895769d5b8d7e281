from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from modelbank.ai.functions import get_function
from modelbank.ai.models import AIJob
from modelbank.ai.runner import job_enqueue


def _available_credits(account) -> int:
    from modelbank.credits.selectors import credit_balance

    return credit_balance(account=account)["available"]


def _insufficient(*, needed: int, available: int):
    from modelbank.credits.services import InsufficientCredits

    return InsufficientCredits(needed=needed, available=available)


def job_create(*, account, user, function: str, input: dict) -> AIJob:
    """Validate the input, refuse with 402 what cannot be afforded, then queue the job.

    The job is handed to its runner only after this transaction commits, so a worker never
    looks for a job that is not there yet.
    """
    fn = get_function(function)
    data = fn.validate(input)
    needed = fn.upfront_credits(account=account, user=user, data=data)
    if needed is not None:
        available = _available_credits(account)
        if needed > available:
            raise _insufficient(needed=needed, available=available)
    with transaction.atomic():
        job = AIJob.objects.create(account=account, user=user, function=fn.name, input=data)
        job_enqueue(job_id=job.pk)
    return job


STALE_MESSAGE = (
    "The job stopped making progress (its worker or server restarted). Credits held for it are "
    "freed when the hold expires; nothing was charged for unfinished steps."
)


def jobs_fail_stale(*, older_than: timedelta) -> int:
    """Fail queued or running jobs that have not moved for `older_than`: their runner died
    (a restarted server's thread pool, a killed worker). The claim guard already stops a
    redelivered task from running them twice; this stops them showing as running forever."""
    now = timezone.now()
    return AIJob.objects.filter(
        status__in=[AIJob.Status.QUEUED, AIJob.Status.RUNNING], updated_at__lt=now - older_than
    ).update(status=AIJob.Status.FAILED, error_code="stalled", error_message=STALE_MESSAGE, step="Failed",
             finished_at=now, updated_at=now)
