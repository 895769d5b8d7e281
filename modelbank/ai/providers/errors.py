"""Turn a provider's HTTP failure into one of the typed ProviderErrors, with a message a person
understands. Messages never carry the API key: provider text is redacted and shortened."""

from modelbank.ai.providers.base import (
    ProviderAuthError,
    ProviderBadResponse,
    ProviderContentRefused,
    ProviderError,
    ProviderInvalidRequest,
    ProviderRateLimited,
    ProviderUnavailable,
)

LABELS = {"openai": "OpenAI", "anthropic": "Anthropic", "google": "Google Gemini", "runware": "Runware",
          "bria": "Bria"}
_MAX_DETAIL = 300


def label(provider_id: str) -> str:
    return LABELS.get(provider_id, provider_id)


def redact(text: object, api_key: str) -> str:
    text = str(text or "")
    if api_key:
        text = text.replace(api_key, "[redacted]")
    return text if len(text) <= _MAX_DETAIL else text[:_MAX_DETAIL] + "..."


def from_status(provider_id: str, status: int, *, detail: object = "", api_key: str = "",
                retry_after: float | None = None, provider_code: str | None = None) -> ProviderError:
    """The typed error for an HTTP status from the provider."""
    name = label(provider_id)
    extra = {"provider": provider_id, "provider_status": status}
    if provider_code:
        extra["provider_code"] = redact(provider_code, api_key)
    if status in (401, 403):
        error: ProviderError = ProviderAuthError(
            f"{name} rejected the API key ({status}). Check the key set for provider '{provider_id}'.", extra=extra)
    elif status == 429:
        error = ProviderRateLimited(f"{name} is rate limiting requests (429). Try again shortly.", extra=extra)
    elif status >= 500 or status in (408, 409):
        error = ProviderUnavailable(f"{name} is unavailable right now ({status}). Try again shortly.", extra=extra)
    else:
        message = f"{name} rejected the request ({status})"
        detail_text = redact(detail, api_key)
        error = ProviderInvalidRequest(f"{message}: {detail_text}" if detail_text else f"{message}.", extra=extra)
    error.retry_after = retry_after
    return error


def refused(provider_id: str, detail: object = "", *, api_key: str = "") -> ProviderContentRefused:
    detail_text = redact(detail, api_key)
    message = f"{label(provider_id)} refused to generate this content (content policy)"
    return ProviderContentRefused(f"{message}: {detail_text}" if detail_text else f"{message}.",
                                  extra={"provider": provider_id})


def unreachable(provider_id: str, *, timed_out: bool) -> ProviderUnavailable:
    what = "did not answer in time" if timed_out else "could not be reached"
    return ProviderUnavailable(f"{label(provider_id)} {what}. Try again shortly.",
                               extra={"provider": provider_id, "timeout": timed_out})


def malformed(provider_id: str, what: str = "an answer that could not be read") -> ProviderBadResponse:
    return ProviderBadResponse(f"{label(provider_id)} sent {what}; the call was not completed.",
                               extra={"provider": provider_id})
