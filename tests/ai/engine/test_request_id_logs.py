"""Every response names its request; JSON log lines carry that id, into the job it created."""

import json
import logging

import pytest
from django.test import override_settings

from modelbank.ai.models import AIJob
from modelbank.common.logging import JsonFormatter, RequestIdFilter
from tests.ai.fakes.openai_fake import chat_body

pytestmark = pytest.mark.django_db


def test_a_response_carries_a_fresh_request_id(api_client):
    first, second = api_client.get("/api/v1/auth/me/"), api_client.get("/api/v1/auth/me/")
    assert len(first["X-Request-Id"]) == 32 and first["X-Request-Id"] != second["X-Request-Id"]


@pytest.mark.parametrize(("offered", "kept"), [("lb-7f3a:01", True), ("x" * 65, False), ("a b", False),
                                                ("<script>", False)])
def test_a_plain_client_id_is_kept_and_anything_else_replaced(api_client, offered, kept):
    answered = api_client.get("/api/v1/auth/me/", HTTP_X_REQUEST_ID=offered)["X-Request-Id"]
    assert (answered == offered) is kept


class Captured(logging.Handler):
    def __init__(self):
        super().__init__()
        self.addFilter(RequestIdFilter())
        self.setFormatter(JsonFormatter())
        self.lines: list[dict] = []

    def emit(self, record):
        self.lines.append(json.loads(self.format(record)))


@pytest.fixture
def captured():
    handler = Captured()
    root = logging.getLogger()
    root.addHandler(handler)
    yield handler
    root.removeHandler(handler)


@pytest.fixture
def openai_fake_aimed(point_provider, fake_openai):
    point_provider("openai", fake_openai)


@override_settings(MODELBANK_JOB_RUNNER="eager")
def test_a_job_and_its_log_lines_carry_the_id_of_the_request_that_made_it(
        openai_fake_aimed, give_credits, api_client, fake_openai, captured, django_capture_on_commit_callbacks):
    give_credits(100)
    body = chat_body("# Tea\n\nBrief.")
    del body["usage"]  # an answer without usage: the charge logs that it estimated the tokens
    fake_openai.queue(body=body)
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post("/api/v1/ai/jobs/", {"function": "generate_content", "input": {
            "brief": "Tea"}}, format="json", HTTP_X_REQUEST_ID="req-42")
    assert response["X-Request-Id"] == "req-42"
    job = AIJob.objects.get(pk=response.json()["id"])
    assert (job.request_id, job.status) == ("req-42", "succeeded")
    job_lines = [line for line in captured.lines if line["request_id"] == "req-42"]
    assert any("reported no usage" in line["message"] for line in job_lines), captured.lines
    assert all(set(line) >= {"time", "level", "logger", "message", "request_id"} for line in captured.lines)


def test_outside_a_request_the_id_is_empty(captured):
    logging.getLogger("modelbank.test").warning("no request here")
    assert captured.lines[-1]["request_id"] == "" and captured.lines[-1]["message"] == "no request here"
