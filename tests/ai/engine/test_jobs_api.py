import uuid

import pytest
from django.test import override_settings
from rest_framework.test import APIClient

from modelbank.ai.models import AIJob

pytestmark = pytest.mark.django_db
URL = "/api/v1/ai/jobs/"


def test_anonymous_callers_are_refused():
    assert APIClient().get(URL).status_code in (401, 403)


def test_unknown_function_is_a_400(api_client):
    response = api_client.post(URL, {"function": "nope", "input": {}}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "unknown_function"
    assert "generate_content" in response.json()["error"]["message"]


@pytest.mark.parametrize(
    ("function", "input", "field"),
    [
        ("generate_content", {}, "brief"),
        ("generate_images", {"prompts": []}, "prompts"),
        ("generate_images", {"prompts": ["x"] * 21}, "prompts"),
        ("auto_cluster", {"keywords": ["one", "one"]}, "keywords"),
        ("generate_image_prompts", {"article": "a", "max_prompts": 0}, "max_prompts"),
    ],
)
def test_invalid_input_is_a_400_naming_the_field(api_client, function, input, field):
    response = api_client.post(URL, {"function": function, "input": input}, format="json")
    assert response.status_code == 400
    assert field in response.json()["error"]["fields"]["input"]
    assert not AIJob.objects.exists()


def test_input_must_be_an_object(api_client):
    response = api_client.post(URL, {"function": "generate_content", "input": ["x"]}, format="json")
    assert response.status_code == 400


@override_settings(MODELBANK_JOB_RUNNER="eager")
def test_post_answers_202_with_the_job(api_client, stub_function, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client.post(URL, {"function": "stub", "input": {"text": "hi"}}, format="json")
    assert response.status_code == 202
    job = api_client.get(f"{URL}{response.json()['id']}/").json()
    assert (job["status"], job["progress"], job["result"]) == ("succeeded", 100, {"echo": "hi"})


def test_list_shows_only_the_callers_account(api_client, other_account_client, make_job):
    mine = make_job()
    response = api_client.get(URL)
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [str(mine.pk)]
    assert other_account_client.get(URL).json()["results"] == []


def test_list_is_paginated_and_filterable(api_client, make_job):
    for _ in range(3):
        make_job()
    make_job(status="failed", error_code="x", error_message="y")
    body = api_client.get(URL, {"page_size": 2}).json()
    assert body["count"] == 4 and len(body["results"]) == 2 and body["next"]
    failed = api_client.get(URL, {"status": "failed"}).json()["results"]
    assert [row["error"] for row in failed] == [{"code": "x", "message": "y"}]


def test_another_accounts_job_is_a_404(other_account_client, make_job):
    job = make_job()
    assert other_account_client.get(f"{URL}{job.pk}/").status_code == 404
    assert other_account_client.get(f"{URL}{uuid.uuid4()}/").status_code == 404


def test_detail_shows_progress_credits_and_cost(api_client, make_job):
    job = make_job(status="running", progress=40, step="Half way", credits_charged=5, cost_usd="0.04")
    body = api_client.get(f"{URL}{job.pk}/").json()
    assert (body["status"], body["progress"], body["step"]) == ("running", 40, "Half way")
    assert (body["credits_charged"], body["cost_usd"], body["result"], body["error"]) == (5, "0.04000000", None, None)
