import pytest
from django.test import override_settings

from modelbank.common.errors import ApplicationError
from modelbank.credits.models import CreditAccount, CreditTransaction, Payment
from modelbank.credits.services import (
    BalanceLimit,
    IdempotencyConflict,
    InsufficientCredits,
    credit_adjust,
    credit_deduct,
    credit_grant,
    credit_purchase,
    credit_refund,
    credit_reserve,
)
from tests.credits.conftest import key


def balance(account) -> tuple[int, int]:
    row = CreditAccount.objects.get(account=account)
    return row.balance, row.reserved


def test_first_grant_creates_the_balance(account):
    tx = credit_grant(account=account, credits=100, idempotency_key="k1", description="trial")
    assert (tx.amount, tx.balance_after, tx.transaction_type) == (100, 100, "grant")
    assert balance(account) == (100, 0)
    assert CreditTransaction.objects.get(pk=tx.pk).description == "trial"


def test_deduct_moves_balance_and_records_it(funded, owner):
    tx = credit_deduct(account=funded, credits=30, operation_type="content_generation", idempotency_key="d1",
                       user=owner, metadata={"job": 7})
    assert (tx.amount, tx.balance_after, tx.user_id, tx.metadata) == (-30, 970, owner.pk, {"job": 7})
    assert balance(funded) == (970, 0)


def test_retry_with_same_key_and_params_charges_once(funded):
    first = credit_deduct(account=funded, credits=30, operation_type="content_generation", idempotency_key="d1")
    again = credit_deduct(account=funded, credits=30, operation_type="content_generation", idempotency_key="d1")
    assert again.pk == first.pk
    assert balance(funded) == (970, 0)


def test_retry_after_balance_ran_out_still_returns_first_result(account):
    credit_grant(account=account, credits=10, idempotency_key="g")
    first = credit_deduct(account=account, credits=10, operation_type="content_generation", idempotency_key="d")
    assert credit_deduct(account=account, credits=10, operation_type="content_generation",
                         idempotency_key="d").pk == first.pk


def test_same_key_with_different_params_is_409(funded):
    credit_deduct(account=funded, credits=30, operation_type="content_generation", idempotency_key="d1")
    with pytest.raises(IdempotencyConflict) as exc:
        credit_deduct(account=funded, credits=31, operation_type="content_generation", idempotency_key="d1")
    assert exc.value.status == 409
    assert balance(funded) == (970, 0)


def test_keys_are_per_account(funded, other_account_client):
    from modelbank.accounts.models import Account

    other = Account.objects.get(name="Other")
    credit_grant(account=other, credits=5, idempotency_key="fund")
    assert balance(other) == (5, 0)


def test_not_enough_credits_is_402_with_needed_and_available(funded):
    with pytest.raises(InsufficientCredits) as exc:
        credit_deduct(account=funded, credits=1001, operation_type="content_generation", idempotency_key=key())
    assert exc.value.status == 402
    assert exc.value.extra == {"needed": 1001, "available": 1000}
    assert balance(funded) == (1000, 0)


def test_account_without_credits_has_none_available(account):
    with pytest.raises(InsufficientCredits) as exc:
        credit_deduct(account=account, credits=1, operation_type="content_generation", idempotency_key=key())
    assert exc.value.extra == {"needed": 1, "available": 0}


@pytest.mark.parametrize("credits", [0, -5, 1.5, True])
def test_credits_must_be_positive_whole_numbers(funded, credits):
    with pytest.raises(ApplicationError):
        credit_deduct(account=funded, credits=credits, operation_type="content_generation", idempotency_key=key())


def test_purchase_links_its_payment(account):
    payment = Payment.objects.create(account=account, external_id="pi_1", amount_usd="10.00")
    tx = credit_purchase(account=account, credits=500, idempotency_key="pi_1", payment=payment)
    assert CreditTransaction.objects.get(pk=tx.pk).payment == payment


def test_refund_and_adjustments_are_new_rows(funded, staff_user):
    credit_refund(account=funded, credits=5, idempotency_key=key(), description="failed job")
    credit_adjust(account=funded, credits=-105, idempotency_key=key(), user=staff_user, description="correction")
    assert balance(funded) == (900, 0)
    assert list(CreditTransaction.objects.for_account(funded).values_list("transaction_type", flat=True)) == [
        "adjustment", "refund", "grant"]


def test_adjust_needs_a_reason_and_cannot_overdraw(funded):
    with pytest.raises(ApplicationError):
        credit_adjust(account=funded, credits=5, idempotency_key=key(), description=" ")
    with pytest.raises(InsufficientCredits):
        credit_adjust(account=funded, credits=-1001, idempotency_key=key(), description="too much")


def test_deduct_inside_a_callers_transaction_keeps_it_usable(funded):
    from django.db import transaction

    with transaction.atomic():
        credit_deduct(account=funded, credits=1, operation_type="content_generation", idempotency_key="x")
        credit_deduct(account=funded, credits=1, operation_type="content_generation", idempotency_key="x")
        credit_deduct(account=funded, credits=2, operation_type="content_generation", idempotency_key="y")
    assert balance(funded) == (997, 0)


@override_settings(CREDITS_MAX_PER_OPERATION=100)
def test_no_operation_moves_more_than_the_maximum(funded):
    for operation in (
        lambda: credit_grant(account=funded, credits=101, idempotency_key=key()),
        lambda: credit_adjust(account=funded, credits=-101, idempotency_key=key(), description="too big"),
        lambda: credit_deduct(account=funded, credits=101, operation_type="content_generation", idempotency_key=key()),
        lambda: credit_reserve(account=funded, credits=101, operation_type="content_generation",
                               idempotency_key=key()),
    ):
        with pytest.raises(ApplicationError, match="At most 100 credits") as exc:
            operation()
        assert exc.value.status == 400 and exc.value.extra["max_credits"] == 100
    assert credit_grant(account=funded, credits=100, idempotency_key=key()).balance_after == 1100
    assert balance(funded) == (1100, 0)


@override_settings(CREDITS_MAX_PER_OPERATION=2**63 - 1)
def test_a_credit_past_the_balance_column_is_refused_and_moves_nothing(account):
    # given a balance at the column's limit, reached by two legitimate grants
    credit_grant(account=account, credits=2**62, idempotency_key="a")
    credit_grant(account=account, credits=2**62 - 1, idempotency_key="b")
    assert balance(account) == (2**63 - 1, 0)
    # then one more credit is a clear 400, not a database error (PostgreSQL) or a float (SQLite)
    with pytest.raises(BalanceLimit) as exc:
        credit_grant(account=account, credits=1, idempotency_key="c")
    assert exc.value.status == 400 and exc.value.code == "balance_limit"
    assert balance(account) == (2**63 - 1, 0)
    assert isinstance(CreditAccount.objects.get(account=account).balance, int)
    assert CreditTransaction.objects.for_account(account).count() == 2
    # and the key is not spent: the same grant can go through once there is room
    credit_adjust(account=account, credits=-10, idempotency_key="d", description="room")
    assert credit_grant(account=account, credits=1, idempotency_key="c").balance_after == 2**63 - 10
