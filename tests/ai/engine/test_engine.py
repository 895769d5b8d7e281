import pytest

from modelbank.ai.engine import AIEngine
from modelbank.ai.models import AIJob

pytestmark = pytest.mark.django_db


def test_a_job_runs_to_success_with_its_result(stub_function, make_job):
    job = AIEngine.execute(make_job().pk)
    assert (job.status, job.progress, job.step, job.result) == ("succeeded", 100, "Done", {"echo": "hi"})
    assert job.started_at and job.finished_at and job.error is None


def test_progress_is_saved_as_the_job_goes(stub_function, make_job, monkeypatch):
    seen = []
    job = make_job()
    original = stub_function.run.__func__

    def spy(cls, ctx):
        ctx.progress(40, "Half way")
        seen.append(AIJob.objects.values_list("progress", "step", "status").get(pk=job.pk))
        return original(cls, ctx)

    monkeypatch.setattr(stub_function, "run", classmethod(spy))
    AIEngine.execute(job.pk)
    assert seen == [(40, "Half way", "running")]


def test_an_application_error_fails_the_job_with_its_code(stub_function, make_job):
    stub_function.behaviour = "app_error"
    job = AIEngine.execute(make_job().pk)
    assert job.status == "failed" and job.error["code"] == "ai_output_invalid"
    assert "not valid JSON" in job.error["message"] and job.progress == 40


def test_a_crash_fails_the_job_without_leaking_internals(stub_function, make_job):
    stub_function.behaviour = "crash"
    job = AIEngine.execute(make_job().pk)
    assert job.error == {"code": "internal_error", "message": "The job failed unexpectedly."}


def test_a_job_is_run_once_even_if_delivered_twice(stub_function, make_job):
    job = make_job()
    assert AIEngine.execute(job.pk).status == "succeeded"
    assert AIEngine.execute(job.pk) is None


def test_an_unknown_function_fails_the_job(make_job):
    job = AIEngine.execute(make_job(function="nope").pk)
    assert job.error["code"] == "unknown_function"


def test_a_job_the_sweep_failed_meanwhile_keeps_that_outcome(stub_function, make_job, monkeypatch):
    job = make_job()
    original = stub_function.run.__func__

    def swept_while_running(cls, ctx):
        AIEngine.fail(job.pk, code="stalled", message="The job stopped responding.")
        return original(cls, ctx)

    monkeypatch.setattr(stub_function, "run", classmethod(swept_while_running))
    finished = AIEngine.execute(job.pk)
    assert (finished.status, finished.error["code"]) == ("failed", "stalled")


def test_charges_add_up_exactly_on_every_database(make_job):
    from decimal import Decimal

    from django.db.models import FloatField
    from django.db.models.functions import Cast

    from modelbank.ai.context import JobContext

    job = make_job()
    context = JobContext(job)
    context.charged(credits=1, cost_usd=Decimal("0.1"))
    context.charged(credits=2, cost_usd=Decimal("0.2"))
    context.progress(50, "Half way")  # the totals are written with the job's next write
    job.refresh_from_db()
    assert (job.credits_charged, job.cost_usd) == (3, Decimal("0.3"))
    # What is stored, not what the ORM rounds on reading.
    stored = AIJob.objects.filter(pk=job.pk).annotate(number=Cast("cost_usd", FloatField()))
    assert repr(stored.values_list("number", flat=True).get()) == "0.3"
