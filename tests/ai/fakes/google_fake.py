"""Gemini API wire format: POST /v1beta/models/{model}:generateContent (key in x-goog-api-key), and
GET /v1beta/models (one page of the model list, `pageSize` at most 1000).

Refused as the Gemini API refuses them (400 INVALID_ARGUMENT): fields GenerateContentRequest or
GenerationConfig do not have ("Unknown name"), no contents, roles other than user/model, parts
without data, sampling values out of range, a response MIME type it does not produce.
"""

import json
import re
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.ai.fakes.rules import Refused, integer, number, one_of
from tests.ai.fakes.server import EventStream, FakeProvider, RecordedRequest

REQUEST_FIELDS = {"contents", "tools", "toolConfig", "safetySettings", "systemInstruction", "generationConfig",
                  "cachedContent"}
CONFIG_FIELDS = {"stopSequences", "responseMimeType", "responseSchema", "responseJsonSchema", "responseModalities",
                 "candidateCount", "maxOutputTokens", "temperature", "topP", "topK", "seed", "presencePenalty",
                 "frequencyPenalty", "responseLogprobs", "logprobs", "enableEnhancedCivicAnswers", "speechConfig",
                 "thinkingConfig", "imageConfig", "mediaResolution"}
MIME_TYPES = ("text/plain", "application/json", "application/xml", "application/yaml", "text/x.enum")
PART_DATA = {"text", "inlineData", "functionCall", "functionResponse", "fileData", "executableCode",
             "codeExecutionResult"}

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


def generate_stream(pieces: list[str] | None = None, *, prompt: int = 30, candidates: int = 9,
                    finish_reason: str = "STOP", delay: float = 0.0) -> EventStream:
    """streamGenerateContent?alt=sse: one GenerateContentResponse per event, the last with the
    finish reason and the usage; no end marker."""
    pieces = ["Hello", " from", " the", " fake."] if pieces is None else pieces
    events = []
    for index, piece in enumerate(pieces):
        body = generate_body(piece, prompt=prompt, candidates=candidates, finish_reason=finish_reason)
        if index < len(pieces) - 1:
            del body["candidates"][0]["finishReason"]
            body["usageMetadata"] = {"promptTokenCount": prompt, "totalTokenCount": prompt}
        events.append(json.dumps(body))
    return EventStream(events, delay=delay, done_marker=False)


def models_body(names: tuple[str, ...] = ("models/gemini-2.5-flash",)) -> dict:
    """GET /v1beta/models: one page of base models."""
    return {"models": [{"name": name, "version": "001", "displayName": name.rsplit("/", 1)[-1],
                        "supportedGenerationMethods": ["generateContent"]} for name in names]}


def _is_model_list(request: RecordedRequest) -> bool:
    return urlsplit(request.path).path.rstrip("/").endswith("/models")


class FakeGoogle(FakeProvider):
    name = "google"

    def default(self, request: RecordedRequest) -> tuple[int, Any]:
        if ":generateContent" in request.path:
            return 200, generate_body()
        if ":streamGenerateContent" in request.path:
            if "alt=sse" not in request.path:
                return 400, self.error_body(400, "This fake streams server-sent events only (alt=sse).", None)
            return 200, generate_stream()
        if request.method == "GET" and _is_model_list(request):
            return 200, models_body()
        return super().default(request)

    def check(self, request: RecordedRequest) -> None:
        if request.method == "GET" and _is_model_list(request):
            if not request.headers.get("x-goog-api-key"):
                raise Refused("Method doesn't allow unregistered callers (callers without established identity).")
            size = parse_qs(urlsplit(request.path).query).get("pageSize", ["50"])[0]
            if not size.isdigit() or not 1 <= int(size) <= 1000:
                raise Refused("Invalid value at 'page_size' (TYPE_INT32)")
        if request.method == "POST" and (":generateContent" in request.path or ":streamGenerateContent" in request.path):
            if not request.headers.get("x-goog-api-key"):
                raise Refused("Method doesn't allow unregistered callers (callers without established identity).")
            check_generate(request.body)

    def refusal_body(self, refused: Refused) -> Any:
        return {"error": {"code": 400, "message": refused.message, "status": "INVALID_ARGUMENT"}}

    def error_body(self, status: int, message: str, code: str | None) -> Any:
        return {"error": {"code": status, "message": message, "status": code or _STATUS.get(status, "UNKNOWN")}}


def _camel(name: str) -> str:  # the API reads both spellings of a field (proto3 JSON)
    return re.sub(r"_([a-z])", lambda m: m.group(1).upper(), name)


def _known(body: dict, fields: set[str], where: str) -> dict:
    for name in body:
        if _camel(name) not in fields:
            raise Refused(f'Invalid JSON payload received. Unknown name "{name}" at \'{where}\': Cannot find field.')
    return {_camel(name): value for name, value in body.items()}


def check_generate(body) -> None:
    if not isinstance(body, dict):
        raise Refused("Invalid JSON payload received.")
    body = _known(body, REQUEST_FIELDS, "")
    contents = body.get("contents")
    if not isinstance(contents, list) or not contents:
        raise Refused("* GenerateContentRequest.contents: contents is not specified")
    for i, content in enumerate(contents):
        _content(content, f"contents[{i}]", roles=("user", "model"))
    if body.get("systemInstruction") is not None:
        _content(body["systemInstruction"], "system_instruction", roles=("user", "model", "system", ""))
    _config(body.get("generationConfig"))


def _content(content, where: str, roles) -> None:
    if not isinstance(content, dict) or not content.get("parts"):
        raise Refused(f"* GenerateContentRequest.{where}.parts: contents.parts must not be empty.")
    if content.get("role") is not None:
        one_of("role", content["role"], roles, where=f"{where}.role")
    for part in content["parts"]:
        if not isinstance(part, dict) or not PART_DATA & set(map(_camel, part)):
            raise Refused(f"* GenerateContentRequest.{where}.parts: required oneof field 'data' must have one "
                          "initialized field")


def _config(config) -> None:
    if config is None:
        return
    config = _known(config, CONFIG_FIELDS, "generation_config")
    for name, low, high in (("temperature", 0, 2), ("topP", 0, 1), ("topK", 1, None)):
        if config.get(name) is not None:
            number(name, config[name], low, high)
    if config.get("topK") is not None and config["topK"] != int(config["topK"]):
        raise Refused(f"Invalid value at 'generation_config.top_k' (TYPE_INT32), {config['topK']}")
    for name, high in (("maxOutputTokens", None), ("candidateCount", 8)):
        if config.get(name) is not None:
            integer(name, config[name], 1, high)
    if config.get("responseMimeType") is not None:
        one_of("responseMimeType", config["responseMimeType"], MIME_TYPES, where="generation_config.response_mime_type")
