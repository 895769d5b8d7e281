"""Time of a 30-day revenue report grouped by model and day over 1M usage logs, PostgreSQL.

The logs (and their ledger rows) are generated with generate_series; the daily rollup is
filled from them as the per-log upserts would have left it. Baseline, same run: the same
report computed straight from the 1M logs. Run: .venv/bin/python bench/credits_report.py
"""

import time
from datetime import UTC, datetime, timedelta

from credits_common import bench_database

LOGS = 1_000_000
ACCOUNTS = 200
DAYS = 30

TRANSACTIONS = """
INSERT INTO credits_credittransaction (account_id, transaction_type, amount, balance_after, operation_type,
    idempotency_key, description, metadata, created_at)
SELECT %(first_account)s + g %% %(accounts)s, 'deduction', -(1 + g %% 7), 0, 'content_generation',
       'bench-' || g, '', '{}', now() - (g %% (%(days)s * 1440)) * interval '1 minute'
FROM generate_series(1, %(logs)s) g
"""
LOGS_SQL = """
INSERT INTO credits_creditusagelog (account_id, operation_type, model_id, provider, input_tokens, output_tokens,
    cached_tokens, reasoning_tokens, image_count, credits_used, cost_usd, price_per_credit_usd, transaction_id,
    request_id, metadata, created_at)
SELECT t.account_id, m.op, m.id, m.provider_id, 1000, -t.amount * 1000 - 1000, 0, 0, 0, -t.amount,
       (-t.amount) * 0.004, 0.01, t.id, '', '{}', t.created_at
FROM credits_credittransaction t
JOIN (SELECT id, provider_id, row_number() OVER (ORDER BY id) - 1 AS n,
             CASE WHEN model_type = 'image' THEN 'image_generation' ELSE 'content_generation' END AS op
      FROM catalog_aimodelconfig WHERE is_active) m
  ON m.n = t.id % (SELECT count(*) FROM catalog_aimodelconfig WHERE is_active)
WHERE t.idempotency_key LIKE 'bench-%'
"""
ROLLUP = """
INSERT INTO credits_creditusagedaily (day, account_id, model_id, operation_type, provider, usage_count,
    credits_used, uncharged_credits, revenue_nanousd, cost_nanousd, input_tokens, output_tokens, image_count)
SELECT (created_at AT TIME ZONE 'UTC')::date, account_id, model_id, operation_type, provider, count(*),
       sum(credits_used), sum(uncharged_credits), sum(credits_used * price_per_credit_usd * 1000000000)::bigint,
       sum(cost_usd * 1000000000)::bigint, sum(input_tokens), sum(output_tokens), sum(image_count)
FROM credits_creditusagelog GROUP BY 1, 2, 3, 4, 5
"""
STRAIGHT = """
SELECT m.model_name, (l.created_at AT TIME ZONE 'UTC')::date AS day, count(*), sum(l.credits_used),
       sum(l.credits_used * l.price_per_credit_usd), sum(l.cost_usd)
FROM credits_creditusagelog l JOIN catalog_aimodelconfig m ON m.id = l.model_id
WHERE l.created_at >= %s AND l.created_at < %s GROUP BY 1, 2 ORDER BY 1, 2
"""


def timed(fn, rounds: int = 5) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(rounds):
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def generate() -> None:
    from django.db import connection

    from modelbank.accounts.models import Account

    accounts = Account.objects.bulk_create([Account(name=f"bench {i}") for i in range(ACCOUNTS)])
    params = {"first_account": accounts[0].pk, "accounts": ACCOUNTS, "days": DAYS, "logs": LOGS}
    start = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(TRANSACTIONS, params)
        cursor.execute(LOGS_SQL)
        cursor.execute(ROLLUP)
        cursor.execute("ANALYZE")
        cursor.execute("SELECT count(*) FROM credits_creditusagelog")
        print(f"generated {cursor.fetchone()[0]:,} usage logs (+ ledger rows, rollup) "
              f"in {time.perf_counter() - start:.1f} s")


def main() -> None:
    with bench_database():
        from django.db import connection
        from django.utils import timezone

        from modelbank.common.money import usd
        from modelbank.credits.models import CreditUsageDaily
        from modelbank.credits.selectors import revenue_report

        generate()
        until = timezone.now().date()
        since = until - timedelta(days=DAYS - 1)
        report_s, rows = timed(lambda: revenue_report(since=since, until=until, by=["model", "day"]))

        # The same whole UTC days as the report: [since 00:00, until + 1 day 00:00).
        start = datetime.combine(since, datetime.min.time(), tzinfo=UTC)
        end = datetime.combine(until + timedelta(days=1), datetime.min.time(), tzinfo=UTC)

        def straight():
            with connection.cursor() as cursor:
                cursor.execute(STRAIGHT, [start, end])
                return cursor.fetchall()

        straight_s, straight_rows = timed(straight, rounds=3)
        print(f"rollup rows: {CreditUsageDaily.objects.count():,}; report rows (model x day): {len(rows)}")
        print(f"30-day report by model,day from the rollup (revenue_report): {report_s * 1000:8.1f} ms")
        print(f"same report straight from the 1M logs (baseline):           {straight_s * 1000:8.1f} ms")
        print(f"ratio rollup / baseline: {report_s / straight_s:.4f}")
        same = _figures(rows) == {(m, d): (n, c, usd(r), usd(k)) for m, d, n, c, r, k in straight_rows}
        print(f"rollup and baseline agree on every (model, day) count, credits, revenue and cost: {same}")
        ratio = report_s / straight_s
        ok = same and ratio <= 0.1
        print(f"RESULT credits_report {report_s * 1000:.1f}ms ratio={ratio:.4f} goal=<=0.1 {'PASS' if ok else 'FAIL'}")
        if not same:
            raise SystemExit(1)


def _figures(rows: list[dict]) -> dict:
    from modelbank.common.money import usd

    return {(r["model"], r["day"]): (r["usage_count"], r["credits_used"], usd(r["revenue_usd"]), usd(r["cost_usd"]))
            for r in rows}


if __name__ == "__main__":
    main()
