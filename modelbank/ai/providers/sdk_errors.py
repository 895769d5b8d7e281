"""Map the exceptions of the Stainless-generated SDKs (openai, anthropic) to typed ProviderErrors.

Both SDKs have the same shape: APIStatusError (status_code, response, body), APITimeoutError
(a subclass of APIConnectionError) and APIResponseValidationError.
"""

import json
from collections.abc import Callable, Iterable, Iterator
from types import ModuleType
from typing import TypeVar

from modelbank.ai.providers import errors
from modelbank.ai.providers.base import ProviderCall, ProviderError
from modelbank.ai.providers.retry import parse_retry_after, with_retries

T = TypeVar("T")
Mapper = Callable[[Exception, str], ProviderError | None]


def run_sdk_call(send: Callable[[], T], call: ProviderCall, mapper: Mapper) -> T:
    """`send()` with the shared retries; SDK exceptions become typed errors via `mapper(exc, api_key)`."""

    def attempt() -> T:
        try:
            return send()
        except Exception as exc:
            error = mapper(exc, call.api_key)
            if error is None:
                raise
            raise error from exc

    return with_retries(attempt, max_retries=call.max_retries)


def iterate_mapped(stream: Iterable[T], call: ProviderCall, mapper: Mapper) -> Iterator[T]:
    """Iterate an open SDK stream with its failures (a dropped connection, an error event) typed
    by `mapper`, as `run_sdk_call` types the opening call's. Not retried: part of the answer may
    already have been relayed."""
    try:
        yield from stream
    except Exception as exc:
        error = mapper(exc, call.api_key)
        if error is None:
            raise
        raise error from exc


def map_sdk_error(provider_id: str, exc: Exception, sdk: ModuleType, api_key: str) -> ProviderError | None:
    """The typed error for an SDK exception, or None if it is not one the SDK raises for HTTP."""
    if isinstance(exc, sdk.APITimeoutError):
        return errors.unreachable(provider_id, timed_out=True)
    if isinstance(exc, sdk.APIConnectionError):
        return errors.unreachable(provider_id, timed_out=False)
    if isinstance(exc, sdk.APIResponseValidationError):
        return errors.malformed(provider_id)
    if isinstance(exc, sdk.APIStatusError):
        return errors.from_status(
            provider_id, exc.status_code, detail=error_message(exc.body) or exc.message, api_key=api_key,
            retry_after=parse_retry_after(exc.response.headers), provider_code=error_code(exc.body),
        )
    if isinstance(exc, json.JSONDecodeError | sdk.APIError):
        return errors.malformed(provider_id)
    return None


def error_message(body: object) -> str:
    error = _error(body)
    return str(error.get("message") or "") if error else ""


def error_code(body: object) -> str | None:
    error = _error(body)
    if not error:
        return None
    code = error.get("code") or error.get("type")
    return str(code) if code else None


def _error(body: object) -> dict | None:
    """OpenAI sends {"error": {...}}; the SDK sometimes passes the inner dict; Anthropic nests it too."""
    if not isinstance(body, dict):
        return None
    inner = body.get("error")
    return inner if isinstance(inner, dict) else body
