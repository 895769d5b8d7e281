"""Anthropic wire format: POST /v1/messages, and GET /v1/models (a list, paged by `limit`).

Refused as Anthropic's Messages API refuses them (400 invalid_request_error): a missing
anthropic-version header, fields it does not know ("Extra inputs are not permitted"), a missing
model, max_tokens or messages, roles other than user/assistant, empty text, values out of range.
"""

import json
from typing import Any
from urllib.parse import parse_qs, urlsplit

from anthropic.types import message_create_params

from tests.ai.fakes.rules import Refused, integer, number, one_of, string
from tests.ai.fakes.server import EventStream, FakeProvider, RecordedRequest

_base = message_create_params.MessageCreateParamsBase
# The installed SDK's fields, plus the sampling fields the API still documents.
PARAMS = _base.__required_keys__ | _base.__optional_keys__ | {"stream", "temperature", "top_p", "top_k"}

_ERROR_TYPES = {400: "invalid_request_error", 401: "authentication_error", 403: "permission_error",
                404: "not_found_error", 429: "rate_limit_error", 500: "api_error", 529: "overloaded_error"}


def message_body(text: str = "Hello from the fake.", *, model: str = "claude-test-model", input_tokens: int = 20,
                 output_tokens: int = 7, cache_read: int = 0, cache_write: int = 0,
                 thinking_tokens: int | None = None, stop_reason: str = "end_turn") -> dict:
    usage = {"input_tokens": input_tokens, "output_tokens": output_tokens,
             "cache_creation_input_tokens": cache_write, "cache_read_input_tokens": cache_read}
    if thinking_tokens is not None:
        usage["output_tokens_details"] = {"thinking_tokens": thinking_tokens}
    return {
        "id": "msg_fake123",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": [{"type": "text", "text": text}] if text else [],
        "stop_reason": stop_reason,
        "stop_sequence": None,
        "usage": usage,
    }


def message_stream(pieces: list[str] | None = None, *, model: str = "claude-test-model", input_tokens: int = 20,
                   output_tokens: int = 7, stop_reason: str = "end_turn", delay: float = 0.0) -> EventStream:
    """A streamed message as the Messages API sends it (named server-sent events)."""
    pieces = ["Hello", " from", " the", " fake."] if pieces is None else pieces
    start = {**message_body("", model=model, input_tokens=input_tokens, output_tokens=1), "stop_reason": None}
    events = [("message_start", {"type": "message_start", "message": start}),
              ("content_block_start", {"type": "content_block_start", "index": 0,
                                       "content_block": {"type": "text", "text": ""}}),
              ("ping", {"type": "ping"})]
    events += [("content_block_delta", {"type": "content_block_delta", "index": 0,
                                        "delta": {"type": "text_delta", "text": piece}}) for piece in pieces]
    events += [("content_block_stop", {"type": "content_block_stop", "index": 0}),
               ("message_delta", {"type": "message_delta", "delta": {"stop_reason": stop_reason, "stop_sequence": None},
                                  "usage": {"output_tokens": output_tokens}}),
               ("message_stop", {"type": "message_stop"})]
    return EventStream([(name, json.dumps(data)) for name, data in events], delay=delay, done_marker=False)


def models_body(ids: tuple[str, ...] = ("claude-sonnet-4-5",)) -> dict:
    """GET /v1/models: newest first, paged by id."""
    data = [{"type": "model", "id": model_id, "display_name": model_id, "created_at": "2025-09-29T00:00:00Z"}
            for model_id in ids]
    return {"data": data, "has_more": False, "first_id": ids[0] if ids else None, "last_id": ids[-1] if ids else None}


class FakeAnthropic(FakeProvider):
    name = "anthropic"

    def default(self, request: RecordedRequest) -> tuple[int, Any]:
        if request.path.startswith("/v1/messages"):
            model = (request.body or {}).get("model", "claude-test-model")
            return 200, message_stream(model=model) if (request.body or {}).get("stream") else message_body(model=model)
        if request.method == "GET" and request.path.split("?")[0] == "/v1/models":
            return 200, models_body()
        return super().default(request)

    def check(self, request: RecordedRequest) -> None:
        if request.method == "GET" and request.path.split("?")[0] == "/v1/models":
            # The installed SDK sends the key as a bearer token; older ones (and curl) as x-api-key.
            if not request.headers.get("x-api-key") and not request.headers.get("authorization", "").startswith("Bearer "):
                raise Refused("x-api-key header is required")
            if not request.headers.get("anthropic-version"):
                raise Refused("anthropic-version: header is required")
            limit = parse_qs(urlsplit(request.path).query).get("limit", ["20"])[0]
            if not limit.isdigit() or not 1 <= int(limit) <= 1000:
                raise Refused("limit: Input should be less than or equal to 1000")
        if request.method == "POST" and request.path.startswith("/v1/messages"):
            if not request.headers.get("anthropic-version"):
                raise Refused("anthropic-version: header is required")
            check_message(request.body)

    def refusal_body(self, refused: Refused) -> Any:
        return {"type": "error", "error": {"type": "invalid_request_error", "message": refused.message}}

    def error_body(self, status: int, message: str, code: str | None) -> Any:
        kind = code or _ERROR_TYPES.get(status, "api_error")
        return {"type": "error", "error": {"type": kind, "message": message}}


def check_message(body) -> None:
    if not isinstance(body, dict):
        raise Refused("The request body is not valid JSON.")
    for name in body:
        if name not in PARAMS:
            raise Refused(f"{name}: Extra inputs are not permitted")
    for name in ("model", "max_tokens", "messages"):
        if name not in body:
            raise Refused(f"{name}: Field required")
    string("model", body["model"], min_length=1)
    integer("max_tokens", body["max_tokens"], 0)
    _messages(body["messages"])
    if not isinstance(body.get("system", ""), str | list):
        raise Refused("system: Input should be a valid string")
    for name, high in (("temperature", 1), ("top_p", 1)):
        if body.get(name) is not None:
            number(name, body[name], 0, high)
    if body.get("service_tier") is not None:
        one_of("service_tier", body["service_tier"], ("auto", "standard_only"))
    _metadata(body.get("metadata"))


def _messages(messages) -> None:
    if not isinstance(messages, list) or not messages:
        raise Refused("messages: at least one message is required")
    for i, message in enumerate(messages):
        if not isinstance(message, dict) or message.get("role") not in ("user", "assistant"):
            role = message.get("role") if isinstance(message, dict) else None
            raise Refused(f"messages.{i}.role: Input should be 'user' or 'assistant' (got {role!r}); a system "
                          "prompt goes in the top-level `system` parameter")
        content = message.get("content")
        if content == "" or content == []:
            raise Refused(f"messages.{i}: all messages must have non-empty content except for the optional final "
                          "assistant message")
        if not isinstance(content, str | list):
            raise Refused(f"messages.{i}.content: Input should be a valid string or list of content blocks")


def _metadata(metadata) -> None:
    if metadata is None:
        return
    if not isinstance(metadata, dict):
        raise Refused("metadata: Input should be a valid dictionary")
    for name in metadata:
        if name != "user_id":
            raise Refused(f"metadata.{name}: Extra inputs are not permitted")
    if metadata.get("user_id") is not None:
        string("metadata.user_id", metadata["user_id"], max_length=256)
