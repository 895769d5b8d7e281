"""The gateway's views in-process (Django's test client), so the SQLite pass covers them too; the
served, SDK-driven tests are test_chat.py and test_routes.py."""

import base64
import json

import pytest
from django.test import Client

from modelbank.credits.models import CreditAccount, CreditHold, CreditUsageLog
from modelbank.gateway.models import GatewayResponse
from tests.ai.fakes.openai_fake import chat_body, image_body
from tests.ai.fakes.server import IMAGE_PNG
from tests.gateway.conftest import activate

pytestmark = pytest.mark.django_db
ASK = [{"role": "user", "content": "Say hello."}]


@pytest.fixture
def call(token):
    client = Client()

    def post(path: str, body, **headers):
        return client.post(f"/v1/{path}", data=json.dumps(body) if not isinstance(body, bytes) else body,
                           content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {token.raw}",
                           **{f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()})

    return post


def test_a_completion_in_process(call, openai_ready, account):
    openai_ready.queue(200, chat_body("Hi.", prompt_tokens=6000, completion_tokens=4000))
    response = call("chat/completions", {"model": "gpt-4o-mini", "messages": ASK, "max_completion_tokens": 30})
    assert response.status_code == 200
    body = response.json()
    assert body["object"] == "chat.completion" and body["choices"][0]["message"]["content"] == "Hi."
    assert body["usage"]["total_tokens"] == 10000 and body["modelbank"]["credits_charged"] == 1
    assert CreditAccount.objects.get(account=account).balance == 999


def test_a_stream_in_process(call, openai_ready):
    response = call("chat/completions", {"model": "gpt-4o-mini", "messages": ASK, "max_tokens": 30, "stream": True,
                                         "stream_options": {"include_usage": True}})
    assert response.status_code == 200 and response["Content-Type"] == "text/event-stream"
    events = b"".join(response.streaming_content).decode().split("\n\n")
    assert events[-2] == "data: [DONE]"
    chunks = [json.loads(e.removeprefix("data: ")) for e in events[:-2]]
    assert "".join(c["choices"][0]["delta"].get("content", "") for c in chunks if c["choices"]) == \
        "Hello from the fake."
    assert chunks[-1]["usage"]["total_tokens"] > 0
    assert CreditUsageLog.objects.count() == 1


@pytest.mark.parametrize(("body", "status", "code"), [
    (b"{not json", 400, "invalid_json"),
    ([1, 2], 400, "invalid_json"),
    ({"model": "gpt-4o-mini", "messages": [{"role": "user", "content": [{"type": "image_url"}]}]}, 400,
     "unsupported_content"),
    ({"model": "no-such-model", "messages": ASK}, 404, "model_not_found"),
])
def test_refusals_in_openais_shape(call, openai_ready, body, status, code):
    response = call("chat/completions", body)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == code and error["message"] and "type" in error
    assert not openai_ready.requests


def test_no_token_is_401_and_unknown_routes_are_404(client):
    response = client.post("/v1/chat/completions", data="{}", content_type="application/json")
    assert response.status_code == 401 and response.json()["error"]["code"] == "missing_api_key"
    assert client.get("/v1/embeddings").status_code == 404


def test_a_key_reused_for_another_request_is_422_and_a_replay_is_free(call, openai_ready, account):
    first = call("chat/completions", {"model": "gpt-4o-mini", "messages": ASK, "max_tokens": 5}, **{"Idempotency-Key": "k1"})
    again = call("chat/completions", {"model": "gpt-4o-mini", "messages": ASK, "max_tokens": 5}, **{"Idempotency-Key": "k1"})
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    other = call("chat/completions", {"model": "gpt-4o-mini", "messages": ASK, "max_tokens": 6}, **{"Idempotency-Key": "k1"})
    assert other.status_code == 422 and other.json()["error"]["code"] == "idempotency_key_reused"
    assert len(openai_ready.requests) == 1 and GatewayResponse.objects.count() == 1


def test_images_in_process(call, openai_ready):
    response = call("images/generations", {"model": "dall-e-3", "prompt": "A lighthouse", "size": "1024x1024"})
    assert response.status_code == 200 and response.json()["data"][0]["url"]
    missing = call("images/generations", {"model": "dall-e-3"})
    assert missing.status_code == 400 and missing.json()["error"]["param"] == "prompt"


def test_a_key_past_its_time_to_live_is_new_again_and_old_answers_expire(call, openai_ready, settings):
    from datetime import timedelta

    from django.utils import timezone

    from modelbank.gateway.idempotency import expire_keys

    body = {"model": "gpt-4o-mini", "messages": ASK, "max_tokens": 5}
    call("chat/completions", body, **{"Idempotency-Key": "old"})
    GatewayResponse.objects.update(created_at=timezone.now() - timedelta(seconds=settings.MODELBANK_IDEMPOTENCY_TTL_SECONDS + 5))
    again = call("chat/completions", body, **{"Idempotency-Key": "old"})
    assert again.status_code == 200 and not again.has_header("Idempotent-Replayed")
    assert len(openai_ready.requests) == 2
    GatewayResponse.objects.update(created_at=timezone.now() - timedelta(days=2))
    assert expire_keys() == 1 and not GatewayResponse.objects.exists()


# response_format, as OpenAI answers it: each image as a `url` or a `b64_json`.
LIGHTHOUSE = {"model": "dall-e-3", "prompt": "A lighthouse", "size": "1024x1024"}


def _held_and_charged(account) -> tuple[int, int, int]:
    credits = CreditAccount.objects.get(account=account)
    return credits.balance, credits.reserved, CreditUsageLog.objects.count()


def test_b64_json_is_asked_of_dall_e_and_charged_once(call, openai_ready, account):
    response = call("images/generations", {**LIGHTHOUSE, "response_format": "b64_json"})
    assert response.status_code == 200
    [image] = response.json()["data"]
    assert base64.b64decode(image["b64_json"]) == IMAGE_PNG and "url" not in image
    assert openai_ready.last.body["response_format"] == "b64_json"
    assert _held_and_charged(account) == (995, 0, 1)  # dall-e-3: 5 credits an image


def test_an_image_given_as_a_url_is_fetched_when_b64_json_is_asked(call, openai_ready, account):
    # an OpenAI-compatible server that ignores response_format and answers with a URL
    openai_ready.queue(200, image_body(model="dall-e-3", url=openai_ready.image_url("lighthouse")))
    response = call("images/generations", {**LIGHTHOUSE, "response_format": "b64_json"})
    assert response.status_code == 200
    [image] = response.json()["data"]
    assert base64.b64decode(image["b64_json"]) == IMAGE_PNG and "url" not in image
    assert image["revised_prompt"] == "A revised prompt"
    fetched = openai_ready.last
    assert (fetched.method, fetched.path) == ("GET", "/images/lighthouse.png")
    assert "authorization" not in fetched.headers  # the provider's key goes to the provider only
    assert _held_and_charged(account) == (995, 0, 1)


@pytest.mark.parametrize(("url", "serve", "says"), [
    ("{fake}/images/gone.png", {"status": 404}, "the image host answered HTTP 404"),
    ("{fake}/images/big.png", {"body": b"x" * 64}, "larger than"),
    ("file:///etc/passwd", {}, "not given an http(s) URL"),
])
def test_an_image_that_cannot_be_fetched_is_a_502_and_not_charged(call, openai_ready, account, monkeypatch, url,
                                                                   serve, says):
    from modelbank.ai import images

    monkeypatch.setattr(images, "MAX_IMAGE_BYTES", 32)
    openai_ready.queue(200, image_body(model="dall-e-3", url=url.format(fake=openai_ready.url)))
    if serve:
        openai_ready.queue(path=url.removeprefix("{fake}"), **serve)
    response = call("images/generations", {**LIGHTHOUSE, "response_format": "b64_json"})
    assert response.status_code == 502
    error = response.json()["error"]
    assert error["code"] == "image_fetch_failed" and error["type"] == "api_error"
    assert says in error["message"] and "Nothing was charged" in error["message"]
    assert "/images/" not in error["message"] and "passwd" not in error["message"]
    assert _held_and_charged(account) == (1000, 0, 0)  # the hold was released
    assert CreditHold.objects.get().status == "released"


def test_url_from_a_model_that_returns_b64_json_only_is_refused_before_anything_is_held(call, openai_ready, account):
    activate("gpt-image-1")
    response = call("images/generations", {"model": "gpt-image-1", "prompt": "A lighthouse", "response_format": "url"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["param"] == "response_format" and error["type"] == "invalid_request_error"
    assert "returns images as b64_json only" in error["message"]
    assert not openai_ready.requests and not CreditHold.objects.exists()
    assert _held_and_charged(account) == (1000, 0, 0)


def test_without_response_format_each_model_answers_its_default(call, openai_ready):
    activate("gpt-image-1")
    dall_e = call("images/generations", LIGHTHOUSE).json()["data"][0]
    assert dall_e["url"] == openai_ready.image_url() and "b64_json" not in dall_e  # OpenAI's default: url
    gpt_image = call("images/generations", {"model": "gpt-image-1", "prompt": "A lighthouse"}).json()["data"][0]
    assert base64.b64decode(gpt_image["b64_json"]) == IMAGE_PNG and "url" not in gpt_image
    assert all("response_format" not in r.body for r in openai_ready.requests)
    assert openai_ready.refusals == []
