import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from modelbank.catalog.usage import Usage
from modelbank.credits.models import CreditAccount
from modelbank.credits.services import credit_reserve, credit_settle
from tests.credits.conftest import key, settle_image, settle_text


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_grant_credits_command(account):
    out = run("grant_credits", "--account", str(account.pk), "--credits", "250", "--reason", "welcome")
    assert "balance 250" in out
    assert CreditAccount.objects.get(account=account).balance == 250
    tx = account.credit_transactions.get()
    assert (tx.transaction_type, tx.description) == ("grant", "welcome")


def test_grant_credits_command_refuses_unknown_account(db):
    with pytest.raises(CommandError):
        run("grant_credits", "--account", "999999", "--credits", "5")


def test_ledger_check_is_clean_after_real_work(funded, model_named):
    settle_image(funded, model_named("dall-e-3"), n=2)
    settle_text(funded, model_named("gpt-4o-mini"), tokens=12000)
    assert "consistent" in run("ledger_check")


def test_ledger_check_lists_each_violation_and_exits_1(funded):
    with connection.cursor() as cursor:  # tamper with a balance behind the services' back
        cursor.execute("UPDATE credits_creditaccount SET balance = 990, reserved = 5 WHERE account_id = %s",
                       [funded.pk])
    out = StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("ledger_check", stdout=out)
    assert exc.value.returncode == 1
    lines = out.getvalue().splitlines()
    assert f"account {funded.pk}: balance 990 != sum of its transactions 1000" in lines
    assert f"account {funded.pk}: reserved 5 != sum of its open holds 0" in lines


def test_ledger_check_finds_a_hold_whose_settled_amount_disagrees_with_its_log(funded, model_named):
    from modelbank.credits.models import CreditHold

    log = settle_text(funded, model_named("gpt-5.1"), tokens=5000, reserve=9)
    assert "consistent" in run("ledger_check")
    CreditHold.objects.filter(pk=log.hold_id).update(settled_amount=9)  # holds are not append-only
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("ledger_check", stdout=out)
    assert f"hold {log.hold_id}: settled_amount does not match usage log {log.pk}" in out.getvalue()


def test_credits_report_margin_example_json(funded, model_named):
    settle_image(funded, model_named("dall-e-3"))
    rows = json.loads(run("credits_report", "--by", "model", "--format", "json"))
    assert rows == [{"model": "dall-e-3", "usage_count": 1, "credits_used": 5, "uncharged_credits": 0,
                     "revenue_usd": "0.10000000",
                     "cost_usd": "0.04000000", "margin_usd": "0.06000000", "margin_pct": "60.00",
                     "markup_pct": "150.00"}]


def test_credits_report_table_and_csv(funded, model_named):
    settle_image(funded, model_named("dall-e-3"))
    table = run("credits_report", "--by", "day,model")
    assert "dall-e-3" in table and "150" in table
    csv_out = run("credits_report", "--by", "provider", "--format", "csv")
    assert csv_out.splitlines()[0].startswith("provider,usage_count")
    assert csv_out.splitlines()[1].startswith("openai,1,5,")


def test_credits_report_refuses_unknown_dimension(db):
    with pytest.raises(CommandError):
        run("credits_report", "--by", "colour")


def test_credits_report_prints_plain_decimals_never_exponents(funded, model_named):
    # given a call that cost the platform nothing (usd(0) is Decimal("0E-8"))
    model = model_named("dall-e-3")
    hold = credit_reserve(account=funded, credits=5, operation_type="image_generation", idempotency_key=key())
    credit_settle(hold=hold, credits=5, model=model, usage=Usage(image_count=1), cost_usd=Decimal(0))
    [row] = json.loads(run("credits_report", "--by", "day", "--format", "json"))
    assert (row["cost_usd"], row["margin_usd"], row["markup_pct"]) == ("0.00000000", "0.10000000", None)
    csv_out = run("credits_report", "--by", "day", "--format", "csv")
    assert ",0.00000000," in csv_out and "E-" not in csv_out


@pytest.mark.parametrize("credits", ["1000000001", "99999999999999999999"])
def test_grant_credits_command_refuses_more_than_the_maximum(account, credits):
    with pytest.raises(CommandError, match="At most 1,000,000,000 credits"):
        run("grant_credits", "--account", str(account.pk), "--credits", credits)
    assert not account.credit_transactions.exists()
