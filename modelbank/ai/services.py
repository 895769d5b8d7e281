

from modelbank.ai.functions import get_function
from modelbank.ai.models import AIJob
from modelbank.ai.runner import job_enqueue
from modelbank.common import request_id
from modelbank.credits.selectors import credit_balance
from modelbank.credits.services import InsufficientCredits


def job_create(*, account, user, function: str, input: dict) -> AIJob:
    """Validate the input, refuse with 402 what cannot be afforded, then queue the job.

    The job is handed to its runner only after this transaction commits, so a worker never
    looks for a job that is not there yet.
    """
    fn = get_function(function)
    data = fn.validate(input)
    needed = fn.estimate(account=account, user=user, data=data).credits
    if needed is not None:
        available = credit_balance(account=account)["available"]
        if needed > available:
            raise InsufficientCredits(needed=needed, available=available)
    # One INSERT is atomic on its own; job_enqueue hands the job over on commit (at once in
    # autocommit, or when the caller's transaction commits).
    job = AIJob.objects.create(account=account, user=user, function=fn.name, input=data,
                               request_id=request_id.current.get())
    job_enqueue(job_id=job.pk)
    return job


def job_estimate(*, account, user, function: str, input: dict) -> dict:
    """What the job would hold if started now, and what the account has available: the same
    checks as job_create (input, availability), without queuing anything."""
    fn = get_function(function)
    estimate = fn.estimate(account=account, user=user, data=fn.validate(input))
    available = credit_balance(account=account)["available"]
    enough = estimate.credits is None or estimate.credits <= available
    return {"function": fn.name, **estimate.as_dict(), "available": available, "enough": enough}
