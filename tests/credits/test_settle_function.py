"""The PostgreSQL settle is one call of a function `migrate` installs from the models' columns
(services/settle_sql.py): installed, called once per settle, loud when the database lacks it."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.utils import ProgrammingError
from django.test.utils import CaptureQueriesContext

from modelbank.credits.models import CreditTransaction, CreditUsageLog
from modelbank.credits.services import settle_sql
from tests.credits.conftest import settle_text

pytestmark = [pytest.mark.postgres]


def installed_settle_functions() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT proname FROM pg_proc WHERE proname LIKE 'credits\\_settle\\_%%'")
        return [row[0] for row in cursor.fetchall()]


def test_migrate_installs_the_function_this_code_calls(db):
    assert settle_sql.function()[0] in installed_settle_functions()


def test_migrate_again_keeps_one_function_per_definition(db):
    call_command("migrate", verbosity=0)
    assert installed_settle_functions().count(settle_sql.function()[0]) == 1


def test_a_settle_is_one_statement(funded, model_named):
    with CaptureQueriesContext(connection) as queries:
        log = settle_text(funded, model_named("gpt-5.1"))
    settles = [q["sql"] for q in queries.captured_queries if "credits_settle_" in q["sql"]]
    assert len(settles) == 1
    assert CreditUsageLog.objects.get(pk=log.pk).transaction.balance_after == 1000 - log.credits_used


def test_the_function_is_named_after_its_definition(db):
    name, create = settle_sql.function()
    # the columns are in the definition, so a model that gains or loses one calls for a new function
    for column in settle_sql.LOG_NAMES:
        assert f"p_l_{column} " in create
    assert name.startswith("credits_settle_") and name in create


def test_a_database_without_this_codes_function_says_to_migrate(funded, model_named):
    with connection.cursor() as cursor:
        cursor.execute(f"DROP FUNCTION {settle_sql.function()[0]}")  # undone with the test's transaction
    with pytest.raises(ProgrammingError, match="run `manage.py migrate`"):
        settle_text(funded, model_named("gpt-5.1"))
    # inside a caller's transaction the settle was a savepoint: that transaction goes on
    assert CreditTransaction.objects.filter(account=funded).count() == 1  # the grant


def test_values_for_other_columns_are_refused_before_anything_is_sent(db):
    tx_values = dict.fromkeys(settle_sql.TX_NAMES)
    tx_values.pop("description")
    with pytest.raises(ValueError, match="CreditTransaction: expected the columns"):
        settle_sql._ordered(CreditTransaction, settle_sql.TX_NAMES, tx_values)
