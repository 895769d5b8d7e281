"""The gateway's request bodies, read as OpenAI documents them and refused with OpenAI-style
messages where we cannot honour a parameter (tools, n > 1, ...): a silently ignored parameter
would give the caller a different answer than the one asked for."""

import json
from dataclasses import dataclass

from modelbank.gateway.errors import GatewayError

ROLES = ("system", "developer", "user", "assistant")
CHAT_PARAMS = {"model", "messages", "max_tokens", "max_completion_tokens", "temperature", "response_format",
               "stream", "stream_options", "n", "user"}
IMAGE_PARAMS = {"model", "prompt", "n", "size", "quality", "style", "response_format", "user"}
MAX_BODY_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class ChatRequest:
    model: str
    messages: list[dict]  # [{"role": ..., "content": str}], system/developer as "system"
    max_tokens: int | None
    temperature: float | None
    json_mode: bool
    stream: bool
    include_usage: bool


@dataclass(frozen=True)
class ImageGenerationRequest:
    model: str
    prompt: str
    n: int
    size: str
    quality: str | None
    style: str | None
    response_format: str | None  # "url" or "b64_json"; None: the model's default, as OpenAI answers


def json_body(request) -> dict:
    if len(request.body) > MAX_BODY_BYTES:
        raise GatewayError(f"The request body is larger than {MAX_BODY_BYTES // (1024 * 1024)} MiB.", status=413,
                           code="request_too_large")
    try:
        body = json.loads(request.body or b"null")
    except ValueError:
        raise GatewayError("We could not parse the JSON body of your request.", code="invalid_json") from None
    if not isinstance(body, dict):
        raise GatewayError("The request body must be a JSON object.", code="invalid_json")
    return body


def _unsupported(body: dict, known: set[str]) -> None:
    for name in body:
        if name not in known:
            raise GatewayError(f"Unsupported parameter: '{name}' is not supported by this gateway.",
                               param=name, code="unsupported_parameter")


def _required_string(body: dict, name: str) -> str:
    value = body.get(name)
    if not isinstance(value, str) or not value.strip():
        raise GatewayError(f"Missing required parameter: '{name}'.", param=name, code="missing_required_parameter")
    return value


def _optional_int(body: dict, name: str, *, low: int = 1) -> int | None:
    value = body.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise GatewayError(f"Invalid '{name}': expected a whole number of at least {low}.", param=name,
                           code="invalid_value")
    return value


def _content(message: dict, index: int) -> str:
    """Text content: a string, or text parts joined (other part types are not relayed)."""
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        texts = []
        for part in content:
            if not isinstance(part, dict) or part.get("type") != "text" or not isinstance(part.get("text"), str):
                raise GatewayError(f"Invalid 'messages[{index}].content': only text parts are supported.",
                                   param=f"messages[{index}].content", code="unsupported_content")
            texts.append(part["text"])
        return "".join(texts)
    raise GatewayError(f"Invalid 'messages[{index}].content': expected a string or a list of text parts.",
                       param=f"messages[{index}].content", code="invalid_value")


def _messages(body: dict) -> list[dict]:
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise GatewayError("Missing required parameter: 'messages' (a non-empty list).", param="messages",
                           code="missing_required_parameter")
    out = []
    for index, message in enumerate(messages):
        if not isinstance(message, dict) or message.get("role") not in ROLES:
            raise GatewayError(f"Invalid 'messages[{index}].role': expected one of {', '.join(ROLES)}.",
                               param=f"messages[{index}].role", code="invalid_value")
        if message.get("tool_calls") or message.get("function_call"):
            raise GatewayError("Tool calls are not supported by this gateway.", param=f"messages[{index}]",
                               code="unsupported_parameter")
        role = "system" if message["role"] == "developer" else message["role"]
        out.append({"role": role, "content": _content(message, index)})
    return out


def _temperature(body: dict) -> float | None:
    value = body.get("temperature")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 2:
        raise GatewayError("Invalid 'temperature': expected a number from 0 to 2.", param="temperature",
                           code="invalid_value")
    return float(value)


def _json_mode(body: dict) -> bool:
    response_format = body.get("response_format")
    if response_format is None:
        return False
    kind = response_format.get("type") if isinstance(response_format, dict) else None
    if kind not in ("text", "json_object"):
        raise GatewayError("Invalid 'response_format.type': this gateway supports 'text' and 'json_object'.",
                           param="response_format", code="invalid_value")
    return kind == "json_object"


def _one_choice(body: dict) -> None:
    if _optional_int(body, "n") not in (None, 1):
        raise GatewayError("Only n=1 is supported by this gateway.", param="n", code="unsupported_value")


def chat_request(body: dict) -> ChatRequest:
    _unsupported(body, CHAT_PARAMS)
    model = _required_string(body, "model")
    messages = _messages(body)
    _one_choice(body)
    max_tokens = _optional_int(body, "max_completion_tokens") or _optional_int(body, "max_tokens")
    stream = body.get("stream") or False
    if not isinstance(stream, bool):
        raise GatewayError("Invalid 'stream': expected true or false.", param="stream", code="invalid_value")
    options = body.get("stream_options")
    if options is not None and not stream:
        raise GatewayError("The 'stream_options' parameter is only allowed when 'stream' is enabled.",
                           param="stream_options", code="invalid_value")
    if options is not None and (not isinstance(options, dict) or not isinstance(options.get("include_usage", False), bool)):
        raise GatewayError("Invalid 'stream_options': expected {\"include_usage\": true|false}.",
                           param="stream_options", code="invalid_value")
    return ChatRequest(model=model, messages=messages, max_tokens=max_tokens, temperature=_temperature(body),
                       json_mode=_json_mode(body), stream=stream,
                       include_usage=bool(options and options.get("include_usage")))


def image_request(body: dict) -> ImageGenerationRequest:
    _unsupported(body, IMAGE_PARAMS)
    n = _optional_int(body, "n") or 1
    response_format = body.get("response_format")
    if response_format not in (None, "url", "b64_json"):
        raise GatewayError("Invalid 'response_format': expected 'url' or 'b64_json'.", param="response_format",
                           code="invalid_value")
    size = body.get("size", "1024x1024")
    for name in ("size", "quality", "style"):
        if body.get(name) is not None and not isinstance(body[name], str):
            raise GatewayError(f"Invalid '{name}': expected a string.", param=name, code="invalid_value")
    return ImageGenerationRequest(model=_required_string(body, "model"), prompt=_required_string(body, "prompt"),
                                  n=n, size=size, quality=body.get("quality"), style=body.get("style"),
                                  response_format=response_format)
