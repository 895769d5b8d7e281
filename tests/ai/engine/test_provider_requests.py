"""Jobs with the seeded catalog and the platform's default settings send requests the real providers
accept (the fakes refuse what the providers refuse), and a missing default of one kind does not
stop the jobs of the other kind."""

import pytest
from django.test import override_settings

from modelbank.catalog.models import AIModelConfig
from modelbank.catalog.services import models_set_active
from tests.ai.fakes.openai_fake import chat_body

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("openai_fake_aimed")]
JOBS = "/api/v1/ai/jobs/"


@pytest.fixture
def openai_fake_aimed(point_provider, fake_openai, give_credits):
    point_provider("openai", fake_openai)
    give_credits(100)


@pytest.fixture
def post(api_client, django_capture_on_commit_callbacks):
    @override_settings(MODELBANK_JOB_RUNNER="eager")
    def post(function: str, data: dict):
        with django_capture_on_commit_callbacks(execute=True):
            response = api_client.post(JOBS, {"function": function, "input": data}, format="json")
        if response.status_code != 202:
            return response
        return api_client.get(f"{JOBS}{response.json()['id']}/").json()

    return post


def test_the_default_image_tier_sends_a_style_and_quality_dall_e_3_takes(post, fake_openai):
    # the platform's defaults: style "photorealistic", quality "hd" (OpenAI takes vivid/natural only)
    job = post("generate_images", {"prompts": ["a lighthouse"]})

    assert job["status"] == "succeeded", job
    sent = fake_openai.last.body
    assert (sent["model"], sent["style"], sent["quality"], sent["n"]) == ("dall-e-3", "natural", "hd", 1)
    assert fake_openai.refusals == []


def test_the_default_text_model_gets_max_completion_tokens_and_no_temperature(post, fake_openai):
    fake_openai.queue(body=chat_body("# Tea"))
    job = post("generate_content", {"brief": "Why tea"})

    assert job["status"] == "succeeded", job
    sent = fake_openai.last.body
    assert sent["model"] == "gpt-5.1" and sent["max_completion_tokens"] == 8192
    assert "max_tokens" not in sent and "temperature" not in sent
    assert fake_openai.refusals == []


def test_an_older_chat_model_keeps_max_tokens_and_its_temperature(post, fake_openai, api_client):
    gpt4o_mini = AIModelConfig.objects.get(model_name="gpt-4o-mini")
    api_client.put("/api/v1/system/settings/integrations/text_generation/",
                   {"model": gpt4o_mini.pk, "temperature": 0.3, "max_tokens": 500}, format="json")
    fake_openai.queue(body=chat_body("# Tea", model="gpt-4o-mini"))

    assert post("generate_content", {"brief": "Why tea"})["status"] == "succeeded"
    sent = fake_openai.last.body
    assert (sent["max_tokens"], sent["temperature"]) == (500, 0.3) and "max_completion_tokens" not in sent


def test_text_jobs_run_with_the_default_image_model_deactivated(post, fake_openai, caplog):
    models_set_active(models=[AIModelConfig.objects.get(model_name="dall-e-3")], active=False)

    fake_openai.queue(body=chat_body("# Tea"))
    assert post("generate_content", {"brief": "Why tea"})["status"] == "succeeded"
    fake_openai.queue(body=chat_body('{"prompts": ["a cup of tea"]}'))
    assert post("generate_image_prompts", {"article": "Tea is..."})["status"] == "succeeded"

    # only the image function needs the missing default: the customer is told it is unavailable,
    # the operators' log says why
    refused = post("generate_images", {"prompts": ["a lighthouse"]})
    assert refused.status_code == 503 and refused.json()["error"] == {
        "code": "ai_unavailable",
        "message": "Image generation is unavailable right now. Choose another image quality, or try again later."}
    assert "No active default image model" in caplog.text


def test_image_jobs_run_with_the_default_text_model_deactivated(post, fake_openai):
    models_set_active(models=[AIModelConfig.objects.get(model_name="gpt-5.1")], active=False)
    assert post("generate_images", {"prompts": ["a lighthouse"]})["status"] == "succeeded"
