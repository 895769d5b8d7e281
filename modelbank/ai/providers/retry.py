"""The one retry loop every adapter uses, so all providers behave the same.

Retries only errors marked `retryable` (rate limited, unavailable), at most `max_retries` times,
with exponential backoff and full jitter. A provider's `Retry-After` (seconds or an HTTP date,
carried on the error as `retry_after`) is honoured; when it asks for more than `MAX_DELAY` we stop
retrying and raise rather than hold a worker for minutes. `sleep` is looked up at call time so
tests can replace it with a recorder.
"""

import random
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TypeVar

from modelbank.ai.providers.base import ProviderError

T = TypeVar("T")

BASE_DELAY = 0.5  # seconds before the first retry (before jitter)
MAX_DELAY = 30.0  # never sleep longer than this between attempts

sleep: Callable[[float], None] = time.sleep


def with_retries(attempt: Callable[[], T], *, max_retries: int) -> T:
    """Run `attempt` until it succeeds, raises a non-retryable error, or retries run out."""
    for number in range(max_retries + 1):
        try:
            return attempt()
        except ProviderError as exc:
            delay = backoff_delay(number, exc.retry_after)
            if not exc.retryable or number >= max_retries or delay is None:
                raise
            sleep(delay)
    raise AssertionError("unreachable")  # pragma: no cover


def backoff_delay(number: int, retry_after: float | None) -> float | None:
    """Seconds to wait before retry `number + 1`; None when the provider asks for too long a wait."""
    if retry_after is not None:
        if retry_after > MAX_DELAY:
            return None
        wait = max(retry_after, 0.0)
        return min(MAX_DELAY, wait + random.uniform(0, 0.1 * max(wait, BASE_DELAY)))
    return random.uniform(0, min(MAX_DELAY, BASE_DELAY * 2**number)) + BASE_DELAY / 2


def parse_retry_after(headers: Mapping[str, str] | None, now: datetime | None = None) -> float | None:
    """`retry-after-ms`, then `Retry-After` as seconds or as an HTTP date; None if absent or unreadable."""
    if not headers:
        return None
    millis = _float(headers.get("retry-after-ms"))
    if millis is not None:
        return millis / 1000
    value = headers.get("retry-after")
    seconds = _float(value)
    if seconds is not None or not value:
        return seconds
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


def _float(value: str | None) -> float | None:
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None
