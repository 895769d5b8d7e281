"""Many threads and processes charging one account until it is empty (PostgreSQL only)."""

import multiprocessing
from concurrent.futures import ThreadPoolExecutor
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from modelbank.credits.models import CreditAccount, CreditTransaction
from modelbank.credits.services import credit_deduct, credit_grant
from tests.credits.workers import drain_in_process, drain_in_thread
from tests.factories import AccountFactory

WORKERS = 8
START = 2000

# serialized_rollback: the flush after a transactional test empties the seeded catalog; restore it.
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def hot_account():
    account = AccountFactory()
    credit_grant(account=account, credits=START, idempotency_key="start")
    return account


def assert_exactly_right(account, charged_by_workers: list[int]) -> None:
    # whatever partial settles freed after a worker stopped is charged here, so it ends at 0
    leftover = CreditAccount.objects.get(account=account).available
    if leftover:
        credit_deduct(account=account, credits=leftover, operation_type="content_generation", idempotency_key="rest")
    credits = CreditAccount.objects.get(account=account)
    assert (credits.balance, credits.reserved) == (0, 0)
    assert sum(charged_by_workers) + leftover == START
    assert not CreditTransaction.objects.filter(balance_after__lt=0).exists()
    out = StringIO()
    call_command("ledger_check", stdout=out)
    assert "consistent" in out.getvalue()


def test_threads_drain_one_account_exactly(hot_account):
    with ThreadPoolExecutor(WORKERS) as pool:
        charged = list(pool.map(drain_in_thread, [hot_account.pk] * WORKERS, range(WORKERS)))
    assert all(c > 0 for c in charged)
    assert_exactly_right(hot_account, charged)


def test_processes_drain_one_account_exactly(hot_account):
    name = connection.settings_dict["NAME"]
    with multiprocessing.get_context("spawn").Pool(WORKERS) as pool:
        charged = pool.starmap(drain_in_process, [(name, hot_account.pk, seed) for seed in range(WORKERS)])
    assert all(c > 0 for c in charged)
    assert_exactly_right(hot_account, charged)


def test_concurrent_retries_of_one_key_charge_once(hot_account):
    def charge(_):
        try:
            return credit_deduct(account=hot_account, credits=10, operation_type="content_generation",
                                 idempotency_key="same").pk
        finally:
            connection.close()

    with ThreadPoolExecutor(WORKERS) as pool:
        ids = set(pool.map(charge, range(WORKERS * 2)))
    assert len(ids) == 1
    assert CreditAccount.objects.get(account=hot_account).balance == START - 10
