"""Where a job runs: a Celery worker when a broker is configured, else a thread in this process.

MODELBANK_JOB_RUNNER chooses: "celery" (the default when CELERY_BROKER_URL is set), "thread"
(the default without a broker, so `make run` works alone) or "eager" (run in the request,
for tests and scripts). Jobs are handed over only after the creating transaction commits.
While a thread or a worker holds a job it writes heartbeats (modelbank.ai.heartbeat), so the
stale-job sweep can tell a dead runner from a slow one.
"""

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor, wait

from django.conf import settings
from django.db import close_old_connections, connections, transaction

from modelbank.ai.engine import AIEngine
from modelbank.ai.heartbeat import job_hold, job_let_go

logger = logging.getLogger(__name__)

_executor: ThreadPoolExecutor | None = None
_executor_lock = threading.Lock()
_pending: set[Future] = set()


def runner_mode() -> str:
    return settings.MODELBANK_JOB_RUNNER or ("celery" if settings.CELERY_BROKER_URL else "thread")


def job_enqueue(*, job_id) -> None:
    mode = runner_mode()
    if mode == "celery":
        transaction.on_commit(lambda: _send_to_celery(job_id))
    elif mode == "thread":
        transaction.on_commit(lambda: _submit(job_id))
    elif mode == "eager":
        transaction.on_commit(lambda: AIEngine.execute(job_id))
    else:
        raise ValueError(f"MODELBANK_JOB_RUNNER must be celery, thread or eager, not {mode!r}")


def _send_to_celery(job_id) -> None:
    queue = settings.MODELBANK_AI_QUEUE or None
    try:
        # Celery is loaded by the processes that use it (config/__init__.py); the app first, so the
        # shared task binds to it and not to Celery's default app.
        from config.celery import app  # noqa: F401
        from modelbank.ai.tasks import run_ai_job

        run_ai_job.apply_async(args=[str(job_id)], queue=queue)
    except Exception:
        logger.exception("could not hand AI job %s to Celery", job_id)
        AIEngine.fail(job_id, code="queue_unavailable", message="The job queue is unavailable; try again later.")


def _pool() -> ThreadPoolExecutor:
    global _executor
    with _executor_lock:
        if _executor is None:
            workers = settings.MODELBANK_JOB_THREADS
            _executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="aijob")
        return _executor


def _submit(job_id) -> None:
    job_hold(job_id)  # before the pool: a job waiting behind others is held by this process too
    try:
        future = _pool().submit(_run_in_thread, job_id)
    except BaseException:
        job_let_go(job_id)
        raise
    with _executor_lock:
        _pending.add(future)
    future.add_done_callback(_pending.discard)


def _run_in_thread(job_id) -> None:
    close_old_connections()
    try:
        AIEngine.execute(job_id)
    except Exception:
        logger.exception("AI job %s failed in its thread", job_id)
    finally:
        job_let_go(job_id)
        # Each pool thread has its own connection; do not leave it open between jobs.
        connections.close_all()


def wait_for_threads(timeout: float = 30.0) -> None:
    """Tests and shutdown: wait until the jobs submitted so far have finished."""
    with _executor_lock:
        pending = list(_pending)
    wait(pending, timeout=timeout)
