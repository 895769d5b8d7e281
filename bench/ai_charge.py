"""The AI charge path on PostgreSQL: the service's reserve + settle, as every AI call makes them
(ai.charging.charged: the hold, then the settle with its ledger row, usage log and daily rollup),
against a raw baseline making the same writes with one hand-written statement each.

Both run in the same client processes (1 and 8, one account each), with the same driver
settings (psycopg 3, autocommit, server-side binding, statements prepared after psycopg's
default threshold). Rounds are interleaved (service, raw, raw, service, ...) and the ratio is
taken within each round; the median round is reported. Afterwards the ledger is checked
(ledger_check's selector): the bench fails if it finds anything.

Run: .venv/bin/python bench/ai_charge.py [--seconds 2] [--rounds 5]
"""

import argparse
import multiprocessing as mp
import statistics
import time
import uuid

from credits_common import bench_database

CLIENTS = (1, 8)
GOAL = 0.8
HOLD, USED = 30, 21  # credits held for the call, credits its usage comes to


def _service_op(account, model, usage, n: int) -> None:
    from modelbank.ai import charging

    key = f"bench:{uuid.uuid4().hex}"
    with charging.charged(account=account, user=None, model=model, credits=HOLD,
                          operation_type="content_generation", request_id=key) as settlement:
        settlement.settle(credits=USED, usage=usage, request_id=key)


class RawClient:
    """The same writes as the service, each one statement, on a bare psycopg connection."""

    def __init__(self, url: str, account_id: int, model) -> None:
        import psycopg
        from django.utils import timezone

        from modelbank.catalog.registry import ModelRegistry
        from modelbank.catalog.usage import Usage
        from modelbank.credits.models import CreditTransaction, CreditUsageDaily, CreditUsageLog
        from modelbank.credits.models.usage import to_nanousd
        from modelbank.credits.services import settle_sql
        from modelbank.credits.services.costs import cost_config
        from modelbank.credits.services.usage import rollup_key_values, usage_log_values

        self.conn = psycopg.connect(url, autocommit=True)
        self.cursor = psycopg.Cursor(self.conn)
        price = cost_config("content_generation").price_per_credit_usd
        usage = Usage(input_tokens=12_000, output_tokens=9_000)
        now = timezone.now()
        self.tx = {"account_id": account_id, "transaction_type": "deduction", "operation_type": "content_generation",
                   "idempotency_key": "", "payment_id": None, "hold_id": 0, "user_id": None, "description": "",
                   "metadata": {}, "created_at": now}
        self.log = usage_log_values(account_id=account_id, user_id=None, operation_type="content_generation",
                                    hold=None, model=model, usage=usage, cost_usd=ModelRegistry.calculate_cost(model, usage),
                                    provider_cost_usd=None, price_per_credit_usd=price, request_id="",
                                    metadata=None, created_at=now)
        self.settle_sql = settle_sql.statement(tuple(self.tx), tuple(self.log), tuple(rollup_key_values(self.log)))
        self.params = {
            "account_id": account_id, "credits": USED, "price_nanousd": to_nanousd(price), "settled": "settled",
            "open": "open", "now": now,
            **settle_sql._params("t_", CreditTransaction, self.tx), **settle_sql._params("l_", CreditUsageLog, self.log),
            **settle_sql._params("r_", CreditUsageDaily, rollup_key_values(self.log)),
        }
        self.account_id = account_id
        self.model_name = model.model_name

    def op(self) -> None:
        import psycopg

        key = f"bench:{uuid.uuid4().hex}"
        self.cursor.execute(RAW_RESERVE, {"a": self.account_id, "c": HOLD, "k": key,
                                          "m": psycopg.types.json.Jsonb({"model": self.model_name, "request_id": key})})
        hold_id = self.cursor.fetchone()[0]
        self.params.update(hold_id=hold_id, t_hold_id=hold_id, l_hold_id=hold_id, t_idempotency_key=f"hold:{hold_id}",
                           l_request_id=key)
        self.cursor.execute(self.settle_sql, self.params)
        assert self.cursor.fetchone() is not None


RAW_RESERVE = (
    "WITH moved AS (UPDATE credits_creditaccount SET reserved = reserved + %(c)s, updated_at = now() "
    "WHERE account_id = %(a)s AND balance - reserved >= %(c)s AND NOT EXISTS (SELECT 1 FROM credits_credithold "
    "WHERE account_id = %(a)s AND idempotency_key = %(k)s) RETURNING balance) "
    "INSERT INTO credits_credithold (account_id, amount, status, settled_amount, operation_type, idempotency_key, "
    "user_id, description, metadata, close_reason, expires_at, created_at, closed_at) "
    "SELECT %(a)s, %(c)s, 'open', NULL, 'content_generation', %(k)s, NULL, '', %(m)s, '', "
    "now() + interval '15 minutes', now(), NULL FROM moved RETURNING id"
)


def worker(url: str, account_id: int, commands, results) -> None:
    import os
    import sys

    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    import django

    django.setup()
    from modelbank.accounts.models import Account
    from modelbank.catalog.models import AIModelConfig
    from modelbank.catalog.usage import Usage

    account = Account.objects.get(pk=account_id)
    model = AIModelConfig.objects.get(model_name="gpt-5.1")
    usage = Usage(input_tokens=12_000, output_tokens=9_000)
    raw = RawClient(url, account_id, model)
    for _ in range(3):  # warm both paths (and let psycopg prepare their statements)
        _service_op(account, model, usage, 0)
        raw.op()
    results.put("ready")
    while (command := commands.get()) is not None:
        mode, start_at, seconds = command
        op = raw.op if mode == "raw" else (lambda: _service_op(account, model, usage, 0))
        while time.time() < start_at:
            time.sleep(0.0005)
        done, end = 0, start_at + seconds
        while time.time() < end:
            op()
            done += 1
        results.put(done)


def measure(pool, clients: int, mode: str, seconds: float) -> float:
    start_at = time.time() + 0.2
    for commands, _ in pool[:clients]:
        commands.put((mode, start_at, seconds))
    return sum(results.get() for _, results in pool[:clients]) / seconds


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with bench_database() as url:
        import os

        from modelbank.accounts.models import Account
        from modelbank.credits.selectors.integrity import ledger_violations
        from modelbank.credits.services import credit_grant

        accounts = [Account.objects.create(name=f"bench {i}") for i in range(max(CLIENTS))]
        for account in accounts:
            credit_grant(account=account, credits=10**9, idempotency_key=f"bench-grant-{account.pk}")
        context = mp.get_context("spawn")
        os.environ["DATABASE_URL"] = url
        pool = []
        for account in accounts:
            commands, results = context.Queue(), context.Queue()
            context.Process(target=worker, args=(url, account.pk, commands, results), daemon=True).start()
            pool.append((commands, results))
        for _, results in pool:
            assert results.get(timeout=120) == "ready"
        ratios: dict[int, list[float]] = {n: [] for n in CLIENTS}
        rates: dict[int, list[float]] = {n: [] for n in CLIENTS}
        for round_no in range(args.rounds):
            for clients in CLIENTS:
                order = ("service", "raw") if round_no % 2 == 0 else ("raw", "service")
                got = {mode: measure(pool, clients, mode, args.seconds) for mode in order}
                ratios[clients].append(got["service"] / got["raw"])
                rates[clients].append(got["service"])
                print(f"round {round_no + 1} clients={clients}: service {got['service']:.0f}/s "
                      f"raw {got['raw']:.0f}/s ratio {got['service'] / got['raw']:.2f}", flush=True)
        for commands, _ in pool:
            commands.put(None)
        violations = ledger_violations()
        print(f"ledger_check: {'clean' if not violations else violations[:5]}")
        medians = {n: statistics.median(ratios[n]) for n in CLIENTS}
        for n in CLIENTS:
            print(f"clients={n}: service {statistics.median(rates[n]):.0f} calls/s, "
                  f"median ratio {medians[n]:.2f} (goal >= {GOAL})")
        worst = min(medians.values())
        ok = worst >= GOAL and not violations
        print(f"RESULT ai_charge {statistics.median(rates[1]):.0f}/s ratio={worst:.2f} goal=>={GOAL} "
              f"{'PASS' if ok else 'FAIL'}")


if __name__ == "__main__":
    main()
