"""The production profile: refuses to start without its secrets, and `check --deploy` is clean."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


def _env(**overrides) -> dict:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "MODELBANK_"))}
    env.update(DJANGO_SETTINGS_MODULE="config.settings_production", SECRET_KEY=secrets.token_urlsafe(50),
               MODELBANK_ENCRYPTION_KEYS=Fernet.generate_key().decode(), ALLOWED_HOSTS="modelbank.example.com",
               REDIS_URL=os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/15",
               DATABASE_URL="postgres://postgres@127.0.0.1:5432/postgres")
    env.update(overrides)
    return env


def _check(env: dict) -> subprocess.CompletedProcess:
    # Only Django's own system checks: the catalog's checks read a database this test does not set up.
    return subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING",
                           "--tag", "security", "--tag", "caches", "--tag", "database", "--tag", "urls"],
                          cwd=ROOT, env=env, capture_output=True, text=True)


@pytest.mark.skipif(connection.vendor != "postgresql" and not os.environ.get("TEST_POSTGRES_URL"),
                    reason="the production profile needs a postgres:// URL to load")
def test_check_deploy_is_clean_under_the_production_profile():
    result = _check(_env())
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["SECRET_KEY", "MODELBANK_ENCRYPTION_KEYS", "DATABASE_URL", "ALLOWED_HOSTS",
                                     "REDIS_URL"])
def test_it_refuses_to_start_without_what_production_needs(missing):
    result = _check(_env(**{missing: ""}))
    assert result.returncode != 0
    assert f"{missing} must be set in production" in result.stderr


def test_it_refuses_sqlite():
    result = _check(_env(DATABASE_URL="sqlite:////tmp/modelbank-prod-test.sqlite3"))
    assert "DATABASE_URL must be a postgres:// URL in production" in result.stderr
