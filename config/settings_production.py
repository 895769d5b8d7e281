"""The production profile: DJANGO_SETTINGS_MODULE=config.settings_production (docs/deploy.md).

Everything config.settings reads from the environment, plus what a public deployment needs: no
DEBUG, secrets that must be given (never generated under var/), secure cookies and HSTS behind a
TLS-terminating proxy, pooled PostgreSQL connections and a Redis cache shared by every process.
"""

import os

from django.core.exceptions import ImproperlyConfigured


def _required(name: str, why: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"{name} must be set in production: {why}")
    return value


_required("SECRET_KEY", "it signs sessions and CSRF tokens; use 50 or more random characters")
_required("MODELBANK_ENCRYPTION_KEYS", "the Fernet keys that encrypt provider keys, newest first, comma-separated")
_required("DATABASE_URL", "a postgres:// URL; the embedded SQLite database is for development")
_required("ALLOWED_HOSTS", "the host names this server answers to, comma-separated")
_required("REDIS_URL", "the cache every server process shares (and the Celery broker by default)")

from config.settings import *  # noqa: E402, F403
from config.settings import DATABASES, env_bool  # noqa: E402

DEBUG = False
if not DATABASES["default"]["ENGINE"].endswith("postgresql"):
    raise ImproperlyConfigured("DATABASE_URL must be a postgres:// URL in production.")

# TLS ends at the proxy in front (nginx, a load balancer), which says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]  # probes come over plain HTTP from inside
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)

# psycopg's own pool per process (Django 5.1+); Django's persistent connections must then be off.
DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
    "min_size": int(os.environ.get("DB_POOL_MIN", "2")),
    "max_size": int(os.environ.get("DB_POOL_MAX", "10")),
    "timeout": float(os.environ.get("DB_POOL_TIMEOUT", "10")),
}
