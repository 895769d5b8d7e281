"""Charges per second on one hot account, 1 and 8 concurrent clients, PostgreSQL.

Beside each figure: raw-SQL baselines making the same writes (the conditional UPDATE of the
balance and the INSERT of the ledger row) with the same concurrency, in the same run:
  raw-1stmt: the same single statement credit_deduct sends, through bare psycopg;
  raw-2stmt: the textbook BEGIN; UPDATE ... RETURNING; INSERT; COMMIT.
Run: .venv/bin/python bench/credits_charge.py
"""

import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import psycopg
from credits_common import bench_database

SECONDS = 3.0
ROUNDS = 2  # best of: the machine is shared, so take each figure's best round
CLIENTS = (1, 8)
DEBIT = ("UPDATE credits_creditaccount SET balance = balance - 1, updated_at = now() "
         "WHERE account_id = %s AND balance - reserved >= 1")
INSERT = ("INSERT INTO credits_credittransaction (account_id, transaction_type, amount, balance_after, "
          "operation_type, idempotency_key, description, metadata, created_at) ")
ONE_STATEMENT = (f"WITH moved AS ({DEBIT} RETURNING balance) {INSERT}"
                 "SELECT %s, 'deduction', -1, moved.balance, 'content_generation', %s, '', '{}', now() FROM moved "
                 "RETURNING id")
TWO_STATEMENTS = (f"{DEBIT} RETURNING balance",
                  f"{INSERT} VALUES (%s, 'deduction', -1, %s, 'content_generation', %s, '', '{{}}', now())")


def run_clients(clients: int, make_worker) -> float:
    """Charges per second with ``clients`` threads, each looping for SECONDS."""
    stop = time.perf_counter() + SECONDS
    counts = []
    barrier = threading.Barrier(clients)

    def client(_):
        charge, close = make_worker()
        barrier.wait()
        n = 0
        while time.perf_counter() < stop:
            charge()
            n += 1
        close()
        counts.append(n)

    start = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        list(pool.map(client, range(clients)))
    return sum(counts) / (time.perf_counter() - start)


def service_worker(account):
    from django.db import connection

    from modelbank.credits.services import credit_deduct

    def charge():
        credit_deduct(account=account, credits=1, operation_type="content_generation",
                      idempotency_key=uuid.uuid4().hex)

    return charge, connection.close


def raw_worker(url: str, account_id: int, two_statements: bool):
    conn = psycopg.connect(url, autocommit=not two_statements)

    def charge():
        key = uuid.uuid4().hex
        if not two_statements:
            assert conn.execute(ONE_STATEMENT, [account_id, account_id, key]).fetchone()
            return
        with conn.transaction():
            balance = conn.execute(TWO_STATEMENTS[0], [account_id]).fetchone()[0]
            conn.execute(TWO_STATEMENTS[1], [account_id, balance, key])

    return charge, conn.close


def main() -> None:
    with bench_database() as url:
        from modelbank.accounts.models import Account
        from modelbank.credits.services import credit_grant

        account = Account.objects.create(name="hot")
        credit_grant(account=account, credits=10**9, idempotency_key="fund")
        print(f"PostgreSQL, one hot account, best of {ROUNDS} x {SECONDS:.0f} s per figure (charges/s)")
        print(f"{'clients':>7}  {'service':>9}  {'raw-1stmt':>9}  {'raw-2stmt':>9}  {'svc/1stmt':>9}  {'svc/2stmt':>9}")
        ratios = []
        for clients in CLIENTS:
            best = [0.0, 0.0, 0.0]
            for _ in range(ROUNDS):  # interleaved, so drift on the machine hits all three alike
                figures = (run_clients(clients, lambda: service_worker(account)),
                           run_clients(clients, lambda: raw_worker(url, account.pk, False)),
                           run_clients(clients, lambda: raw_worker(url, account.pk, True)))
                best = [max(b, f) for b, f in zip(best, figures, strict=True)]
            service, one, two = best
            print(f"{clients:>7}  {service:>9.0f}  {one:>9.0f}  {two:>9.0f}  {service / one:>9.2f}  "
                  f"{service / two:>9.2f}")
            ratios.append((service / one, service))
        worst, rate = min(ratios)
        print(f"RESULT credits_charge {rate:.0f}/s ratio={worst:.2f} goal=>=0.8 {'PASS' if worst >= 0.8 else 'FAIL'}")


if __name__ == "__main__":
    main()
