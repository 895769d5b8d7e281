import pytest

from modelbank.ai.providers import get_adapter
from modelbank.ai.providers.base import (
    ProviderAuthError,
    ProviderBadResponse,
    ProviderContentRefused,
    ProviderError,
    ProviderInvalidRequest,
    ProviderNotSupported,
    ProviderUnavailable,
)
from modelbank.ai.providers.bria import aspect_ratio
from modelbank.catalog.parameters import ModelParameters
from modelbank.catalog.usage import Usage
from tests.ai.fakes.bria_fake import status_body
from tests.ai.providers.helpers import API_KEY, assert_no_key, call_for, image_request, text_request

adapter = get_adapter("bria")
MODEL = "bria-2.3"
FAST_POLL = {"poll_interval": 0.5, "poll_timeout": 10}


def test_submit_then_poll_until_completed(fake_bria):
    fake_bria.in_progress(times=2)

    result = adapter.generate_image(image_request(MODEL, size="1792x1024"), call_for(fake_bria, config=FAST_POLL))

    assert [image.url for image in result.images] == [f"https://bria.test/{result.provider_request_id}.png"]
    assert result.usage == Usage(image_count=1)
    submit, *polls = fake_bria.requests
    assert submit.method == "POST" and submit.path == "/v2/image/generate"
    assert submit.headers["api_token"] == API_KEY
    # no model_version: the catalog names none for bria-2.3, and v2 refuses the v1 version "2.3"
    assert submit.body == {"prompt": "A lighthouse at dusk", "num_results": 1, "aspect_ratio": "16:9",
                           "sync": False}
    assert [p.path for p in polls] == [f"/v2/status/{result.provider_request_id}"] * 3
    assert all(p.headers["api_token"] == API_KEY for p in polls)
    assert fake_bria.poll_sleeps == [0.5, 0.5]


def test_polling_has_a_deadline(fake_bria):
    fake_bria.in_progress(times=50)
    with pytest.raises(ProviderUnavailable) as caught:
        adapter.generate_image(image_request(MODEL), call_for(fake_bria, config={"poll_interval": 1, "poll_timeout": 3}))
    assert "did not finish the image within 3 s" in caught.value.message
    assert len(fake_bria.requests) <= 1 + 4


def test_a_foreign_status_url_is_not_followed(fake_bria):
    fake_bria.queue(202, {"request_id": "abc", "status_url": "https://elsewhere.test/v2/status/abc"}, method="POST")
    adapter.generate_image(image_request(MODEL), call_for(fake_bria))
    assert fake_bria.last.path == "/v2/status/abc"


def test_429_with_retry_after_is_retried(fake_bria, retry_sleeps):
    fake_bria.error(429, "Too many requests", headers={"Retry-After": "5"}, method="POST")
    result = adapter.generate_image(image_request(MODEL), call_for(fake_bria))
    assert result.images
    assert 5 <= retry_sleeps[0] <= 30


def test_5xx_exhausted_while_polling_is_unavailable(fake_bria, retry_sleeps):
    fake_bria.error(503, "unavailable", path="/v2/status/", times=3)
    with pytest.raises(ProviderUnavailable):
        adapter.generate_image(image_request(MODEL), call_for(fake_bria, max_retries=2))
    assert len(retry_sleeps) == 2


def test_401_is_auth_error_without_the_key(fake_bria):
    fake_bria.error(401, f"invalid api_token {API_KEY}")
    with pytest.raises(ProviderAuthError) as caught:
        adapter.generate_image(image_request(MODEL), call_for(fake_bria))
    assert_no_key(caught.value)
    assert len(fake_bria.requests) == 1


def test_timeout_is_unavailable(fake_bria):
    fake_bria.queue(202, delay=2, method="POST")
    with pytest.raises(ProviderUnavailable):
        adapter.generate_image(image_request(MODEL), call_for(fake_bria, timeout=0.2, max_retries=0))


def test_malformed_body_is_a_clear_error(fake_bria):
    fake_bria.queue(200, "not json at all", path="/v2/status/")
    with pytest.raises(ProviderBadResponse):
        adapter.generate_image(image_request(MODEL), call_for(fake_bria))


@pytest.mark.parametrize("where", ["submit", "job"])
def test_moderation_is_content_refused(fake_bria, where):
    if where == "submit":
        fake_bria.error(422, "Prompt failed content moderation", code="422", method="POST")
    else:
        fake_bria.queue(200, status_body("ERROR", error={"code": 422, "message": "NSFW content detected"}),
                        path="/v2/status/")
    with pytest.raises(ProviderContentRefused):
        adapter.generate_image(image_request(MODEL), call_for(fake_bria))


def test_job_error_is_a_provider_error(fake_bria):
    fake_bria.queue(200, status_body("ERROR", error={"code": 500, "message": "Generation failed"}),
                    path="/v2/status/")
    with pytest.raises(ProviderError, match="Bria could not generate the image: Generation failed"):
        adapter.generate_image(image_request(MODEL), call_for(fake_bria))


def test_text_is_not_supported():
    with pytest.raises(ProviderNotSupported):
        adapter.generate_text(text_request(), call_for(type("F", (), {"endpoint": ""})()))


@pytest.mark.parametrize(("size", "ratio"), [("1024x1024", "1:1"), ("1792x1024", "16:9"), ("768x1344", "9:16"),
                                             ("1280x1024", "5:4")])
def test_aspect_ratio(size, ratio):
    assert aspect_ratio(size) == ratio


def test_the_catalog_names_the_model_version(fake_bria):
    request = image_request(MODEL, parameters=ModelParameters({"model_version": "FIBO"}))
    adapter.generate_image(request, call_for(fake_bria))
    assert fake_bria.requests[0].body["model_version"] == "FIBO"


def test_v2_refuses_a_v1_model_version(fake_bria):
    # what the adapter sent before: the catalog name without its "bria-" prefix
    with pytest.raises(ProviderInvalidRequest, match="Bria rejected the request \\(422\\).*'FIBO'"):
        adapter.generate_image(image_request(MODEL, parameters=ModelParameters({"model_version": "2.3"})),
                               call_for(fake_bria))
    assert [r.param for r in fake_bria.refusals] == ["model_version"]


def test_account_options_go_into_the_body(fake_bria):
    options = {"negative_prompt": "text, watermark", "seed": 7, "resolution": "4MP", "prompt_content_moderation": True}
    adapter.generate_image(image_request(MODEL), call_for(fake_bria, options=options))
    assert options.items() <= fake_bria.requests[0].body.items()
    assert fake_bria.refusals == []


@pytest.mark.parametrize(("field", "value"), [("aspect_ratio", "7:3"), ("num_results", 5), ("resolution", "8MP"),
                                              ("steps", 30)])
def test_the_fake_refuses_what_bria_refuses(fake_bria, field, value):
    from modelbank.ai.providers.bria import _body

    body = {**_body(image_request(MODEL), {}), field: value}
    with pytest.raises(ProviderInvalidRequest):
        adapter_send(fake_bria, body)
    assert fake_bria.refusals[0].param == field


def adapter_send(fake, body):
    from modelbank.ai.providers.bria import _send

    return _send(call_for(fake, max_retries=0), "POST", f"{fake.url}/v2/image/generate", body=body)
