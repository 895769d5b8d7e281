import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from modelbank.credits.models import CreditAccount
from tests.credits.conftest import settle_image, settle_text


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


def test_credits_report_margin_example_json(funded, model_named):
    settle_image(funded, model_named("dall-e-3"))
    rows = json.loads(run("credits_report", "--by", "model", "--format", "json"))
    assert rows == [{"model": "dall-e-3", "usage_count": 1, "credits_used": 5, "revenue_usd": "0.10000000",
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
