"""gunicorn settings for modelbank (read from the working directory: `gunicorn config.wsgi`).
Every value can be overridden from the environment, as in docs/deploy.md."""

import ctypes
import ctypes.util
import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Threads serve requests while a worker's job threads wait on providers; a few workers per core.
workers = int(os.environ.get("GUNICORN_WORKERS", str(multiprocessing.cpu_count() * 2)))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
# Set to replace a worker after that many requests (with jitter); 0, the default, never does.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "500"))
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None  # "-": to stderr
errorlog = "-"
# The proxy in front terminates TLS; trust its X-Forwarded-* headers only from where it runs.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")

# glibc gives each thread that allocates its own malloc arena (up to 8 per core) and each keeps
# its freed memory; a worker's request threads and AI job threads hold several. Two arenas cost
# a threaded worker about 5 MiB less RSS at no measurable speed (bench/memory.py). Set in the
# master, before the fork, so every worker inherits it; MALLOC_ARENA_MAX overrides, 0 leaves glibc's.
M_ARENA_MAX = -8  # from glibc's malloc.h


def _load_libc():
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name) if name else None
    except OSError:
        return None


_libc = _load_libc()  # the C library's mallopt and malloc_trim: glibc only (musl, macOS: nothing to tune)


def _limit_malloc_arenas(arenas: int) -> None:
    if arenas <= 0 or _libc is None:
        return
    try:
        _libc.mallopt(M_ARENA_MAX, arenas)
    except AttributeError:  # not glibc
        pass


_limit_malloc_arenas(int(os.environ.get("MALLOC_ARENA_MAX", "2")))

# glibc gives memory back to the system only from the top of a heap; memory freed below live
# blocks (a finished job's answer, a big JSON body) stays in the worker's RSS. malloc_trim(0)
# also returns those free pages; every few hundred requests it costs well under a millisecond.
# GUNICORN_MALLOC_TRIM_EVERY=0 turns it off.
MALLOC_TRIM_EVERY = int(os.environ.get("GUNICORN_MALLOC_TRIM_EVERY", "200"))
_served = 0


def post_request(worker, req, environ, resp):
    global _served
    _served += 1
    if _libc is not None and MALLOC_TRIM_EVERY > 0 and _served % MALLOC_TRIM_EVERY == 0:
        try:
            _libc.malloc_trim(0)
        except AttributeError:  # not glibc
            pass


def child_exit(server, worker):
    """Prometheus' multiprocess mode: a dead worker's live gauges stop counting."""
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
