"""The ledger's hot-path statements, each as few round trips as the database allows.

A balance change is one conditional UPDATE that checks and moves in the same statement
(no read-then-write race). On PostgreSQL the UPDATE and the INSERT of the row that records
it are one statement (a data-modifying CTE), so outside a transaction a charge is a single
round trip; SQLite runs the same two statements inside one IMMEDIATE transaction.
"""

# Only table and column names (from model metadata) are formatted in; every value is a parameter.
# ruff: noqa: S608

from contextlib import nullcontext

from django.db import connection, transaction

from modelbank.credits.models import CreditAccount, CreditHold

ACCOUNTS = CreditAccount._meta.db_table
HOLDS = CreditHold._meta.db_table

DEBIT = f"UPDATE {ACCOUNTS} SET balance = balance - %s, updated_at = %s WHERE account_id = %s AND balance - reserved >= %s"
RESERVE = (f"UPDATE {ACCOUNTS} SET reserved = reserved + %s, updated_at = %s "
           f"WHERE account_id = %s AND balance - reserved >= %s")
SETTLE = (f"UPDATE {ACCOUNTS} SET balance = balance - %s, reserved = reserved - %s, updated_at = %s "
          f"WHERE account_id = %s")
UNRESERVE = f"UPDATE {ACCOUNTS} SET reserved = reserved - %s, updated_at = %s WHERE account_id = %s"
CREDIT = (f"INSERT INTO {ACCOUNTS} (account_id, balance, reserved, updated_at) VALUES (%s, %s, 0, %s) "
          f"ON CONFLICT (account_id) DO UPDATE SET balance = {ACCOUNTS}.balance + EXCLUDED.balance, "
          f"updated_at = EXCLUDED.updated_at")


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


def atomic_statement():
    """One PostgreSQL statement is already atomic: outside a transaction it needs no
    BEGIN/COMMIT. Anywhere else (SQLite, or inside a caller's transaction) use a
    transaction or savepoint, so a failed insert undoes its balance change."""
    if is_postgres() and not connection.in_atomic_block:
        return nullcontext()
    return transaction.atomic()


def insert_parts(model, values: dict) -> tuple[list[str], list]:
    """Column names and database-ready parameters for an INSERT of ``values``."""
    fields = [model._meta.get_field(name) for name in values]
    params = [field.get_db_prep_save(values[field.attname], connection) for field in fields]
    return [connection.ops.quote_name(field.column) for field in fields], params


def update_then_insert(update: str, update_params: list, model, values: dict, carry: str | None) -> tuple | None:
    """Run ``update`` (which must touch at most one row); if it did, insert ``values`` into
    ``model``'s table, with the updated row's balance as column ``carry`` when given.
    Returns (id, balance, reserved) or None when the UPDATE matched nothing."""
    columns, params = insert_parts(model, values)
    table = model._meta.db_table
    carried = [connection.ops.quote_name(carry)] if carry else []
    with connection.cursor() as cursor:
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


def available_credits(account_id: int) -> int:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT balance - reserved FROM {ACCOUNTS} WHERE account_id = %s", [account_id])
        row = cursor.fetchone()
    return row[0] if row else 0


def hold_close(hold_id: int, *, status: str, settled_amount: int | None, reason: str, now) -> tuple | None:
    """Move an open hold to ``status``; returns (account_id, amount) or None if it was not open."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {HOLDS} SET status = %s, settled_amount = %s, close_reason = %s, closed_at = %s "
            f"WHERE id = %s AND status = %s RETURNING account_id, amount",
            [status, settled_amount, reason, now, hold_id, CreditHold.Status.OPEN],
        )
        return cursor.fetchone()


def unreserve(account_id: int, credits: int, now) -> None:
    with connection.cursor() as cursor:
        cursor.execute(UNRESERVE, [credits, now, account_id])
