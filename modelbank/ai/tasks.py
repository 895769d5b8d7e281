from celery import shared_task

from modelbank.ai.engine import AIEngine


@shared_task(name="modelbank.ai.tasks.run_ai_job", ignore_result=True)
def run_ai_job(job_id: str) -> None:
    """Thin: the engine fetches the job by id, claims it and runs it."""
    AIEngine.execute(job_id)
