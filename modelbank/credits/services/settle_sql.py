"""The settle of a hold on PostgreSQL as one call: close the hold, move the balance, append the
ledger row, write the usage log and bump the daily rollup, after the account's lock.

The lock and the statement live in a PL/pgSQL function (`credits_settle_<hash>`), so a settle is
one prepared `SELECT` and one round trip, in autocommit or inside a caller's transaction alike
(it was BEGIN, lock, statement and COMMIT in psycopg's pipeline mode, whose Python cost was most
of the service's per charge). The function is VOLATILE, so each of its statements takes a fresh
snapshot under READ COMMITTED: the statement runs after the lock and reads the balance it moves.
The lock order is the ledger's one order (sql.py): the account row first, then the hold. A settle
racing another settle or a release of the same hold waits on the account row, then finds the
hold no longer open, and writes nothing.

The function's text is generated from the models' columns and named after its hash; `migrate`
(re)installs it (post_migrate, apps.py). Code whose columns changed since the last `migrate`
calls a function the database does not have and fails loudly instead of writing old columns.
SQLite keeps the statement-by-statement settle in holds.py.
"""

# Only table and column names (from model metadata) are formatted in; every value is a parameter.
# ruff: noqa: S608

import hashlib
import re
from contextlib import nullcontext
from functools import cache, lru_cache

from django.db import connection, transaction
from django.db.utils import ProgrammingError

from modelbank.credits.models import CreditAccount, CreditHold, CreditTransaction, CreditUsageDaily, CreditUsageLog
from modelbank.credits.services.sql import db_values, model_columns, model_fields, prepared_cursor
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


def _names(model) -> tuple[str, ...]:
    """The columns (by attname) the caller passes for ``model``'s row: all but the id and what the statement computes."""
    return tuple(f.attname for f in model._meta.concrete_fields if f.attname != "id" and f.column not in COMPUTED[model])


TX_NAMES = _names(CreditTransaction)
LOG_NAMES = _names(CreditUsageLog)
ROLLUP_NAMES = tuple(name for name in (*KEY, *SUMS) if name not in COMPUTED[CreditUsageDaily])
SCALARS = (("account_id", "bigint"), ("hold_id", "bigint"), ("credits", "bigint"), ("now", "timestamptz"),
           ("price_nanousd", "bigint"), ("settled", "text"), ("open", "text"))


def _arguments() -> list[tuple[str, str]]:
    """(name, SQL type) of the function's arguments, in order."""
    rows = [(prefix + name, field.db_type(connection))
            for prefix, model, names in (("t_", CreditTransaction, TX_NAMES), ("l_", CreditUsageLog, LOG_NAMES),
                                         ("r_", CreditUsageDaily, ROLLUP_NAMES))
            for name, field in zip(names, model_fields(model, names), strict=True)]
    return [*SCALARS, *rows]


@cache
def function() -> tuple[str, str]:
    """(name, CREATE FUNCTION statement) of the settle function these models call for."""
    arguments = _arguments()
    body = re.sub(r"%\((\w+)\)s", r"p_\1", statement(TX_NAMES, LOG_NAMES, ROLLUP_NAMES))
    definition = (
        f"({', '.join(f'p_{name} {kind}' for name, kind in arguments)}) "
        "RETURNS TABLE (o_tx_id bigint, o_amount bigint, o_balance_after bigint, o_log_id bigint) "
        "LANGUAGE plpgsql VOLATILE AS $settle$ BEGIN "
        f"PERFORM 1 FROM {ACCOUNTS} WHERE {ACCOUNTS}.account_id = p_account_id FOR NO KEY UPDATE; "
        f"RETURN QUERY {body}; END $settle$"
    )
    name = f"credits_settle_{hashlib.sha256(definition.encode()).hexdigest()[:16]}"
    return name, f"CREATE OR REPLACE FUNCTION {name}{definition}"


@cache
def _call() -> str:
    name, _ = function()
    return f"SELECT * FROM {name}({', '.join(f'%s::{kind}' for _, kind in _arguments())})"


def install(using_connection) -> None:
    """Create this code's settle function (post_migrate runs this on PostgreSQL). Functions of
    earlier code stay: a worker of the previous release may still call its own during a deploy."""
    with using_connection.cursor() as cursor:
        cursor.execute(function()[1])


def settle(*, account_id: int, hold_id: int, credits: int, now, price_nanousd: int, tx_values: dict,
           log_values: dict, rollup_values: dict) -> tuple[int, int, int, int] | None:
    """(transaction id, amount, balance after, usage log id), or None when the hold was not open."""
    params = [account_id, hold_id, credits, now, price_nanousd, CreditHold.Status.SETTLED, CreditHold.Status.OPEN,
              *_ordered(CreditTransaction, TX_NAMES, tx_values), *_ordered(CreditUsageLog, LOG_NAMES, log_values),
              *_ordered(CreditUsageDaily, ROLLUP_NAMES, rollup_values)]
    try:
        # Inside a caller's transaction, a savepoint: a failed settle leaves that transaction usable.
        with transaction.atomic() if connection.in_atomic_block else nullcontext(), prepared_cursor() as cursor:
            cursor.execute(_call(), params)
            return cursor.fetchone()
    except ProgrammingError as error:
        if function()[0] in str(error) and "does not exist" in str(error):
            raise ProgrammingError(f"{error}: the database lacks this code's settle function; run `manage.py migrate`"
                                   ) from error
        raise


def _ordered(model, names: tuple[str, ...], values: dict) -> list:
    """``values`` in the function's argument order (a missing or extra column is a KeyError or ValueError here,
    not a row written without it)."""
    if len(values) != len(names):
        raise ValueError(f"{model.__name__}: expected the columns {names}, got {tuple(values)}")
    return db_values(model, {name: values[name] for name in names})
