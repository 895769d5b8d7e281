"""Runware wire format: POST /v1 with a JSON array of tasks; answers {"data": [...]} or {"errors": [...]}."""

import uuid
from typing import Any

from tests.ai.fakes.server import FakeProvider, RecordedRequest


def inference_body(tasks: list[dict], *, cost: str = "0.0013") -> str:
    """One result per requested image; cost is written as a JSON number literal (parsed as Decimal)."""
    items = []
    for task in tasks:
        if task.get("taskType") != "imageInference":
            continue
        for _ in range(task.get("numberResults") or 1):
            image_id = str(uuid.uuid4())
            items.append(f'{{"taskType": "imageInference", "taskUUID": "{task["taskUUID"]}", '
                         f'"imageUUID": "{image_id}", "imageURL": "https://im.runware.test/{image_id}.jpg", '
                         f'"cost": {cost}}}')
    return '{"data": [' + ", ".join(items) + "]}"


class FakeRunware(FakeProvider):
    name = "runware"
    cost = "0.0013"

    @property
    def endpoint(self) -> str:
        return f"{self.url}/v1"

    def default(self, request: RecordedRequest) -> tuple[int, Any]:
        if request.method == "POST" and request.path.rstrip("/") == "/v1" and isinstance(request.body, list):
            return 200, inference_body(request.body, cost=self.cost)
        return super().default(request)

    def error_body(self, status: int, message: str, code: str | None) -> Any:
        return {"errors": [{"code": code or "unknownError", "message": message, "taskType": "imageInference"}]}
