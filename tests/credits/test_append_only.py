import pytest
from django.db import DatabaseError, connection, transaction

from modelbank.credits.models import CreditTransaction, CreditUsageLog
from modelbank.credits.models.append_only import AppendOnlyError
from tests.credits.conftest import settle_image


@pytest.fixture
def usage_log(funded, model_named):
    return settle_image(funded, model_named("dall-e-3"))


@pytest.mark.parametrize("model", [CreditTransaction, CreditUsageLog])
@pytest.mark.parametrize("statement", ["UPDATE {table} SET created_at = created_at", "DELETE FROM {table}"])
def test_database_refuses_raw_update_and_delete(usage_log, model, statement):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement.format(table=model._meta.db_table))
    assert model.objects.count() >= 1


def test_model_save_and_delete_are_refused(usage_log):
    tx = CreditTransaction.objects.get(pk=usage_log.transaction_id)
    tx.amount = 1_000_000
    with pytest.raises(AppendOnlyError):
        tx.save()
    with pytest.raises(AppendOnlyError):
        tx.delete()
    with pytest.raises(AppendOnlyError):
        CreditTransaction.objects.filter(pk=tx.pk).update(amount=5)
    with pytest.raises(AppendOnlyError):
        CreditUsageLog.objects.all().delete()
    assert CreditTransaction.objects.get(pk=tx.pk).amount == -5
