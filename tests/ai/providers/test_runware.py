from decimal import Decimal

import pytest

from modelbank.ai.providers import get_adapter
from modelbank.ai.providers.base import (
    ProviderAuthError,
    ProviderBadResponse,
    ProviderContentRefused,
    ProviderInvalidRequest,
    ProviderNotSupported,
    ProviderUnavailable,
)
from modelbank.catalog.usage import Usage
from tests.ai.fakes.server import IMAGE_B64
from tests.ai.providers.helpers import API_KEY, assert_no_key, call_for, image_request, text_request

adapter = get_adapter("runware")
MODEL = "runware:97@1"


def test_success_reports_images_and_provider_cost_as_decimal(fake_runware):
    fake_runware.cost = "0.0013"

    result = adapter.generate_image(image_request(MODEL, size="1280x768", n=2), call_for(fake_runware))

    assert len(result.images) == 2 and result.images[0].url.startswith(f"{fake_runware.url}/images/")
    assert result.usage == Usage(image_count=2, provider_cost_usd=Decimal("0.0026"))
    assert isinstance(result.usage.provider_cost_usd, Decimal)
    sent = fake_runware.last
    assert sent.path == "/v1" and sent.headers["authorization"] == f"Bearer {API_KEY}"
    [task] = sent.body
    assert task["taskType"] == "imageInference" and task["taskUUID"] == result.provider_request_id
    assert {k: task[k] for k in ("positivePrompt", "model", "width", "height", "numberResults", "includeCost",
                                 "outputType")} == {
        "positivePrompt": "A lighthouse at dusk", "model": MODEL, "width": 1280, "height": 768,
        "numberResults": 2, "includeCost": True, "outputType": "URL"}


def test_base64_is_asked_as_output_type_base64data(fake_runware):
    result = adapter.generate_image(image_request(MODEL, response_format="b64_json"), call_for(fake_runware))
    assert fake_runware.last.body[0]["outputType"] == "base64Data"
    assert result.images[0].b64_json == IMAGE_B64 and not result.images[0].url
    assert adapter.image_formats(MODEL) == ("url", "b64_json")


def test_cost_is_not_rounded_through_float(fake_runware):
    fake_runware.cost = "0.10000000000000000555"
    result = adapter.generate_image(image_request(MODEL), call_for(fake_runware))
    assert result.usage.provider_cost_usd == Decimal("0.10000000000000000555")


def test_429_with_retry_after_is_retried(fake_runware, retry_sleeps):
    fake_runware.error(429, "Too many requests", headers={"Retry-After": "2"})
    result = adapter.generate_image(image_request(MODEL), call_for(fake_runware))
    assert result.images and len(fake_runware.requests) == 2
    assert 2 <= retry_sleeps[0] <= 30


def test_5xx_exhausted_is_unavailable(fake_runware, retry_sleeps):
    fake_runware.error(502, "Bad gateway", times=3)
    with pytest.raises(ProviderUnavailable):
        adapter.generate_image(image_request(MODEL), call_for(fake_runware, max_retries=2))
    assert len(fake_runware.requests) == 3


@pytest.mark.parametrize("status", [401, 200])
def test_bad_key_is_auth_error_without_the_key(fake_runware, status):
    fake_runware.error(status, f"Invalid API key: {API_KEY}", code="invalidApiKey")
    with pytest.raises(ProviderAuthError) as caught:
        adapter.generate_image(image_request(MODEL), call_for(fake_runware))
    assert "Runware rejected the API key" in caught.value.message
    assert_no_key(caught.value)


def test_400_is_invalid_request(fake_runware):
    fake_runware.error(400, "Invalid value for width", code="invalidWidth")
    with pytest.raises(ProviderInvalidRequest) as caught:
        adapter.generate_image(image_request(MODEL), call_for(fake_runware))
    assert "Invalid value for width" in caught.value.message


def test_moderation_error_is_content_refused(fake_runware):
    fake_runware.error(400, "The prompt was flagged by content moderation", code="contentModerationFailed")
    with pytest.raises(ProviderContentRefused):
        adapter.generate_image(image_request(MODEL), call_for(fake_runware))


def test_timeout_is_unavailable(fake_runware):
    fake_runware.queue(200, delay=2)
    with pytest.raises(ProviderUnavailable) as caught:
        adapter.generate_image(image_request(MODEL), call_for(fake_runware, timeout=0.2, max_retries=0))
    assert "did not answer in time" in caught.value.message


@pytest.mark.parametrize("body", ["{not json", '{"data": "nope"}', '{"data": []}'])
def test_malformed_body_is_a_clear_error(fake_runware, body):
    fake_runware.queue(200, body)
    with pytest.raises(ProviderBadResponse):
        adapter.generate_image(image_request(MODEL), call_for(fake_runware))
    assert len(fake_runware.requests) == 1


def test_text_is_not_supported(fake_runware):
    with pytest.raises(ProviderNotSupported):
        adapter.generate_text(text_request(), call_for(fake_runware))
    assert fake_runware.requests == []


def test_account_options_become_task_fields(fake_runware):
    options = {"negativePrompt": "blurry, text", "steps": 30, "CFGScale": 7.5, "outputFormat": "WEBP"}
    adapter.generate_image(image_request(MODEL), call_for(fake_runware, options=options))
    [task] = fake_runware.last.body
    assert options.items() <= task.items()
    assert fake_runware.refusals == []


@pytest.mark.parametrize(("model", "size", "says"), [
    (MODEL, "1000x768", "'width' parameter. It must be a multiple of 64"),
    (MODEL, "4096x1024", "'width' parameter"),
    ("google:4@2", "1280x768", "Invalid dimensions 1280x768 for model google:4@2"),
    ("runware-flux-1.1-pro", "1024x1024", "is not an AIR identifier"),
])
def test_runware_refuses_sizes_and_models_it_does_not_take(fake_runware, model, size, says):
    with pytest.raises(ProviderInvalidRequest, match=says):
        adapter.generate_image(image_request(model, size=size), call_for(fake_runware))
    assert len(fake_runware.refusals) == 1


def test_a_fixed_size_model_takes_its_listed_size(fake_runware):
    assert adapter.generate_image(image_request("google:4@2", size="1376x768"), call_for(fake_runware)).images
