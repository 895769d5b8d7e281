"""Bria v2 wire format: POST /v2/image/generate (header api_token) answers 202 with a status URL;
GET /v2/status/{request_id} answers IN_PROGRESS, COMPLETED with result.image_url, or ERROR."""

import itertools
from typing import Any

from tests.ai.fakes.server import FakeProvider, RecordedRequest

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

    def default(self, request: RecordedRequest) -> tuple[int, Any]:
        if request.method == "POST" and request.path.startswith("/v2/image/generate"):
            request_id = f"req-{next(_ids)}"
            return 202, {"request_id": request_id, "status_url": f"{self.url}/v2/status/{request_id}"}
        if request.method == "GET" and request.path.startswith("/v2/status/"):
            return 200, status_body(request_id=request.path.rsplit("/", 1)[-1])
        return super().default(request)

    def error_body(self, status: int, message: str, code: str | None) -> Any:
        return {"error": {"code": code or status, "message": message}, "request_id": None}

    def in_progress(self, times: int = 1) -> "FakeBria":
        """Queue IN_PROGRESS answers for the next status polls."""
        return self.queue(200, {"status": "IN_PROGRESS"}, path="/v2/status/", times=times)
