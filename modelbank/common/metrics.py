"""The process's Prometheus metrics that code records as it works (prometheus_client). Defined in
the lowest layer so any app can record; served at /metrics by modelbank.ops.metrics, which adds
the figures read from the database at scrape time (credits held, open holds, queued jobs).

Under gunicorn, set PROMETHEUS_MULTIPROC_DIR (an empty directory, emptied at each start) before
the server starts: each worker then writes its values to files there and a scrape of any worker
sums them all (prometheus_client's multiprocess mode; gunicorn.conf.py marks dead workers).
"""

from prometheus_client import Counter, Histogram

HTTP_REQUESTS = Counter("modelbank_http_requests", "HTTP requests served, by route pattern, method and status",
                        ["route", "method", "status"])
HTTP_DURATION = Histogram("modelbank_http_request_duration_seconds", "Time to answer a request, by route pattern",
                          ["route"])
AI_CALLS = Counter("modelbank_ai_calls", "Calls to AI providers, by provider, model and outcome (ok or an error code)",
                   ["provider", "model", "outcome"])
PROVIDER_LATENCY = Histogram("modelbank_provider_latency_seconds", "Time a provider took to answer, by provider and model",
                             ["provider", "model"], buckets=(0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120))
SWEEPS = Counter("modelbank_sweeper_runs", "Sweeps run (expired holds released, stalled jobs failed), by sweep",
                 ["sweep"])
SWEPT = Counter("modelbank_sweeper_freed", "What the sweeps freed: holds released or jobs failed, by sweep", ["sweep"])


def sweep_ran(name: str, freed: int) -> int:
    """Count one run of a sweep and what it freed; returns ``freed``."""
    SWEEPS.labels(sweep=name).inc()
    SWEPT.labels(sweep=name).inc(freed)
    return freed
