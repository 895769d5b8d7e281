import pytest

from modelbank.catalog.usage import Usage
from modelbank.credits.models import CreditAccount
from modelbank.credits.services import credit_deduct, credit_grant, credit_reserve, credit_settle
from tests.credits.conftest import key, settle_image, settle_text

BILLING = ["/api/v1/billing/balance/", "/api/v1/billing/transactions/", "/api/v1/billing/usage/",
           "/api/v1/billing/usage/summary/"]


@pytest.fixture
def busy(funded, model_named):
    """Account A with a grant, two image calls and a text call."""
    settle_image(funded, model_named("dall-e-3"))
    settle_image(funded, model_named("runware:97@1"), n=3)
    settle_text(funded, model_named("gpt-5.1"), tokens=5000)
    return funded


def test_balance(api_client, busy):
    assert api_client.get(BILLING[0]).json() == {"balance": 987, "reserved": 0, "available": 987}


def test_transactions_paginated_and_filtered(api_client, busy):
    body = api_client.get(BILLING[1]).json()
    assert body["count"] == 4
    assert [r["amount"] for r in body["results"]] == [-5, -3, -5, 1000]
    only = api_client.get(BILLING[1], {"type": "grant"}).json()
    assert [r["transaction_type"] for r in only["results"]] == ["grant"]
    assert api_client.get(BILLING[1], {"since": "2999-01-01"}).json()["count"] == 0
    assert api_client.get(BILLING[1], {"type": "bogus"}).status_code == 400


def test_usage_filtered_by_model_and_operation(api_client, busy):
    assert api_client.get(BILLING[2]).json()["count"] == 3
    dalle = api_client.get(BILLING[2], {"model": "dall-e-3"}).json()["results"]
    assert [(r["model"], r["credits_used"], r["image_count"]) for r in dalle] == [("dall-e-3", 5, 1)]
    text = api_client.get(BILLING[2], {"operation": "content_generation"}).json()["results"]
    assert [(r["model"], r["input_tokens"] + r["output_tokens"]) for r in text] == [("gpt-5.1", 5000)]


def test_usage_summary_is_credits_per_day_per_model(api_client, busy):
    rows = api_client.get(BILLING[3]).json()
    assert sorted((r["model"], r["credits"], r["count"]) for r in rows) == [
        ("dall-e-3", 5, 1), ("gpt-5.1", 5, 1), ("runware:97@1", 3, 1)]


def test_member_sees_account_balance_too(member_client, busy):
    assert member_client.get(BILLING[0]).json()["balance"] == 987


@pytest.mark.parametrize("url", BILLING)
def test_other_account_sees_none_of_account_a(other_account_client, busy, url):
    response = other_account_client.get(url)
    assert response.status_code == 200
    body = response.json()
    if url.endswith("balance/"):
        assert body == {"balance": 0, "reserved": 0, "available": 0}
    elif isinstance(body, list):
        assert body == []
    else:
        assert body["count"] == 0


@pytest.mark.django_db
@pytest.mark.parametrize("url", BILLING + ["/api/v1/admin/analytics/revenue/"])
def test_anonymous_is_401(client, url):
    assert client.get(url).status_code == 401


def test_402_body_has_needed_and_available(funded):
    from rest_framework.test import APIRequestFactory
    from rest_framework.views import APIView

    from modelbank.common.exceptions import api_exception_handler
    from modelbank.credits.services import InsufficientCredits

    try:
        credit_deduct(account=funded, credits=5000, operation_type="content_generation", idempotency_key=key())
    except InsufficientCredits as exc:
        response = api_exception_handler(exc, {"view": APIView(), "request": APIRequestFactory().get("/")})
    assert response.status_code == 402
    assert response.data == {"error": {"code": "insufficient_credits", "message": response.data["error"]["message"],
                                       "needed": 5000, "available": 1000}}


def test_staff_revenue_margin_example(staff_client, funded, model_named):
    settle_image(funded, model_named("dall-e-3"))
    body = staff_client.get("/api/v1/admin/analytics/revenue/", {"by": "model,operation"}).json()
    assert body["rows"] == [{"model": "dall-e-3", "operation": "image_generation", "usage_count": 1,
                             "credits_used": 5, "uncharged_credits": 0, "revenue_usd": "0.10000000", "cost_usd": "0.04000000",
                             "margin_usd": "0.06000000", "margin_pct": "60.00", "markup_pct": "150.00"}]
    assert staff_client.get("/api/v1/admin/analytics/revenue/", {"by": "colour"}).status_code == 400


def test_staff_grant_and_adjust_are_idempotent(staff_client, account, staff_user):
    grant = {"account": account.pk, "credits": 100, "reason": "promo", "idempotency_key": "g-1"}
    first = staff_client.post("/api/v1/admin/credits/grant/", grant, format="json")
    again = staff_client.post("/api/v1/admin/credits/grant/", grant, format="json")
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    clash = staff_client.post("/api/v1/admin/credits/grant/", {**grant, "credits": 99}, format="json")
    assert clash.status_code == 409
    assert clash.json()["error"]["code"] == "idempotency_conflict"
    adjust = {"account": account.pk, "credits": -30, "reason": "double grant", "idempotency_key": "a-1"}
    assert staff_client.post("/api/v1/admin/credits/adjust/", adjust, format="json").json()["balance_after"] == 70
    too_much = staff_client.post("/api/v1/admin/credits/adjust/", {**adjust, "credits": -71, "idempotency_key": "a2"},
                                 format="json")
    assert too_much.status_code == 402
    assert too_much.json()["error"] | {} == {**too_much.json()["error"], "needed": 71, "available": 70}
    assert CreditAccount.objects.get(account=account).balance == 70
    assert account.credit_transactions.filter(user=staff_user).count() == 2


def test_grant_to_unknown_account_is_404(staff_client):
    body = {"account": 999999, "credits": 1, "idempotency_key": "x"}
    assert staff_client.post("/api/v1/admin/credits/grant/", body, format="json").status_code == 404


@pytest.mark.parametrize(("method", "url"), [
    ("get", "/api/v1/admin/analytics/revenue/"), ("post", "/api/v1/admin/credits/grant/"),
    ("post", "/api/v1/admin/credits/adjust/"),
])
def test_staff_endpoints_refuse_non_staff(api_client, account, method, url):
    body = {"account": account.pk, "credits": 5, "reason": "x", "idempotency_key": "k"}
    response = getattr(api_client, method)(url, body, format="json") if method == "post" else api_client.get(url)
    assert response.status_code == 403
    assert not CreditAccount.objects.filter(account=account).exists()


@pytest.mark.parametrize(("url", "credits"), [
    ("/api/v1/admin/credits/grant/", 1_000_000_001), ("/api/v1/admin/credits/grant/", 10**30),
    ("/api/v1/admin/credits/adjust/", -1_000_000_001), ("/api/v1/admin/credits/adjust/", 2**63),
])
def test_credits_beyond_the_maximum_are_a_clear_400(staff_client, account, url, credits):
    body = {"account": account.pk, "credits": credits, "reason": "big", "idempotency_key": key()}
    response = staff_client.post(url, body, format="json")
    assert response.status_code == 400
    assert "1000000000" in str(response.json()["error"]).replace(",", "")
    assert not CreditAccount.objects.filter(account=account).exists()


def test_a_grant_past_the_balance_limit_is_a_clear_400(staff_client, account, settings):
    settings.CREDITS_MAX_PER_OPERATION = 2**63 - 1
    credit_grant(account=account, credits=2**62, idempotency_key="a")
    credit_grant(account=account, credits=2**62 - 1, idempotency_key="b")
    body = {"account": account.pk, "credits": 1, "reason": "one more", "idempotency_key": "c"}
    response = staff_client.post("/api/v1/admin/credits/grant/", body, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "balance_limit"
    assert CreditAccount.objects.get(account=account).balance == 2**63 - 1


def test_usage_api_and_reports_show_uncharged_and_estimated_usage(api_client, staff_client, account, model_named):
    # given 4 credits: a call held 3 but used 8 (1 more is covered, 4 are not); the provider gave no usage
    credit_grant(account=account, credits=4, idempotency_key="fund")
    hold = credit_reserve(account=account, credits=3, operation_type="content_generation", idempotency_key=key())
    credit_settle(hold=hold, credits=8, model=model_named("gpt-5.1"), cost_usd="0.08",
                  usage=Usage(input_tokens=3000, output_tokens=5000, estimated=True))
    [usage] = api_client.get(BILLING[2]).json()["results"]
    assert (usage["credits_used"], usage["uncharged_credits"], usage["usage_estimated"]) == (4, 4, True)
    [day] = api_client.get(BILLING[3]).json()
    assert (day["credits"], day["uncharged_credits"]) == (4, 4)
    [row] = staff_client.get("/api/v1/admin/analytics/revenue/", {"by": "model"}).json()["rows"]
    assert (row["credits_used"], row["uncharged_credits"], row["revenue_usd"]) == (4, 4, "0.04000000")
