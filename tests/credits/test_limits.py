"""Budgets (checked by the reserve under the account's lock) and rate limits (per-minute counters)."""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.utils import timezone
from rest_framework.test import APIClient

from modelbank.accounts.models import ApiToken
from modelbank.accounts.services import api_token_issue
from modelbank.credits.models import CreditAccount, CreditHold, UsageLimit
from modelbank.credits.services import (
    HoldNotOpen,
    InsufficientCredits,
    credit_grant,
    credit_hold_grow,
    credit_release,
    credit_reserve,
)
from modelbank.credits.services.limits import (
    BudgetExceeded,
    Caller,
    RateLimitExceeded,
    limits_for,
    rate_check,
    tokens_record,
)
from tests.credits.conftest import key, settle_text
from tests.factories import AccountFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def reserve(account, credits, user=None, api_token=None, idempotency_key=None):
    return credit_reserve(account=account, credits=credits, operation_type="content_generation",
                          idempotency_key=idempotency_key or key(), user=user, api_token=api_token)


def test_open_holds_count_against_a_daily_budget(funded):
    UsageLimit.objects.create(account=funded, credits_per_day=8)
    first = reserve(funded, 5)
    with pytest.raises(BudgetExceeded) as raised:
        reserve(funded, 5)
    assert raised.value.status == 402 and raised.value.extra["limit"] == "account_credits_per_day"
    assert "account's daily budget of 8 credits" in raised.value.message
    credit_release(hold=first)
    reserve(funded, 5)  # the released hold no longer counts


def test_settled_charges_count_against_a_monthly_budget(funded, model_named):
    UsageLimit.objects.create(account=funded, credits_per_month=3)
    settle_text(funded, model_named("gpt-4o-mini"), tokens=20000)  # 2 credits
    reserve(funded, 1)
    with pytest.raises(BudgetExceeded, match="monthly budget of 3 credits"):
        reserve(funded, 1)


def test_a_users_budget_leaves_the_other_members_alone(funded):
    alice, bob = (MembershipFactory(account=funded).user for _ in range(2))
    UsageLimit.objects.create(account=funded, user=alice, credits_per_day=2)
    reserve(funded, 2, user=alice)
    with pytest.raises(BudgetExceeded, match="user's daily budget"):
        reserve(funded, 1, user=alice)
    reserve(funded, 5, user=bob)


def test_a_tokens_budget_counts_that_token_only(funded, owner):
    mine, other = (api_token_issue(user=owner, account=funded, name=n).token for n in ("ci", "laptop"))
    UsageLimit.objects.create(account=funded, api_token=mine, credits_per_day=1)
    reserve(funded, 1, user=owner, api_token=mine)
    with pytest.raises(BudgetExceeded, match="API token's daily budget"):
        reserve(funded, 1, user=owner, api_token=mine)
    reserve(funded, 1, user=owner, api_token=other)


def test_a_replayed_reserve_is_not_refused_by_the_budget(funded):
    UsageLimit.objects.create(account=funded, credits_per_day=5)
    first = reserve(funded, 5, idempotency_key="same-call")
    assert reserve(funded, 5, idempotency_key="same-call").pk == first.pk


def test_budgets_follow_edits_at_once(funded):
    limit = UsageLimit.objects.create(account=funded, credits_per_day=1)
    reserve(funded, 1)
    limit.credits_per_day = 10
    limit.save()
    reserve(funded, 1)


def test_a_hold_grows_only_as_far_as_the_balance_and_budgets_allow(account):
    credit_grant(account=account, credits=10, idempotency_key="g")
    hold = reserve(account, 4)
    credit_hold_grow(hold=hold, credits=7)
    assert CreditHold.objects.get(pk=hold.pk).amount == 7
    assert CreditAccount.objects.get(account=account).reserved == 7
    with pytest.raises(InsufficientCredits):
        credit_hold_grow(hold=hold, credits=11)
    assert CreditAccount.objects.get(account=account).reserved == 7  # nothing half-done
    UsageLimit.objects.create(account=account, credits_per_day=8)
    with pytest.raises(BudgetExceeded):
        credit_hold_grow(hold=hold, credits=9)
    credit_release(hold=hold)
    with pytest.raises(HoldNotOpen):
        credit_hold_grow(hold=hold, credits=8)
    assert CreditAccount.objects.get(account=account).reserved == 0


def test_requests_per_minute_turn_with_the_window(fresh_rate_counters, account):
    UsageLimit.objects.create(account=account, requests_per_minute=2)
    limits = limits_for(Caller(account.pk))
    start = 1_000_020.0  # 0 s into a window... (1_000_020 / 60 = 16667 exactly)
    rate_check(limits, now=start)
    rate_check(limits, now=start + 10)
    with pytest.raises(RateLimitExceeded) as raised:
        rate_check(limits, now=start + 20)
    assert raised.value.retry_after == 40 and raised.value.extra["limit"] == "account_requests_per_minute"
    rate_check(limits, now=start + 60)  # a new minute


def test_tokens_per_minute_refuse_once_used_up(fresh_rate_counters, account):
    UsageLimit.objects.create(account=account, tokens_per_minute=100)
    limits = limits_for(Caller(account.pk))
    start = 2_000_040.0
    rate_check(limits, now=start)
    tokens_record(limits, 100, now=start + 1)
    with pytest.raises(RateLimitExceeded, match="100 tokens per minute"):
        rate_check(limits, now=start + 2)


def test_staff_set_and_remove_limits_members_read_theirs(staff_client, api_client, member_client, account, member):
    response = staff_client.post("/api/v1/admin/limits/", {"account": account.pk, "credits_per_day": 50,
                                                           "requests_per_minute": 30}, format="json")
    assert response.status_code == 200, response.json()
    staff_client.post("/api/v1/admin/limits/", {"account": account.pk, "scope": f"user:{member.pk}",
                                                "credits_per_month": 9}, format="json")
    mine = member_client.get("/api/v1/billing/limits/").json()
    assert {(row["scope"], row["credits_per_day"], row["credits_per_month"]) for row in mine} == {
        ("account", 50, None), ("user", None, 9)}
    assert all(row["credits_used_today"] == 0 for row in mine)
    assert member_client.post("/api/v1/admin/limits/", {"account": account.pk}, format="json").status_code == 403
    limit_id = response.json()["id"]
    assert staff_client.delete(f"/api/v1/admin/limits/{limit_id}/").status_code == 204
    assert [row["scope"] for row in member_client.get("/api/v1/billing/limits/").json()] == ["user"]


def test_members_read_their_own_tokens_limits_by_name(account, member, owner):
    # given: limits on two of the member's tokens (one revoked) and on the owner's token
    ci, old = (api_token_issue(user=member, account=account, name=n) for n in ("ci", "old"))
    theirs = api_token_issue(user=owner, account=account, name="owner's").token
    for token in (ci.token, old.token, theirs):
        UsageLimit.objects.create(account=account, api_token=token, requests_per_minute=60)
    ApiToken.objects.filter(pk=old.token.pk).update(revoked_at=timezone.now())
    UsageLimit.objects.create(account=account, credits_per_day=1000)
    web = APIClient()
    web.force_login(member)
    # when: the web UI asks (no token), then a call made with the token
    in_web = web.get("/api/v1/billing/limits/").json()
    with_token = APIClient()
    with_token.credentials(HTTP_AUTHORIZATION=f"Bearer {ci.raw}")
    in_api = with_token.get("/api/v1/billing/limits/").json()
    # then: the member's own live token is named; nobody else's is shown
    expected = [("account", None, None), ("token", ci.token.pk, "ci")]
    assert [(row["scope"], row["api_token"], row["api_token_name"]) for row in in_web] == expected
    assert [(row["scope"], row["api_token"], row["api_token_name"]) for row in in_api] == expected


@pytest.mark.parametrize(("body", "status", "words"), [
    ({"credits_per_day": 0}, 400, "credits_per_day"),
    ({"scope": "user:999999"}, 404, "not a member"),
    ({"scope": "token:999999"}, 404, "belongs to another account"),
    ({"scope": "user:1,token:2"}, 400, "scope"),
])
def test_bad_limits_are_refused_clearly(staff_client, account, body, status, words):
    response = staff_client.post("/api/v1/admin/limits/", {"account": account.pk, **body}, format="json")
    assert response.status_code == status and words in response.json()["error"]["message"]
    assert not UsageLimit.objects.exists()


def test_usage_by_token(api_client, funded, owner, model_named):
    token = api_token_issue(user=owner, account=funded, name="ci").token
    hold = credit_reserve(account=funded, credits=1, operation_type="content_generation", idempotency_key=key(),
                          user=owner, api_token=token)
    from modelbank.catalog.usage import Usage
    from modelbank.credits.services import credit_settle

    credit_settle(hold=hold, credits=1, model=model_named("gpt-4o-mini"), usage=Usage(input_tokens=5, output_tokens=5),
                  cost_usd=0)
    settle_text(funded, model_named("gpt-4o-mini"))
    rows = {row["name"]: row for row in api_client.get("/api/v1/billing/usage/tokens/").json()}
    assert rows["ci"]["calls"] == 1 and rows["ci"]["credits"] == 1 and rows["ci"]["last4"] == token.last4
    assert rows[""]["api_token"] is None and rows[""]["calls"] == 1


def test_staff_read_usage_by_token_of_any_account(staff_client, api_client, funded, owner, model_named):
    settle_text(funded, model_named("gpt-4o-mini"))
    rows = staff_client.get(f"/api/v1/admin/usage/tokens/?account={funded.pk}").json()
    assert [(row["api_token"], row["calls"]) for row in rows] == [(None, 1)]
    assert api_client.get(f"/api/v1/admin/usage/tokens/?account={funded.pk}").status_code == 403


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_reserves_never_pass_one_budget_together():
    account = AccountFactory()
    credit_grant(account=account, credits=1000, idempotency_key="fund")
    UsageLimit.objects.create(account=account, credits_per_day=5)

    def attempt(_):
        try:
            reserve(account, 1)
            return True
        except BudgetExceeded:
            return False
        finally:
            connection.close()

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(attempt, range(24)))
    assert results.count(True) == 5
    assert CreditAccount.objects.get(account=account).reserved == 5
