import uuid

from django.conf import settings
from django.db import models

from modelbank.common.money import usd_field
from modelbank.common.tenancy import AccountScopedManager


class AIJob(models.Model):
    """One run of an AI function for an account: its input, how far it has got, and what it
    produced or why it failed, with the credits and provider cost it has been charged so far.

    Progress, step and charges are written with short single-row UPDATEs while the job runs
    (never inside a charging transaction), so a client polling the API sees them move.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        RUNNING = "running", "Running"
        SUCCEEDED = "succeeded", "Succeeded"
        FAILED = "failed", "Failed"

    FINISHED = (Status.SUCCEEDED, Status.FAILED)
    UNFINISHED = (Status.QUEUED, Status.RUNNING)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="ai_jobs")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="ai_jobs"
    )
    function = models.CharField(max_length=50)
    input = models.JSONField(default=dict)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Percent, 0-100")
    step = models.CharField(max_length=200, blank=True, help_text="What the job is doing now")
    result = models.JSONField(null=True, blank=True)
    error_code = models.CharField(max_length=50, blank=True)
    error_message = models.TextField(blank=True)
    request_id = models.CharField(max_length=64, blank=True,
                                  help_text="The API request that created the job; its log lines carry it")
    credits_charged = models.PositiveIntegerField(default=0)
    cost_usd = usd_field(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Written every few seconds by the process that holds the job (modelbank.ai.heartbeat), so
    # a job whose process died is failed within a minute or two while a slow one is left alone.
    heartbeat_at = models.DateTimeField(null=True, blank=True, help_text="Last sign of life from its runner")

    objects = AccountScopedManager()

    class Meta:
        verbose_name = "AI Job"
        verbose_name_plural = "AI Jobs"
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["account", "-created_at"], name="aijob_account_created"),
            # The stale-job sweep reads only unfinished jobs, a handful among millions of finished ones.
            models.Index(fields=["updated_at"], condition=models.Q(status__in=["queued", "running"]),
                         name="aijob_unfinished_updated"),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="aijob_progress_at_most_100"),
        ]

    def __str__(self) -> str:
        return f"{self.function} {self.id} ({self.status})"

    @property
    def error(self) -> dict | None:
        if not self.error_code:
            return None
        return {"code": self.error_code, "message": self.error_message}


class SweepClaim(models.Model):
    """When a periodic sweep (freeing expired holds, failing stalled jobs) last ran, and where.

    Every server process runs the sweepers; the one whose conditional UPDATE of this row wins
    does the work for that interval and the others skip it (modelbank.ai.sweeper). Not a lock:
    the sweeps are safe to run twice at once, this only saves the duplicated work.
    """

    name = models.CharField(max_length=50, primary_key=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=200, blank=True, help_text="host:pid of the process that ran it")

    def __str__(self) -> str:
        return f"{self.name} (last run {self.claimed_at} by {self.claimed_by or 'nobody'})"
