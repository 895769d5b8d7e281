"""The four AI functions as jobs through the API, against the local OpenAI fake and the real
ledger and settings resolver (eager runner: the job runs when the request commits)."""

import json

import pytest
from django.test import override_settings

from modelbank.ai.models import AIJob
from tests.ai.engine.conftest import ledger_state
from tests.ai.fakes.openai_fake import chat_body

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("openai_fake_aimed")]
URL = "/api/v1/ai/jobs/"


@pytest.fixture
def openai_fake_aimed(point_provider, fake_openai):
    point_provider("openai", fake_openai)


@pytest.fixture
def post(api_client, django_capture_on_commit_callbacks):
    @override_settings(MODELBANK_JOB_RUNNER="eager")
    def post(function, input, status=202):
        with django_capture_on_commit_callbacks(execute=True):
            response = api_client.post(URL, {"function": function, "input": input}, format="json")
        assert response.status_code == status, response.json()
        if status != 202:
            return response.json()
        return api_client.get(f"{URL}{response.json()['id']}/").json()

    return post


def test_generate_content_writes_an_article_and_charges_it(post, give_credits, account, fake_openai):
    give_credits(100)
    fake_openai.queue(body=chat_body("# Title\n\nBody", prompt_tokens=300, completion_tokens=1900))
    job = post("generate_content", {"brief": "Why tea", "keywords": ["green tea", "oolong"]})
    assert (job["status"], job["progress"], job["result"]["content"]) == ("succeeded", 100, "# Title\n\nBody")
    sent = fake_openai.last.body
    assert sent["model"] == "gpt-5.1" and "green tea, oolong" in sent["messages"][1]["content"]
    (log,) = ledger_state(account)["logs"]
    assert (log.operation_type, log.credits_used, job["credits_charged"]) == ("content_generation", 3, 3)
    assert job["cost_usd"] == f"{log.cost_usd:.8f}"


def test_generate_image_prompts_validates_json_and_uses_its_operation(post, give_credits, account, fake_openai):
    give_credits(100)
    fake_openai.queue(body=chat_body(json.dumps({"prompts": ["a", "b", "c"]})))
    job = post("generate_image_prompts", {"article": "A long article", "max_prompts": 2})
    assert job["result"]["prompts"] == ["a", "b"]
    assert fake_openai.last.body["response_format"] == {"type": "json_object"}
    (log,) = ledger_state(account)["logs"]
    assert (log.operation_type, log.credits_used) == ("image_prompt_extraction", 2)  # its min_credits


def test_invalid_json_fails_the_job_and_releases_the_hold(post, give_credits, account, fake_openai):
    give_credits(100)
    fake_openai.queue(body=chat_body('{"clusters": [{"name": "no keywords"}]}'))
    job = post("auto_cluster", {"keywords": ["red shoes", "blue shoes"]})
    assert job["status"] == "failed" and job["error"]["code"] == "ai_output_invalid"
    assert "keywords" in job["error"]["message"] and job["credits_charged"] == 0
    state = ledger_state(account)
    assert (state["balance"], state["reserved"], state["open_holds"], state["logs"]) == (100, 0, 0, [])


def test_auto_cluster_returns_named_clusters(post, give_credits, fake_openai):
    give_credits(100)
    answer = {"clusters": [{"name": "Shoes", "keywords": ["red shoes", "blue shoes"]}, {"name": "Hats", "keywords": ["hats"]}]}
    fake_openai.queue(body=chat_body(json.dumps(answer)))
    job = post("auto_cluster", {"keywords": ["red shoes", "blue shoes", "hats", "socks"]})
    assert job["result"]["clusters"] == answer["clusters"] and job["result"]["unclustered"] == ["socks"]


def test_generate_images_charges_per_image_up_to_the_limit(post, give_credits, account, fake_openai):
    give_credits(100)
    job = post("generate_images", {"prompts": [f"p{i}" for i in range(6)]})  # the platform allows 4
    assert job["status"] == "succeeded" and len(job["result"]["images"]) == 4
    assert [r.body["model"] for r in fake_openai.requests] == ["dall-e-3"] * 4
    assert job["credits_charged"] == 20 and job["cost_usd"] == "0.16000000"
    assert [log.credits_used for log in ledger_state(account)["logs"]] == [5, 5, 5, 5]


def test_images_the_account_cannot_afford_are_402_at_post(post, give_credits, fake_openai):
    give_credits(14)
    body = post("generate_images", {"prompts": ["a", "b", "c"]}, status=402)
    assert body["error"] == {"code": "insufficient_credits", "message": body["error"]["message"],
                             "needed": 15, "available": 14}
    assert fake_openai.requests == [] and not AIJob.objects.exists()


def test_text_the_account_cannot_afford_is_402_at_post(post, fake_openai):
    body = post("generate_content", {"brief": "Why tea"}, status=402)
    assert body["error"]["code"] == "insufficient_credits" and fake_openai.requests == []


def test_a_failure_mid_job_keeps_what_was_charged_and_releases_the_rest(post, give_credits, account, fake_openai):
    give_credits(100)
    fake_openai.queue(path="/images/generations")  # the first image succeeds
    fake_openai.error(400, "Your prompt was rejected", path="/images/generations")
    job = post("generate_images", {"prompts": ["ok", "rejected"]})
    assert job["status"] == "failed" and job["error"]["code"].startswith("provider_")
    assert job["credits_charged"] == 5 and job["progress"] == 50
    # the image that was made and paid for is still returned
    assert [image["prompt"] for image in job["result"]["images"]] == ["ok"]
    assert job["result"]["credits"] == 5
    state = ledger_state(account)
    assert (state["balance"], state["reserved"], state["open_holds"]) == (95, 0, 0)


def test_credits_spent_before_the_job_runs_fail_it_with_insufficient_credits(
    api_client, give_credits, account, fake_openai, django_capture_on_commit_callbacks
):
    from modelbank.ai.engine import AIEngine
    from modelbank.credits.services import credit_deduct

    give_credits(10)
    with override_settings(MODELBANK_JOB_RUNNER="eager"), django_capture_on_commit_callbacks(execute=False):
        job_id = api_client.post(URL, {"function": "generate_images", "input": {"prompts": ["a"]}}, format="json").json()["id"]
    credit_deduct(account=account, credits=8, operation_type="image_generation", idempotency_key="spent")
    job = AIEngine.execute(job_id)
    assert job.error["code"] == "insufficient_credits" and fake_openai.requests == []
