"""AI engine overhead per call: AICore.run_ai_request minus a direct OpenAI SDK call to the
same local fake server, measured pairwise in the same run, on PostgreSQL.

What the overhead covers: the registry checks, the key read, the adapter, the credit hold
(reserve), the settle (ledger row, usage log, daily rollup) and the cost calculation.

Usage: .venv/bin/python bench/ai_overhead.py [--calls 300]
Env: BENCH_POSTGRES_URL (default postgres://postgres@127.0.0.1:5432/mb_bench_ai); the
database is created for the run and dropped at the end.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import psycopg

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
                      MODELBANK_ENCRYPTION_KEYS=Fernet.generate_key().decode())
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


def run(calls: int) -> None:
    import openai

    from modelbank.ai.core import AICore
    from tests.ai.fakes.openai_fake import FakeOpenAI

    fake = FakeOpenAI()  # its handler disables Nagle, so no delayed-ACK stall drowns the figure
    with fake:
        account, model = fixtures(fake)
        client = openai.OpenAI(api_key="sk-bench", base_url=fake.endpoint, max_retries=0)

        def direct():
            # The same request the adapter sends to a non-OpenAI endpoint (max_tokens), so the
            # two paths differ only by the engine.
            client.chat.completions.create(model=model.model_name, messages=MESSAGES, max_tokens=256)

        def engine(i):
            AICore.run_ai_request(model=model, messages=MESSAGES, max_tokens=256, temperature=None, json_mode=False,
                                  account=account, user=None, operation_type="content_generation",
                                  request_id=f"bench-{i}")

        for i in range(20):  # warm up connections, caches and the SDK
            direct()
            engine(f"warm-{i}")
        pairs = [(timed(direct), timed(lambda i=i: engine(i))) for i in range(calls)]
    direct_ms, engine_ms = [d for d, _ in pairs], [e for _, e in pairs]
    overhead = [e - d for d, e in pairs]
    print(f"calls: {calls} pairs on PostgreSQL ({DB_URL.rsplit('/', 1)[1]}), fake OpenAI server on 127.0.0.1")
    print(f"direct SDK call   p50 {percentile(direct_ms, 50):7.2f} ms   p99 {percentile(direct_ms, 99):7.2f} ms")
    print(f"engine call       p50 {percentile(engine_ms, 50):7.2f} ms   p99 {percentile(engine_ms, 99):7.2f} ms")
    print(f"engine overhead   p50 {percentile(overhead, 50):7.2f} ms   p99 {percentile(overhead, 99):7.2f} ms"
          f"   (ratio engine/direct at p50: {statistics.median(engine_ms) / statistics.median(direct_ms):.2f}x)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=300)
    args = parser.parse_args()
    recreate_database(DB_URL)
    try:
        setup_django()
        run(args.calls)
    finally:
        from django.db import connections

        connections.close_all()
        recreate_database(DB_URL, drop_only=True)


if __name__ == "__main__":
    main()
