from celery import shared_task

from modelbank.ai.engine import AIEngine
from modelbank.ai.heartbeat import job_heartbeat
from modelbank.ai.stale import jobs_fail_stale
from modelbank.common.metrics import sweep_ran


@shared_task(name="modelbank.ai.tasks.run_ai_job", ignore_result=True)
def run_ai_job(job_id: str) -> None:
    """Thin: the engine fetches the job by id, claims it and runs it, with heartbeats while it runs."""
    with job_heartbeat(job_id):
        AIEngine.execute(job_id)


@shared_task(name="modelbank.ai.tasks.fail_stale_jobs", ignore_result=True)
def fail_stale_jobs() -> int:
    return sweep_ran("fail_stale_jobs", jobs_fail_stale())  # thresholds from settings; the same sweep the server runs without beat
