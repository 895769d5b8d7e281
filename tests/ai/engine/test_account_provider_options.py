"""An account's provider override (PUT /integrations/<provider>/) reaches the provider: what the
adapter applies changes the request the fake receives; anything else is a 400 and is not stored."""

import json

import pytest
from django.test import override_settings

from modelbank.catalog.models import AIModelConfig
from modelbank.preferences.models import IntegrationSettings
from tests.ai.fakes.openai_fake import chat_body

pytestmark = pytest.mark.django_db
SETTINGS = "/api/v1/system/settings/integrations"


@pytest.fixture
def run_job(api_client, django_capture_on_commit_callbacks):
    @override_settings(MODELBANK_JOB_RUNNER="eager")
    def run(function: str, data: dict) -> dict:
        with django_capture_on_commit_callbacks(execute=True):
            response = api_client.post("/api/v1/ai/jobs/", {"function": function, "input": data}, format="json")
        assert response.status_code == 202, response.json()
        return api_client.get(f"/api/v1/ai/jobs/{response.json()['id']}/").json()

    return run


def test_an_accepted_override_changes_the_request_openai_receives(api_client, run_job, point_provider, fake_openai,
                                                                   give_credits):
    point_provider("openai", fake_openai)
    give_credits(100)
    response = api_client.put(f"{SETTINGS}/openai/", {"safety_identifier": "acct-9c1e", "reasoning_effort": "low"},
                              format="json")
    assert response.status_code == 200, response.json()

    fake_openai.queue(body=chat_body("# Tea"))
    job = run_job("generate_content", {"brief": "Why tea"})

    assert job["status"] == "succeeded"
    sent = fake_openai.last.body
    assert (sent["model"], sent["reasoning_effort"], sent["safety_identifier"]) == ("gpt-5.1", "low", "acct-9c1e")
    assert fake_openai.refusals == []


def test_the_override_reaches_image_calls_where_the_model_takes_it(api_client, run_job, point_provider, fake_runware,
                                                                    give_credits):
    point_provider("runware", fake_runware)
    give_credits(100)
    api_client.put(f"{SETTINGS}/image_generation/", {"model": AIModelConfig.objects.get(model_name="runware:97@1").pk}, format="json")
    assert api_client.put(f"{SETTINGS}/runware/", {"negativePrompt": "text, watermark", "steps": 28},
                          format="json").status_code == 200

    job = run_job("generate_images", {"prompts": ["a teapot"]})

    assert job["status"] == "succeeded", job
    [task] = fake_runware.last.body
    assert (task["negativePrompt"], task["steps"]) == ("text, watermark", 28)


def test_an_unknown_provider_field_is_a_clear_400_and_nothing_is_stored(api_client):
    response = api_client.put(f"{SETTINGS}/openai/", {"organization": "acme", "safety_identifier": "x"},
                              format="json")

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["message"] == ("organization: unknown field. Provider 'openai' takes: safety_identifier, "
                                "reasoning_effort, moderation.")
    assert error["accepted_fields"] == ["safety_identifier", "reasoning_effort", "moderation"]
    assert not IntegrationSettings.objects.exists()


def test_a_provider_without_an_adapter_takes_no_field(api_client):
    response = api_client.put(f"{SETTINGS}/resend/", {"region": "eu"}, format="json")
    assert response.status_code == 400 and "takes: no parameters" in response.json()["error"]["message"]
    assert api_client.put(f"{SETTINGS}/resend/", {}, format="json").status_code == 200


def test_a_secret_in_a_provider_override_is_stripped_not_refused(api_client):
    response = api_client.put(f"{SETTINGS}/anthropic/", {"user_id": "acct-1", "api_key": "sk-ant-0123456789abcdef"},
                              format="json")
    assert response.status_code == 200 and response.json()["ignored_fields"] == ["api_key"]
    stored = IntegrationSettings.objects.get(integration_type="anthropic").config
    assert stored == {"user_id": "acct-1"} and "sk-ant" not in json.dumps(stored)


def test_a_row_stored_before_the_checks_sends_only_what_the_provider_takes(account):
    from django.core import checks

    from modelbank.preferences.resolution import provider_options

    # given a free-form row saved when any field was accepted
    IntegrationSettings.objects.create(account=account, integration_type="openai", config={
        "organization": "acme", "safety_identifier": "acct-1", "reasoning_effort": 5})
    # then calls get only the valid fields the adapter applies, and `check` names the rest
    assert provider_options(account=account, provider_id="openai") == {"safety_identifier": "acct-1"}
    [warning] = [m for m in checks.run_checks() if m.id == "preferences.W003"]
    assert "organization, reasoning_effort" in warning.msg
