"""Google Gemini through `google-genai` (models.generate_content on the Gemini API, not Vertex).

System messages go in `system_instruction`; assistant turns are role "model". JSON mode sets
response_mime_type="application/json". Usage comes from usageMetadata: input = promptTokenCount
(cachedContentTokenCount is part of it), output = candidatesTokenCount + thoughtsTokenCount
(thinking is billed as output). finishReason SAFETY/PROHIBITED_CONTENT/... or a promptFeedback
blockReason is a refusal. The SDK's retries stay off (no retry_options); ours apply.
A temperature is sent unless the catalog says the model takes none. Account options
(ACCOUNT_OPTIONS: top_p, top_k, seed) go into the generation config.
"""

import itertools
from collections.abc import Iterator

import httpx
import httpx2
from google import genai
from google.genai import errors as genai_errors
from google.genai import types

from modelbank.ai.providers import errors
from modelbank.ai.providers.base import (
    ImageRequest,
    ImageResult,
    ProviderCall,
    ProviderError,
    ProviderNotSupported,
    StreamEnd,
    StreamEvent,
    TextDelta,
    TextRequest,
    TextResult,
    sdk_client_cache,
)
from modelbank.ai.providers.retry import parse_retry_after
from modelbank.ai.providers.sdk_errors import iterate_mapped, run_sdk_call
from modelbank.catalog.account_options import account_options_schema
from modelbank.catalog.usage import Usage

PROVIDER_ID = "google"
_REFUSALS = {"SAFETY", "PROHIBITED_CONTENT", "BLOCKLIST", "SPII", "IMAGE_SAFETY", "RECITATION", "MODEL_ARMOR",
             "JAILBREAK"}
_TIMEOUTS = (httpx.TimeoutException, httpx2.TimeoutException)
_TRANSPORT = (httpx.TransportError, httpx2.TransportError, ConnectionError)
ACCOUNT_OPTIONS = account_options_schema(PROVIDER_ID)


@sdk_client_cache
def _client(api_key: str, endpoint: str, timeout: float) -> genai.Client:
    options = types.HttpOptions(base_url=endpoint or None, timeout=max(1, int(timeout * 1000)))
    return genai.Client(vertexai=False, api_key=api_key, http_options=options)


class GoogleAdapter:
    provider_id = PROVIDER_ID
    account_options = ACCOUNT_OPTIONS

    def generate_text(self, request: TextRequest, call: ProviderCall) -> TextResult:
        client = _client(call.api_key, call.endpoint, call.timeout)
        response = run_sdk_call(
            lambda: client.models.generate_content(model=request.model_name, contents=_contents(request),
                                                   config=_config(request, call.options)),
            call, _mapped,
        )
        candidate = _candidate(response, call.api_key)
        return TextResult(
            text=response.text or "",
            usage=_usage(response.usage_metadata),
            finish_reason=_name(candidate.finish_reason),
            provider_request_id=response.response_id or "",
        )

    def stream_text(self, request: TextRequest, call: ProviderCall) -> Iterator[StreamEvent]:
        """models.generate_content_stream (streamGenerateContent, server-sent events): each chunk
        carries text; the last ones carry the finish reason and usageMetadata. The SDK sends the
        request on the first read, so that read is the retried call."""
        client = _client(call.api_key, call.endpoint, call.timeout)

        def opened():
            chunks = iter(client.models.generate_content_stream(model=request.model_name, contents=_contents(request),
                                                                config=_config(request, call.options)))
            return next(chunks, None), chunks

        first, rest = run_sdk_call(opened, call, _mapped)
        return self._events(first, rest, call)

    def _events(self, first, rest, call: ProviderCall) -> Iterator[StreamEvent]:
        usage, finish, request_id = Usage(), "", ""
        chunks = itertools.chain([first] if first is not None else [], iterate_mapped(rest, call, _mapped))
        try:
            for chunk in chunks:
                request_id = request_id or chunk.response_id or ""
                if chunk.usage_metadata is not None:
                    usage = _usage(chunk.usage_metadata)
                if chunk.prompt_feedback is not None or chunk.candidates:
                    finish = _name(_candidate(chunk, call.api_key).finish_reason) or finish
                if chunk.text:
                    yield TextDelta(chunk.text)
            yield StreamEnd(usage, finish, request_id)
        finally:
            close = getattr(rest, "close", None)
            if close is not None:
                close()

    def generate_image(self, request: ImageRequest, call: ProviderCall) -> ImageResult:
        raise ProviderNotSupported("Image generation through Google is not supported yet.",
                                   extra={"provider": PROVIDER_ID})

    def check_connection(self, call: ProviderCall) -> str:
        """models.list (GET /v1beta/models, one page of one): free, and it needs a valid key."""
        client = _client(call.api_key, call.endpoint, call.timeout)
        pager = run_sdk_call(lambda: client.models.list(config={"page_size": 1}), call, _mapped)
        first = pager.page[0].name if pager.page else None
        return f"the key was accepted; {'first model listed: ' + first if first else 'no model listed'}"


def _contents(request: TextRequest) -> list[types.Content]:
    return [
        types.Content(role="model" if m["role"] == "assistant" else "user", parts=[types.Part(text=m["content"])])
        for m in request.messages
        if m["role"] != "system"
    ]


def _config(request: TextRequest, options: dict) -> types.GenerateContentConfig:
    system = "\n\n".join(m["content"] for m in request.messages if m["role"] == "system")
    return types.GenerateContentConfig(
        system_instruction=system or None,
        max_output_tokens=request.max_tokens,
        temperature=request.temperature if request.parameters.takes_temperature else None,
        response_mime_type="application/json" if request.json_mode else None,
        top_p=options.get("top_p"), top_k=options.get("top_k"), seed=options.get("seed"),
    )


def _candidate(response, api_key: str):
    feedback = response.prompt_feedback
    if feedback is not None and feedback.block_reason:
        raise errors.refused(PROVIDER_ID, f"prompt blocked ({_name(feedback.block_reason)})", api_key=api_key)
    if not response.candidates:
        raise errors.malformed(PROVIDER_ID, "an answer without any candidate")
    candidate = response.candidates[0]
    reason = _name(candidate.finish_reason)
    if reason in _REFUSALS:
        raise errors.refused(PROVIDER_ID, f"finish reason {reason}", api_key=api_key)
    return candidate


def _usage(meta) -> Usage:
    if meta is None:
        return Usage()
    thoughts = meta.thoughts_token_count or 0
    return Usage(
        input_tokens=meta.prompt_token_count or 0,
        output_tokens=(meta.candidates_token_count or 0) + thoughts,
        cached_tokens=meta.cached_content_token_count or 0,
        reasoning_tokens=thoughts,
    )


def _mapped(exc: Exception, api_key: str) -> ProviderError | None:
    if isinstance(exc, genai_errors.APIError):
        if not isinstance(exc.code, int) or exc.code < 400:
            return errors.malformed(PROVIDER_ID)
        headers = getattr(exc.response, "headers", None)
        return errors.from_status(PROVIDER_ID, exc.code, detail=exc.message or "", api_key=api_key,
                                  retry_after=parse_retry_after(headers), provider_code=exc.status)
    if isinstance(exc, _TIMEOUTS):
        return errors.unreachable(PROVIDER_ID, timed_out=True)
    if isinstance(exc, _TRANSPORT):
        return errors.unreachable(PROVIDER_ID, timed_out=False)
    if isinstance(exc, ValueError):  # json.JSONDecodeError and pydantic validation errors
        return errors.malformed(PROVIDER_ID)
    return None


def _name(value) -> str:
    return getattr(value, "value", None) or str(value or "")
