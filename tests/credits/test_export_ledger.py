import csv
import io
import json
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from modelbank.credits.models import CreditTransaction
from modelbank.credits.services import credit_deduct, credit_grant

pytestmark = pytest.mark.django_db


def export(*args) -> str:
    out = io.StringIO()
    call_command("export_ledger", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def entries(account):
    credit_grant(account=account, credits=100, idempotency_key="grant")
    credit_deduct(account=account, credits=7, operation_type="content_generation", idempotency_key="d1")
    return list(CreditTransaction.objects.order_by("id"))


def test_csv_has_a_header_and_every_entry_of_the_window_in_order(entries, account):
    today = timezone.now().date().isoformat()
    rows = list(csv.DictReader(io.StringIO(export("--since", today))))
    assert [(r["transaction_type"], r["amount"], r["balance_after"]) for r in rows] == [
        ("grant", "100", "100"), ("deduction", "-7", "93")]
    assert rows[0]["account"] == account.name and rows[1]["idempotency_key"] == "d1"


def test_json_lines_and_an_account_filter(entries, account):
    today = timezone.now().date().isoformat()
    lines = [json.loads(line) for line in export("--since", today, "--format", "json",
                                                 "--account", str(account.pk)).splitlines()]
    assert [line["amount"] for line in lines] == [100, -7]
    assert export("--since", today, "--format", "json", "--account", str(account.pk + 999)) == ""


def test_days_outside_the_window_are_left_out(entries):
    tomorrow = (timezone.now().date() + timedelta(days=1)).isoformat()
    assert export("--since", tomorrow, "--until", tomorrow).splitlines() == [",".join(
        ["id", "created_at", "account_id", "account", "transaction_type", "amount", "balance_after",
         "operation_type", "idempotency_key", "description", "hold_id", "payment_id", "user_id", "model",
         "credits_used", "uncharged_credits", "price_per_credit_usd", "revenue_usd", "cost_usd"])]


def test_the_far_end_of_the_calendar_is_a_window_not_an_error(entries):
    assert len(export("--since", "0001-01-01", "--until", "9999-12-31").splitlines()) == 3


@pytest.mark.parametrize("args", [["--since", "2026-13-01"], ["--since", "2026-02-02", "--until", "2026-02-01"]])
def test_bad_dates_are_clear_errors(args):
    with pytest.raises(CommandError):
        export(*args)


def test_a_charge_carries_its_usage_log_figures(account):
    from modelbank.catalog.models import AIModelConfig
    from modelbank.catalog.usage import Usage
    from modelbank.credits.services import credit_reserve, credit_settle

    credit_grant(account=account, credits=100, idempotency_key="grant")
    hold = credit_reserve(account=account, credits=10, operation_type="content_generation", idempotency_key="call")
    model = AIModelConfig.objects.get(model_name="gpt-5.1")
    credit_settle(hold=hold, credits=4, model=model, usage=Usage(input_tokens=1000, output_tokens=3000),
                  cost_usd=model.input_token_rate / 1000 + model.output_token_rate * 3 / 1000)
    rows = list(csv.DictReader(io.StringIO(export("--since", timezone.now().date().isoformat()))))
    charge = rows[-1]
    assert (charge["model"], charge["credits_used"], charge["uncharged_credits"]) == ("gpt-5.1", "4", "0")
    assert charge["revenue_usd"] == "0.04000000" and charge["cost_usd"] == "0.03125000"
