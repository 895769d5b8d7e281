"""A real job through the real SDK, with every logger at DEBUG: the provider key appears in
no log line, and is sent only in the provider's auth header."""

import logging
from decimal import Decimal

import pytest

from modelbank.ai.core import AICore
from modelbank.catalog.models import AIModelConfig
from tests.ai.fakes.openai_fake import chat_body

pytestmark = pytest.mark.django_db
KEY = "sk-LOGCHECK-abcdefghijklmnop-9876"


def test_key_never_logged_even_at_debug(account, owner, give_credits, point_provider, fake_openai, caplog):
    caplog.set_level(logging.DEBUG)
    point_provider("openai", fake_openai, key=KEY)
    give_credits(50)
    fake_openai.queue(body=chat_body("Hi", prompt_tokens=10, completion_tokens=5))
    fake_openai.error(401, "Incorrect API key provided: sk-LOGC*****9876")
    model = AIModelConfig.objects.get(model_name="gpt-5.1")
    call = {"model": model, "messages": [{"role": "user", "content": "hello"}], "max_tokens": 100,
            "temperature": Decimal("0.5"), "json_mode": False, "account": account, "user": owner,
            "operation_type": "content_generation"}
    AICore.run_ai_request(**call, request_id="log-1")
    with pytest.raises(Exception) as failure:
        AICore.run_ai_request(**call, request_id="log-2")
    assert KEY not in str(failure.value)
    assert fake_openai.requests[0].headers["authorization"] == f"Bearer {KEY}"
    assert caplog.records, "DEBUG logging was captured"
    assert KEY not in caplog.text and "LOGCHECK-abcdef" not in caplog.text
