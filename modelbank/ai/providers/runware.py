"""Runware through its REST API (no SDK): one `imageInference` task per call.

POST {endpoint} (default https://api.runware.ai/v1) with `Authorization: Bearer <key>` and a JSON
array of tasks: [{"taskType": "imageInference", "taskUUID", "positivePrompt", "model", "width",
"height", "numberResults", "includeCost": true, "outputType": "URL"}] ("base64Data" when base64
is asked: ImageRequest.response_format "b64_json"). The answer is {"data": [{"taskType", "taskUUID",
"imageUUID", "imageURL" (or "imageBase64Data"), "cost"}, ...]} (one item per image) or
{"errors": [{"code", "message", ...}]}. Runware reports its own cost per image: the sum goes to
Usage.provider_cost_usd as a Decimal read straight from the JSON text. Error codes that name
moderation, NSFW or safety are refusals (assumption: Runware's exact codes are not all documented).
Runware takes no style or quality: ours are not sent. Account options (ACCOUNT_OPTIONS) are task
fields under Runware's own names. The connection test sends one `authentication` task
({"taskType": "authentication", "apiKey"}), answered {"data": [{"taskType": "authentication",
"connectionSessionUUID"}]}: free.
"""

import uuid
from decimal import Decimal

from modelbank.ai.providers import errors
from modelbank.ai.providers.base import (
    GeneratedImage,
    ImageRequest,
    ImageResult,
    ProviderCall,
    ProviderInvalidRequest,
    ProviderNotSupported,
    TextRequest,
    TextResult,
)
from modelbank.ai.providers.rest import request_json
from modelbank.ai.providers.retry import with_retries
from modelbank.catalog.account_options import account_options_schema
from modelbank.catalog.usage import Usage

PROVIDER_ID = "runware"
DEFAULT_ENDPOINT = "https://api.runware.ai/v1"
_AUTH_CODES = {"invalidapikey", "missingapikey", "unauthorized", "invalidauthentication"}
_REFUSAL_WORDS = ("moderation", "nsfw", "safety", "policy", "inappropriate")
ACCOUNT_OPTIONS = account_options_schema(PROVIDER_ID)


class RunwareAdapter:
    provider_id = PROVIDER_ID
    account_options = ACCOUNT_OPTIONS

    def generate_text(self, request: TextRequest, call: ProviderCall) -> TextResult:
        raise ProviderNotSupported("Runware models generate images, not text.", extra={"provider": PROVIDER_ID})

    def generate_image(self, request: ImageRequest, call: ProviderCall) -> ImageResult:
        task = _task(request, call.options)
        data = with_retries(lambda: _send(task, call), max_retries=call.max_retries)
        items = [item for item in data if item.get("taskUUID") == task["taskUUID"]
                 and (item.get("imageURL") or item.get("imageBase64Data"))]
        if not items:
            raise errors.malformed(PROVIDER_ID, "an answer without any image")
        images = [GeneratedImage(url=item.get("imageURL") or "", b64_json=item.get("imageBase64Data") or "")
                  for item in items]
        return ImageResult(images=images, usage=Usage(image_count=len(images), provider_cost_usd=_cost(items)),
                           provider_request_id=task["taskUUID"])

    def image_formats(self, model_name: str) -> tuple[str, ...]:
        return ("url", "b64_json")  # outputType URL or base64Data, whatever the model

    def check_connection(self, call: ProviderCall) -> str:
        """An `authentication` task alone: it checks the key and generates (and costs) nothing."""
        data = _send({"taskType": "authentication", "apiKey": call.api_key}, call)
        if not any(isinstance(item, dict) and item.get("taskType") == "authentication" for item in data):
            raise errors.malformed(PROVIDER_ID, "an answer without the authentication result")
        return "the key was accepted"


def _task(request: ImageRequest, options: dict) -> dict:
    width, height = _dimensions(request.size)
    return {
        **{name: options[name] for name in ACCOUNT_OPTIONS["properties"] if name in options},
        "taskType": "imageInference",
        "taskUUID": str(uuid.uuid4()),
        "positivePrompt": request.prompt,
        "model": request.model_name,
        "width": width,
        "height": height,
        "numberResults": request.n,
        "includeCost": True,
        "outputType": "base64Data" if request.response_format == "b64_json" else "URL",
    }


def _send(task: dict, call: ProviderCall) -> list[dict]:
    reply = request_json(
        PROVIDER_ID, "POST", call.endpoint or DEFAULT_ENDPOINT, api_key=call.api_key, body=[task],
        headers={"Authorization": f"Bearer {call.api_key}"}, timeout=call.timeout,
        describe=describe, is_refusal=is_refusal,
    )
    body = reply.data if isinstance(reply.data, dict) else {}
    if body.get("errors"):  # Runware may answer 200 with task errors
        message, code = describe(body)
        if is_refusal(200, message, code):
            raise errors.refused(PROVIDER_ID, message, api_key=call.api_key)
        status = 401 if (code or "").lower() in _AUTH_CODES else 400
        raise errors.from_status(PROVIDER_ID, status, detail=message, api_key=call.api_key, provider_code=code)
    if not isinstance(body.get("data"), list):
        raise errors.malformed(PROVIDER_ID)
    return body["data"]


def describe(body) -> tuple[str, str | None]:
    found = body.get("errors") if isinstance(body, dict) else None
    first = found[0] if isinstance(found, list) and found and isinstance(found[0], dict) else {}
    code = first.get("code")
    return str(first.get("message") or ""), str(code) if code else None


def is_refusal(status: int, message: str, code: str | None) -> bool:
    text = f"{code or ''} {message}".lower()
    return status < 500 and status not in (401, 403, 429) and any(word in text for word in _REFUSAL_WORDS)


def _dimensions(size: str) -> tuple[int, int]:
    try:
        width, height = (int(part) for part in size.lower().split("x"))
    except ValueError:
        raise ProviderInvalidRequest(f"Image size '{size}' is not WIDTHxHEIGHT.", extra={"size": size}) from None
    return width, height


def _cost(items: list[dict]) -> Decimal | None:
    costs = [item["cost"] for item in items if item.get("cost") is not None]
    return sum((Decimal(cost) for cost in costs), Decimal(0)) if costs else None
