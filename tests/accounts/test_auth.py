import io
import json

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from modelbank.accounts.models import ApiToken, Membership
from tests.factories import AccountFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def _create_account(*args) -> dict:
    out = io.StringIO()
    call_command("create_account", *args, stdout=out)
    return json.loads(out.getvalue())


def test_create_account_prints_a_token_stored_only_as_a_hash():
    payload = _create_account("--name", "Acme", "--owner-email", "owner@acme.test")
    raw = payload["api_token"]
    token = ApiToken.objects.get()
    assert raw not in (token.key_hash, token.last4) and token.last4 == raw[-4:]
    assert payload["account"]["name"] == "Acme" and not payload["user"]["is_staff"]
    assert Membership.objects.get(user_id=payload["user"]["id"]).role == "owner"


def test_create_account_staff_flag_makes_a_platform_admin():
    assert _create_account("--name", "Ops", "--owner-email", "ops@x.test", "--staff")["user"]["is_staff"]


def test_bearer_token_authenticates_and_fixes_the_account():
    payload = _create_account("--name", "Acme", "--owner-email", "owner@acme.test")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {payload['api_token']}")
    me = client.get("/api/v1/auth/me/").json()
    assert me["account"] == {"id": payload["account"]["id"], "name": "Acme"} and me["role"] == "owner"


@pytest.mark.parametrize("header", ["Bearer nope", "Bearer", "Bearer a b"])
def test_bad_tokens_are_401(header):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=header)
    assert client.get("/api/v1/system/ai-models/").status_code == 401


def test_revoked_token_is_401():
    from django.utils import timezone

    payload = _create_account("--name", "Acme", "--owner-email", "owner@acme.test")
    ApiToken.objects.update(revoked_at=timezone.now())
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {payload['api_token']}")
    assert client.get("/api/v1/auth/me/").status_code == 401


def test_session_login_and_account_switching():
    first = MembershipFactory(role="owner")
    second = MembershipFactory(user=first.user, account=AccountFactory(name="Second"), role="member")
    stranger = AccountFactory(name="Stranger")
    client = APIClient(enforce_csrf_checks=True)
    assert client.post("/api/v1/auth/login/", {"username": first.user.username, "password": "wrong"},
                       format="json").status_code == 400
    response = client.post("/api/v1/auth/login/", {"username": first.user.username, "password": "pass12345"},
                           format="json")
    assert response.status_code == 200 and response.json()["account"]["id"] == first.account_id
    assert client.get("/api/v1/auth/me/", HTTP_X_ACCOUNT_ID=str(second.account_id)).json()["role"] == "member"
    assert client.get("/api/v1/auth/me/", HTTP_X_ACCOUNT_ID=str(stranger.id)).status_code == 403


def test_anonymous_gets_401_with_a_clear_body(client):
    response = client.get("/api/v1/auth/me/")
    assert response.status_code in (401, 403)
    assert response.json()["error"]["message"]


def test_openapi_schema_and_docs_are_served(api_client):
    schema = api_client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    assert "/api/v1/system/ai-models/" in schema.content.decode()
    assert api_client.get("/api/docs/").status_code == 200


def test_openapi_schema_generates_without_warnings(tmp_path):
    call_command("spectacular", "--fail-on-warn", "--file", str(tmp_path / "schema.yml"))
    schema = (tmp_path / "schema.yml").read_text()
    assert "bearerAuth" in schema and "/api/v1/billing/balance/" in schema


def test_me_lists_every_account_to_switch_to_and_a_stale_choice_has_its_own_code():
    # given a user in two accounts, one of them since deactivated, and a third they left
    first = MembershipFactory(role="owner", account=AccountFactory(name="Shop"))
    second = MembershipFactory(user=first.user, account=AccountFactory(name="Agency"), role="member")
    MembershipFactory(user=first.user, account=AccountFactory(name="Closed", is_active=False), role="owner")
    left = AccountFactory(name="Left")
    client = APIClient()
    login = client.post("/api/v1/auth/login/", {"username": first.user.username, "password": "pass12345"},
                        format="json").json()
    # then the login and /me list the active ones, in the order joined, with the role in each
    expected = [{"id": first.account_id, "name": "Shop", "role": "owner"},
                {"id": second.account_id, "name": "Agency", "role": "member"}]
    assert login["accounts"] == expected
    me = client.get("/api/v1/auth/me/", HTTP_X_ACCOUNT_ID=str(second.account_id)).json()
    assert (me["account"]["name"], me["role"], me["accounts"]) == ("Agency", "member", expected)
    refused = client.get("/api/v1/auth/me/", HTTP_X_ACCOUNT_ID=str(left.id))
    assert refused.status_code == 403
    assert refused.json()["error"] == {"code": "not_a_member", "message": "You are not a member of that account."}


def test_a_wrong_password_is_said_in_the_forms_words(client):
    user = MembershipFactory().user
    response = client.post("/api/v1/auth/login/", {"username": user.username, "password": "nope"},
                           content_type="application/json")
    assert response.status_code == 400 and response.json()["error"]["message"] == "Wrong email or password."
