"""Bria through its REST API (v2, asynchronous), with httpx.

Assumptions about Bria's v2 wire format (from its public docs; check them when Bria changes):
- POST {endpoint}/v2/image/generate (default endpoint https://engine.prod.bria-api.com), header
  `api_token: <key>`, body {"prompt", "num_results", "aspect_ratio": "W:H", "sync": false}. The v2
  API serves FIBO; `model_version` is sent only when the catalog names one (request_parameters),
  never guessed from the model name (v2 refuses the v1 versions such as "2.3"). Account options
  (ACCOUNT_OPTIONS) are body fields under Bria's own names.
- It answers 202 {"request_id", "status_url"} (or 200 with the result when it finished at once).
- GET the status URL ({endpoint}/v2/status/{request_id}) until {"status": "COMPLETED",
  "result": {"image_url"}} (or "result": {"images": [{"image_url"}]} / a list of results) or
  {"status": "ERROR", "error": {"code", "message"}}; other statuses (IN_PROGRESS, PENDING) mean wait.
- Errors are {"error": {"code", "message"}} (or {"message"}); moderation failures mention
  moderation/NSFW/content policy and are refusals.
- The connection test asks for the status of a request id that does not exist: 404 {"status":
  "NOT_FOUND"} with an accepted key (assumption: the key is checked before the id).
The status URL Bria returns is followed only if it is on the endpoint's host (the key is sent
along). Polling: every `config["poll_interval"]` s (default 1), at most `config["poll_timeout"]`
s in all (default 120); each HTTP call has `call.timeout` and the shared retries.
"""

import math
import time
import uuid
from urllib.parse import urlsplit

from modelbank.ai.providers import errors
from modelbank.ai.providers.base import (
    GeneratedImage,
    ImageRequest,
    ImageResult,
    ProviderCall,
    ProviderError,
    ProviderNotSupported,
    ProviderUnavailable,
    TextRequest,
    TextResult,
)
from modelbank.ai.providers.rest import Reply, request_json
from modelbank.ai.providers.retry import with_retries
from modelbank.catalog.account_options import account_options_schema
from modelbank.catalog.usage import Usage

PROVIDER_ID = "bria"
DEFAULT_ENDPOINT = "https://engine.prod.bria-api.com"
_RATIOS = ("1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9")
_REFUSAL_WORDS = ("moderation", "nsfw", "inappropriate", "content policy", "blocked")
ACCOUNT_OPTIONS = account_options_schema(PROVIDER_ID)

poll_sleep = time.sleep  # replaced in tests


class BriaAdapter:
    provider_id = PROVIDER_ID
    account_options = ACCOUNT_OPTIONS

    def generate_text(self, request: TextRequest, call: ProviderCall) -> TextResult:
        raise ProviderNotSupported("Bria models generate images, not text.", extra={"provider": PROVIDER_ID})

    def generate_image(self, request: ImageRequest, call: ProviderCall) -> ImageResult:
        base = (call.endpoint or DEFAULT_ENDPOINT).rstrip("/")
        submitted = _send(call, "POST", f"{base}/v2/image/generate", body=_body(request, call.options))
        request_id = str(submitted.data.get("request_id") or "") if isinstance(submitted.data, dict) else ""
        done = submitted.data if _finished(submitted) else _poll(call, _status_url(base, submitted))
        urls = _image_urls(done)
        if not urls:
            raise errors.malformed(PROVIDER_ID, "a finished job without any image")
        images = [GeneratedImage(url=url) for url in urls]
        return ImageResult(images=images, usage=Usage(image_count=len(images)), provider_request_id=request_id)

    def image_formats(self, model_name: str) -> tuple[str, ...]:
        return ("url",)  # Bria answers with image URLs only

    def check_connection(self, call: ProviderCall) -> str:
        """The status of a request that does not exist: Bria answers 404 {"status": "NOT_FOUND"}
        to a key it accepts (and 401/403 to one it does not); nothing is generated or billed."""
        base = (call.endpoint or DEFAULT_ENDPOINT).rstrip("/")
        reply = request_json(PROVIDER_ID, "GET", f"{base}/v2/status/modelbank-connection-test-{uuid.uuid4().hex}",
                             api_key=call.api_key, headers={"api_token": call.api_key, "Accept": "application/json"},
                             timeout=call.timeout, describe=describe, is_refusal=is_refusal, expected=(404,))
        if reply.status != 404 or _status(reply.data) != "NOT_FOUND":
            raise errors.malformed(PROVIDER_ID, "an answer unlike its status service's: check the endpoint")
        return "the key was accepted"


def _body(request: ImageRequest, options: dict) -> dict:
    body = {
        **{name: options[name] for name in ACCOUNT_OPTIONS["properties"] if name in options},
        "prompt": request.prompt,
        "num_results": request.n,
        "aspect_ratio": aspect_ratio(request.size),
        "sync": False,
    }
    if request.parameters.model_version:
        body["model_version"] = request.parameters.model_version
    return body


def _poll(call: ProviderCall, url: str) -> dict:
    interval = max(float(call.config.get("poll_interval", 1.0)), 0.0)
    budget = float(call.config.get("poll_timeout", 120.0))
    deadline = time.monotonic() + budget
    # Bounded both by the clock and by a count, so a replaced poll_sleep cannot spin forever.
    for _ in range(int(budget / interval) + 1 if interval else 1000):
        data = _send(call, "GET", url).data
        status = _status(data)
        if status == "COMPLETED":
            return data
        if status in ("ERROR", "FAILED"):
            raise _job_error(data, call.api_key)
        if time.monotonic() + interval > deadline:
            break
        poll_sleep(interval)
    raise ProviderUnavailable(f"Bria did not finish the image within {budget:g} s. Try again shortly.",
                              extra={"provider": PROVIDER_ID, "timeout": True})


def _send(call: ProviderCall, method: str, url: str, body: dict | None = None) -> Reply:
    headers = {"api_token": call.api_key, "Accept": "application/json"}
    return with_retries(
        lambda: request_json(PROVIDER_ID, method, url, api_key=call.api_key, headers=headers, body=body,
                             timeout=call.timeout, describe=describe, is_refusal=is_refusal),
        max_retries=call.max_retries,
    )


def _status_url(base: str, submitted: Reply) -> str:
    data = submitted.data if isinstance(submitted.data, dict) else {}
    url, request_id = str(data.get("status_url") or ""), data.get("request_id")
    if url and urlsplit(url).netloc == urlsplit(base).netloc:
        return url
    if not request_id:
        raise errors.malformed(PROVIDER_ID, "an answer without a request id")
    return f"{base}/v2/status/{request_id}"


def _finished(reply: Reply) -> bool:
    """A synchronous answer: COMPLETED, or a 200 that already carries the result."""
    data = reply.data if isinstance(reply.data, dict) else {}
    return _status(data) == "COMPLETED" or (reply.status == 200 and bool(data.get("result")))


def _status(data) -> str:
    return str(data.get("status") or "").upper() if isinstance(data, dict) else ""


def _image_urls(data: dict) -> list[str]:
    result = data.get("result")
    items = result if isinstance(result, list) else (result.get("images") or [result]) if result else []
    return [str(item["image_url"]) for item in items if isinstance(item, dict) and item.get("image_url")]


def _job_error(data: dict, api_key: str) -> ProviderError:
    message, code = describe(data)
    if is_refusal(200, message, code):
        return errors.refused(PROVIDER_ID, message, api_key=api_key)
    detail = errors.redact(message, api_key)
    return ProviderError(f"Bria could not generate the image{': ' + detail if detail else '.'}",
                         extra={"provider": PROVIDER_ID, "provider_code": code})


def describe(body) -> tuple[str, str | None]:
    if not isinstance(body, dict):
        return "", None
    error = body.get("error") if isinstance(body.get("error"), dict) else body
    code = error.get("code")
    return str(error.get("message") or error.get("detail") or ""), str(code) if code is not None else None


def is_refusal(status: int, message: str, code: str | None) -> bool:
    text = f"{code or ''} {message}".lower()
    return status < 500 and status not in (401, 403, 429) and any(word in text for word in _REFUSAL_WORDS)


def aspect_ratio(size: str) -> str:
    """The supported aspect ratio closest to a "WxH" size."""
    try:
        width, height = (int(part) for part in size.lower().split("x"))
    except ValueError:
        return "1:1"
    target = math.log(width / height)
    return min(_RATIOS, key=lambda ratio: abs(math.log(_ratio(ratio)) - target))


def _ratio(ratio: str) -> float:
    width, height = ratio.split(":")
    return int(width) / int(height)
