import logging
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from modelbank.catalog.usage import Usage
from modelbank.credits.models import CreditAccount, CreditHold, CreditUsageDaily, CreditUsageLog
from modelbank.credits.services import (
    HoldNotOpen,
    IdempotencyConflict,
    InsufficientCredits,
    credit_grant,
    credit_holds_expire,
    credit_release,
    credit_reserve,
    credit_settle,
)
from modelbank.credits.tasks import release_expired_holds
from tests.credits.conftest import key, settle_text


def ledger_check() -> str:
    out = StringIO()
    call_command("ledger_check", stdout=out)
    return out.getvalue()


def balance(account) -> tuple[int, int]:
    row = CreditAccount.objects.get(account=account)
    return row.balance, row.reserved


def reserve(account, credits=50, **kwargs):
    kwargs.setdefault("idempotency_key", key())
    return credit_reserve(account=account, credits=credits, operation_type="content_generation", **kwargs)


def test_reserve_holds_credits_out_of_the_available_balance(funded):
    hold = reserve(funded, 600)
    assert (hold.status, hold.amount) == ("open", 600)
    assert balance(funded) == (1000, 600)
    with pytest.raises(InsufficientCredits) as exc:
        reserve(funded, 401)
    assert exc.value.extra == {"needed": 401, "available": 400}


def test_default_expiry_is_generous(funded):
    hold = reserve(funded)
    assert hold.expires_at - hold.created_at == timedelta(minutes=15)


def test_reserve_retry_returns_the_same_hold_and_conflicts_on_other_params(funded):
    hold = reserve(funded, 50, idempotency_key="h")
    assert reserve(funded, 50, idempotency_key="h").pk == hold.pk
    assert balance(funded) == (1000, 50)
    with pytest.raises(IdempotencyConflict):
        reserve(funded, 60, idempotency_key="h")


def test_text_call_reserves_worst_case_and_settles_on_tokens_used(funded, model_named):
    # given a worst case of 50 credits held for a gpt-5.1 call that used 5,000 tokens
    log = settle_text(funded, model_named("gpt-5.1"), tokens=5000, reserve=50)
    # then 5 credits are charged and the other 45 freed
    assert log.credits_used == 5
    assert balance(funded) == (995, 0)
    hold = CreditHold.objects.get(pk=log.hold_id)
    assert (hold.status, hold.settled_amount) == ("settled", 5)
    assert log.transaction.amount == -5 and log.transaction.balance_after == 995


def test_usage_above_the_hold_is_charged_by_the_settle_when_the_balance_covers_it(funded, model_named):
    hold = reserve(funded, 3)
    log = credit_settle(hold=hold, credits=8, model=model_named("gpt-5.1"), usage=Usage(output_tokens=8000),
                        cost_usd="0.08")
    assert (log.credits_used, log.uncharged_credits) == (8, 0)
    assert (log.transaction.amount, log.transaction.balance_after) == (-8, 992)
    assert CreditHold.objects.get(pk=hold.pk).settled_amount == 3  # the hold posted whole, the rest on top
    assert balance(funded) == (992, 0)
    assert "consistent" in ledger_check()


def test_usage_the_balance_cannot_cover_is_charged_as_far_as_it_goes_and_recorded(account, model_named, caplog):
    # given 10 credits, 3 held by this call and 5 by another: 2 available
    credit_grant(account=account, credits=10, idempotency_key="fund")
    hold, _other = reserve(account, 3), reserve(account, 5)
    # when the call reports 8 credits of usage
    with caplog.at_level(logging.WARNING, logger="modelbank.credits.services.holds"):
        log = credit_settle(hold=hold, credits=8, model=model_named("gpt-5.1"), usage=Usage(output_tokens=8000),
                            cost_usd="0.08")
    # then the hold and the 2 available are charged, the other 3 recorded as uncharged and logged
    assert (log.credits_used, log.uncharged_credits, log.metadata) == (5, 3, {})
    assert balance(account) == (5, 5)
    assert CreditUsageDaily.objects.get(account=account).uncharged_credits == 3
    assert [r.getMessage() for r in caplog.records] == [
        f"credit hold {hold.pk}: usage of 8 credits exceeds the hold of 3 and the account's available balance; "
        "3 credits were not charged"]
    assert "consistent" in ledger_check()


def test_settling_twice_returns_the_same_log(funded, model_named):
    hold = reserve(funded, 10)
    args = {"credits": 4, "model": model_named("gpt-5.1"), "usage": Usage(output_tokens=4000), "cost_usd": "0.04"}
    first = credit_settle(hold=hold, **args)
    again = credit_settle(hold=hold, **args)
    assert again.pk == first.pk
    assert CreditUsageLog.objects.count() == 1
    assert balance(funded) == (996, 0)


def test_release_frees_everything_and_is_a_no_op_after(funded, model_named):
    hold = reserve(funded, 100)
    released = credit_release(hold=hold, reason="provider failed")
    assert (released.status, released.close_reason) == ("released", "provider failed")
    assert balance(funded) == (1000, 0)
    assert credit_release(hold=hold).status == "released"
    assert balance(funded) == (1000, 0)
    with pytest.raises(HoldNotOpen) as exc:
        credit_settle(hold=hold, credits=1, model=model_named("gpt-5.1"), usage=Usage(), cost_usd="0")
    assert exc.value.status == 409


def test_sweeper_expires_only_holds_past_their_expiry(funded):
    short = reserve(funded, 100, expires_in=timedelta(seconds=30))
    long = reserve(funded, 200)
    assert credit_holds_expire(now=timezone.now() + timedelta(minutes=1)) == 1
    assert CreditHold.objects.get(pk=short.pk).status == "expired"
    assert CreditHold.objects.get(pk=long.pk).status == "open"
    assert balance(funded) == (1000, 200)


def test_expired_hold_cannot_be_settled(funded, model_named):
    hold = reserve(funded, 100, expires_in=timedelta(seconds=-1))
    release_expired_holds()
    with pytest.raises(HoldNotOpen):
        credit_settle(hold=hold, credits=1, model=model_named("gpt-5.1"), usage=Usage(), cost_usd="0")
    assert balance(funded) == (1000, 0)


def test_sweeper_command_and_task(funded):
    reserve(funded, 100, expires_in=timedelta(seconds=-1))
    call_command("release_expired_holds")
    assert balance(funded) == (1000, 0)
    reserve(funded, 100, expires_in=timedelta(seconds=-1))
    assert release_expired_holds() == 1
    assert balance(funded) == (1000, 0)


def test_unknown_operation_is_refused_before_holding(funded):
    from modelbank.common.errors import ApplicationError

    with pytest.raises(ApplicationError):
        credit_reserve(account=funded, credits=1, operation_type="nope", idempotency_key=key())
    assert balance(funded) == (1000, 0)


def test_sweeper_leaves_a_hold_settled_meanwhile_and_counts_only_what_it_expired(funded, model_named):
    gone = reserve(funded, 100, expires_in=timedelta(seconds=-1))
    late = reserve(funded, 30, expires_in=timedelta(seconds=-1))
    credit_settle(hold=gone, credits=10, model=model_named("gpt-5.1"), usage=Usage(output_tokens=10000),
                  cost_usd="0.1")
    assert credit_holds_expire() == 1
    assert CreditHold.objects.get(pk=late.pk).status == "expired"
    assert balance(funded) == (990, 0)
    assert "consistent" in ledger_check()


def test_keys_of_settle_entries_are_reserved(funded, model_named):
    from modelbank.common.errors import ApplicationError
    from modelbank.credits.services import credit_deduct

    hold = reserve(funded, 10)
    # a caller taking the key the settle will write would make that settle fail
    with pytest.raises(ApplicationError, match="reserved"):
        credit_deduct(account=funded, credits=1, operation_type="content_generation", idempotency_key=f"hold:{hold.pk}")
    with pytest.raises(ApplicationError, match="reserved"):
        reserve(funded, 1, idempotency_key="hold:1")
    log = credit_settle(hold=hold, credits=4, model=model_named("gpt-5.1"), usage=Usage(output_tokens=4000),
                        cost_usd="0.04")
    assert log.transaction.idempotency_key == f"hold:{hold.pk}"
