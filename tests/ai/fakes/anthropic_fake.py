"""Anthropic wire format: POST /v1/messages."""

from typing import Any

from tests.ai.fakes.server import FakeProvider, RecordedRequest

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


class FakeAnthropic(FakeProvider):
    name = "anthropic"

    def default(self, request: RecordedRequest) -> tuple[int, Any]:
        if request.path.startswith("/v1/messages"):
            return 200, message_body(model=(request.body or {}).get("model", "claude-test-model"))
        return super().default(request)

    def error_body(self, status: int, message: str, code: str | None) -> Any:
        kind = code or _ERROR_TYPES.get(status, "api_error")
        return {"type": "error", "error": {"type": kind, "message": message}}
