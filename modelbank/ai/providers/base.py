"""The one small interface every provider adapter implements.

AICore picks the adapter by the model's provider (`get_adapter(provider_id)`), passes the key
from ModelRegistry.get_api_key and the provider's api_endpoint, and gets back a result with one
normalised Usage record. Adapters never touch the database or credits.
"""

import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache, wraps
from typing import Protocol, TypeVar

from modelbank.catalog.parameters import ModelParameters
from modelbank.catalog.usage import Usage
from modelbank.common.errors import ApplicationError


@dataclass(frozen=True)
class ProviderCall:
    """Where and how to reach the provider for one call."""

    api_key: str
    endpoint: str = ""  # IntegrationProvider.api_endpoint; empty means the SDK's default
    timeout: float = 60.0
    max_retries: int = 2
    config: dict = field(default_factory=dict)  # IntegrationProvider.config (e.g. poll interval)
    # The account's parameters for this provider (an IntegrationSettings row named after it),
    # validated against the provider's schema in catalog.account_options when they were saved.
    options: dict = field(default_factory=dict)


@dataclass(frozen=True)
class TextRequest:
    model_name: str
    messages: list[dict]  # [{"role": "system"|"user"|"assistant", "content": str}]
    max_tokens: int
    temperature: float | None = None
    json_mode: bool = False
    parameters: ModelParameters = field(default_factory=ModelParameters)  # what the catalog says the model takes


@dataclass(frozen=True)
class TextResult:
    text: str
    usage: Usage
    finish_reason: str = ""
    provider_request_id: str = ""


@dataclass(frozen=True)
class ImageRequest:
    model_name: str
    prompt: str
    size: str  # "WxH"
    n: int = 1
    quality: str | None = None  # our setting ("standard", "hd"); the adapter maps it through `parameters`
    style: str | None = None  # our setting (e.g. "photorealistic"); likewise
    parameters: ModelParameters = field(default_factory=ModelParameters)
    # "url" or "b64_json" (OpenAI's words): asked of the provider where it can be asked; None: its default.
    response_format: str | None = None


@dataclass(frozen=True)
class GeneratedImage:
    url: str = ""
    b64_json: str = ""
    revised_prompt: str = ""


@dataclass(frozen=True)
class ImageResult:
    images: list[GeneratedImage]
    usage: Usage
    provider_request_id: str = ""


@dataclass(frozen=True)
class TextDelta:
    """A piece of a streamed answer."""

    text: str


@dataclass(frozen=True)
class StreamEnd:
    """The end of a streamed answer: what the provider reported (usage all 0 if it sent none)."""

    usage: Usage
    finish_reason: str = ""
    provider_request_id: str = ""


StreamEvent = TextDelta | StreamEnd


class ProviderAdapter(Protocol):
    provider_id: str
    account_options: dict  # catalog.account_options: what ProviderCall.options may hold

    def generate_text(self, request: TextRequest, call: ProviderCall) -> TextResult: ...

    def generate_image(self, request: ImageRequest, call: ProviderCall) -> ImageResult: ...

    def check_connection(self, call: ProviderCall) -> str:
        """The cheapest call that proves the endpoint answers and accepts the key (listing models
        where the provider can: it costs nothing). Returns what the provider said, in a few
        words; raises a ProviderError otherwise."""
        ...


def stream_text(adapter: ProviderAdapter, request: TextRequest, call: ProviderCall) -> Iterator[StreamEvent]:
    """The adapter's own stream if it has one (`stream_text`), else the whole answer as one
    piece: every provider can serve a streaming request, the native ones piece by piece. The
    first event is produced only once the provider answered, so its errors come before any."""
    native = getattr(adapter, "stream_text", None)
    if native is not None:
        return native(request, call)
    result = adapter.generate_text(request, call)
    return iter([TextDelta(result.text), StreamEnd(result.usage, result.finish_reason, result.provider_request_id)])


def image_formats(adapter: ProviderAdapter, model_name: str) -> tuple[str, ...]:
    """The forms ("url", "b64_json") a model's images can come back in: the adapter's own
    `image_formats(model_name)` if it has one, else URLs, which is what image APIs give."""
    native = getattr(adapter, "image_formats", None)
    return native(model_name) if native is not None else ("url",)


Client = TypeVar("Client")


def sdk_client_cache(build: Callable[[str, str, float], Client]) -> Callable[[str, str, float], Client]:
    """Keep an SDK client per (key, endpoint, timeout), built once even when request and job threads
    ask for it at the same moment. A client holds a TLS context and a connection pool (OpenAI's about
    3 MiB); a plain lru_cache let four threads starting together build four, and the three it dropped
    left their memory in the worker. Clients are thread-safe, so the one built is shared."""
    cached = lru_cache(maxsize=32)(build)
    lock = threading.Lock()

    @wraps(build)
    def client(api_key: str, endpoint: str, timeout: float) -> Client:
        with lock:  # a hit is a dict lookup; only a miss holds the lock for long
            return cached(api_key, endpoint, timeout)

    client.cache_info = cached.cache_info  # type: ignore[attr-defined]
    client.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
    return client


# Typed provider errors, with messages a person understands. `retryable` errors have already
# been retried (bounded, with backoff, honouring Retry-After) by the adapter when raised.
class ProviderError(ApplicationError):
    status = 502
    code = "provider_error"
    retryable = False
    retry_after: float | None = None  # seconds the provider asked us to wait (Retry-After), if it said


class ProviderAuthError(ProviderError):
    code = "provider_authentication"


class ProviderRateLimited(ProviderError):
    status = 429
    code = "provider_rate_limited"
    retryable = True


class ProviderUnavailable(ProviderError):
    status = 503
    code = "provider_unavailable"
    retryable = True


class ProviderInvalidRequest(ProviderError):
    status = 400
    code = "provider_invalid_request"


class ProviderContentRefused(ProviderError):
    status = 422
    code = "provider_content_refused"


class ProviderBadResponse(ProviderError):
    """The provider answered with something we cannot read (malformed JSON, missing fields). Not
    retried: the provider may already have done (and billed) the work."""

    code = "provider_bad_response"


class ProviderNotSupported(ProviderError):
    """The adapter cannot do this kind of call (e.g. images on a text-only provider)."""

    status = 400
    code = "provider_not_supported"
