"""What a running job's function sees of it (JobContext), and how its charged steps are keyed."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from modelbank.ai.models import AIJob


def job_request_prefix(job_id) -> str:
    """How every charged step's idempotency key (and so its credit hold's) starts: the stale-job
    sweep finds the holds of a job whose runner died by it."""
    return f"aijob:{job_id}:"


@dataclass
class JobContext:
    """What a function sees of its job: the caller, the input, and ways to report.

    Only the runner that claimed the job writes it, so the charge totals are kept here and
    written with the job's next write (progress, partial result or its end) instead of by a
    statement of their own; the ledger has each charge the moment it is settled.
    """

    job: AIJob
    charges_unsaved: bool = False

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
        self.write(progress=max(0, min(100, int(percent))), step=step[:200])

    def partial(self, result: dict) -> None:
        """Keep what has been produced (and paid for) so far: a job that fails later still
        returns it."""
        self.write(result=result)

    def charged(self, *, credits: int, cost_usd: Decimal) -> None:
        # Summed in Python, never as F() + Decimal: SQLite would add two REALs and let float
        # error into a USD total.
        self.job.credits_charged += credits
        self.job.cost_usd += cost_usd
        self.charges_unsaved = True

    def unsaved(self) -> dict:
        """The fields this context holds that the row does not have yet."""
        if not self.charges_unsaved:
            return {}
        return {"credits_charged": self.job.credits_charged, "cost_usd": self.job.cost_usd}

    def write(self, *, only_running: bool = False, **fields) -> bool:
        """One UPDATE of the job with ``fields`` and the unsaved charges; with ``only_running``,
        only while the job is still running. True when the row was written."""
        fields = {**fields, **self.unsaved(), "updated_at": fields.get("updated_at") or timezone.now()}
        rows = AIJob.objects.filter(pk=self.job.pk)
        if only_running:
            rows = rows.filter(status=AIJob.Status.RUNNING)
        written = bool(rows.update(**fields))
        if written:
            self.charges_unsaved = False
            for name, value in fields.items():
                setattr(self.job, name, value)
        return written
