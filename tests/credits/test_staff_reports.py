"""The staff revenue report's totals, breakdowns and CSV export, and the accounts list with
balances (/api/v1/admin/): what the staff revenue and credits pages read."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone

from modelbank.credits.models import CreditUsageLog
from modelbank.credits.services import credit_grant
from tests.credits.conftest import key, settle_image, settle_text
from tests.factories import AccountFactory, MembershipFactory

TODAY = timezone.now().date()
REVENUE = "/api/v1/admin/analytics/revenue/"
EXPORT = "/api/v1/admin/analytics/revenue/export/"
ACCOUNTS = "/api/v1/admin/accounts/"


@pytest.fixture
def two_accounts(funded, model_named):
    """The shared account: two DALL-E 3 images and a text call; another: one image."""
    settle_image(funded, model_named("dall-e-3"), n=2)
    settle_text(funded, model_named("gpt-4o-mini"), tokens=25000)
    other = AccountFactory(name="=HYPERLINK(\"http://evil.test\")")
    credit_grant(account=other, credits=100, idempotency_key=key())
    settle_image(other, model_named("dall-e-3"))
    return funded, other


def test_revenue_has_totals_summed_over_the_window(staff_client, two_accounts):
    body = staff_client.get(REVENUE, {"by": "model"}).json()
    assert [r["model"] for r in body["rows"]] == ["dall-e-3", "gpt-4o-mini"]
    totals = body["totals"]
    assert totals["usage_count"] == 3 and totals["credits_used"] == sum(r["credits_used"] for r in body["rows"])
    revenue = sum(Decimal(r["revenue_usd"]) for r in body["rows"])
    cost = sum(Decimal(r["cost_usd"]) for r in body["rows"])
    assert (Decimal(totals["revenue_usd"]), Decimal(totals["cost_usd"])) == (revenue, cost)
    assert Decimal(totals["margin_usd"]) == revenue - cost
    assert Decimal(totals["markup_pct"]) == ((revenue - cost) * 100 / cost).quantize(Decimal("0.01"))


def test_revenue_by_account_names_each_account(staff_client, two_accounts):
    funded, other = two_accounts
    rows = staff_client.get(REVENUE, {"by": "account"}).json()["rows"]
    assert [(r["account"], r["account_name"]) for r in rows] == [(funded.pk, funded.name), (other.pk, other.name)]


def test_revenue_breakdown_by_day_and_operation_in_a_date_range(staff_client, two_accounts):
    body = staff_client.get(REVENUE, {"by": "day,operation", "since": str(TODAY), "until": str(TODAY)}).json()
    assert [(r["day"], r["operation"], r["usage_count"]) for r in body["rows"]] == [
        (str(TODAY), "content_generation", 1), (str(TODAY), "image_generation", 2)]  # calls, not images
    earlier = staff_client.get(REVENUE, {"since": str(TODAY - timedelta(days=9)),
                                         "until": str(TODAY - timedelta(days=1))}).json()
    assert earlier["rows"] == [] and earlier["totals"]["usage_count"] == 0
    assert earlier["totals"]["margin_pct"] is None  # no revenue: no percentage, not a division by zero


def test_revenue_filtered_to_one_account_totals_that_account_only(staff_client, two_accounts):
    _, other = two_accounts
    body = staff_client.get(REVENUE, {"by": "model", "account": other.pk}).json()
    assert body["totals"]["usage_count"] == 1 and body["totals"]["revenue_usd"] == "0.10000000"


def test_csv_export_has_the_report_rows_exactly(staff_client, two_accounts):
    funded, other = two_accounts
    response = staff_client.get(EXPORT, {"by": "account,model", "since": str(TODAY), "until": str(TODAY)})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == f'attachment; filename="revenue-{TODAY}-{TODAY}.csv"'
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == ["account", "model", "account_name", "usage_count", "credits_used", "uncharged_credits",
                       "revenue_usd", "cost_usd", "margin_usd", "margin_pct", "markup_pct"]
    assert rows[1][:3] == [str(funded.pk), "dall-e-3", funded.name]
    assert rows[1][3:] == ["1", "10", "0", "0.20000000", "0.08000000", "0.12000000", "60.00", "150.00"]
    # a name a spreadsheet would run as a formula is written as text
    assert rows[3][2] == "'" + other.name


def test_csv_export_refuses_bad_input_with_the_json_error(staff_client):
    response = staff_client.get(EXPORT, {"by": "colour"})
    assert response.status_code == 400 and response.json()["error"]["message"].startswith("Group by one or more")
    response = staff_client.get(EXPORT, {"since": str(TODAY), "until": str(TODAY - timedelta(days=1))})
    assert response.status_code == 400 and "must not end before it starts" in response.json()["error"]["message"]


@pytest.mark.parametrize("url", [REVENUE, EXPORT, ACCOUNTS])
def test_staff_only(api_client, member_client, url):
    for client in (api_client, member_client):
        response = client.get(url)
        assert response.status_code == 403 and response.json()["error"]["message"] == "Only platform staff can do this."


def test_accounts_list_has_balances_and_members(staff_client, two_accounts, owner):
    funded, other = two_accounts
    rows = {r["id"]: r for r in staff_client.get(ACCOUNTS, {"page_size": 200}).json()["results"]}
    charged = CreditUsageLog.objects.filter(account=funded).aggregate(total=Sum("credits_used"))["total"]
    assert (rows[funded.pk]["balance"], rows[funded.pk]["reserved"]) == (1000 - charged, 0)
    assert rows[funded.pk]["available"] == rows[funded.pk]["balance"]
    assert rows[funded.pk]["members"] == [{"user": owner.pk, "username": owner.username, "email": owner.email,
                                           "role": "owner"}]
    assert rows[other.pk]["balance"] == 95


def test_accounts_list_before_any_credit_and_search(staff_client, db):
    shop = MembershipFactory(account=AccountFactory(name="Blue Bakery"), role="member").account
    found = staff_client.get(ACCOUNTS, {"q": "bakery"}).json()
    assert [(r["id"], r["balance"], r["available"]) for r in found["results"]] == [(shop.pk, 0, 0)]
    assert [r["id"] for r in staff_client.get(ACCOUNTS, {"q": str(shop.pk)}).json()["results"]] == [shop.pk]
    assert staff_client.get(ACCOUNTS, {"q": "no such shop"}).json()["count"] == 0
