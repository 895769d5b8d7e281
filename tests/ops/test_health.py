"""/healthz and /readyz: unauthenticated, cheap, and saying which check failed (never why)."""

import pytest
from django.test import Client, override_settings

from modelbank.ops import health

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_migration_check(monkeypatch):
    monkeypatch.setattr(health, "_migrated", False)


@pytest.mark.parametrize("path", ["/healthz", "/healthz/"])
def test_healthz_answers_without_credentials(path):
    response = Client().get(path)
    assert (response.status_code, response.json()) == (200, {"status": "ok"})
    assert "no-cache" in response["Cache-Control"]


@override_settings(CELERY_BROKER_URL="")
def test_readyz_checks_database_migrations_and_cache():
    response = Client().get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ready", "checks": {
        "database": "ok", "migrations": "ok", "cache": "ok", "broker": "ok"}}


def test_unapplied_migrations_make_it_not_ready(monkeypatch):
    monkeypatch.setattr(health.MigrationExecutor, "migration_plan", lambda self, targets: [("app", "0009")])
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "failed"


def test_a_failing_database_is_named_but_not_described(monkeypatch):
    def broken():
        raise RuntimeError("password authentication failed for user postgres at db.internal:5432")

    monkeypatch.setitem(health.CHECKS, "database", broken)
    response = Client().get("/readyz/")
    assert response.status_code == 503
    assert response.json()["checks"]["database"] == "failed"
    assert "password" not in response.content.decode() and "db.internal" not in response.content.decode()


@override_settings(CELERY_BROKER_URL="redis://127.0.0.1:1/0")  # loopback, nothing listens there
def test_an_unreachable_broker_makes_it_not_ready():
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"] == "failed"
    assert response.json()["checks"]["database"] == "ok"
