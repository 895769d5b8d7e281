"""An in-process cache of a configuration snapshot, invalidated across processes through
a ConfigStamp row: a write bumps the stamp in its own transaction, readers compare."""

import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

from django.conf import settings
from django.db import transaction
from django.db.models import F

from modelbank.common.models import ConfigStamp

T = TypeVar("T")


def bump_stamp(name: str) -> None:
    """Mark `name` changed; call inside the transaction that changes it."""
    updated = ConfigStamp.objects.filter(name=name).update(version=F("version") + 1)
    if not updated:
        ConfigStamp.objects.get_or_create(name=name, defaults={"version": 1})
    for cache in VersionedCache.registry.get(name, ()):
        cache.invalidate()
        # The local copy may have been reloaded inside this transaction; drop it again
        # once the outcome (commit or rollback) is known.
        transaction.on_commit(cache.invalidate)


def read_stamp(name: str) -> int:
    return ConfigStamp.objects.filter(name=name).values_list("version", flat=True).first() or 0


class VersionedCache(Generic[T]):
    registry: dict[str, list["VersionedCache"]] = {}

    def __init__(self, name: str, loader: Callable[[], T]):
        self.name = name
        self._loader = loader
        self._lock = threading.Lock()
        self._value: T | None = None
        self._version: int | None = None
        self._checked_at = 0.0
        VersionedCache.registry.setdefault(name, []).append(self)

    def invalidate(self) -> None:
        self._version = None

    def get(self) -> T:
        now = time.monotonic()
        if self._version is not None and now - self._checked_at < settings.CATALOG_CACHE_CHECK_SECONDS:
            return self._value  # type: ignore[return-value]
        with self._lock:
            version = read_stamp(self.name)
            if version != self._version:
                # A copy loaded inside a transaction that is later rolled back carries a
                # version the database no longer has, so the next check reloads it.
                self._value, self._version = self._loader(), version
            self._checked_at = now
            return self._value  # type: ignore[return-value]
