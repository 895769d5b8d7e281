"""A server killed mid-job: with no Celery, no person and no command, the next server process
fails the job and frees its credits by itself (the sweeper thread inside it)."""

import os
import signal
import socket
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from django.conf import settings
from django.db import connection

from modelbank.accounts.services import api_token_issue
from modelbank.ai.models import AIJob, SweepClaim
from modelbank.credits.models import CreditHold
from modelbank.credits.selectors import credit_balance
from modelbank.credits.selectors.integrity import ledger_violations
from modelbank.credits.services import credit_reserve

ROOT = Path(settings.BASE_DIR)
HEARTBEAT_TIMEOUT = 3  # seconds; the servers below beat and sweep every second
BOUND = 60.0  # a generous limit on every wait, never an expected duration


def _database_url() -> str:
    db = connection.settings_dict  # the test database pytest-django created (test_<name>)
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _server_env() -> dict:
    """Production settings with the thread runner (no broker) and short, test-sized intervals."""
    return {
        **os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DATABASE_URL": _database_url(),
        "MODELBANK_ENCRYPTION_KEYS": ",".join(settings.MODELBANK_ENCRYPTION_KEYS), "REDIS_URL": "",
        "CELERY_BROKER_URL": "", "MODELBANK_JOB_RUNNER": "thread", "MODELBANK_SWEEPERS": "auto",
        "MODELBANK_JOB_HEARTBEAT_SECONDS": "1", "MODELBANK_JOB_HEARTBEAT_TIMEOUT_SECONDS": str(HEARTBEAT_TIMEOUT),
        "MODELBANK_JOB_SWEEP_SECONDS": "1", "MODELBANK_HOLD_SWEEP_SECONDS": "1", "DB_CONN_MAX_AGE": "0",
    }


def _start(command: list[str], log: Path, env: dict | None = None) -> subprocess.Popen:
    # Its own session: SIGKILL to the group takes the gunicorn master and its workers at once.
    return subprocess.Popen(command, cwd=ROOT, env=env or _server_env(), stdout=log.open("wb"),
                            stderr=subprocess.STDOUT, start_new_session=True)


def _stop(server: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if server.poll() is None:
        os.killpg(server.pid, sig)
    try:
        server.wait(15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(5)


def _until(condition, what: str, logs: list[Path]):
    deadline = time.monotonic() + BOUND
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    tails = "\n".join(f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}" for log in logs if log.exists())
    raise AssertionError(f"not within {BOUND:.0f}s: {what}\n{tails}")


def _answers(url: str) -> bool:
    try:
        return httpx.get(f"{url}/api/v1/auth/csrf/", timeout=2).status_code < 500
    except httpx.TransportError:
        return False


def _job_holds(job_id) -> list[CreditHold]:
    return list(CreditHold.objects.filter(idempotency_key__startswith=f"aijob:{job_id}:"))


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_killed_servers_job_is_failed_and_its_hold_freed_by_the_next_server(
    owner, account, give_credits, point_provider, fake_openai, tmp_path
):
    give_credits(100)
    point_provider("openai", fake_openai)
    fake_openai.queue(path="/images/generations", delay=BOUND * 5)  # the provider stalls on the call
    token = api_token_issue(user=owner, account=account).raw
    logs = [tmp_path / "gunicorn.log", tmp_path / "runserver.log"]

    # given: a job started through the API of a gunicorn server (two workers, thread runner)
    port = _free_port()
    first = _start([sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
                    "--workers", "2", "--threads", "4", "--no-control-socket"], logs[0])
    try:
        _until(lambda: _answers(f"http://127.0.0.1:{port}"), "the first server answers", logs)
        response = httpx.post(f"http://127.0.0.1:{port}/api/v1/ai/jobs/", timeout=30,
                              headers={"Authorization": f"Bearer {token}"},
                              json={"function": "generate_images", "input": {"prompts": ["a lighthouse"]}})
        assert response.status_code == 202, response.text
        job_id = response.json()["id"]
        _until(lambda: any("/images/generations" in r.path for r in fake_openai.requests), "the provider is called",
               logs)
        job = AIJob.objects.get(pk=job_id)
        [hold] = _job_holds(job_id)
        assert (job.status, hold.status) == ("running", "open") and job.heartbeat_at is not None

        # while its server lives, the job outlasts the heartbeat timeout and its sweeps: slow, not dead
        alive_until = job.started_at + timedelta(seconds=HEARTBEAT_TIMEOUT + 1)
        _until(lambda: SweepClaim.objects.filter(name="fail_stale_jobs", claimed_at__gt=alive_until).exists(),
               "the live server sweeps after the heartbeat timeout", logs)
        assert AIJob.objects.get(pk=job_id).status == "running"
    finally:
        _stop(first, signal.SIGKILL)  # when: the server dies mid-job, no graceful anything

    job = AIJob.objects.get(pk=job_id)
    assert job.status == "running" and _job_holds(job_id)[0].status == "open"  # nobody cleaned up
    assert credit_balance(account=account)["reserved"] == hold.amount
    expired = credit_reserve(account=account, credits=2, operation_type="content_generation",
                             idempotency_key="left-by-a-dead-call", expires_in=timedelta(seconds=-1))

    # then: another server process starts; nobody sends it a request or runs a command
    second = _start([sys.executable, "manage.py", "runserver", f"127.0.0.1:{_free_port()}", "--noreload"], logs[1])
    try:
        _until(lambda: AIJob.objects.filter(pk=job_id, status="failed").exists()
               and not CreditHold.objects.filter(account=account, status="open").exists(),
               "the job is failed and every hold freed", logs)
        claimed_by = SweepClaim.objects.get(name="fail_stale_jobs").claimed_by
    finally:
        _stop(second)

    job = AIJob.objects.get(pk=job_id)
    assert (job.error_code, job.credits_charged) == ("stalled", 0)
    assert [h.status for h in _job_holds(job_id)] == ["released"]
    assert CreditHold.objects.get(pk=expired.pk).status == "expired"
    assert credit_balance(account=account) == {"balance": 100, "reserved": 0, "available": 100}  # nothing charged
    assert claimed_by.endswith(f":{second.pid}")  # the second server's own sweeper did it
    assert ledger_violations() == []
