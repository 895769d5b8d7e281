"""The low-balance alert: one email through Resend (a fake on 127.0.0.1) when a charge takes the
balance below the account's threshold, none again until the balance has recovered to it."""

import logging
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal

import httpx
import pytest
from django.db import connection

from modelbank.accounts.models import Account
from modelbank.accounts.services import account_low_balance_threshold_set
from modelbank.catalog.models import AIModelConfig, IntegrationProvider
from modelbank.catalog.services import provider_set_secret
from modelbank.catalog.usage import Usage
from modelbank.credits.models import CreditAccount
from modelbank.credits.services import (
    credit_adjust,
    credit_deduct,
    credit_grant,
    credit_purchase,
    credit_refund,
    credit_reserve,
    credit_settle,
)
from modelbank.credits.services.alerts import alerts_wait
from tests.ai.fakes.resend_fake import FakeResend
from tests.factories import AccountFactory, MembershipFactory, UserFactory

SENDER = "modelbank <alerts@modelbank.test>"
THRESHOLD = 500


def key() -> str:
    return uuid.uuid4().hex


def point_resend(fake: FakeResend, api_key: str | None = None) -> None:
    provider = IntegrationProvider.objects.get(pk="resend")
    provider.api_endpoint, provider.is_active = fake.url, True
    provider.save()
    provider_set_secret(provider_id="resend", field="api_key", value=api_key or fake.api_key)


@pytest.fixture
def resend(db, settings):
    settings.MODELBANK_ALERT_FROM = SENDER
    fake = FakeResend().start()
    try:
        point_resend(fake)
        yield fake
    finally:
        fake.stop()


@pytest.fixture
def people(account, owner):
    """The owner and an admin receive the alert; a plain member and an inactive admin do not."""
    admin = MembershipFactory(account=account, role="admin").user
    MembershipFactory(account=account, role="member")
    MembershipFactory(account=account, role="admin", user=UserFactory(is_active=False))
    return [owner.email, admin.email]


@pytest.fixture
def alerting(account, people, resend):
    """1,000 credits and a threshold of 500."""
    credit_grant(account=account, credits=1000, idempotency_key="fund")
    account_low_balance_threshold_set(account=account, threshold=THRESHOLD)
    return account


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run ``fn`` as a server would: its on-commit work (the alert) runs when it commits."""

    def run(fn, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return fn(*args, **kwargs)

    return run


def settle(account, credits: int):
    """Reserve and settle a text call of ``credits``, as the AI engine does."""
    model = AIModelConfig.objects.get(model_name="gpt-5.1")
    hold = credit_reserve(account=account, credits=credits, operation_type="content_generation",
                          idempotency_key=key())
    return credit_settle(hold=hold, credits=credits, model=model, usage=Usage(output_tokens=credits * 1000),
                         cost_usd=Decimal("0.01"))


def deduct(account, credits: int):
    return credit_deduct(account=account, credits=credits, operation_type="content_generation", idempotency_key=key())


def grant(account, credits: int):
    return credit_grant(account=account, credits=credits, idempotency_key=key())


def balance(account) -> int:
    return CreditAccount.objects.get(account=account).balance


def notified_at(account):
    return Account.objects.get(pk=account.pk).low_balance_notified_at


# --- one email per drop --------------------------------------------------------------------------

def test_a_settle_that_crosses_the_threshold_sends_one_email_to_owners_and_admins(alerting, resend, people,
                                                                                  committed):
    committed(settle, alerting, 400)  # 600 left: above the threshold
    assert resend.requests == []

    committed(settle, alerting, 200)  # 400 left

    [email] = resend.sent
    assert resend.refusals == []
    assert email["from"] == SENDER
    assert email["to"] == people
    assert alerting.name in email["subject"]
    assert "400 credits are left" in email["text"] and "threshold of 500 credits" in email["text"]
    request = resend.last
    assert request.method == "POST" and request.path == "/emails"
    assert request.headers["authorization"] == f"Bearer {resend.api_key}"
    assert request.headers["idempotency-key"].startswith(f"low-balance-alert/{alerting.pk}/")
    assert notified_at(alerting) is not None


def test_a_deduct_that_crosses_the_threshold_sends_it_too(alerting, resend, committed):
    committed(deduct, alerting, 501)
    assert len(resend.sent) == 1


def test_further_charges_below_the_threshold_send_nothing_more(alerting, resend, committed):
    committed(settle, alerting, 600)
    for charge in (settle, deduct, settle, deduct):
        committed(charge, alerting, 50)
    assert balance(alerting) == 200
    assert len(resend.sent) == 1


def test_a_recovery_to_the_threshold_rearms_the_alert_for_the_next_drop(alerting, resend, committed):
    committed(settle, alerting, 600)  # 400: alert 1
    committed(grant, alerting, 50)  # 450: still below, still alerted
    committed(settle, alerting, 10)
    assert len(resend.sent) == 1 and notified_at(alerting) is not None

    committed(grant, alerting, 60)  # 500: recovered (at the threshold counts)
    assert notified_at(alerting) is None
    committed(settle, alerting, 1)  # 499: alert 2

    assert len(resend.sent) == 2
    assert "499 credits are left" in resend.sent[1]["text"]


@pytest.mark.parametrize("recover", [
    lambda account: credit_purchase(account=account, credits=200, idempotency_key=key()),
    lambda account: credit_refund(account=account, credits=200, idempotency_key=key()),
    lambda account: credit_adjust(account=account, credits=200, idempotency_key=key(), description="goodwill"),
], ids=["purchase", "refund", "adjustment"])
def test_any_credit_back_to_the_threshold_rearms_it(alerting, resend, committed, recover):
    committed(deduct, alerting, 600)
    committed(recover, alerting)
    committed(deduct, alerting, 200)
    assert len(resend.sent) == 2


def test_a_negative_adjustment_is_a_charge_too(alerting, resend, committed):
    committed(credit_adjust, account=alerting, credits=-600, idempotency_key=key(), description="correction")
    assert len(resend.sent) == 1


def test_an_account_without_a_threshold_or_above_it_gets_no_email(account, people, resend, committed):
    credit_grant(account=account, credits=1000, idempotency_key="fund")
    committed(settle, account, 990)
    assert resend.requests == []

    account_low_balance_threshold_set(account=account, threshold=5)
    committed(settle, account, 5)  # 5 left: not below 5
    assert resend.requests == []


def test_a_new_threshold_starts_afresh(alerting, resend, committed):
    committed(settle, alerting, 600)  # 400: alerted at 500
    account_low_balance_threshold_set(account=alerting, threshold=300)  # 400 is fine for 300
    assert notified_at(alerting) is None
    committed(settle, alerting, 50)
    assert len(resend.sent) == 1

    account_low_balance_threshold_set(account=alerting, threshold=1000)  # already below: the next charge alerts
    committed(settle, alerting, 1)
    assert len(resend.sent) == 2


def test_turning_the_alert_off_stops_it(alerting, resend, committed):
    account_low_balance_threshold_set(account=alerting, threshold=None)
    committed(settle, alerting, 900)
    assert resend.requests == []


# --- a failed send: the charge stands, a later charge retries -------------------------------------

def _deactivate_resend() -> None:
    provider = IntegrationProvider.objects.get(pk="resend")
    provider.is_active = False
    provider.save()


FAILURES = {
    "server_error": lambda fake, settings: fake.error(500, "Something went wrong.", code="application_error"),
    "rate_limited": lambda fake, settings: fake.error(429, "Too many requests.", code="rate_limit_exceeded",
                                                      headers={"retry-after": "1"}),
    "daily_quota": lambda fake, settings: fake.error(429, "You have reached your daily email sending quota.",
                                                     code="daily_quota_exceeded"),
    "wrong_key": lambda fake, settings: point_resend(fake, api_key="re_not_the_right_key_000000"),
    "no_key": lambda fake, settings: provider_set_secret(provider_id="resend", field="api_key", value=""),
    "inactive": lambda fake, settings: _deactivate_resend(),
    "no_sender": lambda fake, settings: setattr(settings, "MODELBANK_ALERT_FROM", ""),
    "bad_sender": lambda fake, settings: setattr(settings, "MODELBANK_ALERT_FROM", "not an address"),
}


def _repair(fake: FakeResend, settings) -> None:
    settings.MODELBANK_ALERT_FROM = SENDER
    point_resend(fake)  # active, the right key, and a save that reloads every process's catalog


@pytest.mark.parametrize("failure", sorted(FAILURES))
def test_a_failed_send_keeps_the_charge_and_a_later_charge_retries(alerting, resend, committed, settings, caplog,
                                                                    failure):
    FAILURES[failure](resend, settings)

    with caplog.at_level(logging.INFO):
        log = committed(settle, alerting, 600)

    assert log.credits_used == 600 and balance(alerting) == 400  # the charge stands
    assert resend.sent == []
    assert notified_at(alerting) is None  # the claim was given back
    assert f"Low-balance alert for account {alerting.pk} not sent" in caplog.text

    _repair(resend, settings)
    committed(settle, alerting, 1)
    assert len(resend.sent) == 1 and notified_at(alerting) is not None


def test_an_unreachable_resend_keeps_the_charge_and_a_later_charge_retries(alerting, resend, committed, caplog):
    dead = FakeResend().start()
    point_resend(dead)
    dead.stop()
    with caplog.at_level(logging.WARNING):
        committed(settle, alerting, 600)
    assert balance(alerting) == 400 and notified_at(alerting) is None
    assert "Resend could not be reached (ConnectError" in caplog.text

    point_resend(resend)
    committed(deduct, alerting, 1)
    assert len(resend.sent) == 1


def test_an_account_with_no_owner_or_admin_address_is_retried_later(account, resend, committed, caplog):
    MembershipFactory(account=account, role="member")
    credit_grant(account=account, credits=1000, idempotency_key="fund")
    account_low_balance_threshold_set(account=account, threshold=THRESHOLD)
    with caplog.at_level(logging.WARNING):
        committed(settle, account, 600)
    assert resend.requests == [] and "no recipient" in caplog.text
    assert notified_at(account) is None

    owner = MembershipFactory(account=account, role="owner").user
    committed(settle, account, 1)
    assert resend.sent[0]["to"] == [owner.email]


def test_the_key_never_reaches_a_log(alerting, resend, committed, caplog):
    secret = resend.api_key
    # An error text that quotes the key it was sent, then a wrong key that the fake refuses.
    resend.error(403, f"API key {secret} is suspended", code="invalid_api_key")
    with caplog.at_level(logging.DEBUG):
        committed(settle, alerting, 600)
        point_resend(resend, api_key="re_wrong_key_but_also_secret_123")
        committed(settle, alerting, 1)
    assert resend.sent == []
    assert caplog.text.count("not sent") == 2  # both failures were logged...
    assert secret not in caplog.text and "re_wrong_key_but_also_secret_123" not in caplog.text  # ...without a key
    assert "[redacted]" in caplog.text


def test_an_error_in_the_alert_itself_never_fails_the_charge(alerting, resend, committed, settings, caplog):
    settings.MODELBANK_ALERT_DELIVERY = "by carrier pigeon"
    with caplog.at_level(logging.ERROR):
        log = committed(settle, alerting, 600)
    assert log.credits_used == 600 and notified_at(alerting) is None
    assert "MODELBANK_ALERT_DELIVERY must be thread or inline" in caplog.text


# --- the fake refuses what Resend refuses ----------------------------------------------------------

GOOD = {"from": SENDER, "to": ["owner@example.com"], "subject": "Low credit balance", "text": "Hello"}


@pytest.mark.parametrize(("headers", "body", "status", "name"), [
    ({"Authorization": ""}, GOOD, 401, "missing_api_key"),
    ({"Authorization": "Bearer re_someone_else"}, GOOD, 403, "invalid_api_key"),
    ({}, {k: v for k, v in GOOD.items() if k != "from"}, 422, "missing_required_field"),
    ({}, {k: v for k, v in GOOD.items() if k != "to"}, 422, "missing_required_field"),
    ({}, {k: v for k, v in GOOD.items() if k != "subject"}, 422, "missing_required_field"),
    ({}, {**GOOD, "from": "alerts at modelbank"}, 422, "validation_error"),
    ({}, {**GOOD, "to": []}, 422, "validation_error"),
    ({}, {**GOOD, "to": [f"user{i}@example.com" for i in range(51)]}, 422, "validation_error"),
    ({}, {k: v for k, v in GOOD.items() if k != "text"}, 422, "validation_error"),
    ({}, {**GOOD, "body": "Hello"}, 422, "validation_error"),
    ({"Idempotency-Key": "k" * 257}, GOOD, 400, "invalid_idempotency_key"),
])
def test_the_fake_refuses_what_resend_refuses(resend, headers, body, status, name):
    auth = {"Authorization": f"Bearer {resend.api_key}"}
    response = httpx.post(f"{resend.url}/emails", json=body, headers={**auth, **headers})
    assert response.status_code == status
    assert response.json()["name"] == name and response.json()["statusCode"] == status
    assert resend.sent == []

    ok = httpx.post(f"{resend.url}/emails", json=GOOD, headers=auth)
    assert ok.status_code == 200 and ok.json()["id"]


# --- who sets it, who reads it --------------------------------------------------------------------

def alert_url(account) -> str:
    return f"/api/v1/admin/accounts/{account.pk}/low-balance-alert/"


def test_staff_set_the_threshold_and_members_read_it(staff_client, member_client, account, alerting, resend,
                                                     committed):
    committed(settle, account, 600)
    assert notified_at(account) is not None

    response = staff_client.put(alert_url(account), {"low_balance_threshold": 300}, format="json")

    assert response.status_code == 200, response.content
    assert response.json() == {"account": account.pk, "low_balance_threshold": 300, "low_balance_notified_at": None}
    read = member_client.get("/api/v1/billing/low-balance-alert/")
    assert read.status_code == 200
    assert read.json() == {"account": account.pk, "low_balance_threshold": 300, "low_balance_notified_at": None}
    assert staff_client.get(alert_url(account)).json()["low_balance_threshold"] == 300

    assert staff_client.put(alert_url(account), {"low_balance_threshold": None}, format="json").status_code == 200
    assert Account.objects.get(pk=account.pk).low_balance_threshold is None


def test_members_see_only_their_own_account(member_client, other_account_client, account):
    account_low_balance_threshold_set(account=account, threshold=123)
    assert member_client.get("/api/v1/billing/low-balance-alert/").json()["low_balance_threshold"] == 123
    assert other_account_client.get("/api/v1/billing/low-balance-alert/").json()["low_balance_threshold"] is None


def test_only_staff_set_it(api_client, account):
    response = api_client.put(alert_url(account), {"low_balance_threshold": 10}, format="json")
    assert response.status_code == 403
    assert Account.objects.get(pk=account.pk).low_balance_threshold is None


@pytest.mark.parametrize("value", [0, -5, "many", 1.5, True, 2**63, {}])
def test_a_threshold_that_is_not_a_positive_whole_number_is_a_400(staff_client, account, value):
    response = staff_client.put(alert_url(account), {"low_balance_threshold": value}, format="json")
    assert response.status_code == 400, response.content
    assert "low_balance_threshold" in response.json()["error"]["message"]
    assert Account.objects.get(pk=account.pk).low_balance_threshold is None


def test_a_missing_threshold_or_account_is_refused(staff_client, account):
    assert staff_client.put(alert_url(account), {}, format="json").status_code == 400
    missing = Account(pk=account.pk + 1000)
    assert staff_client.put(alert_url(missing), {"low_balance_threshold": 5}, format="json").status_code == 404
    assert staff_client.get(alert_url(missing)).status_code == 404


def test_the_service_refuses_what_the_api_refuses(account):
    from modelbank.common.errors import ApplicationError

    for value in (0, -1, True, 2**63, "5"):
        with pytest.raises(ApplicationError, match="low_balance_threshold"):
            account_low_balance_threshold_set(account=account, threshold=value)


def test_staff_set_it_in_the_admin(client, staff_user, alerting, resend, committed):
    committed(settle, alerting, 600)
    client.force_login(staff_user)
    url = f"/admin/accounts/account/{alerting.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200 and "low_balance_threshold" in page.content.decode()
    memberships = list(alerting.memberships.all())
    form = {"name": alerting.name, "is_active": "on", "low_balance_threshold": "700",
            "memberships-TOTAL_FORMS": str(len(memberships)), "memberships-INITIAL_FORMS": str(len(memberships)),
            "memberships-MIN_NUM_FORMS": "0", "memberships-MAX_NUM_FORMS": "1000"}
    for i, membership in enumerate(memberships):
        form |= {f"memberships-{i}-id": str(membership.pk), f"memberships-{i}-account": str(alerting.pk),
                 f"memberships-{i}-user": str(membership.user_id), f"memberships-{i}-role": membership.role}

    assert client.post(url, {**form, "low_balance_threshold": "0"}).status_code == 200  # the form shows the error
    assert Account.objects.get(pk=alerting.pk).low_balance_threshold == THRESHOLD

    response = client.post(url, form)
    assert response.status_code == 302
    account = Account.objects.get(pk=alerting.pk)
    assert account.low_balance_threshold == 700 and account.low_balance_notified_at is None  # afresh
    committed(settle, alerting, 1)
    assert len(resend.sent) == 2


# --- sent from a background thread; several settles at once (PostgreSQL) -------------------------

# Transactional: the thread has its own connection and sees only what was committed. (PostgreSQL only,
# as the other transactional tests: SQLite's flush after them hits the ledger's append-only triggers.)
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_background_thread_sends_it_and_gives_a_failed_claim_back(account, people, resend, settings):
    settings.MODELBANK_ALERT_DELIVERY = "thread"
    credit_grant(account=account, credits=1000, idempotency_key="fund")
    account_low_balance_threshold_set(account=account, threshold=THRESHOLD)
    resend.error(500, "Something went wrong.", code="application_error")

    settle(account, 600)  # committed: the claim is made here, the email goes to the thread
    alerts_wait()
    assert resend.sent == [] and len(resend.requests) == 1
    assert notified_at(account) is None

    settle(account, 1)
    alerts_wait()
    assert [email["to"] for email in resend.sent] == [people]
    assert notified_at(account) is not None


SETTLERS = 8


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_settles_send_exactly_one_email(resend):
    account = AccountFactory()
    owner = MembershipFactory(account=account, role="owner").user
    credit_grant(account=account, credits=1000, idempotency_key="fund")
    account_low_balance_threshold_set(account=account, threshold=THRESHOLD)
    model = AIModelConfig.objects.get(model_name="gpt-5.1")
    holds = [credit_reserve(account=account, credits=100, operation_type="content_generation", idempotency_key=key())
             for _ in range(SETTLERS)]
    start = threading.Barrier(SETTLERS)

    def settle_at_once(hold):
        try:
            start.wait()
            return credit_settle(hold=hold, credits=100, model=model, usage=Usage(output_tokens=100_000),
                                 cost_usd=Decimal("0.01")).credits_used
        finally:
            connection.close()

    with ThreadPoolExecutor(SETTLERS) as pool:
        charged = list(pool.map(settle_at_once, holds))

    # 1,000 - 8 × 100: every settle after the fifth saw a balance below 500 and tried to claim.
    assert sum(charged) == 800 and balance(account) == 200
    assert [email["to"] for email in resend.sent] == [[owner.email]]
    assert notified_at(account) is not None


def test_manage_py_check_warns_when_alerts_cannot_be_sent(account, resend, settings):
    from modelbank.credits.checks import alert_findings

    assert alert_findings() == []  # no account has a threshold
    account_low_balance_threshold_set(account=account, threshold=THRESHOLD)
    assert alert_findings() == []  # a sender and a key: alerts can go

    settings.MODELBANK_ALERT_FROM = ""
    provider_set_secret(provider_id="resend", field="api_key", value="")
    [warning] = alert_findings()
    assert warning.id == "credits.W002"
    assert "1 account(s)" in warning.msg and "MODELBANK_ALERT_FROM" in warning.msg and "no API key" in warning.msg
