"""/v1/chat/completions and /v1/models through the official openai SDK against a served modelbank."""

import openai
import pytest

from modelbank.credits.models import CreditAccount, CreditHold, CreditUsageLog
from tests.ai.fakes.openai_fake import chat_body, chat_stream

# A served modelbank: the live server's database is flushed after each test, which the ledger's
# append-only triggers allow on PostgreSQL only (TRUNCATE); tests/gateway/test_views.py covers
# the same views in-process on SQLite too.
pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
ASK = [{"role": "user", "content": "Say hello."}]


def balance(account) -> tuple[int, int]:
    row = CreditAccount.objects.get(account_id=account.pk)
    return row.balance, row.reserved


def test_models_lists_the_active_catalog_with_credits(gateway, openai_ready):
    models = {m.id: m for m in gateway.models.list()}
    assert "gpt-4o-mini" in models and "dall-e-3" in models
    assert "claude-3-haiku-20240307" not in models  # inactive in the catalog
    mini = models["gpt-4o-mini"].model_dump()
    assert mini["object"] == "model" and mini["owned_by"] == "openai" and mini["type"] == "text"
    assert mini["credits"] == {"tokens_per_credit": 10000}


def test_a_completion_is_charged_to_the_tokens_account_with_its_cost(gateway, openai_ready, account, token):
    openai_ready.queue(200, chat_body("Hello there.", prompt_tokens=12000, completion_tokens=8000))
    reply = gateway.chat.completions.create(model="gpt-4o-mini", messages=ASK, max_tokens=100)

    assert reply.choices[0].message.content == "Hello there."
    assert reply.choices[0].finish_reason == "stop"
    assert (reply.usage.prompt_tokens, reply.usage.completion_tokens) == (12000, 8000)
    log = CreditUsageLog.objects.get()
    assert log.operation_type == "chat_completion" and log.api_token_id == token.token.pk
    assert log.credits_used == 2 and log.cost_usd > 0  # 20,000 tokens at gpt-4o-mini's 10,000 per credit
    assert reply.model_extra["modelbank"]["credits_charged"] == 2
    assert balance(account) == (998, 0)
    sent = openai_ready.last.body
    assert sent["model"] == "gpt-4o-mini" and sent["messages"] == ASK and sent["max_tokens"] == 100


def test_a_stream_relays_the_pieces_and_its_last_chunk_carries_usage(gateway, openai_ready, account):
    openai_ready.queue(200, chat_stream(["Hel", "lo", "!"], prompt_tokens=9000, completion_tokens=11000))
    chunks = list(gateway.chat.completions.create(model="gpt-4o-mini", messages=ASK, max_tokens=50, stream=True,
                                                  stream_options={"include_usage": True}))

    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == "Hello!"
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] == "stop"
    assert chunks[-1].choices == [] and chunks[-1].usage.total_tokens == 20000
    assert all(c.usage is None for c in chunks[:-1])
    log = CreditUsageLog.objects.get()
    assert (log.input_tokens, log.output_tokens, log.credits_used) == (9000, 11000, 2)
    assert openai_ready.last.body["stream"] is True
    assert openai_ready.last.body["stream_options"] == {"include_usage": True}
    assert balance(account) == (998, 0)


def test_a_stream_without_include_usage_has_no_usage_chunk_but_is_charged(gateway, openai_ready):
    chunks = list(gateway.chat.completions.create(model="gpt-4o-mini", messages=ASK, max_tokens=50, stream=True))
    assert all(c.choices for c in chunks)
    assert CreditUsageLog.objects.get().credits_used >= 1


def test_a_dropped_stream_is_settled_on_what_was_produced(gateway, openai_ready, account):
    pieces = [f"word{i} " for i in range(200)]
    openai_ready.queue(200, chat_stream(pieces, include_usage=True, delay=0.02))
    stream = gateway.chat.completions.create(model="gpt-4o-mini", messages=ASK, max_tokens=4000, stream=True,
                                             stream_options={"include_usage": True})
    received = []
    for chunk in stream:
        received.append(chunk)
        if len(received) == 4:
            break
    stream.close()  # the client goes away mid-answer

    hold = _wait_for(lambda: CreditHold.objects.exclude(status="open").first())
    assert hold.status == "settled"
    log = CreditUsageLog.objects.get()
    assert log.usage_estimated  # the provider's usage never came: estimated from what was relayed
    assert 0 < log.output_tokens < 4000
    assert balance(account)[1] == 0  # nothing left held


def _wait_for(read, seconds: float = 10.0):
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = read()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError("timed out waiting")


@pytest.mark.parametrize(("body", "param"), [
    ({"messages": ASK}, "model"),
    ({"model": "gpt-4o-mini"}, "messages"),
    ({"model": "gpt-4o-mini", "messages": ASK, "tools": [{"type": "function"}]}, "tools"),
    ({"model": "gpt-4o-mini", "messages": ASK, "n": 2}, "n"),
    ({"model": "gpt-4o-mini", "messages": ASK, "temperature": 3}, "temperature"),
    ({"model": "gpt-4o-mini", "messages": [{"role": "robot", "content": "hi"}]}, "messages[0].role"),
    ({"model": "gpt-4o-mini", "messages": ASK, "stream_options": {"include_usage": True}}, "stream_options"),
])
def test_bad_requests_are_400_in_openais_error_shape(gateway, openai_ready, body, param):
    with pytest.raises(openai.BadRequestError) as raised:
        gateway.post("/chat/completions", body=body, cast_to=object)
    error = raised.value.body
    assert error["type"] == "invalid_request_error" and error["param"] == param and error["message"]
    assert not openai_ready.requests and not CreditHold.objects.exists()


def test_an_unknown_model_is_404(gateway, openai_ready):
    with pytest.raises(openai.NotFoundError) as raised:
        gateway.chat.completions.create(model="gpt-nonexistent", messages=ASK)
    assert raised.value.body["code"] == "model_not_found"
    assert "gpt-nonexistent" in raised.value.body["message"]


def test_an_image_model_on_the_chat_route_is_refused(gateway, openai_ready):
    with pytest.raises(openai.BadRequestError) as raised:
        gateway.chat.completions.create(model="dall-e-3", messages=ASK)
    assert "/v1/images/generations" in raised.value.body["message"]


def test_no_credits_is_402_and_the_provider_is_not_called(gateway, point_provider, fake_openai):
    point_provider("openai", fake_openai)
    with pytest.raises(openai.APIStatusError) as raised:
        gateway.chat.completions.create(model="gpt-4o-mini", messages=ASK, max_tokens=100)
    assert raised.value.status_code == 402
    assert raised.value.body["type"] == "insufficient_quota" and raised.value.body["code"] == "insufficient_credits"
    assert not fake_openai.requests


def test_a_bad_or_missing_token_is_401(live_server, openai_ready):
    client = openai.OpenAI(api_key="mb_not-a-token", base_url=f"{live_server.url}/v1", max_retries=0)
    with pytest.raises(openai.AuthenticationError) as raised:
        client.chat.completions.create(model="gpt-4o-mini", messages=ASK)
    assert raised.value.body["code"] == "invalid_api_key"


def test_a_provider_without_a_key_reads_as_unavailable_without_internals(gateway, give_credits):
    give_credits(100)
    with pytest.raises(openai.APIStatusError) as raised:
        gateway.chat.completions.create(model="gpt-4o-mini", messages=ASK, max_tokens=10)
    assert raised.value.status_code == 503
    assert "admin" not in raised.value.body["message"] and "key" not in raised.value.body["message"]


def test_a_token_limited_to_some_models_cannot_use_others(gateway, openai_ready, token):
    token.token.allowed_models = ["gpt-5.1"]
    token.token.save()
    assert [m.id for m in gateway.models.list()] == ["gpt-5.1"]
    with pytest.raises(openai.PermissionDeniedError) as raised:
        gateway.chat.completions.create(model="gpt-4o-mini", messages=ASK, max_tokens=10)
    assert raised.value.body["code"] == "model_not_allowed"


def test_an_idempotency_key_returns_the_first_answer_without_a_second_charge(gateway, openai_ready, account):
    headers = {"Idempotency-Key": "retry-me-1"}
    first = gateway.chat.completions.with_raw_response.create(model="gpt-4o-mini", messages=ASK, max_tokens=20,
                                                              extra_headers=headers)
    again = gateway.chat.completions.with_raw_response.create(model="gpt-4o-mini", messages=ASK, max_tokens=20,
                                                              extra_headers=headers)
    assert again.parse().id == first.parse().id
    assert again.headers.get("idempotent-replayed") == "true"
    assert len(openai_ready.requests) == 1 and CreditUsageLog.objects.count() == 1

    with pytest.raises(openai.UnprocessableEntityError):
        gateway.chat.completions.create(model="gpt-4o-mini", messages=ASK, max_tokens=21, extra_headers=headers)


def test_a_failed_call_frees_its_idempotency_key_for_a_real_retry(gateway, openai_ready, account):
    openai_ready.error(400, "bad", times=1)
    headers = {"Idempotency-Key": "retry-after-error"}
    with pytest.raises(openai.APIStatusError):
        gateway.chat.completions.create(model="gpt-4o-mini", messages=ASK, max_tokens=20, extra_headers=headers)
    reply = gateway.chat.completions.create(model="gpt-4o-mini", messages=ASK, max_tokens=20, extra_headers=headers)
    assert reply.choices[0].message.content
    assert CreditUsageLog.objects.count() == 1 and balance(account)[1] == 0


def test_a_streamed_call_replayed_by_its_key_streams_the_same_answer(gateway, openai_ready):
    headers = {"Idempotency-Key": "stream-key"}
    kwargs = {"model": "gpt-4o-mini", "messages": ASK, "max_tokens": 20, "stream": True,
              "stream_options": {"include_usage": True}, "extra_headers": headers}
    first = list(gateway.chat.completions.create(**kwargs))
    again = list(gateway.chat.completions.create(**kwargs))

    def text(chunks):
        return "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)

    assert text(again) == text(first) == "Hello from the fake."
    assert again[-1].usage.total_tokens == first[-1].usage.total_tokens
    assert len(openai_ready.requests) == 1 and CreditUsageLog.objects.count() == 1
