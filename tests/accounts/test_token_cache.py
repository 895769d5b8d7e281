"""Token authentication is cached per process and dropped everywhere within a second of a change
that ends a token's access."""

import time

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from modelbank.accounts.models import ApiToken, Membership
from modelbank.common.models import ConfigStamp
from tests.conftest import client_for

pytestmark = pytest.mark.django_db
ME = "/api/v1/auth/me/"
AI_MODELS = "/api/v1/system/ai-models/"


def _revoke_as_another_process_would(token_id: int) -> None:
    """The row and the stamp change in the database; this process's caches are not told."""
    ApiToken.objects.filter(pk=token_id).update(revoked_at=timezone.now())
    ConfigStamp.objects.filter(name="auth").update(version=ConfigStamp.objects.get(name="auth").version + 1)


def _refused_within(client, seconds: float) -> float:
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if client.get(ME).status_code == 401:
            return time.monotonic() - start
        time.sleep(0.02)
    raise AssertionError(f"the token still worked after {seconds} s")


@override_settings(CATALOG_CACHE_CHECK_SECONDS=0.5)  # the production interval
def test_a_token_revoked_in_another_process_stops_working_within_a_second(owner, account):
    client = client_for(owner, account)
    assert client.get(ME).status_code == 200
    token = ApiToken.objects.get(user=owner)
    _revoke_as_another_process_would(token.pk)
    assert _refused_within(client, 1.0) <= 1.0


@override_settings(CATALOG_CACHE_CHECK_SECONDS=0.5)
@pytest.mark.parametrize("change", ["revoke", "delete_token", "leave_account", "deactivate_user"])
def test_changes_in_this_process_take_effect_at_once(owner, account, change):
    client = client_for(owner, account)
    assert client.get(ME).status_code == 200
    token = ApiToken.objects.get(user=owner)
    if change == "revoke":
        token.revoked_at = timezone.now()
        token.save()
    elif change == "delete_token":
        token.delete()
    elif change == "leave_account":
        Membership.objects.get(user=owner, account=account).delete()
    else:
        owner.is_active = False
        owner.save()
    assert client.get(ME).status_code == 401


def test_a_cached_request_makes_no_query(api_client):
    assert api_client.get(AI_MODELS).status_code == 200  # warms the token, catalog and settings caches
    with override_settings(CATALOG_CACHE_CHECK_SECONDS=3600), CaptureQueriesContext(connection) as queries:
        assert api_client.get(AI_MODELS).status_code == 200
    assert [q["sql"] for q in queries.captured_queries] == []


def test_an_unknown_token_is_not_cached(account, owner):
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    for _ in range(2):
        assert client.get(ME).status_code == 401
    from modelbank.accounts.selectors import _tokens

    assert _tokens.get() == {}
