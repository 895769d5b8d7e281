"""A daemon thread per process that calls a function every few seconds (heartbeats, sweepers).

The thread belongs to the process that started it. A fork (gunicorn --preload, a prefork
Celery pool, multiprocessing) never lands in the middle of a tick, and each tick closes its
database connection, so a child never inherits a connection in use; the child starts its own
thread only when its code asks for one.
"""

import logging
import os
import threading
import time
from collections.abc import Callable

from django.db import connections

logger = logging.getLogger(__name__)

_threads: list["PeriodicThread"] = []


class PeriodicThread:
    def __init__(self, name: str, tick: Callable[[], object], interval: Callable[[], float]) -> None:
        self.name, self.tick, self.interval = name, tick, interval
        self._state_lock = threading.Lock()
        self._tick_lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pid: int | None = None
        _threads.append(self)

    @property
    def running(self) -> bool:
        return self._pid == os.getpid() and self._thread is not None and self._thread.is_alive()

    def ensure_started(self) -> None:
        """Start the thread in this process unless it runs already; cheap to call often."""
        with self._state_lock:
            if self.running:
                return
            self._thread = threading.Thread(target=self._loop, name=self.name, daemon=True)
            self._pid = os.getpid()
            self._thread.start()

    def _loop(self) -> None:
        while True:  # a daemon thread: it ends with its process
            time.sleep(self.interval())
            self._run_tick()

    def _run_tick(self) -> None:
        with self._tick_lock:
            try:
                self.tick()
            except Exception:
                # A database hiccup must not end the thread: the next tick tries again.
                logger.exception("%s failed; it runs again in %s s", self.name, self.interval())
            finally:
                connections.close_all()  # this thread's connections only; none is held between ticks

    # --- fork safety -------------------------------------------------------------------------
    def _before_fork(self) -> None:
        self._tick_lock.acquire()

    def _after_fork_in_parent(self) -> None:
        self._tick_lock.release()

    def _after_fork_in_child(self) -> None:
        # The thread did not survive the fork; its locks may be held by it forever.
        self._state_lock, self._tick_lock = threading.Lock(), threading.Lock()
        self._thread, self._pid = None, None


def _each(method: str) -> Callable[[], None]:
    def call() -> None:
        for thread in _threads:
            getattr(thread, method)()

    return call


os.register_at_fork(before=_each("_before_fork"), after_in_parent=_each("_after_fork_in_parent"),
                    after_in_child=_each("_after_fork_in_child"))
