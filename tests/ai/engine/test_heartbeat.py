"""Heartbeats: the process that holds a job marks it alive while it has it, and only then."""

import pytest
from django.test import override_settings

from modelbank.ai import functions
from modelbank.ai.heartbeat import held_jobs, job_hold, job_let_go, jobs_beat
from modelbank.ai.models import AIJob
from modelbank.ai.runner import wait_for_threads
from modelbank.ai.tasks import run_ai_job
from tests.ai.engine.conftest import StubFunction


class WitnessFunction(StubFunction):
    """Records, from inside the run, whether this process holds the job and its heartbeat."""

    name = "witness"
    seen: dict = {}

    @classmethod
    def run(cls, ctx):
        job = AIJob.objects.get(pk=ctx.job.pk)
        cls.seen[str(job.pk)] = {"held": str(job.pk) in held_jobs(), "heartbeat_at": job.heartbeat_at}
        return {"ok": True}


@pytest.fixture
def witness(monkeypatch):
    WitnessFunction.seen = {}
    monkeypatch.setitem(functions.FUNCTIONS, "witness", WitnessFunction)
    return WitnessFunction


@pytest.mark.django_db
def test_holding_a_queued_job_beats_it_at_once_and_only_until_let_go(make_job):
    job = make_job()
    job_hold(job.pk)
    try:
        job.refresh_from_db()
        assert job.heartbeat_at is not None and str(job.pk) in held_jobs()
    finally:
        job_let_go(job.pk)
    assert str(job.pk) not in held_jobs()


@pytest.mark.django_db
def test_finished_jobs_and_other_processes_running_jobs_are_not_marked_alive(make_job):
    done, running_elsewhere = make_job(status=AIJob.Status.SUCCEEDED), make_job(status=AIJob.Status.RUNNING)
    assert jobs_beat(job_ids=[done.pk]) == 0
    job_hold(running_elsewhere.pk)  # a redelivered Celery task: the claim guard will skip it
    job_let_go(running_elsewhere.pk)
    assert AIJob.objects.get(pk=running_elsewhere.pk).heartbeat_at is None
    assert AIJob.objects.get(pk=done.pk).heartbeat_at is None


@pytest.mark.django_db
def test_a_celery_worker_beats_the_job_it_runs(make_job, witness):
    job = make_job(function="witness")
    run_ai_job(str(job.pk))  # the task's body, as the worker runs it
    assert witness.seen[str(job.pk)]["held"] and witness.seen[str(job.pk)]["heartbeat_at"] is not None
    assert AIJob.objects.get(pk=job.pk).status == "succeeded" and str(job.pk) not in held_jobs()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@override_settings(MODELBANK_JOB_RUNNER="thread")
def test_the_thread_runner_holds_its_jobs_from_hand_over_to_the_end(api_client, witness):
    response = api_client.post("/api/v1/ai/jobs/", {"function": "witness", "input": {"text": "hi"}}, format="json")
    assert response.status_code == 202, response.json()
    wait_for_threads()
    job_id = response.json()["id"]
    assert witness.seen[job_id]["held"] and witness.seen[job_id]["heartbeat_at"] is not None
    assert AIJob.objects.get(pk=job_id).status == "succeeded" and job_id not in held_jobs()


@pytest.mark.django_db
def test_a_job_run_in_the_request_has_no_heartbeat(api_client, witness, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post("/api/v1/ai/jobs/", {"function": "witness", "input": {"text": "hi"}},
                                   format="json")
    job_id = response.json()["id"]
    assert witness.seen[job_id] == {"held": False, "heartbeat_at": None}  # eager: the 30-minute rule applies
