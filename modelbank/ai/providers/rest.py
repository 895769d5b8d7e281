"""One JSON-over-HTTP call with httpx for the providers without an SDK (Runware, Bria).

Numbers with a fraction are parsed as Decimal (providers' own costs are money: never float).
HTTP failures become typed errors; `describe(body) -> (message, code)` reads the provider's error
format and `is_refusal(status, message, code)` spots its moderation errors.
"""

import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import httpx

from modelbank.ai.providers import errors
from modelbank.ai.providers.retry import parse_retry_after

Describe = Callable[[Any], tuple[str, str | None]]
IsRefusal = Callable[[int, str, str | None], bool]

# Shared connection pool; httpx.Client is thread-safe. Timeouts are set per request.
_client = httpx.Client(follow_redirects=False)


@dataclass(frozen=True)
class Reply:
    status: int
    headers: httpx.Headers
    data: Any


def request_json(provider_id: str, method: str, url: str, *, api_key: str, headers: dict[str, str],
                 timeout: float, describe: Describe, is_refusal: IsRefusal, body: Any = None,
                 expected: tuple[int, ...] = ()) -> Reply:
    """The parsed answer; an HTTP error status raises a typed error unless it is ``expected``."""
    try:
        response = _client.request(method, url, headers=headers, json=body, timeout=timeout)
    except httpx.TimeoutException:
        raise errors.unreachable(provider_id, timed_out=True) from None
    except httpx.TransportError:
        raise errors.unreachable(provider_id, timed_out=False) from None
    data = _parse(response.content)
    if response.status_code >= 400 and response.status_code not in expected:
        message, code = describe(data) if data is not _INVALID else ("", None)
        if is_refusal(response.status_code, message, code):
            raise errors.refused(provider_id, message, api_key=api_key)
        raise errors.from_status(provider_id, response.status_code, detail=message, api_key=api_key,
                                 retry_after=parse_retry_after(response.headers), provider_code=code)
    if data is _INVALID:
        raise errors.malformed(provider_id)
    return Reply(response.status_code, response.headers, data)


_INVALID = object()


def _parse(content: bytes) -> Any:
    try:
        return json.loads(content, parse_float=Decimal) if content else None
    except ValueError:
        return _INVALID
