"""A provider's "test connection": one real, cheap call through its adapter (listing models where
the provider can, which costs nothing) with the key and endpoint as stored now.

It reads the provider from the database, not the catalog cache, so a test right after an edit
tests the edit; it works on an inactive provider too, so staff can test before activating. A
failure is a result to show, not an error of this request: the provider's answer in words
(already stripped of the key by the adapters' errors).
"""

import logging
import time
from dataclasses import dataclass
from typing import cast

from modelbank.ai.providers import ADAPTERS, get_adapter
from modelbank.ai.providers.base import ProviderCall, ProviderError
from modelbank.ai.providers.errors import label
from modelbank.catalog.errors import ProviderNotFound
from modelbank.catalog.models import IntegrationProvider
from modelbank.common.errors import ApplicationError
from modelbank.common.secrets import Secret
from modelbank.common.vault import SecretDecryptionError

logger = logging.getLogger(__name__)
TEST_TIMEOUT_SECONDS = 10.0  # a person is waiting: no retries, a short timeout


@dataclass(frozen=True)
class ConnectionResult:
    provider: str
    ok: bool
    message: str
    code: str = ""  # why it failed (e.g. provider_authentication), empty when ok
    latency_ms: int | None = None  # how long the provider took to answer, when it was called


class NoConnectionTest(ApplicationError):
    code = "no_connection_test"


def provider_test_connection(*, provider_id: str) -> ConnectionResult:
    provider = IntegrationProvider.objects.filter(pk=provider_id).first()
    if provider is None:
        raise ProviderNotFound(f"No provider '{provider_id}' is configured.", extra={"provider": provider_id})
    if provider_id not in ADAPTERS:
        raise NoConnectionTest(f"'{provider_id}' is not an AI provider modelbank calls, so there is no connection to "
                               f"test; AI providers: {', '.join(ADAPTERS)}.", extra={"provider": provider_id})
    secret = cast(Secret, provider.api_key)  # the field stores a Secret (common.secrets)
    if not secret.is_set:
        return ConnectionResult(provider_id, False, "No API key is set: set one, then test again.",
                                code="provider_key_missing")
    try:
        key = secret.reveal()
    except SecretDecryptionError:
        return ConnectionResult(provider_id, False, "The stored API key cannot be decrypted with the configured "
                                "keys: set it again.", code="provider_key_unreadable")
    return _call(provider, key)


def _call(provider: IntegrationProvider, key: str) -> ConnectionResult:
    call = ProviderCall(api_key=key, endpoint=provider.api_endpoint or "", config=dict(provider.config or {}),
                        timeout=TEST_TIMEOUT_SECONDS, max_retries=0)
    started = time.monotonic()
    try:
        said = get_adapter(provider.provider_id).check_connection(call)
    except ProviderError as exc:
        logger.info("connection test of %s failed: %s", provider.provider_id, exc.code)
        return ConnectionResult(provider.provider_id, False, exc.message, code=exc.code, latency_ms=_since(started))
    where = provider.api_endpoint or "its default endpoint"
    inactive = "" if provider.is_active else " (the provider is inactive: activate it to use it)"
    return ConnectionResult(provider.provider_id, True, f"{label(provider.provider_id)} answered at {where}: "
                            f"{said}.{inactive}", latency_ms=_since(started))


def _since(started: float) -> int:
    return round((time.monotonic() - started) * 1000)
