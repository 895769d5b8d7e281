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


def pytest_collection_modifyitems(config, items):
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
def django_db_serialized_rollback():
    """Transactional tests (concurrency, workers) flush the database; restore the seeded
    catalog and other migration data afterwards so later tests still see them."""
    return True


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
