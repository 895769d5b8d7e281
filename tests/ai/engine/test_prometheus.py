"""/metrics counts requests by route and AI calls by outcome, and reads credits from the ledger."""

import pytest
from django.test import override_settings

from tests.ai.fakes.openai_fake import chat_body
from tests.ops.test_metrics import scrape, value

pytestmark = pytest.mark.django_db


@pytest.fixture
def openai_fake_aimed(point_provider, fake_openai):
    point_provider("openai", fake_openai)


@override_settings(MODELBANK_METRICS=True, MODELBANK_METRICS_TOKEN="", MODELBANK_JOB_RUNNER="eager")
def test_requests_ai_calls_and_credits_are_counted(openai_fake_aimed, give_credits, api_client, fake_openai,
                                                   django_capture_on_commit_callbacks):
    give_credits(100)
    before = scrape()
    ok = 'modelbank_ai_calls_total{model="gpt-5.1",outcome="ok",provider="openai"}'
    ok_before = value(before, ok) if ok in before else 0.0
    fake_openai.queue(body=chat_body("# Tea", prompt_tokens=300, completion_tokens=900))
    with django_capture_on_commit_callbacks(execute=True):
        assert api_client.post("/api/v1/ai/jobs/", {"function": "generate_content", "input": {"brief": "Tea"}},
                               format="json").status_code == 202
    api_client.get("/api/v1/ai/jobs/00000000-0000-0000-0000-000000000000/")  # a 404, counted by route
    text = scrape()
    assert value(text, ok) == ok_before + 1
    assert 'modelbank_http_requests_total{method="POST",route="api/v1/ai/jobs/",status="202"}' in text
    assert 'route="api/v1/ai/jobs/<uuid:job_id>/",status="404"' in text
    assert 'modelbank_provider_latency_seconds_count{model="gpt-5.1",provider="openai"}' in text
    assert value(text, "modelbank_credits_charged ") >= 2
    assert value(text, "modelbank_credit_holds_open ") == 0 and value(text, "modelbank_jobs_queued ") == 0
