"""What a running job's function sees of it (JobContext), and how its charged steps are keyed."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from modelbank.ai.models import AIJob


def job_request_prefix(job_id) -> str:
    """How every charged step's idempotency key (and so its credit hold's) starts: the stale-job
    sweep finds the holds of a job whose runner died by it."""
    return f"aijob:{job_id}:"


@dataclass
class JobContext:
    """What a function sees of its job: the caller, the input, and ways to report."""

    job: AIJob

    @property
    def account(self):
        return self.job.account

    @property
    def user(self):
        return self.job.user

    @property
    def data(self) -> dict:
        return self.job.input

    def request_id(self, step: str) -> str:
        """The idempotency key of one charged step of this job."""
        return f"{job_request_prefix(self.job.pk)}{step}"

    def progress(self, percent: int, step: str) -> None:
        percent = max(0, min(100, int(percent)))
        AIJob.objects.filter(pk=self.job.pk).update(progress=percent, step=step[:200], updated_at=timezone.now())

    def partial(self, result: dict) -> None:
        """Keep what has been produced (and paid for) so far: a job that fails later still
        returns it."""
        AIJob.objects.filter(pk=self.job.pk).update(result=result, updated_at=timezone.now())

    def charged(self, *, credits: int, cost_usd: Decimal) -> None:
        # The sum is taken in Python under the row lock, not as F() + Decimal: SQLite would
        # add two REALs and let float error into a USD total.
        with transaction.atomic():
            job = AIJob.objects.select_for_update().only("credits_charged", "cost_usd").get(pk=self.job.pk)
            AIJob.objects.filter(pk=job.pk).update(
                credits_charged=job.credits_charged + credits, cost_usd=job.cost_usd + cost_usd,
                updated_at=timezone.now(),
            )
