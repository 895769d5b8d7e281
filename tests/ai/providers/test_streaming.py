"""Each text adapter's native stream (`stream_text`): pieces in order, then the usage the provider
reported; the opening call's errors typed and retried like any call's; a consumer that stops
early closes the provider's answer."""

import time

import pytest

from modelbank.ai.providers import get_adapter
from modelbank.ai.providers.base import ProviderRateLimited, StreamEnd, TextDelta
from modelbank.catalog.usage import Usage
from tests.ai.fakes.anthropic_fake import message_stream
from tests.ai.fakes.google_fake import generate_stream
from tests.ai.fakes.openai_fake import chat_stream
from tests.ai.providers.helpers import assert_no_key, call_for, text_request

CASES = {
    "openai": ("gpt-4o-mini", lambda: chat_stream(["A", "b", "c"], prompt_tokens=12, completion_tokens=3),
               Usage(input_tokens=12, output_tokens=3)),
    "anthropic": ("claude-test-model", lambda: message_stream(["A", "b", "c"], input_tokens=20, output_tokens=3),
                  Usage(input_tokens=20, output_tokens=3)),
    "google": ("gemini-2.5-flash", lambda: generate_stream(["A", "b", "c"], prompt=30, candidates=3),
               Usage(input_tokens=30, output_tokens=3)),
}


@pytest.fixture
def fake(request, fake_openai, fake_anthropic, fake_google):
    return {"openai": fake_openai, "anthropic": fake_anthropic, "google": fake_google}[request.param]


@pytest.mark.parametrize("fake", list(CASES), indirect=True)
def test_pieces_then_the_reported_usage(fake):
    model, stream, usage = CASES[fake.name]
    fake.queue(200, stream())
    events = list(get_adapter(fake.name).stream_text(text_request(model), call_for(fake)))
    assert [e.text for e in events if isinstance(e, TextDelta)] == ["A", "b", "c"]
    assert isinstance(events[-1], StreamEnd) and events[-1].usage == usage
    assert _eventually(lambda: fake.streams_completed == 1)  # counted once the server wrote its last frame


@pytest.mark.parametrize("fake", list(CASES), indirect=True)
def test_a_rate_limited_opening_is_retried_then_typed(fake, retry_sleeps):
    model, _, _ = CASES[fake.name]
    fake.error(429, "slow down", times=3)
    with pytest.raises(ProviderRateLimited) as raised:
        get_adapter(fake.name).stream_text(text_request(model), call_for(fake, max_retries=2))
    assert len(retry_sleeps) == 2
    assert_no_key(raised.value)


@pytest.mark.parametrize("fake", list(CASES), indirect=True)
def test_stopping_early_closes_the_providers_answer(fake):
    model, _, _ = CASES[fake.name]
    builder = {"openai": chat_stream, "anthropic": message_stream, "google": generate_stream}[fake.name]
    fake.queue(200, builder([f"w{i} " for i in range(300)], delay=0.01))
    events = get_adapter(fake.name).stream_text(text_request(model), call_for(fake))
    assert isinstance(next(iter(events)), TextDelta)
    events.close()
    assert _eventually(lambda: fake.streams_dropped == 1) and fake.streams_completed == 0


def _eventually(condition, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.02)
    return True
