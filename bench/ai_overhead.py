"""AI engine overhead per call: AICore.run_ai_request minus a direct OpenAI SDK call to the
same local fake server (in a process of its own), measured pairwise and interleaved in the same
run, on PostgreSQL. Then the same for a whole text job (job_create, run by the engine).

What the call overhead covers: the registry checks, the key read, the adapter, the credit hold
(reserve), the settle (ledger row, usage log, daily rollup) and the cost calculation. The job
adds the job row, its claim, its progress and its end. Goals: call p50 <= 1.0 ms and
p99 <= 2.5 ms; job p50 <= 3 ms. Then the OpenAI-compatible gateway (/v1/chat/completions on a
gunicorn of its own) against the same direct call: what an application pays for going through
modelbank (HTTP, token auth, rate limits, the engine, the response), reported, not gated.

Usage: .venv/bin/python bench/ai_overhead.py [--calls 2000] [--jobs 500] [--gateway 1000]
Env: BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/mb_bench_ai); the
database is created for the run and dropped at the end.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import psycopg
from _harness import FakeOpenAIProcess

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DB_URL = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/mb_bench_ai")
MESSAGES = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Write a haiku about tea."}]


def admin_url(url: str) -> tuple[str, str]:
    base, name = url.rsplit("/", 1)
    return f"{base}/postgres", name


def recreate_database(url: str, *, drop_only: bool = False) -> None:
    server, name = admin_url(url)
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_django() -> None:
    from cryptography.fernet import Fernet

    os.environ.update(DATABASE_URL=DB_URL, DJANGO_SETTINGS_MODULE="config.settings", LOG_LEVEL="WARNING",
                      MODELBANK_ENCRYPTION_KEYS=Fernet.generate_key().decode(), MODELBANK_JOB_RUNNER="eager",
                      MODELBANK_SWEEPERS="off")
    for name in ("REDIS_URL", "CELERY_BROKER_URL"):  # production settings, but no cache server needed
        os.environ.pop(name, None)
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def fixtures(fake):
    from modelbank.accounts.models import Account
    from modelbank.catalog.models import AIModelConfig, IntegrationProvider
    from modelbank.catalog.services import provider_set_secret
    from modelbank.credits.services import credit_grant

    provider = IntegrationProvider.objects.get(pk="openai")
    provider.api_endpoint = fake.endpoint
    provider.save()
    provider_set_secret(provider_id="openai", field="api_key", value="sk-bench")
    account = Account.objects.create(name="bench")
    credit_grant(account=account, credits=10**9, idempotency_key="bench-grant")
    return account, AIModelConfig.objects.get(model_name="gpt-5.1")


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def summary(name: str, values: list[float]) -> str:
    return f"{name:<18} p50 {percentile(values, 50):7.2f} ms   p99 {percentile(values, 99):7.2f} ms"


def gateway_pairs(direct, account, model, count: int) -> list[tuple[float, float]]:
    """(direct, through the gateway) times for `count` interleaved pairs, the gateway served by
    gunicorn (1 worker, 2 threads) in a process of its own on the bench's database."""
    import openai
    from _harness import PY, free_port
    from django.contrib.auth import get_user_model

    from modelbank.accounts.models import Membership
    from modelbank.accounts.services import api_token_issue

    user = get_user_model().objects.create_user(username="bench-gw", email="bench-gw@example.com")
    Membership.objects.create(user=user, account=account, role="owner")
    token = api_token_issue(user=user, account=account, name="bench").raw
    port = free_port()
    server = subprocess.Popen([PY, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1",
                               "--threads", "2", "--log-level", "warning"], cwd=ROOT, env=dict(os.environ))
    try:
        client = openai.OpenAI(api_key=token, base_url=f"http://127.0.0.1:{port}/v1", max_retries=0)

        def through_gateway():
            client.chat.completions.create(model=model.model_name, messages=MESSAGES, max_completion_tokens=256)

        deadline = time.monotonic() + 30
        while True:
            try:
                through_gateway()
                break
            except openai.APIConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        for _ in range(50):
            through_gateway()
        return [(timed(direct), timed(through_gateway)) for _ in range(count)]
    finally:
        server.terminate()
        server.wait()


def run(calls: int, jobs: int, gateway: int) -> None:
    import openai

    from modelbank.ai.core import AICore
    from modelbank.ai.services import job_create

    with FakeOpenAIProcess() as fake:
        account, model = fixtures(fake)
        client = openai.OpenAI(api_key="sk-bench", base_url=fake.endpoint, max_retries=0)

        def direct():
            # The same request the adapter sends (GPT-5 takes max_completion_tokens, as the catalog
            # says), so the two paths differ only by the engine.
            client.chat.completions.create(model=model.model_name, messages=MESSAGES, max_completion_tokens=256)

        def engine(i):
            AICore.run_ai_request(model=model, messages=MESSAGES, max_tokens=256, temperature=None, json_mode=False,
                                  account=account, user=None, operation_type="content_generation",
                                  request_id=f"bench-{i}")

        def job():
            job_create(account=account, user=None, function="generate_content",
                       input={"brief": "Write a haiku about tea."})

        for i in range(50):  # warm up connections, caches, prepared statements and the SDK
            direct()
            engine(f"warm-{i}")
            job()
        pairs = [(timed(direct), timed(lambda i=i: engine(i))) for i in range(calls)]
        job_pairs = [(timed(direct), timed(job)) for _ in range(jobs)]
        from modelbank.ai.models import AIJob

        outcomes = set(AIJob.objects.values_list("status", flat=True).distinct())
        assert outcomes == {"succeeded"}, f"jobs ended {outcomes}"
        gw_pairs = gateway_pairs(direct, account, model, gateway) if gateway else []
    direct_ms, engine_ms = [d for d, _ in pairs], [e for _, e in pairs]
    overhead = [e - d for d, e in pairs]
    job_overhead = [j - d for d, j in job_pairs]
    print(f"{calls} call pairs and {jobs} job pairs on PostgreSQL ({DB_URL.rsplit('/', 1)[1]}), "
          f"fake OpenAI server in another process on 127.0.0.1")
    print(summary("direct SDK call", direct_ms))
    print(summary("engine call", engine_ms))
    print(summary("call overhead", overhead))
    print(summary("text job overhead", job_overhead))
    if gw_pairs:
        print(summary("gateway call", [g for _, g in gw_pairs]))
        print(summary("gateway overhead", [g - d for d, g in gw_pairs]) + "   (HTTP + auth + limits + engine)")
    p50, p99, job_p50 = percentile(overhead, 50), percentile(overhead, 99), percentile(job_overhead, 50)
    ok = p50 <= 1.0 and p99 <= 2.5 and job_p50 <= 3.0
    print(f"goals: call p50 <= 1.0 ms ({p50:.2f}), call p99 <= 2.5 ms ({p99:.2f}), job p50 <= 3.0 ms ({job_p50:.2f})")
    ratio = statistics.median(engine_ms) / statistics.median(direct_ms)
    print(f"RESULT ai_overhead {p50:.2f}ms ratio={ratio:.2f} goal=<=1.0ms {'PASS' if ok else 'FAIL'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--jobs", type=int, default=500)
    parser.add_argument("--gateway", type=int, default=1000, help="gateway call pairs (0: skip)")
    args = parser.parse_args()
    recreate_database(DB_URL)
    try:
        setup_django()
        run(args.calls, args.jobs, args.gateway)
    finally:
        from django.db import connections

        connections.close_all()
        recreate_database(DB_URL, drop_only=True)


if __name__ == "__main__":
    main()
