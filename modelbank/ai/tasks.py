from datetime import timedelta

from celery import shared_task
from django.conf import settings

from modelbank.ai.engine import AIEngine


@shared_task(name="modelbank.ai.tasks.run_ai_job", ignore_result=True)
def run_ai_job(job_id: str) -> None:
    """Thin: the engine fetches the job by id, claims it and runs it."""
    AIEngine.execute(job_id)


@shared_task(name="modelbank.ai.tasks.fail_stale_jobs", ignore_result=True)
def fail_stale_jobs() -> int:
    from modelbank.ai.services import jobs_fail_stale

    return jobs_fail_stale(older_than=timedelta(minutes=settings.MODELBANK_JOB_STALE_MINUTES))
