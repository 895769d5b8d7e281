"""`/healthz`: the process answers. `/readyz`: it can do its work: the database answers and has
every migration applied, the cache answers, and the broker answers when one is configured.

Both are unauthenticated and cheap (a load balancer calls them every few seconds): no secret,
URL or error text is in the answer, only which check failed. The migration check, the only
costly one, is skipped once it has passed, since a running process's code does not change.
"""

import logging
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)
_migrated = False


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _migrations() -> None:
    global _migrated
    if _migrated:
        return
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise RuntimeError("unapplied migrations")
    _migrated = True


def _cache() -> None:
    key, value = f"readyz:{uuid.uuid4().hex}", "ok"
    cache.set(key, value, timeout=5)
    if cache.get(key) != value:
        raise RuntimeError("the cache did not return what was stored")
    cache.delete(key)


def _broker() -> None:
    url = settings.CELERY_BROKER_URL
    if not url:
        return
    if url.startswith(("redis://", "rediss://")):
        import redis  # only a process with a Redis broker needs the client

        redis.Redis.from_url(url, socket_timeout=1, socket_connect_timeout=1).ping()
        return
    from config.celery import app as celery_app  # loaded only by a process with a broker

    with celery_app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=1)


CHECKS = {"database": _database, "migrations": _migrations, "cache": _cache, "broker": _broker}


@never_cache
def healthz(request) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request) -> JsonResponse:
    results, ready = {}, True
    for name, check in CHECKS.items():
        started = time.monotonic()
        try:
            check()
            results[name] = "ok"
        except Exception as exc:  # any failure means not ready; the log says why, the answer does not
            ready = False
            results[name] = "failed"
            logger.warning("readiness check %s failed after %.2f s: %s", name, time.monotonic() - started,
                           type(exc).__name__)
    return JsonResponse({"status": "ready" if ready else "not ready", "checks": results}, status=200 if ready else 503)
