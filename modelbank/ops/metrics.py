"""`/metrics` in Prometheus' text format, and the middleware that counts requests.

Off unless MODELBANK_METRICS is on; with MODELBANK_METRICS_TOKEN set, a scrape must send it as
`Authorization: Bearer <token>`. Besides what the code records as it works (common.metrics), each
scrape reads a few figures from the database: credits held and open holds, credits charged and
uncharged overage (from the daily rollup), and the queued jobs and the age of the oldest. Under
gunicorn with PROMETHEUS_MULTIPROC_DIR set, one scrape sums every worker's values.
"""

import os
import time
from functools import cache
from hmac import compare_digest

from django.conf import settings
from django.db.models import Count, Min, Sum
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, CollectorRegistry, generate_latest, multiprocess
from prometheus_client.core import GaugeMetricFamily

from modelbank.ai.models import AIJob
from modelbank.common.metrics import HTTP_DURATION, HTTP_REQUESTS
from modelbank.credits.models import CreditAccount, CreditHold, CreditUsageDaily


class LedgerCollector:
    """Figures read at scrape time: a few aggregate queries over small or indexed tables."""

    def collect(self):
        holds = CreditHold.objects.filter(status=CreditHold.Status.OPEN).aggregate(n=Count("id"))
        held = CreditAccount.objects.aggregate(credits=Sum("reserved"))
        used = CreditUsageDaily.objects.aggregate(charged=Sum("credits_used"), uncharged=Sum("uncharged_credits"))
        queued = AIJob.objects.filter(status=AIJob.Status.QUEUED).aggregate(n=Count("id"), oldest=Min("created_at"))
        age = (timezone.now() - queued["oldest"]).total_seconds() if queued["oldest"] else 0.0
        yield GaugeMetricFamily("modelbank_credits_held", "Credits held for calls in flight", value=held["credits"] or 0)
        yield GaugeMetricFamily("modelbank_credit_holds_open", "Open credit holds", value=holds["n"])
        yield GaugeMetricFamily("modelbank_credits_charged", "Credits charged for AI calls, all time",
                                value=used["charged"] or 0)
        yield GaugeMetricFamily("modelbank_credits_uncharged", "Usage beyond holds the balance could not cover, all time",
                                value=used["uncharged"] or 0)
        yield GaugeMetricFamily("modelbank_jobs_queued", "AI jobs waiting for a runner", value=queued["n"])
        yield GaugeMetricFamily("modelbank_jobs_oldest_queued_seconds", "Age of the oldest queued AI job", value=age)


def _registry() -> CollectorRegistry:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()  # every worker's values, from their files
        multiprocess.MultiProcessCollector(registry)
        registry.register(LedgerCollector())
        return registry
    return _this_process()


@cache
def _this_process() -> CollectorRegistry:
    REGISTRY.register(LedgerCollector())
    return REGISTRY


@never_cache
def metrics(request) -> HttpResponse:
    if not settings.MODELBANK_METRICS:
        raise Http404("Metrics are off (MODELBANK_METRICS).")
    token = settings.MODELBANK_METRICS_TOKEN
    if token and not compare_digest(request.headers.get("Authorization", ""), f"Bearer {token}"):
        return HttpResponse("A metrics token is required.\n", status=401, content_type="text/plain",
                            headers={"WWW-Authenticate": "Bearer"})
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE_LATEST)


class RequestMetricsMiddleware:
    """Counts each request by its route pattern (never the raw path: ids would explode the labels)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.monotonic()
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        route = match.route if match else "unmatched"
        HTTP_REQUESTS.labels(route, request.method, str(response.status_code)).inc()
        HTTP_DURATION.labels(route).observe(time.monotonic() - started)
        return response
