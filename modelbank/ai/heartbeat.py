"""Heartbeats: the process that holds a job says so every few seconds (AIJob.heartbeat_at).

A job is held from its hand-over to this process (the thread pool, where it may wait behind
other jobs, or a Celery worker's pick-up) until it finishes. When the process dies the beats
stop and the stale-job sweep fails the job after MODELBANK_JOB_HEARTBEAT_TIMEOUT_SECONDS; a
slow job in a live process keeps beating however long its provider takes, and is left alone.
"""

import logging
import os
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError
from django.db.models.functions import Now

from modelbank.ai.background import PeriodicThread
from modelbank.ai.models import AIJob

logger = logging.getLogger(__name__)
_held: set[str] = set()
_held_lock = threading.Lock()


def heartbeat_interval() -> float:
    return float(settings.MODELBANK_JOB_HEARTBEAT_SECONDS)


def jobs_beat(*, job_ids: Iterable, statuses: Iterable[str] = AIJob.UNFINISHED) -> int:
    """Mark the jobs alive now, by the database's clock (the one the sweep compares with, so
    servers' clocks may differ); finished jobs are left alone. Returns how many were marked."""
    ids = [str(job_id) for job_id in job_ids]
    if not ids:
        return 0
    return AIJob.objects.filter(pk__in=ids, status__in=list(statuses)).update(heartbeat_at=Now())


def held_jobs() -> list[str]:
    with _held_lock:
        return sorted(_held)


def _beat_held() -> int:
    return jobs_beat(job_ids=held_jobs())


_beats = PeriodicThread("aijob-heartbeat", _beat_held, heartbeat_interval)


def job_hold(job_id) -> None:
    """This process now holds the job. The first beat goes out at once, for a queued job only:
    a job already running is another process's (a redelivered Celery task), which the claim
    guard will skip, and must not look alive on its behalf."""
    with _held_lock:
        _held.add(str(job_id))
    _beats.ensure_started()
    try:
        jobs_beat(job_ids=[job_id], statuses=[AIJob.Status.QUEUED])
    except DatabaseError:
        # The job is committed and must still run; the next periodic beat marks it.
        logger.warning("could not mark AI job %s alive; the next heartbeat will", job_id, exc_info=True)


def job_let_go(job_id) -> None:
    with _held_lock:
        _held.discard(str(job_id))


@contextmanager
def job_heartbeat(job_id) -> Iterator[None]:
    job_hold(job_id)
    try:
        yield
    finally:
        job_let_go(job_id)


def _forget_in_child() -> None:
    global _held_lock
    _held_lock = threading.Lock()
    _held.clear()  # a forked child runs none of its parent's jobs


os.register_at_fork(after_in_child=_forget_in_child)
