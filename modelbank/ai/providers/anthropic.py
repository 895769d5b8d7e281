"""Anthropic through the official `anthropic` SDK (messages.create).

System messages go in `system`. JSON mode: Anthropic has no response_format, so the system prompt
asks for one JSON object and the answer is unwrapped from a Markdown code fence if the model adds
one (assistant prefill is not used: recent models reject it).
Usage: `input_tokens` EXCLUDES cache reads and cache writes; the normalised input_tokens adds them
back (all are billed as input), cached_tokens = cache reads. stop_reason "refusal" is a refusal.
`temperature` is not sent: the installed SDK (2.x) no longer accepts it on messages.create.
Account options (ACCOUNT_OPTIONS): `service_tier`, and `user_id` sent as metadata.user_id.
"""

from collections.abc import Iterator
from dataclasses import replace

import anthropic

from modelbank.ai.jsontext import unfence
from modelbank.ai.providers import errors
from modelbank.ai.providers.base import (
    ImageRequest,
    ImageResult,
    ProviderCall,
    ProviderNotSupported,
    StreamEnd,
    StreamEvent,
    TextDelta,
    TextRequest,
    TextResult,
    sdk_client_cache,
)
from modelbank.ai.providers.sdk_errors import iterate_mapped, map_sdk_error, run_sdk_call
from modelbank.catalog.account_options import account_options_schema
from modelbank.catalog.usage import Usage

PROVIDER_ID = "anthropic"
JSON_INSTRUCTION = "Respond with a single valid JSON object only: no prose, no Markdown."
ACCOUNT_OPTIONS = account_options_schema(PROVIDER_ID)


@sdk_client_cache
def _client(api_key: str, endpoint: str, timeout: float) -> anthropic.Anthropic:
    return anthropic.Anthropic(api_key=api_key, base_url=endpoint or None, timeout=timeout, max_retries=0)


class AnthropicAdapter:
    provider_id = PROVIDER_ID
    account_options = ACCOUNT_OPTIONS

    def generate_text(self, request: TextRequest, call: ProviderCall) -> TextResult:
        client = _client(call.api_key, call.endpoint, call.timeout)
        message = run_sdk_call(lambda: client.messages.create(**_params(request, call.options)), call, _mapped)
        if message.stop_reason == "refusal":
            raise errors.refused(self.provider_id, _text(message), api_key=call.api_key)
        text = _text(message)
        return TextResult(
            text=unfence(text) if request.json_mode else text,
            usage=_usage(message.usage),
            finish_reason=message.stop_reason or "",
            provider_request_id=getattr(message, "_request_id", None) or message.id or "",
        )

    def stream_text(self, request: TextRequest, call: ProviderCall) -> Iterator[StreamEvent]:
        """Server-sent events of messages.create(stream=True): the prompt's usage comes with
        message_start, text with content_block_delta, the stop reason and output tokens with
        message_delta. JSON mode needs the whole answer to unwrap it: one piece, at the end."""
        if request.json_mode:
            return iter(_whole(self.generate_text(request, call)))
        client = _client(call.api_key, call.endpoint, call.timeout)
        stream = run_sdk_call(lambda: client.messages.create(**_params(request, call.options), stream=True),
                              call, _mapped)
        return self._events(stream, call)

    def _events(self, stream, call: ProviderCall) -> Iterator[StreamEvent]:
        started, stop_reason, output_tokens, request_id = None, "", 0, ""
        try:
            for event in iterate_mapped(stream, call, _mapped):
                if event.type == "message_start":
                    started, request_id = event.message.usage, event.message.id or ""
                elif event.type == "content_block_delta" and getattr(event.delta, "type", "") == "text_delta":
                    yield TextDelta(event.delta.text)
                elif event.type == "message_delta":
                    stop_reason = event.delta.stop_reason or stop_reason
                    output_tokens = event.usage.output_tokens or output_tokens
            if stop_reason == "refusal":
                raise errors.refused(self.provider_id, "", api_key=call.api_key)
            usage = replace(_usage(started), output_tokens=output_tokens) if started is not None else Usage()
            yield StreamEnd(usage, stop_reason, request_id)
        finally:
            stream.close()

    def generate_image(self, request: ImageRequest, call: ProviderCall) -> ImageResult:
        raise ProviderNotSupported("Anthropic models cannot generate images.", extra={"provider": PROVIDER_ID})

    def check_connection(self, call: ProviderCall) -> str:
        """GET /v1/models (one model): free, and it needs a valid key."""
        client = _client(call.api_key, call.endpoint, call.timeout)
        page = run_sdk_call(lambda: client.models.list(limit=1), call, _mapped)
        first = page.data[0].id if page.data else None
        return f"the key was accepted; {'first model listed: ' + first if first else 'no model listed'}"


def _mapped(exc: Exception, api_key: str):
    return map_sdk_error(PROVIDER_ID, exc, anthropic, api_key)


def _params(request: TextRequest, options: dict) -> dict:
    system = [m["content"] for m in request.messages if m["role"] == "system"]
    if request.json_mode:
        system.append(JSON_INSTRUCTION)
    params: dict = {
        "model": request.model_name,
        "max_tokens": request.max_tokens,
        "messages": [{"role": m["role"], "content": m["content"]} for m in request.messages if m["role"] != "system"],
    }
    if system:
        params["system"] = "\n\n".join(system)
    if options.get("service_tier"):
        params["service_tier"] = options["service_tier"]
    if options.get("user_id"):
        params["metadata"] = {"user_id": options["user_id"]}
    return params


def _text(message) -> str:
    return "".join(block.text for block in message.content or [] if getattr(block, "type", "") == "text")


def _whole(result: TextResult) -> list[StreamEvent]:
    return [TextDelta(result.text), StreamEnd(result.usage, result.finish_reason, result.provider_request_id)]


def _usage(usage) -> Usage:
    cache_read = usage.cache_read_input_tokens or 0
    cache_write = usage.cache_creation_input_tokens or 0
    return Usage(
        input_tokens=(usage.input_tokens or 0) + cache_read + cache_write,
        output_tokens=usage.output_tokens or 0,
        cached_tokens=cache_read,
        reasoning_tokens=getattr(getattr(usage, "output_tokens_details", None), "thinking_tokens", 0) or 0,
    )
