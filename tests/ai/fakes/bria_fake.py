"""Bria v2 wire format: POST /v2/image/generate (header api_token) answers 202 with a status URL;
GET /v2/status/{request_id} answers IN_PROGRESS, COMPLETED with result.image_url, or ERROR; an id it
never handed out is 404 {"status": "NOT_FOUND"}.

A generate request is refused (422, as Bria answers validation errors) when it has no prompt, a
field the v2 API does not document, an aspect ratio or resolution it does not offer, "4MP" with
"sync": true, more than 4 results, or a model_version other than FIBO (v2 serves FIBO only; the
v1 versions such as "2.3" are refused).
"""

import itertools
import json
from typing import Any

from tests.ai.fakes.rules import Refused, boolean, integer, one_of, string
from tests.ai.fakes.server import FakeProvider, RecordedRequest

GENERATE_FIELDS = {"prompt", "structured_prompt", "images", "negative_prompt", "aspect_ratio", "resolution", "seed",
                   "style_id", "sync", "num_results", "model_version", "steps_num", "guidance_scale", "ip_signal",
                   "prompt_content_moderation", "visual_input_content_moderation",
                   "visual_output_content_moderation"}
RATIOS = ("1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9")

_ids = itertools.count(1)


def status_body(status: str = "COMPLETED", *, request_id: str = "req-1", image_url: str = "",
                error: dict | None = None) -> dict:
    body: dict[str, Any] = {"request_id": request_id, "status": status}
    if status == "COMPLETED":
        body["result"] = {"image_url": image_url or f"https://bria.test/{request_id}.png", "seed": 42}
    if error:
        body["error"] = error
    return body


class FakeBria(FakeProvider):
    name = "bria"

    def __init__(self) -> None:
        super().__init__()
        self.poll_sleeps: list[float] = []
        self.issued: set[str] = set()

    def default(self, request: RecordedRequest) -> tuple[int, Any]:
        if request.method == "POST" and request.path.startswith("/v2/image/generate"):
            request_id = f"req-{next(_ids)}"
            return 202, {"request_id": request_id, "status_url": f"{self.url}/v2/status/{request_id}"}
        if request.method == "GET" and request.path.startswith("/v2/status/"):
            request_id = request.path.rsplit("/", 1)[-1]
            if request_id not in self.issued:
                return 404, {"status": "NOT_FOUND"}  # an id that does not exist, or has expired
            return 200, status_body(request_id=request_id)
        return super().default(request)

    def respond(self, request: RecordedRequest):
        """Remember each request id handed out (scripted or not): only those have a status."""
        item, status, payload = super().respond(request)
        if request.method == "POST" and isinstance(payload, bytes):
            try:
                answer = json.loads(payload)
            except ValueError:
                answer = None
            if isinstance(answer, dict) and answer.get("request_id"):
                self.issued.add(str(answer["request_id"]))
        return item, status, payload

    refusal_status = 422

    def check(self, request: RecordedRequest) -> None:
        if request.method == "POST" and request.path.startswith("/v2/image/generate"):
            check_generate(request.body)

    def error_body(self, status: int, message: str, code: str | None) -> Any:
        return {"error": {"code": code or status, "message": message}, "request_id": None}

    def in_progress(self, times: int = 1) -> "FakeBria":
        """Queue IN_PROGRESS answers for the next status polls."""
        return self.queue(200, {"status": "IN_PROGRESS"}, path="/v2/status/", times=times)


def check_generate(body) -> None:
    if not isinstance(body, dict):
        raise Refused("The request body must be a JSON object.")
    for name in body:
        if name not in GENERATE_FIELDS:
            raise Refused(f"Unknown parameter '{name}'.", param=name)
    if not any(body.get(name) for name in ("prompt", "structured_prompt", "images")):
        raise Refused("One of prompt, structured_prompt or images is required.", param="prompt")
    if body.get("prompt") is not None:
        string("prompt", body["prompt"], min_length=1)
    choices = {"aspect_ratio": RATIOS, "resolution": ("1MP", "4MP"), "model_version": ("FIBO",),
               "style_id": ("default", "photoreal")}
    for name, allowed in choices.items():
        if body.get(name) is not None:
            one_of(name, body[name], allowed)
    if body.get("resolution") == "4MP" and body.get("sync"):
        raise Refused('"resolution": "4MP" cannot be combined with "sync": true.', param="resolution")
    for name, low, high in (("num_results", 1, 4), ("seed", 0, 2147483647), ("steps_num", 20, 50),
                            ("guidance_scale", 3, 5)):
        if body.get(name) is not None:
            integer(name, body[name], low, high)
    for name in ("sync", "ip_signal", "prompt_content_moderation", "visual_input_content_moderation",
                 "visual_output_content_moderation"):
        if body.get(name) is not None:
            boolean(name, body[name])
