"""OpenAI (and any OpenAI-compatible server) through the official `openai` SDK.

Text: chat completions. The catalog says what each model takes (AIModelConfig.request_parameters):
the name of its output limit (`max_completion_tokens` for GPT-5 and o-series, which refuse
`max_tokens`; `max_tokens`, which every OpenAI-compatible server knows, otherwise) and whether it
takes a temperature (reasoning models accept only their default). Images: `images.generate`
(dall-e-2, dall-e-3, gpt-image-*): our style and quality are mapped onto the model's own values
(e.g. photorealistic -> natural on dall-e-3) and dropped where it takes none. GPT image models
report token usage, DALL-E reports none. Account options (ACCOUNT_OPTIONS) are applied where the
model takes them. `response_format` ("url", "b64_json") is sent when one is asked, except to
OpenAI's GPT image models (gpt-image-*, chatgpt-image-*), which always answer base64 and refuse
it (400 "Unknown parameter"); DALL-E and OpenAI-compatible servers' models take it.
Usage: cached tokens are already inside `prompt_tokens`; reasoning tokens inside `completion_tokens`.
The SDK's own retries are off: `retry.with_retries` retries for every provider alike.
"""

from collections.abc import Iterator

import openai

from modelbank.ai.providers import errors
from modelbank.ai.providers.base import (
    GeneratedImage,
    ImageRequest,
    ImageResult,
    ProviderCall,
    ProviderError,
    StreamEnd,
    StreamEvent,
    TextDelta,
    TextRequest,
    TextResult,
    sdk_client_cache,
)
from modelbank.ai.providers.sdk_errors import error_code, error_message, iterate_mapped, map_sdk_error, run_sdk_call
from modelbank.catalog.account_options import account_options_schema
from modelbank.catalog.usage import Usage

PROVIDER_ID = "openai"
_REFUSAL_CODES = {"content_policy_violation", "moderation_blocked", "content_filter"}
ACCOUNT_OPTIONS = account_options_schema(PROVIDER_ID)


@sdk_client_cache
def _client(api_key: str, endpoint: str, timeout: float) -> openai.OpenAI:
    # Clients are thread-safe and hold a connection pool: reuse them across calls.
    return openai.OpenAI(api_key=api_key, base_url=endpoint or None, timeout=timeout, max_retries=0)


class OpenAIAdapter:
    provider_id = PROVIDER_ID
    account_options = ACCOUNT_OPTIONS

    def generate_text(self, request: TextRequest, call: ProviderCall) -> TextResult:
        completion = self._call(call, lambda client: client.chat.completions.create(**_chat_params(request, call)))
        if not completion.choices:
            raise errors.malformed(self.provider_id, "an answer without any choice")
        choice = completion.choices[0]
        if choice.message.refusal or choice.finish_reason == "content_filter":
            raise errors.refused(self.provider_id, choice.message.refusal or "", api_key=call.api_key)
        return TextResult(
            text=choice.message.content or "",
            usage=_chat_usage(completion.usage),
            finish_reason=choice.finish_reason or "",
            provider_request_id=_request_id(completion),
        )

    def stream_text(self, request: TextRequest, call: ProviderCall) -> Iterator[StreamEvent]:
        """Chat completion chunks as they come; usage arrives in a last chunk without choices
        (`stream_options.include_usage`). Opening the stream is retried like any call; once
        it is open, a failure ends the stream with a typed error."""
        params = {**_chat_params(request, call), "stream": True, "stream_options": {"include_usage": True}}
        stream = self._call(call, lambda client: client.chat.completions.create(**params))
        return self._events(stream, call)

    def _events(self, stream, call: ProviderCall) -> Iterator[StreamEvent]:
        usage, finish, request_id = Usage(), "", ""
        try:
            for chunk in iterate_mapped(stream, call, _mapped):
                request_id = request_id or getattr(chunk, "id", "") or ""
                if chunk.usage is not None:
                    usage = _chat_usage(chunk.usage)
                for choice in chunk.choices or []:
                    if choice.finish_reason == "content_filter":
                        raise errors.refused(self.provider_id, "", api_key=call.api_key)
                    finish = choice.finish_reason or finish
                    if choice.delta is not None and choice.delta.content:
                        yield TextDelta(choice.delta.content)
            yield StreamEnd(usage, finish, request_id)
        finally:
            stream.close()  # a consumer that stops early also stops the provider's answer

    def generate_image(self, request: ImageRequest, call: ProviderCall) -> ImageResult:
        response = self._call(call, lambda client: client.images.generate(**_image_params(request, call)))
        images = [
            GeneratedImage(url=item.url or "", b64_json=item.b64_json or "", revised_prompt=item.revised_prompt or "")
            for item in response.data or []
        ]
        if not images:
            raise errors.malformed(self.provider_id, "an answer without any image")
        return ImageResult(images=images, usage=_image_usage(response.usage, len(images)),
                           provider_request_id=_request_id(response))

    def image_formats(self, model_name: str) -> tuple[str, ...]:
        return ("b64_json",) if _base64_only(model_name) else ("url", "b64_json")

    def check_connection(self, call: ProviderCall) -> str:
        """GET /models: free, and any OpenAI-compatible server has it."""
        page = self._call(call, lambda client: client.models.list())
        return _listed(len(page.data or []))

    def _call(self, call: ProviderCall, send):
        client = _client(call.api_key, call.endpoint, call.timeout)
        return run_sdk_call(lambda: send(client), call, _mapped)


def _listed(count: int) -> str:
    return f"the key was accepted; {count} model{'' if count == 1 else 's'} listed"


def _mapped(exc: Exception, api_key: str) -> ProviderError | None:
    body = getattr(exc, "body", None)
    if isinstance(exc, openai.APIStatusError) and error_code(body) in _REFUSAL_CODES:
        return errors.refused(PROVIDER_ID, error_message(body), api_key=api_key)
    return map_sdk_error(PROVIDER_ID, exc, openai, api_key)


def _chat_params(request: TextRequest, call: ProviderCall) -> dict:
    spec = request.parameters
    params: dict = {"model": request.model_name, "messages": request.messages,
                    spec.max_tokens_param(): request.max_tokens}
    if request.temperature is not None and spec.takes_temperature:
        params["temperature"] = request.temperature
    if request.json_mode:
        params["response_format"] = {"type": "json_object"}
    if effort := spec.choice("reasoning_effort", call.options.get("reasoning_effort")):
        params["reasoning_effort"] = effort
    return _with_safety_identifier(params, call)


def _image_params(request: ImageRequest, call: ProviderCall) -> dict:
    spec = request.parameters
    params: dict = {"model": request.model_name, "prompt": request.prompt, "size": request.size, "n": request.n}
    wanted = {"quality": request.quality, "style": request.style, "moderation": call.options.get("moderation")}
    params.update({name: taken for name, value in wanted.items() if (taken := spec.choice(name, value))})
    if request.response_format and not _base64_only(request.model_name):
        params["response_format"] = request.response_format
    return _with_safety_identifier(params, call)


def _base64_only(model_name: str) -> bool:
    return model_name.startswith(("gpt-image", "chatgpt-image"))  # OpenAI's GPT image models


def _with_safety_identifier(params: dict, call: ProviderCall) -> dict:
    if call.options.get("safety_identifier"):
        params["safety_identifier"] = call.options["safety_identifier"]
    return params


def _chat_usage(usage) -> Usage:
    if usage is None:
        return Usage()
    prompt_details = getattr(usage, "prompt_tokens_details", None)
    completion_details = getattr(usage, "completion_tokens_details", None)
    return Usage(
        input_tokens=usage.prompt_tokens or 0,
        output_tokens=usage.completion_tokens or 0,
        cached_tokens=(getattr(prompt_details, "cached_tokens", 0) or 0),
        reasoning_tokens=(getattr(completion_details, "reasoning_tokens", 0) or 0),
    )


def _image_usage(usage, image_count: int) -> Usage:
    if usage is None:  # DALL-E: no token usage, billed per image
        return Usage(image_count=image_count)
    details = getattr(usage, "input_tokens_details", None)
    return Usage(
        input_tokens=usage.input_tokens or 0,
        output_tokens=usage.output_tokens or 0,
        cached_tokens=getattr(details, "cached_tokens", 0) or 0,
        image_count=image_count,
    )


def _request_id(response) -> str:
    return getattr(response, "_request_id", None) or getattr(response, "id", None) or ""

