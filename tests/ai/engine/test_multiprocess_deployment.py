"""modelbank as it runs past one machine, on loopback: two gunicorn servers, a Celery worker and
beat, on PostgreSQL and Redis. A bounded storm of jobs, grants and settings changes goes to both
servers; a price change reaches the other server within the check interval; the worker is
SIGKILLed mid-job and beat (with the restarted worker) fails the job and frees its credits.
Afterwards the ledger is consistent and every credit is accounted for."""

import os
import signal
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from django.conf import settings
from django.db.models import Sum

from modelbank.accounts.services import api_token_issue
from modelbank.ai.models import AIJob
from modelbank.catalog.models import AIModelConfig
from modelbank.credits.models import CreditHold, CreditUsageLog
from modelbank.credits.selectors import credit_balance
from modelbank.credits.selectors.integrity import ledger_violations
from tests.ai.engine.test_sweeper_server import _answers, _database_url, _free_port, _start, _stop, _until
from tests.ai.fakes.openai_fake import chat_body

ROOT = Path(settings.BASE_DIR)
START, GRANTS, JOBS, CHANGES = 10_000, 8, 16, 8
pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.multiprocess,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _env(queue: str) -> dict:
    broker = settings.CELERY_BROKER_URL or os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15")
    return {
        **os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DATABASE_URL": _database_url(),
        "MODELBANK_ENCRYPTION_KEYS": ",".join(settings.MODELBANK_ENCRYPTION_KEYS), "REDIS_URL": broker,
        "CELERY_BROKER_URL": broker, "CELERY_TASK_DEFAULT_QUEUE": queue, "MODELBANK_JOB_RUNNER": "celery",
        "MODELBANK_SWEEPERS": "off", "MODELBANK_JOB_HEARTBEAT_SECONDS": "1",
        "MODELBANK_JOB_HEARTBEAT_TIMEOUT_SECONDS": "3", "MODELBANK_JOB_SWEEP_SECONDS": "1",
        "MODELBANK_HOLD_SWEEP_SECONDS": "1", "CATALOG_CACHE_CHECK_SECONDS": "0.5", "DB_CONN_MAX_AGE": "0",
    }


def _worker(env, log):
    return _start([sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--without-gossip",
                   "--without-mingle", "-n", f"{env['CELERY_TASK_DEFAULT_QUEUE']}-{uuid.uuid4().hex[:4]}@%h",
                   "--loglevel=INFO"], log, env)


def test_two_servers_a_worker_and_beat_share_one_ledger(owner, account, give_credits, point_provider, fake_openai,
                                                         tmp_path):
    owner.is_staff = True  # the grants go through the staff API
    owner.save()
    give_credits(START)
    point_provider("openai", fake_openai)
    token = api_token_issue(user=owner, account=account).raw
    headers = {"Authorization": f"Bearer {token}"}
    env = _env(f"mb-deploy-{uuid.uuid4().hex[:8]}")
    logs = [tmp_path / name for name in ("web-a.log", "web-b.log", "worker.log", "beat.log", "worker-2.log")]
    ports = [_free_port(), _free_port()]
    urls = [f"http://127.0.0.1:{port}" for port in ports]
    servers = [_start([sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers",
                       "2", "--threads", "4", "--no-control-socket"], log, env) for port, log in zip(ports, logs, strict=False)]
    worker = _worker(env, logs[2])
    beat = _start([sys.executable, "-m", "celery", "-A", "config", "beat", "--loglevel=INFO", "--schedule",
                   str(tmp_path / "beat-schedule")], logs[3], env)
    processes = [*servers, worker, beat]
    try:
        for url in urls:
            _until(lambda url=url: _answers(url), f"{url} answers", logs)

        # a bounded storm, spread over both servers, all at once
        def job(i):
            return httpx.post(f"{urls[i % 2]}/api/v1/ai/jobs/", headers=headers, timeout=30,
                              json={"function": "generate_content", "input": {"brief": f"Tea {i}"}})

        def grant(i):
            return httpx.post(f"{urls[i % 2]}/api/v1/admin/credits/grant/", headers=headers, timeout=30,
                              json={"account": account.pk, "credits": 10, "idempotency_key": f"storm-{i}",
                                    "reason": "storm"})

        def change(i):
            return httpx.put(f"{urls[i % 2]}/api/v1/system/settings/integrations/text_generation/", headers=headers,
                             timeout=30, json={"temperature": round(0.1 * (i % 10), 1)})

        work = [(job, i) for i in range(JOBS)] + [(grant, i) for i in range(GRANTS)] + [(change, i)
                                                                                          for i in range(CHANGES)]
        with ThreadPoolExecutor(8) as pool:
            answers = list(pool.map(lambda item: item[0](item[1]), work))
        assert [a.status_code for a in answers] == [202] * JOBS + [201] * GRANTS + [200] * CHANGES, \
            [a.text[:200] for a in answers if a.status_code >= 300]
        _until(lambda: AIJob.objects.filter(status="succeeded").count() == JOBS, "every storm job succeeds", logs)

        # a price change saved by another process reaches server B within the check interval
        model = AIModelConfig.objects.get(model_name="gpt-5.1")
        model.tokens_per_credit = 100
        model.save()

        def server_b_price():
            listed = httpx.get(f"{urls[1]}/api/v1/system/ai-models/", headers=headers, timeout=10).json()
            return next(m["tokens_per_credit"] for m in listed["text_models"] if m["model_name"] == "gpt-5.1") == 100

        _until(server_b_price, "server B lists the new price", logs)
        time.sleep(1.0)  # every process re-checks the catalog's stamp at most 0.5 s after it moved
        fake_openai.queue(body=chat_body("# Priced", prompt_tokens=300, completion_tokens=900))
        priced = httpx.post(f"{urls[1]}/api/v1/ai/jobs/", headers=headers, timeout=30,
                            json={"function": "generate_content", "input": {"brief": "priced"}}).json()["id"]
        _until(lambda: AIJob.objects.filter(pk=priced, status="succeeded").exists(), "the priced job runs", logs)
        assert AIJob.objects.get(pk=priced).credits_charged == 12  # ceil(1,200 tokens / 100)

        # the worker is killed mid-job; the restarted worker runs beat's sweep, which fails it
        fake_openai.queue(path="/chat/completions", delay=120)
        stuck = httpx.post(f"{urls[0]}/api/v1/ai/jobs/", headers=headers, timeout=30,
                           json={"function": "generate_content", "input": {"brief": "stuck"}}).json()["id"]
        _until(lambda: AIJob.objects.filter(pk=stuck, status="running").exists()
               and CreditHold.objects.filter(idempotency_key__startswith=f"aijob:{stuck}:", status="open").exists(),
               "the job runs and holds credits", logs)
        _stop(worker, signal.SIGKILL)
        worker = _worker(env, logs[4])
        processes.append(worker)
        _until(lambda: AIJob.objects.filter(pk=stuck, status="failed").exists()
               and not CreditHold.objects.filter(status="open").exists(), "beat fails the job and frees its hold",
               logs)
    finally:
        for process in processes:
            _stop(process)

    assert AIJob.objects.get(pk=stuck).error_code == "stalled"
    charged = CreditUsageLog.objects.filter(account=account).aggregate(total=Sum("credits_used"))["total"]
    assert credit_balance(account=account) == {"balance": START + 10 * GRANTS - charged, "reserved": 0,
                                               "available": START + 10 * GRANTS - charged}
    assert ledger_violations() == []
