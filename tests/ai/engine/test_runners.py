"""Jobs on real runners: the background thread (no broker) and a real Celery worker on Redis,
with progress read through the API while the job runs."""

import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import override_settings

from modelbank.ai.runner import runner_mode, wait_for_threads

URL = "/api/v1/ai/jobs/"
ROOT = Path(__file__).resolve().parents[3]
SLOW_IMAGE_SECONDS = 0.6


def watch(client, job_id, timeout=60.0) -> tuple[dict, list[tuple[int, str]]]:
    """Poll the job through the API until it finishes; returns it and every (progress, step) seen."""
    seen, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"{URL}{job_id}/").json()
        if not seen or seen[-1] != (job["progress"], job["step"]):
            seen.append((job["progress"], job["step"]))
        if job["status"] in ("succeeded", "failed"):
            return job, seen
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish in {timeout}s; saw {seen}")


def slow_images_job(client, fake, n=3) -> str:
    fake.queue(path="/images/generations", delay=SLOW_IMAGE_SECONDS, times=n)
    response = client.post(URL, {"function": "generate_images", "input": {"prompts": [f"p{i}" for i in range(n)]}},
                           format="json")
    assert response.status_code == 202, response.json()
    return response.json()["id"]


def test_the_runner_follows_the_broker():
    with override_settings(MODELBANK_JOB_RUNNER=None, CELERY_BROKER_URL=""):
        assert runner_mode() == "thread"
    with override_settings(MODELBANK_JOB_RUNNER=None, CELERY_BROKER_URL="redis://127.0.0.1:6379/5"):
        assert runner_mode() == "celery"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@override_settings(MODELBANK_JOB_RUNNER="thread")
def test_without_a_broker_a_thread_runs_the_job_with_progress(api_client, give_credits, point_provider, fake_openai):
    give_credits(100)
    point_provider("openai", fake_openai)
    job, seen = watch(api_client, slow_images_job(api_client, fake_openai))
    wait_for_threads()
    assert job["status"] == "succeeded" and job["credits_charged"] == 15
    assert any(0 < progress < 100 for progress, _ in seen), seen


def _database_url() -> str:
    db = connection.settings_dict  # the test database pytest-django created (test_<name>)
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def start_worker(queue: str, log: Path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DATABASE_URL": _database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "MODELBANK_ENCRYPTION_KEYS": ",".join(settings.MODELBANK_ENCRYPTION_KEYS),
    }
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "-Q", queue, "--pool=solo",
               "--without-gossip", "--without-mingle", "--without-heartbeat", "-n", f"{queue}@%h", "--loglevel=INFO"]
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=log.open("wb"), stderr=subprocess.STDOUT)


def stop_worker(worker: subprocess.Popen) -> None:
    worker.terminate()
    try:
        worker.wait(15)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait(5)


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_celery_worker_runs_the_job_and_progress_is_read_while_it_runs(
    api_client, give_credits, point_provider, fake_openai
):
    give_credits(100)
    point_provider("openai", fake_openai)
    queue = f"mb-ai-test-{uuid.uuid4().hex[:8]}"  # only this test's worker listens here
    log = Path(tempfile.mkdtemp()) / "worker.log"
    worker = start_worker(queue, log)
    try:
        with override_settings(MODELBANK_JOB_RUNNER="celery", MODELBANK_AI_QUEUE=queue):
            job, seen = watch(api_client, slow_images_job(api_client, fake_openai), timeout=90)
    finally:
        stop_worker(worker)
    output = log.read_text(errors="replace")
    assert job["status"] == "succeeded", (job, output[-3000:])
    assert "run_ai_job" in output  # it was the worker, not this process, that ran it
    assert job["credits_charged"] == 15 and len(job["result"]["images"]) == 3
    assert any(0 < progress < 100 and "Generating image" in step for progress, step in seen), seen
