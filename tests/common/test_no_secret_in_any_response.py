"""Cross-cutting: with every provider secret set, no GET endpoint of the API (walked from
the URLconf, so new endpoints are covered automatically) shows one, to staff or members."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from modelbank.catalog.models import IntegrationProvider

pytestmark = pytest.mark.django_db
SECRETS = {"api_key": "sk-LEAKCHECK-key-0001", "api_secret": "LEAKCHECK-secret-0002",
           "webhook_secret": "whsec_LEAKCHECK-0003"}


def _routes(patterns, prefix=""):
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, route)
        elif isinstance(pattern, URLPattern) and "<" not in route and route.startswith("api/"):
            yield "/" + route.lstrip("^").rstrip("$")


def test_walk_finds_the_api():
    routes = set(_routes(get_resolver().url_patterns))
    assert {"/api/v1/system/ai-models/", "/api/v1/billing/balance/", "/api/v1/ai/jobs/"} <= routes


def test_no_get_endpoint_shows_a_secret(staff_client, api_client):
    for provider in IntegrationProvider.objects.all():
        for field, value in SECRETS.items():
            setattr(provider, field, f"{value}-{provider.pk}")
        provider.save()
    checked = 0
    for route in _routes(get_resolver().url_patterns):
        for client in (staff_client, api_client):
            body = client.get(route).content.decode(errors="replace")
            assert "LEAKCHECK" not in body, route
            checked += 1
    assert checked >= 20
