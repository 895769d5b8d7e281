import os
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from modelbank.ai.providers import get_adapter, retry
from modelbank.ai.providers.base import ProviderAuthError, ProviderNotSupported, ProviderRateLimited
from modelbank.ai.providers.retry import backoff_delay, parse_retry_after, with_retries


@pytest.mark.parametrize("provider_id", ["openai", "anthropic", "google", "runware", "bria"])
def test_every_catalog_ai_provider_has_an_adapter(provider_id):
    assert get_adapter(provider_id).provider_id == provider_id


def test_the_catalog_declares_account_options_for_exactly_the_adapted_providers():
    from modelbank.ai.providers import ADAPTERS
    from modelbank.catalog.account_options import ACCOUNT_OPTIONS

    assert set(ACCOUNT_OPTIONS) == set(ADAPTERS)
    assert all(get_adapter(p).account_options is ACCOUNT_OPTIONS[p] for p in ADAPTERS)


def test_a_served_process_loads_a_provider_sdk_only_when_a_call_needs_it():
    """Loading the whole URLconf and admin (what a worker does before its first request)
    imports no provider SDK, nor Celery (a job runner or /readyz with a broker loads it) nor
    httpx (Runware, Bria and email load it); the first adapter asked for imports its own SDK only."""
    code = (
        "import sys, django; django.setup();"
        "from django.urls import get_resolver; get_resolver().url_patterns;"
        "from django.contrib import admin; admin.autodiscover();"
        "sdks = ('openai', 'anthropic', 'google.genai');"
        "print(sorted(m for m in (*sdks, 'celery', 'httpx') if m in sys.modules));"
        "from modelbank.ai.providers import get_adapter; get_adapter('anthropic');"
        "print(sorted(m for m in sdks if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test"}).stdout
    assert out.splitlines() == ["[]", "['anthropic']"]


def test_unknown_provider_is_not_supported():
    with pytest.raises(ProviderNotSupported, match="No AI adapter for provider 'resend'"):
        get_adapter("resend")


@pytest.mark.parametrize(("headers", "expected"), [
    ({"retry-after": "12"}, 12.0),
    ({"retry-after": "1.5"}, 1.5),
    ({"retry-after-ms": "250", "retry-after": "9"}, 0.25),
    ({"retry-after": "Wed, 01 Jan 2031 00:00:30 GMT"}, 30.0),
    ({"retry-after": "Wed, 01 Jan 2031 00:00:00 GMT"}, 0.0),
    ({"retry-after": "soon"}, None),
    ({}, None),
])
def test_parse_retry_after(headers, expected):
    assert parse_retry_after(headers, now=datetime(2031, 1, 1, tzinfo=UTC)) == expected


def test_backoff_grows_and_stays_capped():
    for number in range(12):
        assert 0 < backoff_delay(number, None) <= retry.MAX_DELAY + retry.BASE_DELAY
    assert backoff_delay(0, 7) >= 7
    assert backoff_delay(0, 29.9) <= retry.MAX_DELAY


def _failing(errors, results=("ok",)):
    queue = list(errors)

    def attempt():
        if queue:
            raise queue.pop(0)
        return results[0]

    return attempt


def _limited(after=None):
    error = ProviderRateLimited("slow down")
    error.retry_after = after
    return error


def test_retries_then_succeeds(retry_sleeps):
    assert with_retries(_failing([_limited(2), _limited()]), max_retries=2) == "ok"
    assert len(retry_sleeps) == 2 and retry_sleeps[0] >= 2


def test_a_retry_after_beyond_the_cap_is_not_waited_for(retry_sleeps):
    with pytest.raises(ProviderRateLimited):
        with_retries(_failing([_limited(600)]), max_retries=3)
    assert retry_sleeps == []


def test_non_retryable_errors_are_raised_at_once(retry_sleeps):
    with pytest.raises(ProviderAuthError):
        with_retries(_failing([ProviderAuthError("bad key")]), max_retries=3)
    assert retry_sleeps == []


def test_zero_retries_means_one_attempt(retry_sleeps):
    with pytest.raises(ProviderRateLimited):
        with_retries(_failing([_limited(1)]), max_retries=0)
    assert retry_sleeps == []
