import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from modelbank.ai.models import AIJob
from modelbank.ai.services import jobs_fail_stale

pytestmark = pytest.mark.django_db


def _aged(job: AIJob, minutes: int, status: str) -> None:
    AIJob.objects.filter(pk=job.pk).update(status=status, updated_at=timezone.now() - timedelta(minutes=minutes))


def test_only_jobs_idle_past_the_threshold_are_failed(make_job):
    stuck_running, stuck_queued, moving, done = make_job(), make_job(), make_job(), make_job()
    _aged(stuck_running, 45, AIJob.Status.RUNNING)
    _aged(stuck_queued, 45, AIJob.Status.QUEUED)
    _aged(moving, 5, AIJob.Status.RUNNING)
    _aged(done, 120, AIJob.Status.SUCCEEDED)
    assert jobs_fail_stale(older_than=timedelta(minutes=30)) == 2
    for job in (stuck_running, stuck_queued):
        job.refresh_from_db()
        assert (job.status, job.error_code) == ("failed", "stalled") and job.finished_at
    assert AIJob.objects.get(pk=moving.pk).status == "running"
    assert AIJob.objects.get(pk=done.pk).status == "succeeded"


def test_command_reports_how_many(make_job):
    _aged(make_job(), 90, AIJob.Status.RUNNING)
    out = io.StringIO()
    call_command("fail_stale_jobs", "--minutes", "60", stdout=out)
    assert "Failed 1 stalled job(s)" in out.getvalue()
