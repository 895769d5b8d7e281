"""Runware wire format: POST /v1 with a JSON array of tasks; answers {"data": [...]} or {"errors": [...]}.
Tasks: imageInference, and authentication (the key alone, answered with a connectionSessionUUID).

An imageInference task is refused (400, {"errors": [{"code", "message", "parameter", ...}]}) as
Runware documents: a missing taskUUID (UUID v4), prompt (2-3000 characters) or model (an AIR id,
"source:id@version"), width and height outside 128-2048 or not multiples of 64 (models hosted for
their makers, e.g. Google's, take only the combinations Runware lists for them), numberResults
outside 1-20, unknown output types or formats. A field outside the documented set is refused too
(stricter than Runware may be, so a misspelt field fails a test).
"""

import re
import uuid
from typing import Any

from tests.ai.fakes.rules import Refused, boolean, integer, number, one_of, string
from tests.ai.fakes.server import IMAGE_B64, FakeProvider, RecordedRequest

TASK_FIELDS = {"taskType", "taskUUID", "positivePrompt", "negativePrompt", "model", "width", "height",
               "numberResults", "outputType", "outputFormat", "outputQuality", "includeCost", "steps", "CFGScale",
               "scheduler", "seed", "checkNSFW", "clipSkip", "lora", "deliveryMethod", "ttl"}
AIR = re.compile(r"^[a-z0-9_-]+:[0-9]+@[0-9]+$")
# Runware's model pages list the only dimensions these take.
FIXED_DIMENSIONS = {
    "google:4@2": {(1024, 1024), (1376, 768), (768, 1376), (1264, 848), (848, 1264), (1200, 896), (896, 1200)},
}


def inference_body(tasks: list[dict], *, cost: str = "0.0013", images_at: str) -> str:
    """One result per requested image, in the task's outputType (URL: served by the fake at
    `images_at`/<imageUUID>.png; base64Data: imageBase64Data; dataURI: imageDataURI); cost is
    written as a JSON number literal (parsed as Decimal)."""
    items = []
    for task in tasks:
        if task.get("taskType") != "imageInference":
            continue
        for _ in range(task.get("numberResults") or 1):
            image_id = str(uuid.uuid4())
            image = {"URL": ("imageURL", f"{images_at}/{image_id}.png"), "base64Data": ("imageBase64Data", IMAGE_B64),
                     "dataURI": ("imageDataURI", f"data:image/png;base64,{IMAGE_B64}")}[task.get("outputType") or "URL"]
            items.append(f'{{"taskType": "imageInference", "taskUUID": "{task["taskUUID"]}", '
                         f'"imageUUID": "{image_id}", "{image[0]}": "{image[1]}", "cost": {cost}}}')
    return '{"data": [' + ", ".join(items) + "]}"


class FakeRunware(FakeProvider):
    name = "runware"
    cost = "0.0013"

    @property
    def endpoint(self) -> str:
        return f"{self.url}/v1"

    def default(self, request: RecordedRequest) -> tuple[int, Any]:
        if request.method == "POST" and request.path.rstrip("/") == "/v1" and isinstance(request.body, list):
            if not any(isinstance(t, dict) and t.get("taskType") == "imageInference" for t in request.body):
                return 200, {"data": [{"taskType": "authentication", "connectionSessionUUID": str(uuid.uuid4())}
                                      for t in request.body if t.get("taskType") == "authentication"]}
            return 200, inference_body(request.body, cost=self.cost, images_at=f"{self.url}/images")
        return super().default(request)

    def check(self, request: RecordedRequest) -> None:
        if request.method != "POST" or request.path.rstrip("/") != "/v1":
            return
        if not request.headers.get("authorization", "").startswith("Bearer "):
            raise Refused("Missing API key.", code="missingApiKey")
        if not isinstance(request.body, list) or not request.body:
            raise Refused("The request body must be a JSON array of tasks.", code="invalidRequestBody")
        for task in request.body:
            if isinstance(task, dict) and task.get("taskType") == "imageInference":
                check_inference(task)
            elif isinstance(task, dict) and task.get("taskType") == "authentication":
                check_authentication(task)
            else:
                raise Refused("Unsupported taskType.", code="invalidTaskType")

    def refusal_body(self, refused: Refused) -> Any:
        return {"errors": [{"code": refused.code or "invalidParameter", "message": refused.message,
                            "parameter": refused.param, "taskType": "imageInference"}]}

    def error_body(self, status: int, message: str, code: str | None) -> Any:
        return {"errors": [{"code": code or "unknownError", "message": message, "taskType": "imageInference"}]}


def _refused(name: str, check) -> None:
    """Run a generic check, answering with Runware's code for the parameter (invalidWidth, ...)."""
    try:
        check()
    except Refused as exc:
        raise Refused(f"Invalid value for '{name}' parameter. {exc.message}", param=name,
                      code=f"invalid{name[0].upper()}{name[1:]}") from None


def check_inference(task: dict) -> None:
    for name in task:
        if name not in TASK_FIELDS:
            raise Refused(f"Unsupported parameter '{name}' for imageInference.", param=name,
                          code="unsupportedParameter")
    for name in ("taskUUID", "positivePrompt", "model", "width", "height"):
        if task.get(name) is None:
            raise Refused(f"Missing required parameter '{name}'.", param=name, code=f"missing{name[0].upper()}{name[1:]}")
    _refused("taskUUID", lambda: _uuid4(task["taskUUID"]))
    _refused("positivePrompt", lambda: string("positivePrompt", task["positivePrompt"], min_length=2, max_length=3000))
    if not AIR.match(str(task["model"])):
        raise Refused(f"Invalid value for 'model' parameter: '{task['model']}' is not an AIR identifier "
                      "(source:id@version).", param="model", code="invalidModel")
    _dimensions(task)
    _optional(task)


def check_authentication(task: dict) -> None:
    """{"taskType": "authentication", "apiKey", "connectionSessionUUID"?}: nothing else."""
    for name in task:
        if name not in ("taskType", "apiKey", "connectionSessionUUID"):
            raise Refused(f"Unsupported parameter '{name}' for authentication.", param=name,
                          code="unsupportedParameter")
    if not isinstance(task.get("apiKey"), str) or not task["apiKey"]:
        raise Refused("Missing required parameter 'apiKey'.", param="apiKey", code="missingApiKey")


def _uuid4(value) -> None:
    try:
        if uuid.UUID(str(value)).version != 4:
            raise ValueError
    except ValueError:
        raise Refused("Expected a UUID v4.") from None


def _dimensions(task: dict) -> None:
    fixed = FIXED_DIMENSIONS.get(task["model"])
    for name in ("width", "height"):
        _refused(name, lambda name=name: integer(name, task[name], 128, 2048))
        if not fixed and task[name] % 64:
            raise Refused(f"Invalid value for '{name}' parameter. It must be a multiple of 64.", param=name,
                          code=f"invalid{name.title()}")
    if fixed and (task["width"], task["height"]) not in fixed:
        sizes = ", ".join(f"{w}x{h}" for w, h in sorted(fixed))
        raise Refused(f"Invalid dimensions {task['width']}x{task['height']} for model {task['model']}; supported: "
                      f"{sizes}.", param="width", code="invalidDimensions")


def _optional(task: dict) -> None:
    checks = {
        "numberResults": lambda v: integer("numberResults", v, 1, 20),
        "outputType": lambda v: one_of("outputType", v, ("URL", "base64Data", "dataURI")),
        "outputFormat": lambda v: one_of("outputFormat", v, ("JPG", "PNG", "WEBP")),
        "outputQuality": lambda v: integer("outputQuality", v, 20, 99),
        "includeCost": lambda v: boolean("includeCost", v),
        "steps": lambda v: integer("steps", v, 1, 100),
        "CFGScale": lambda v: number("CFGScale", v, 0, 50),
        "negativePrompt": lambda v: string("negativePrompt", v, min_length=2, max_length=3000),
        "seed": lambda v: integer("seed", v, 1, 9223372036854775807),
    }
    for name, check in checks.items():
        if task.get(name) is not None:
            _refused(name, lambda check=check, name=name: check(task[name]))
