"""The ledger's hot-path statements, each as few round trips as the database allows.

A balance change is one conditional UPDATE that checks and moves in the same statement
(no read-then-write race). On PostgreSQL the UPDATE and the INSERT of the row that records
it are one statement (a data-modifying CTE), so outside a transaction a charge is a single
round trip; SQLite runs the same two statements inside one IMMEDIATE transaction.

Lock order, everywhere (PostgreSQL): the account row, then hold rows, then new ledger and
usage rows. A reserve or debit locks the account, then claims its idempotency key; a settle,
release or expiry locks the account in the same statement that closes the hold. A replay
whose key is already taken does not lock the account at all (the NOT EXISTS below).
"""

# Only table and column names (from model metadata) are formatted in; every value is a parameter.
# ruff: noqa: S608

from contextlib import nullcontext
from functools import cache

import psycopg
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import JSONField
from psycopg.types.json import Jsonb

from modelbank.credits.models import CreditAccount, CreditHold, CreditTransaction
from modelbank.credits.services.errors import BALANCE_MAX

ACCOUNTS = CreditAccount._meta.db_table
HOLDS = CreditHold._meta.db_table
TRANSACTIONS = CreditTransaction._meta.db_table

DEBIT = (f"UPDATE {ACCOUNTS} SET balance = balance - %s, updated_at = %s WHERE account_id = %s "
         f"AND balance - reserved >= %s AND NOT EXISTS (SELECT 1 FROM {TRANSACTIONS} "
         f"WHERE account_id = %s AND idempotency_key = %s)")
RESERVE = (f"UPDATE {ACCOUNTS} SET reserved = reserved + %s, updated_at = %s "
           f"WHERE account_id = %s AND balance - reserved >= %s AND NOT EXISTS (SELECT 1 FROM {HOLDS} "
           f"WHERE account_id = %s AND idempotency_key = %s)")
SETTLE = (f"UPDATE {ACCOUNTS} SET balance = balance - %s, reserved = reserved - %s, updated_at = %s "
          f"WHERE account_id = %s")
# Taken first by statements that must read the account's state and act on it in one go (the
# settle, a reserve checked against budgets): later statements of the transaction then see it.
LOCK_ACCOUNT = f"SELECT 1 FROM {ACCOUNTS} WHERE account_id = %s FOR NO KEY UPDATE"
UNRESERVE = f"UPDATE {ACCOUNTS} SET reserved = reserved - %s, updated_at = %s WHERE account_id = %s"
# The WHERE keeps the balance inside its BIGINT column: past it PostgreSQL raises and SQLite
# silently turns the sum into a float. No row back means the credit would overflow.
CREDIT = (f"INSERT INTO {ACCOUNTS} (account_id, balance, reserved, updated_at) VALUES (%s, %s, 0, %s) "
          f"ON CONFLICT (account_id) DO UPDATE SET balance = {ACCOUNTS}.balance + EXCLUDED.balance, "
          f"updated_at = EXCLUDED.updated_at WHERE {ACCOUNTS}.balance <= {BALANCE_MAX} - EXCLUDED.balance")


@cache
def is_postgres() -> bool:
    # The database's engine is fixed for the process's life; asked several times per charge, and
    # each look through Django's connection proxy costs microseconds (a context-local lookup).
    return connection.vendor == "postgresql"


def atomic_statement():
    """One PostgreSQL statement is already atomic: outside a transaction it needs no
    BEGIN/COMMIT. Anywhere else (SQLite, or inside a caller's transaction) use a
    transaction or savepoint, so a failed insert undoes its balance change."""
    if is_postgres() and not connection.in_atomic_block:
        return nullcontext()
    return transaction.atomic()


@cache
def model_fields(model, names: tuple[str, ...]) -> tuple:
    """The fields of ``model`` named (by attname) in ``names``, looked up once per process."""
    return tuple(model._meta.get_field(name) for name in names)


@cache
def model_columns(model, names: tuple[str, ...]) -> list[str]:
    """The quoted column names of those fields, for hand-written INSERTs."""
    return [connection.ops.quote_name(field.column) for field in model_fields(model, names)]


@cache
def _json_names(model, names: tuple[str, ...]) -> frozenset[str]:
    return frozenset(f.attname for f in model_fields(model, names) if isinstance(f, JSONField))


def db_values(model, values: dict) -> list:
    """``values`` as the driver takes them. On PostgreSQL the ledger's columns are ints, text, booleans, aware
    datetimes, dates and already-quantized Decimals, which psycopg adapts itself; only JSON needs
    wrapping. (Django's get_db_prep_save per field cost more than the statement on the hot path.)"""
    if not is_postgres():
        fields = model_fields(model, tuple(values))
        return [field.get_db_prep_save(values[field.attname], connection) for field in fields]
    json = _json_names(model, tuple(values))
    return [Jsonb(value) if name in json and value is not None else value for name, value in values.items()]


def insert_parts(model, values: dict) -> tuple[list[str], list]:
    """Column names and database-ready parameters for an INSERT of ``values``."""
    return list(model_columns(model, tuple(values))), db_values(model, values)


def prepared_cursor():
    """On PostgreSQL, a cursor with server-side binding on Django's own connection (and so in
    its transaction): psycopg prepares a statement after a few uses (prepare_threshold), so the
    ledger's hot statements are parsed and planned once per connection. Django's own cursors bind
    on the client, which never prepares."""
    db = connections[DEFAULT_DB_ALIAS]  # once: every look through the `connection` proxy is a context-local lookup
    db.ensure_connection()
    raw = psycopg.Cursor(db.connection)
    # Wrapped as Django wraps its own, so query logging, execute_wrapper hooks and the
    # statement counts in tests see these statements too.
    return db.make_debug_cursor(raw) if db.queries_logged else db.make_cursor(raw)


def update_then_insert(update: str, update_params: list, model, values: dict, carry: str | None) -> tuple | None:
    """Run ``update`` (which must touch at most one row); if it did, insert ``values`` into
    ``model``'s table, with the updated row's balance as column ``carry`` when given.
    Returns (id, balance, reserved) or None when the UPDATE matched nothing."""
    columns, params = insert_parts(model, values)
    table = model._meta.db_table
    carried = [connection.ops.quote_name(carry)] if carry else []
    with prepared_cursor() if is_postgres() else connection.cursor() as cursor:
        if is_postgres():
            select = ", ".join(["%s"] * len(params) + (["moved.balance"] if carry else []))
            cursor.execute(
                f"WITH moved AS ({update} RETURNING balance, reserved) "
                f"INSERT INTO {table} ({', '.join(columns + carried)}) SELECT {select} FROM moved "
                f"RETURNING id, (SELECT balance FROM moved), (SELECT reserved FROM moved)",
                [*update_params, *params],
            )
            return cursor.fetchone()
        cursor.execute(f"{update} RETURNING balance, reserved", update_params)
        moved = cursor.fetchone()
        if moved is None:
            return None
        cursor.execute(
            f"INSERT INTO {table} ({', '.join(columns + carried)}) "
            f"VALUES ({', '.join(['%s'] * (len(params) + len(carried)))}) RETURNING id",
            [*params, *([moved[0]] if carry else [])],
        )
        return (cursor.fetchone()[0], *moved)


def lock_account(account_id: int) -> None:
    """Lock the account's balance row until the transaction ends. SQLite needs nothing: its
    transactions here are IMMEDIATE (config/settings.py), holding the write lock from BEGIN."""
    if is_postgres():
        with prepared_cursor() as cursor:
            cursor.execute(LOCK_ACCOUNT, [account_id])


def reserve_more(account_id: int, credits: int, now) -> bool:
    """Add ``credits`` to what the account holds if its available balance covers them."""
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {ACCOUNTS} SET reserved = reserved + %s, updated_at = %s "
                       f"WHERE account_id = %s AND balance - reserved >= %s", [credits, now, account_id, credits])
        return cursor.rowcount == 1


def available_credits(account_id: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT balance - reserved FROM {ACCOUNTS} WHERE account_id = %s", [account_id])
        row = cursor.fetchone()
    return row[0] if row else 0


def holds_close(account_id: int, hold_ids: list[int], *, status: str, settled_amount: int | None, reason: str,
                now) -> list[tuple[int, int, int]]:
    """Move the account's open holds among ``hold_ids`` to ``status``, having locked the
    account row first (the one lock order). Returns (hold id, amount, the account's available
    credits before the close) for each hold closed; holds no longer open are left alone."""
    marks = ", ".join(["%s"] * len(hold_ids))
    close = (f"UPDATE {HOLDS} SET status = %s, settled_amount = %s, close_reason = %s, closed_at = %s "
             f"{{source}} WHERE {HOLDS}.account_id = %s AND {HOLDS}.id IN ({marks}) AND {HOLDS}.status = %s ")
    params = [status, settled_amount, reason, now, account_id, *hold_ids, CreditHold.Status.OPEN]
    with connection.cursor() as cursor:
        if is_postgres():
            cursor.execute(
                f"WITH account AS MATERIALIZED (SELECT balance - reserved AS available FROM {ACCOUNTS} "
                f"WHERE account_id = %s FOR NO KEY UPDATE) " + close.format(source="FROM account")
                + f"RETURNING {HOLDS}.id, {HOLDS}.amount, account.available",
                [account_id, *params],
            )
        else:  # the IMMEDIATE transaction already holds SQLite's single write lock
            cursor.execute(close.format(source="") + f"RETURNING id, amount, "
                           f"(SELECT balance - reserved FROM {ACCOUNTS} WHERE account_id = %s)",
                           [*params, account_id])
        return cursor.fetchall()


def unreserve(account_id: int, credits: int, now) -> None:
    with connection.cursor() as cursor:
        cursor.execute(UNRESERVE, [credits, now, account_id])
