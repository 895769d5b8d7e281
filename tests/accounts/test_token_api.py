"""API tokens managed without the Django admin: members their own, in the account they act in
(/api/v1/auth/tokens/); staff any account's (/api/v1/admin/tokens/). The token is shown once;
changes need a signed-in session."""

import pytest
from rest_framework.test import APIClient

from modelbank.accounts.models import ApiToken
from modelbank.accounts.services import api_token_issue
from tests.conftest import client_for
from tests.factories import AccountFactory, MembershipFactory

MINE = "/api/v1/auth/tokens/"
STAFF = "/api/v1/admin/tokens/"


def session(user, account=None) -> APIClient:
    client = APIClient()
    client.force_login(user)
    if account is not None:
        client.credentials(HTTP_X_ACCOUNT_ID=str(account.pk))
    return client


def works(raw: str) -> bool:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return client.get("/api/v1/auth/me/").status_code == 200


@pytest.fixture
def member_session(member):
    return session(member)


def test_create_shows_the_token_once_and_it_works(member_session, member, account):
    response = member_session.post(MINE, {"name": "CI", "allowed_models": ["gpt-5.1"]}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    raw = body["token"]
    assert raw.startswith("mb_") and body["last4"] == raw[-4:]
    assert (body["name"], body["allowed_models"], body["user"], body["account"]) == (
        "CI", ["gpt-5.1"], member.pk, account.pk)
    assert works(raw)
    listed = member_session.get(MINE).json()
    assert [t["id"] for t in listed["results"]] == [body["id"]]
    text = member_session.get(MINE).content.decode()
    assert raw not in text and "token" not in listed["results"][0]
    assert ApiToken.objects.get(pk=body["id"]).key_hash not in text


def test_members_see_and_change_only_their_own_tokens(member_session, member, owner, account):
    own = api_token_issue(user=member, account=account, name="mine").token
    colleague = api_token_issue(user=owner, account=account, name="owner's").token
    elsewhere = MembershipFactory(user=member, account=AccountFactory(), role="owner").account
    other_account = api_token_issue(user=member, account=elsewhere, name="other account").token
    assert [t["id"] for t in member_session.get(MINE).json()["results"]] == [own.pk]
    for token in (colleague, other_account):
        assert member_session.patch(f"{MINE}{token.pk}/", {"name": "x"}, format="json").status_code == 404
        assert member_session.post(f"{MINE}{token.pk}/revoke/").status_code == 404
        token.refresh_from_db()
        assert token.revoked_at is None and token.name != "x"
    # acting in the other account, the member sees that account's token instead
    in_other = session(member, elsewhere)
    assert [t["id"] for t in in_other.get(MINE).json()["results"]] == [other_account.pk]


def test_label_limit_and_revoke(member_session, member, account):
    issued = api_token_issue(user=member, account=account, name="laptop")
    response = member_session.patch(f"{MINE}{issued.token.pk}/", {"name": "Laptop", "allowed_models": ["dall-e-3"]},
                                    format="json")
    assert response.status_code == 200
    assert (response.json()["name"], response.json()["allowed_models"]) == ("Laptop", ["dall-e-3"])
    assert ApiToken.objects.get(pk=issued.token.pk).allowed_models == ["dall-e-3"]
    assert works(issued.raw)
    response = member_session.post(f"{MINE}{issued.token.pk}/revoke/")
    assert response.status_code == 200 and response.json()["revoked_at"]
    assert not works(issued.raw)
    again = member_session.post(f"{MINE}{issued.token.pk}/revoke/")
    assert again.json()["revoked_at"] == response.json()["revoked_at"]
    response = member_session.patch(f"{MINE}{issued.token.pk}/", {"name": "back"}, format="json")
    assert response.status_code == 409 and response.json()["error"]["code"] == "token_revoked"


@pytest.mark.parametrize(("body", "words"), [
    ({"name": "  "}, "name"),
    ({}, "name"),
    ({"name": "x" * 101}, "name"),
    ({"name": 12}, "Must be a string"),
    ({"name": "ok", "allowed_models": "gpt-5.1"}, "allowed_models"),
    ({"name": "ok", "allowed_models": ["gpt-5.1", "gpt-5.1"]}, "name each model once"),
    ({"name": "ok", "allowed_models": [" "]}, "allowed_models"),
])
def test_create_refuses_bad_input(member_session, body, words):
    response = member_session.post(MINE, body, format="json")
    assert response.status_code == 400
    assert words in response.json()["error"]["message"], response.json()
    assert not ApiToken.objects.exists()


def test_patch_refuses_what_it_cannot_change(member_session, member, account):
    token = api_token_issue(user=member, account=account).token
    for body, words in (({"revoked_at": None}, "revoked_at: cannot be changed"), ({}, "Nothing to change")):
        response = member_session.patch(f"{MINE}{token.pk}/", body, format="json")
        assert response.status_code == 400 and words in response.json()["error"]["message"]


def test_a_token_can_read_but_not_change_tokens(member, account):
    client = client_for(member, account)  # authenticated by a bearer token
    assert client.get(MINE).status_code == 200
    token = ApiToken.objects.get(user=member)
    for response in (client.post(MINE, {"name": "escape"}, format="json"),
                     client.patch(f"{MINE}{token.pk}/", {"allowed_models": []}, format="json"),
                     client.post(f"{MINE}{token.pk}/revoke/")):
        assert response.status_code == 403
        assert "while signed in" in response.json()["error"]["message"]
    assert ApiToken.objects.filter(user=member).count() == 1


def test_staff_manage_any_accounts_tokens(staff_user, member, account):
    client = session(staff_user)
    theirs = api_token_issue(user=member, account=account, name="theirs").token
    listed = client.get(STAFF, {"account": account.pk}).json()["results"]
    assert [(t["id"], t["username"]) for t in listed] == [(theirs.pk, member.username)]
    response = client.post(STAFF, {"account": account.pk, "user": member.pk, "name": "for them",
                                   "allowed_models": ["gpt-4o-mini"]}, format="json")
    assert response.status_code == 201 and works(response.json()["token"])
    assert ApiToken.objects.get(pk=response.json()["id"]).user == member
    assert client.patch(f"{STAFF}{theirs.pk}/", {"allowed_models": ["gpt-5.1"]}, format="json").status_code == 200
    assert client.post(f"{STAFF}{theirs.pk}/revoke/").status_code == 200
    theirs.refresh_from_db()
    assert theirs.revoked_at is not None and theirs.allowed_models == ["gpt-5.1"]


def test_staff_create_needs_a_member_of_the_account(staff_user, member, account):
    client = session(staff_user)
    stranger = MembershipFactory(account=AccountFactory()).user
    response = client.post(STAFF, {"account": account.pk, "user": stranger.pk, "name": "x"}, format="json")
    assert response.status_code == 404 and response.json()["error"]["field"] == "user"
    response = client.post(STAFF, {"account": 999999, "user": member.pk, "name": "x"}, format="json")
    assert response.status_code == 404 and response.json()["error"]["field"] == "account"
    assert not ApiToken.objects.exists()


def test_staff_endpoints_refuse_members(member_session, member, account):
    token = api_token_issue(user=member, account=account).token
    assert member_session.get(STAFF).status_code == 403
    assert member_session.post(STAFF, {"account": account.pk, "user": member.pk, "name": "x"},
                               format="json").status_code == 403
    assert member_session.patch(f"{STAFF}{token.pk}/", {"name": "x"}, format="json").status_code == 403
    assert member_session.post(f"{STAFF}{token.pk}/revoke/").status_code == 403
    token.refresh_from_db()
    assert token.revoked_at is None and token.name == "default"


def test_no_response_carries_a_hash(staff_user, member, account):
    client = session(staff_user)
    token = api_token_issue(user=member, account=account).token
    for response in (client.get(STAFF), client.patch(f"{STAFF}{token.pk}/", {"name": "n"}, format="json"),
                     client.post(f"{STAFF}{token.pk}/revoke/")):
        assert token.key_hash not in response.content.decode() and "key_hash" not in response.content.decode()


def test_anonymous_is_refused(client, db):
    assert client.get(MINE).status_code == 401
    assert client.post(MINE, {"name": "x"}).status_code == 401
    assert not ApiToken.objects.exists()
