"""OpenAI wire format: /v1/chat/completions, /v1/images/generations and GET /v1/models (also any OpenAI-compatible
server)."""

import json
from typing import Any

from tests.ai.fakes.openai_rules import check_chat, check_image
from tests.ai.fakes.rules import Refused
from tests.ai.fakes.server import IMAGE_B64, EventStream, FakeProvider, RecordedRequest, Scripted


def chat_body(text: str = "Hello from the fake.", *, model: str = "gpt-4o-mini", prompt_tokens: int = 12,
              completion_tokens: int = 5, cached_tokens: int = 0, reasoning_tokens: int = 0,
              finish_reason: str = "stop", refusal: str | None = None) -> dict:
    return {
        "id": "chatcmpl-fake123",
        "object": "chat.completion",
        "created": 1700000000,
        "model": model,
        "choices": [{
            "index": 0,
            "message": {"role": "assistant", "content": None if refusal else text, "refusal": refusal},
            "logprobs": None,
            "finish_reason": finish_reason,
        }],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
            "prompt_tokens_details": {"cached_tokens": cached_tokens, "audio_tokens": 0},
            "completion_tokens_details": {"reasoning_tokens": reasoning_tokens, "audio_tokens": 0,
                                          "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0},
        },
    }


def chat_stream(pieces: list[str] | None = None, *, model: str = "gpt-4o-mini", prompt_tokens: int = 12,
                completion_tokens: int | None = None, include_usage: bool = True, delay: float = 0.0,
                finish_reason: str = "stop") -> EventStream:
    """A streamed chat completion as OpenAI sends it: a role chunk, one chunk per piece, a chunk
    with the finish reason, and (stream_options.include_usage) a last chunk with usage and no choices."""
    pieces = ["Hello", " from", " the", " fake."] if pieces is None else pieces
    base = {"id": "chatcmpl-fakestream", "object": "chat.completion.chunk", "created": 1700000000, "model": model,
            "system_fingerprint": None}
    usage_field = {"usage": None} if include_usage else {}

    def chunk(delta: dict, finish: str | None = None) -> str:
        return json.dumps({**base, "choices": [{"index": 0, "delta": delta, "logprobs": None,
                                                "finish_reason": finish}], **usage_field})

    events = [chunk({"role": "assistant", "content": "", "refusal": None})]
    events += [chunk({"content": piece}) for piece in pieces]
    events.append(chunk({}, finish_reason))
    if include_usage:
        completion = len(pieces) if completion_tokens is None else completion_tokens
        events.append(json.dumps({**base, "choices": [], "usage": {
            "prompt_tokens": prompt_tokens, "completion_tokens": completion, "total_tokens": prompt_tokens + completion,
            "prompt_tokens_details": {"cached_tokens": 0}, "completion_tokens_details": {"reasoning_tokens": 0}}}))
    return EventStream(events, delay=delay)


def image_body(n: int = 1, *, model: str = "dall-e-3", b64: bool = False, url: str = "") -> dict:
    """OpenAI's answer: GPT image models always base64; DALL-E a URL (`url`, e.g. the fake's own
    `image_url()`) unless base64 was asked (response_format b64_json)."""
    if model.startswith("gpt-image"):  # GPT image models return base64 and report token usage
        return {"created": 1700000000, "data": [{"b64_json": IMAGE_B64} for _ in range(n)],
                "usage": {"input_tokens": 50, "output_tokens": 4160, "total_tokens": 4210,
                          "input_tokens_details": {"text_tokens": 50, "image_tokens": 0}}}
    item = {"b64_json": IMAGE_B64} if b64 else {"url": url}
    if model == "dall-e-3":
        item["revised_prompt"] = "A revised prompt"
    return {"created": 1700000000, "data": [dict(item) for _ in range(n)]}


def models_body(names: tuple[str, ...] = ("gpt-5.1", "gpt-4o-mini", "dall-e-3")) -> dict:
    """GET /v1/models: the models the key may use, in OpenAI's list format."""
    return {"object": "list", "data": [{"id": name, "object": "model", "created": 1700000000, "owned_by": "openai"}
                                       for name in names]}


class FakeOpenAI(FakeProvider):
    name = "openai"
    # Set it and any other key is refused with 401, as OpenAI refuses a wrong key.
    accepted_key: str | None = None

    def respond(self, request: RecordedRequest):
        signed_image = request.path.startswith("/images/")  # OpenAI's image URLs are signed: no key
        if self.accepted_key is not None and not signed_image and \
                request.headers.get("authorization") != f"Bearer {self.accepted_key}":
            with self._lock:
                self.requests.append(request)
            body = self.error_body(401, "Incorrect API key provided. You can find your API key at "
                                        "https://platform.openai.com/account/api-keys.", "invalid_api_key")
            return Scripted(401), 401, json.dumps(body).encode()
        return super().respond(request)

    @property
    def endpoint(self) -> str:
        return f"{self.url}/v1"

    def default(self, request: RecordedRequest) -> tuple[int, Any]:
        body = request.body or {}
        if request.path.endswith("/chat/completions"):
            if body.get("stream"):
                return 200, chat_stream(model=body.get("model", "gpt-4o-mini"),
                                        include_usage=bool((body.get("stream_options") or {}).get("include_usage")))
            return 200, chat_body(model=body.get("model", "gpt-4o-mini"))
        if request.path.endswith("/images/generations"):
            return 200, image_body(body.get("n") or 1, model=body.get("model", "dall-e-2"),
                                   b64=body.get("response_format") == "b64_json", url=self.image_url())
        if request.method == "GET" and request.path.endswith("/models"):
            return 200, models_body()
        return super().default(request)

    def check(self, request: RecordedRequest) -> None:
        if request.method == "GET" and request.path.endswith("/models"):
            if not request.headers.get("authorization", "").startswith("Bearer "):
                raise Refused("You didn't provide an API key.")
            return
        if request.method != "POST":
            return
        if not request.headers.get("authorization", "").startswith("Bearer "):
            raise Refused("You didn't provide an API key.")
        if request.path.endswith("/chat/completions"):
            check_chat(request.body)
        elif request.path.endswith("/images/generations"):
            check_image(request.body)

    def refusal_body(self, refused: Refused) -> Any:
        return {"error": {"message": refused.message, "type": "invalid_request_error", "param": refused.param,
                          "code": refused.code}}

    def error_body(self, status: int, message: str, code: str | None) -> Any:
        kind = {401: "invalid_request_error", 429: "rate_limit_exceeded"}.get(status, "invalid_request_error")
        if status >= 500:
            kind = "server_error"
        return {"error": {"message": message, "type": kind, "param": None, "code": code}}
