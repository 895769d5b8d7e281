"""What a job will cost before it starts (POST /ai/jobs/estimate/), and what a customer is told when
the platform cannot serve it: never a provider's name or the admin's to-do ("has no API key")."""

import pytest
from django.test import override_settings

from modelbank.ai.engine import AIEngine
from modelbank.ai.models import AIJob
from modelbank.catalog.models import IntegrationProvider
from modelbank.credits.models import CreditHold
from tests.ai.engine.conftest import ledger_state
from tests.ai.fakes.openai_fake import chat_body

pytestmark = pytest.mark.django_db
JOBS = "/api/v1/ai/jobs/"
ESTIMATE = "/api/v1/ai/jobs/estimate/"


@pytest.fixture
def openai_ready(point_provider, fake_openai):
    point_provider("openai", fake_openai)
    return fake_openai


def estimate(client, function: str, data: dict):
    return client.post(ESTIMATE, {"function": function, "input": data}, format="json")


def test_images_are_estimated_exactly_per_image_of_the_accounts_tier(api_client, openai_ready, give_credits):
    give_credits(28)
    response = estimate(api_client, "generate_images", {"prompts": ["a lighthouse", "a harbour"]})
    assert response.status_code == 200
    assert response.json() == {
        "function": "generate_images", "credits": 10, "worst_case": False, "images": 2, "credits_per_image": 5,
        "quality_tier": "quality", "max_tokens": None, "available": 28, "enough": True,
    }
    # nothing queued, nothing held
    assert not AIJob.objects.exists() and not CreditHold.objects.exists()


def test_images_past_the_accounts_limit_are_not_counted(api_client, openai_ready, give_credits):
    body = estimate(api_client, "generate_images", {"prompts": [f"p{i}" for i in range(6)]}).json()
    assert (body["images"], body["credits"], body["enough"]) == (4, 20, False)  # the platform allows 4 per job


def test_text_is_estimated_at_its_hold_the_same_figure_a_402_names(api_client, openai_ready, give_credits):
    give_credits(3)
    body = estimate(api_client, "generate_content", {"brief": "Why tea"}).json()
    assert (body["worst_case"], body["max_tokens"], body["images"], body["enough"]) == (True, 8192, None, False)
    refused = api_client.post(JOBS, {"function": "generate_content", "input": {"brief": "Why tea"}}, format="json")
    assert refused.status_code == 402 and refused.json()["error"]["needed"] == body["credits"]
    assert body["credits"] > 8  # the hold covers every token the model may write (8,192 at 1,000 per credit)


def test_invalid_input_is_a_400_naming_the_field(api_client, openai_ready):
    response = estimate(api_client, "generate_content", {"brief": ""})
    assert response.status_code == 400 and "brief" in response.json()["error"]["fields"]["input"]


def test_a_size_the_tier_does_not_offer_is_a_400_on_the_field_that_names_no_model(api_client, openai_ready,
                                                                                    give_credits):
    give_credits(50)
    for url in (ESTIMATE, JOBS):
        response = api_client.post(url, {"function": "generate_images", "input": {"prompts": ["a"], "size": "512x512"}},
                                   format="json")
        assert response.status_code == 400
        error = response.json()["error"]
        assert error["fields"]["input"]["size"] == [
            "512x512 is not offered for Quality images; choose one of: 1024x1024, 1792x1024."]
        assert "dall" not in str(error).lower()
    assert not AIJob.objects.exists()


@pytest.mark.parametrize("break_it", ["no key", "inactive"])
def test_a_tier_whose_provider_cannot_serve_is_unavailable_in_words_before_anything_is_queued(
    api_client, give_credits, caplog, point_provider, fake_openai, break_it
):
    give_credits(100)
    api_client.put("/api/v1/system/settings/integrations/image_generation/", {"quality_tier": "premium"},
                   format="json")
    if break_it == "inactive":  # the premium tier's provider has a key but is switched off
        point_provider("google", fake_openai)
        google = IntegrationProvider.objects.get(pk="google")
        google.is_active = False
        google.save()
    for url in (ESTIMATE, JOBS):
        response = api_client.post(url, {"function": "generate_images", "input": {"prompts": ["a"]}}, format="json")
        assert response.status_code == 503
        assert response.json()["error"] == {
            "code": "ai_unavailable",
            "message": "Premium images are unavailable right now. Choose another image quality, or try again later."}
    assert not AIJob.objects.exists() and ledger_state(api_client_account(api_client))["open_holds"] == 0
    assert "google" in caplog.text  # the operators' log names the provider


def api_client_account(client):
    from modelbank.accounts.models import Account

    return Account.objects.get(pk=client.get("/api/v1/auth/me/").json()["account"]["id"])


@override_settings(MODELBANK_JOB_RUNNER="eager")
def test_a_key_removed_after_the_job_was_queued_fails_it_in_words(
    api_client, openai_ready, give_credits, account, django_capture_on_commit_callbacks, caplog
):
    give_credits(100)
    with django_capture_on_commit_callbacks(execute=False):
        job_id = api_client.post(JOBS, {"function": "generate_content", "input": {"brief": "Why tea"}},
                                 format="json").json()["id"]
    openai = IntegrationProvider.objects.get(pk="openai")
    openai.api_key = ""
    openai.save()
    job = AIEngine.execute(job_id)
    assert job.error == {"code": "ai_unavailable",
                         "message": "Text generation is unavailable right now. Please try again later."}
    assert "openai" in caplog.text and openai_ready.requests == []
    assert ledger_state(account)["open_holds"] == 0


def test_the_job_list_filters_by_days_status_and_function(api_client, make_job):
    from datetime import timedelta

    from django.utils import timezone

    old, new, failed = make_job(), make_job(), make_job(status="failed", function="generate_images")
    AIJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=10))
    today = timezone.now().date()

    def ids(**params) -> set[str]:
        return {row["id"] for row in api_client.get(JOBS, params).json()["results"]}

    assert ids(since=today.isoformat()) == {str(new.pk), str(failed.pk)}
    assert ids(until=(today - timedelta(days=5)).isoformat()) == {str(old.pk)}
    assert ids(status="failed", since=today.isoformat()) == {str(failed.pk)}
    assert ids(function="generate_images") == {str(failed.pk)}
    bad = api_client.get(JOBS, {"since": today.isoformat(), "until": (today - timedelta(days=1)).isoformat()})
    assert bad.status_code == 400


def test_a_job_that_succeeded_after_an_estimate_costs_no_more_than_it(api_client, openai_ready, give_credits,
                                                                     django_capture_on_commit_callbacks):
    give_credits(100)
    held = estimate(api_client, "generate_content", {"brief": "Why tea"}).json()["credits"]
    openai_ready.queue(body=chat_body("# Tea", prompt_tokens=300, completion_tokens=900))
    with override_settings(MODELBANK_JOB_RUNNER="eager"), django_capture_on_commit_callbacks(execute=True):
        job_id = api_client.post(JOBS, {"function": "generate_content", "input": {"brief": "Why tea"}},
                                 format="json").json()["id"]
    job = AIJob.objects.get(pk=job_id)
    assert job.status == "succeeded" and 0 < job.credits_charged <= held
