import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from modelbank.ai.models import AIJob
from modelbank.ai.stale import jobs_fail_stale

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


# --- heartbeats: a dead runner is noticed in minutes, a slow live one never ----------------

def _state(job: AIJob, *, status: str, updated: timedelta, heartbeat: timedelta | None) -> AIJob:
    now = timezone.now()
    AIJob.objects.filter(pk=job.pk).update(status=status, updated_at=now - updated,
                                           heartbeat_at=None if heartbeat is None else now - heartbeat)
    return job


def _hold_for(job: AIJob, credits: int, step: str = "content_generation"):
    from modelbank.credits.services import credit_reserve

    return credit_reserve(account=job.account, credits=credits, operation_type="content_generation",
                          idempotency_key=f"aijob:{job.pk}:{step}")


def _reserved(account) -> int:
    from modelbank.credits.selectors import credit_balance

    return credit_balance(account=account)["reserved"]


def test_a_job_whose_heartbeats_stopped_is_failed_and_its_holds_freed(make_job, give_credits, account):
    # given: a job whose process died two minutes ago holding 7 credits, beside a live job holding 5
    give_credits(100)
    dead = _state(make_job(), status=AIJob.Status.RUNNING, updated=timedelta(minutes=2),
                  heartbeat=timedelta(minutes=2))
    live = _state(make_job(), status=AIJob.Status.RUNNING, updated=timedelta(minutes=2),
                  heartbeat=timedelta(seconds=5))
    dead_hold, live_hold = _hold_for(dead, 7), _hold_for(live, 5)
    assert _reserved(account) == 12
    # when: the sweep runs with the default thresholds (30 minutes, 90 s without heartbeats)
    assert jobs_fail_stale() == 1
    # then: the dead job failed and its credits are free at once, not after the hold's expiry
    dead.refresh_from_db()
    assert (dead.status, dead.error_code) == ("failed", "stalled") and "freed" in dead.error_message
    dead_hold.refresh_from_db()
    live_hold.refresh_from_db()
    assert (dead_hold.status, live_hold.status) == ("released", "open")
    assert _reserved(account) == 5 and AIJob.objects.get(pk=live.pk).status == "running"
    assert jobs_fail_stale() == 0  # nothing left to do; the released hold is not touched again


def test_a_slow_job_that_still_beats_is_never_failed(make_job):
    slow = _state(make_job(), status=AIJob.Status.RUNNING, updated=timedelta(hours=2),
                  heartbeat=timedelta(seconds=5))
    assert jobs_fail_stale() == 0
    assert AIJob.objects.get(pk=slow.pk).status == "running"


def test_progress_counts_as_a_sign_of_life(make_job):
    moving = _state(make_job(), status=AIJob.Status.RUNNING, updated=timedelta(seconds=10),
                    heartbeat=timedelta(minutes=5))
    assert jobs_fail_stale() == 0
    assert AIJob.objects.get(pk=moving.pk).status == "running"


def test_a_job_waiting_in_a_dead_pool_is_failed_too(make_job):
    queued = _state(make_job(), status=AIJob.Status.QUEUED, updated=timedelta(minutes=3),
                    heartbeat=timedelta(minutes=3))
    assert jobs_fail_stale() == 1
    assert AIJob.objects.get(pk=queued.pk).status == "failed"


def test_without_heartbeats_the_long_threshold_applies(make_job):
    # a job queued for Celery (no worker has it yet) is not failed after minutes, only after the long threshold
    waiting = _state(make_job(), status=AIJob.Status.QUEUED, updated=timedelta(minutes=5), heartbeat=None)
    forgotten = _state(make_job(), status=AIJob.Status.RUNNING, updated=timedelta(minutes=45), heartbeat=None)
    assert jobs_fail_stale() == 1
    assert AIJob.objects.get(pk=waiting.pk).status == "queued"
    assert AIJob.objects.get(pk=forgotten.pk).status == "failed"


def test_only_the_stale_jobs_own_holds_are_released(make_job, give_credits, account):
    give_credits(100)
    dead = _state(make_job(), status=AIJob.Status.RUNNING, updated=timedelta(minutes=5),
                  heartbeat=timedelta(minutes=5))
    first, second = _hold_for(dead, 3, "image-0"), _hold_for(dead, 4, "image-1")
    from modelbank.credits.services import credit_reserve

    unrelated = credit_reserve(account=account, credits=6, operation_type="content_generation",
                               idempotency_key=f"aijob:{dead.pk}x:other")  # another key that merely looks alike
    assert jobs_fail_stale() == 1
    statuses = {hold.pk: hold.status for hold in type(first).objects.filter(account=account)}
    assert statuses == {first.pk: "released", second.pk: "released", unrelated.pk: "open"}
    assert _reserved(account) == 6
