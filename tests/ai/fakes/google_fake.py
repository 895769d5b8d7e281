"""Gemini API wire format: POST /v1beta/models/{model}:generateContent (key in x-goog-api-key)."""

from typing import Any

from tests.ai.fakes.server import FakeProvider, RecordedRequest

_STATUS = {400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 403: "PERMISSION_DENIED", 404: "NOT_FOUND",
           429: "RESOURCE_EXHAUSTED", 500: "INTERNAL", 503: "UNAVAILABLE"}


def generate_body(text: str = "Hello from the fake.", *, prompt: int = 30, candidates: int = 9, cached: int = 0,
                  thoughts: int = 0, finish_reason: str = "STOP", block_reason: str | None = None) -> dict:
    usage = {"promptTokenCount": prompt, "candidatesTokenCount": candidates,
             "totalTokenCount": prompt + candidates + thoughts}
    if cached:
        usage["cachedContentTokenCount"] = cached
    if thoughts:
        usage["thoughtsTokenCount"] = thoughts
    if block_reason:
        return {"promptFeedback": {"blockReason": block_reason}, "usageMetadata": usage,
                "modelVersion": "gemini-2.5-flash", "responseId": "resp-fake123"}
    return {
        "candidates": [{"content": {"parts": [{"text": text}], "role": "model"}, "finishReason": finish_reason,
                        "index": 0}],
        "usageMetadata": usage,
        "modelVersion": "gemini-2.5-flash",
        "responseId": "resp-fake123",
    }


class FakeGoogle(FakeProvider):
    name = "google"

    def default(self, request: RecordedRequest) -> tuple[int, Any]:
        if ":generateContent" in request.path:
            return 200, generate_body()
        return super().default(request)

    def error_body(self, status: int, message: str, code: str | None) -> Any:
        return {"error": {"code": status, "message": message, "status": code or _STATUS.get(status, "UNKNOWN")}}
