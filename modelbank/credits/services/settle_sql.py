"""The settle of a hold as one PostgreSQL statement after the account's lock: close the hold,
move the balance, append the ledger row, write the usage log and bump the daily rollup.

One round trip: BEGIN, the account lock, the statement and COMMIT go to the server together
(psycopg's pipeline mode); it was six round trips. The lock
order is the ledger's one order (sql.py): the account row first, then the hold. A settle
racing another settle or a release of the same hold waits on the account row, then finds the
hold no longer open, and writes nothing. The statement text is built once per set of columns and prepared by psycopg
after its first uses (`prepare_threshold`), so a hot process sends only the parameters.
SQLite keeps the statement-by-statement settle in holds.py.
"""

# Only table and column names (from model metadata) are formatted in; every value is a parameter.
# ruff: noqa: S608

from functools import lru_cache

import psycopg
from django.db import connection, transaction

from modelbank.credits.models import CreditAccount, CreditHold, CreditTransaction, CreditUsageDaily, CreditUsageLog
from modelbank.credits.services.sql import LOCK_ACCOUNT, db_values, model_columns, prepared_cursor
from modelbank.credits.services.usage import KEY, SUMS

ACCOUNTS = CreditAccount._meta.db_table
HOLDS = CreditHold._meta.db_table
# What the statement computes itself (from the charged amount), not passed in.
COMPUTED = {
    CreditTransaction: ("amount", "balance_after"),
    CreditUsageLog: ("credits_used", "uncharged_credits", "transaction_id"),
    CreditUsageDaily: ("usage_count", "credits_used", "uncharged_credits", "revenue_nanousd"),
}


def _params(prefix: str, model, values: dict) -> dict:
    return dict(zip([prefix + name for name in values], db_values(model, values), strict=True))


def _insert(model, prefix: str, names: tuple[str, ...], computed: list[str], source: str) -> str:
    quote = connection.ops.quote_name
    columns = [*model_columns(model, names), *(quote(c) for c in COMPUTED[model])]
    select = [f"%({prefix}{name})s" for name in names] + computed
    return f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) SELECT {', '.join(select)} FROM {source}"


@lru_cache(maxsize=64)
def statement(tx_names: tuple[str, ...], log_names: tuple[str, ...], rollup_names: tuple[str, ...]) -> str:
    rollup = CreditUsageDaily._meta.db_table
    bumps = ", ".join(f"{c} = {rollup}.{c} + EXCLUDED.{c}" for c in SUMS)
    return (
        f"WITH account AS MATERIALIZED (SELECT balance - reserved AS available FROM {ACCOUNTS} "
        f"WHERE account_id = %(account_id)s FOR NO KEY UPDATE), "
        f"closed AS (UPDATE {HOLDS} SET status = %(settled)s, settled_amount = LEAST(%(credits)s, {HOLDS}.amount), "
        f"close_reason = '', closed_at = %(now)s FROM account WHERE {HOLDS}.account_id = %(account_id)s "
        f"AND {HOLDS}.id = %(hold_id)s AND {HOLDS}.status = %(open)s "
        f"RETURNING {HOLDS}.amount, LEAST(%(credits)s, {HOLDS}.amount + account.available) AS charged), "
        f"moved AS (UPDATE {ACCOUNTS} SET balance = {ACCOUNTS}.balance - closed.charged, "
        f"reserved = {ACCOUNTS}.reserved - closed.amount, updated_at = %(now)s FROM closed "
        f"WHERE {ACCOUNTS}.account_id = %(account_id)s RETURNING {ACCOUNTS}.balance, closed.charged), "
        f"tx AS ({_insert(CreditTransaction, 't_', tx_names, ['-moved.charged', 'moved.balance'], 'moved')} "
        f"RETURNING id, amount, balance_after), "
        f"log AS ({_insert(CreditUsageLog, 'l_', log_names, ['-tx.amount', '%(credits)s + tx.amount', 'tx.id'], 'tx')}"
        f" RETURNING id), "
        f"rollup AS ({_insert(CreditUsageDaily, 'r_', rollup_names, ['1', '-tx.amount', '%(credits)s + tx.amount', '-tx.amount * %(price_nanousd)s'], 'tx')} "
        f"ON CONFLICT ({', '.join(KEY)}) DO UPDATE SET {bumps}) "
        f"SELECT tx.id, tx.amount, tx.balance_after, log.id FROM tx, log"
    )


def settle(*, account_id: int, hold_id: int, credits: int, now, price_nanousd: int, tx_values: dict,
           log_values: dict, rollup_values: dict) -> tuple[int, int, int, int] | None:
    """(transaction id, amount, balance after, usage log id), or None when the hold was not open."""
    params = {
        "account_id": account_id, "hold_id": hold_id, "credits": credits, "now": now, "price_nanousd": price_nanousd,
        "settled": CreditHold.Status.SETTLED, "open": CreditHold.Status.OPEN,
        **_params("t_", CreditTransaction, tx_values), **_params("l_", CreditUsageLog, log_values),
        **_params("r_", CreditUsageDaily, rollup_values),
    }
    sql = statement(tuple(tx_values), tuple(log_values), tuple(rollup_values))
    # The account is locked by a statement of its own first, so the settle's snapshot is taken
    # after the lock: every part of it then reads the balance it moves. Locked only inside the
    # statement, a settle that waited for the lock could read one balance in its CTE and move
    # another (READ COMMITTED re-reads the row for the UPDATE); under a storm that broke
    # reserved <= balance once in a few thousand runs.
    if connection.in_atomic_block:  # a caller's transaction: run inside it
        with transaction.atomic(), prepared_cursor() as cursor:
            cursor.execute(LOCK_ACCOUNT, [account_id])
            cursor.execute(sql, params)
            return cursor.fetchone()
    return _pipelined(sql, params, account_id)


def _pipelined(sql: str, params: dict, account_id: int) -> tuple[int, int, int, int] | None:
    """BEGIN, the lock, the settle and COMMIT sent together in psycopg's pipeline mode: one round
    trip to the server instead of four. The server still runs them one after the other, each
    statement with its own snapshot, so the lock is held before the settle reads anything."""
    conn = connection.connection
    with connection.wrap_database_errors:
        try:
            with prepared_cursor() as control, prepared_cursor() as settle_cursor:
                with conn.pipeline():
                    control.execute("BEGIN")
                    control.execute(LOCK_ACCOUNT, [account_id])
                    settle_cursor.execute(sql, params)
                    control.execute("COMMIT")
                return settle_cursor.fetchone()
        except Exception:
            if conn.info.transaction_status != psycopg.pq.TransactionStatus.IDLE:
                conn.execute("ROLLBACK")
            raise
