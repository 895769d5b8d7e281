import pytest

from modelbank.catalog.models import AIModelConfig


@pytest.mark.django_db
def test_anonymous_request_is_401(client):
    response = client.get("/api/v1/system/ai-models/")
    assert response.status_code == 401


def test_seeded_response_matches_seed_000(api_client):
    response = api_client.get("/api/v1/system/ai-models/")
    assert response.status_code == 200
    body = response.json()
    assert [m["model_name"] for m in body["text_models"]] == ["gpt-5.1", "gpt-4o-mini"]
    assert body["text_models"][0] == {
        "id": AIModelConfig.objects.get(model_name="gpt-5.1").pk, "model_name": "gpt-5.1", "display_name": "GPT-5.1 Premium", "is_default": True,
        "tokens_per_credit": 1000, "max_output_tokens": 8192, "supports_json_mode": True,
        "available": False,  # the seeded providers have no key yet
    }
    assert body["text_models"][1]["max_output_tokens"] == 16000
    assert [(m["model_name"], m["quality_tier"], m["credits_per_image"], m["valid_sizes"], m["is_default"])
            for m in body["image_models"]] == [
        ("runware:97@1", "basic", 1, ["1024x1024", "1280x768"], False),
        ("dall-e-3", "quality", 5, ["1024x1024", "1792x1024"], True),
        ("google:4@2", "premium", 15, ["1024x1024", "1376x768"], False),
    ]
    assert body["image_settings"] == {"style": "photorealistic", "max_in_article_images": 4, "quality": "hd"}


def test_etag_gives_304_when_unchanged(api_client):
    first = api_client.get("/api/v1/system/ai-models/")
    again = api_client.get("/api/v1/system/ai-models/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_a_model_is_available_only_while_its_provider_is_active_and_has_a_key(api_client):
    from modelbank.catalog.models import IntegrationProvider
    from modelbank.catalog.services import provider_set_secret

    def available() -> dict[str, bool]:
        body = api_client.get("/api/v1/system/ai-models/").json()
        return {m["model_name"]: m["available"] for m in body["text_models"] + body["image_models"]}

    provider_set_secret(provider_id="openai", field="api_key", value="sk-test-0000")
    assert available() == {"gpt-5.1": True, "gpt-4o-mini": True, "dall-e-3": True,
                           "runware:97@1": False, "google:4@2": False}
    openai = IntegrationProvider.objects.get(pk="openai")
    openai.is_active = False
    openai.save()
    assert not any(available().values())
