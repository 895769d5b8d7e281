"""The member's own ledger and usage as CSV downloads (the rows of the lists, same filters), and the
usage chart per operation: in credits, never naming the model or provider that served a call."""

import csv
import io

import pytest

from modelbank.catalog.usage import Usage
from modelbank.credits.services import credit_grant, credit_reserve, credit_settle
from tests.credits.conftest import key, settle_text

TRANSACTIONS = "/api/v1/billing/transactions/export/"
USAGE = "/api/v1/billing/usage/export/"
SUMMARY = "/api/v1/billing/usage/summary/"


def read_csv(response) -> list[dict]:
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


@pytest.fixture
def busy(funded, model_named):
    """A grant, an image call whose ledger text names its model (as AICore writes it) and a text call."""
    dalle = model_named("dall-e-3")
    hold = credit_reserve(account=funded, credits=5, operation_type="image_generation", idempotency_key=key(),
                          description="1 image(s) with dall-e-3")
    credit_settle(hold=hold, credits=5, model=dalle, usage=Usage(image_count=1), cost_usd=dalle.cost_per_image)
    settle_text(funded, model_named("gpt-5.1"), tokens=5000)
    return funded


def test_transactions_download_as_the_list_names_them_without_the_model(member_client, busy):
    response = member_client.get(TRANSACTIONS)
    assert response["Content-Disposition"] == 'attachment; filename="transactions-start-now.csv"'
    rows = read_csv(response)
    assert [(r["transaction_type"], r["amount"], r["balance_after"], r["description"]) for r in rows] == [
        ("deduction", "-5", "990", "content generation"),
        ("deduction", "-5", "995", "image generation"),
        ("grant", "1000", "1000", ""),
    ]
    assert "dall-e-3" not in response.content.decode()
    listed = member_client.get("/api/v1/billing/transactions/").json()["results"]
    assert [int(r["id"]) for r in rows] == [r["id"] for r in listed]


def test_transactions_download_takes_the_lists_filters(member_client, busy):
    grants = read_csv(member_client.get(TRANSACTIONS, {"type": "grant", "since": "2000-01-01", "until": "2999-12-31"}))
    assert [r["transaction_type"] for r in grants] == ["grant"]
    response = member_client.get(TRANSACTIONS, {"since": "2999-01-01"})
    assert read_csv(response) == []
    assert 'filename="transactions-2999-01-01-now.csv"' in response["Content-Disposition"]
    assert member_client.get(TRANSACTIONS, {"since": "2026-02-01", "until": "2026-01-01"}).status_code == 400


def test_usage_downloads_in_credits_and_tokens_without_model_or_provider(member_client, busy):
    response = member_client.get(USAGE, {"until": "2999-12-31"})
    assert 'filename="usage-start-2999-12-31.csv"' in response["Content-Disposition"]
    rows = read_csv(response)
    assert list(rows[0]) == ["id", "created_at", "operation_type", "credits_used", "uncharged_credits",
                             "input_tokens", "output_tokens", "image_count", "usage_estimated", "request_id"]
    assert [(r["operation_type"], r["credits_used"], r["input_tokens"], r["image_count"]) for r in rows] == [
        ("content_generation", "5", "2500", "0"), ("image_generation", "5", "0", "1")]
    text = response.content.decode()
    assert "dall-e-3" not in text and "gpt-5.1" not in text and "openai" not in text
    only = read_csv(member_client.get(USAGE, {"operation": "image_generation"}))
    assert [r["operation_type"] for r in only] == ["image_generation"]


def test_another_account_downloads_none_of_it(other_account_client, busy):
    assert read_csv(other_account_client.get(TRANSACTIONS)) == []
    assert read_csv(other_account_client.get(USAGE)) == []


def test_a_description_a_spreadsheet_would_run_is_quoted(member_client, account):
    credit_grant(account=account, credits=3, idempotency_key=key(), description="=HYPERLINK(\"x\")")
    (row,) = read_csv(member_client.get(TRANSACTIONS))
    assert row["description"] == "'=HYPERLINK(\"x\")"


def test_usage_summary_per_operation_names_what_was_done_not_the_model(member_client, busy):
    rows = member_client.get(SUMMARY, {"by": "operation"}).json()
    assert sorted((r["operation"], r["credits"], r["count"]) for r in rows) == [
        ("content_generation", 5, 1), ("image_generation", 5, 1)]
    assert all("model" not in r for r in rows)
    by_model = member_client.get(SUMMARY).json()  # the default is unchanged
    assert sorted(r["model"] for r in by_model) == ["dall-e-3", "gpt-5.1"]
    assert member_client.get(SUMMARY, {"by": "provider"}).status_code == 400
