import os

import pytest
from django.db import connection
from rest_framework.test import APIClient

from tests.factories import AccountFactory, MembershipFactory, UserFactory


def _redis_reachable() -> bool:
    url = os.environ.get("REDIS_URL")
    if not url:
        return False
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    except Exception:
        return False


def _with_serialized_rollback(item) -> None:
    """Transactional tests (concurrency, workers, live server) flush the database after
    them; serialized rollback reloads what migrations seeded (catalog, settings row, credit
    prices) before each of them, so none sees an empty catalog."""
    marker = item.get_closest_marker("django_db")
    transactional = {"transactional_db", "live_server"} & set(getattr(item, "fixturenames", ()))
    if marker is not None and (marker.kwargs.get("transaction") or transactional):
        item.add_marker(pytest.mark.django_db(*marker.args, **{**marker.kwargs, "transaction": True,
                                                              "serialized_rollback": True}), append=False)
    elif marker is None and transactional:
        item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True), append=False)


def pytest_collection_modifyitems(config, items):
    for item in items:
        _with_serialized_rollback(item)
    on_postgres = connection.vendor == "postgresql"
    redis_ok = _redis_reachable()
    for item in items:
        if "postgres" in item.keywords and not on_postgres:
            item.add_marker(pytest.mark.skip(reason="needs PostgreSQL: runs in the PostgreSQL pass"))
        if "redis" in item.keywords and not redis_ok:
            item.add_marker(pytest.mark.skip(reason="needs Redis: REDIS_URL not set or not reachable"))


def pytest_report_header(config):
    return f"database: {connection.vendor}; redis: {'reachable' if _redis_reachable() else 'not reachable'}"


@pytest.fixture
def account(db):
    return AccountFactory()


@pytest.fixture
def owner(account):
    return MembershipFactory(account=account, role="owner").user


@pytest.fixture
def member(account):
    return MembershipFactory(account=account, role="member").user


def client_for(user, account=None) -> APIClient:
    """An API client authenticated with a real bearer token, as an API user would be."""
    from modelbank.accounts.services import api_token_issue

    account = account or user.memberships.first().account
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {api_token_issue(user=user, account=account).raw}")
    return client


@pytest.fixture
def api_client(owner, account):
    return client_for(owner, account)


@pytest.fixture
def member_client(member, account):
    return client_for(member, account)


@pytest.fixture
def staff_user(db):
    user = UserFactory(is_staff=True, is_superuser=True)
    MembershipFactory(user=user, account=AccountFactory(name="Platform"), role="owner")
    return user


@pytest.fixture
def staff_client(staff_user):
    return client_for(staff_user)


@pytest.fixture
def other_account_client(db):
    """A user of another account, to prove tenant isolation."""
    membership = MembershipFactory(account=AccountFactory(name="Other"), role="owner")
    return client_for(membership.user, membership.account)


@pytest.fixture
def fresh_rate_counters():
    """Rate-limit counters live in the cache (Redis in the PostgreSQL pass) and outlive a test
    database: ids start again at 1 in the next run, so its counters must start empty too."""
    from django.core.cache import cache

    cache.clear()
