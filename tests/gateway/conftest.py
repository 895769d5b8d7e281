"""A served modelbank (pytest-django's live server) called with the official `openai` SDK, the
providers faked on loopback."""

import openai
import pytest

from modelbank.accounts.services import api_token_issue
from modelbank.catalog.models import AIModelConfig
from tests.ai.engine.conftest import give_credits, point_provider  # noqa: F401  (fixtures)
from tests.ai.fakes.fixtures import *  # noqa: F403  (fake_openai, fake_anthropic, ..., retry_sleeps)


@pytest.fixture(autouse=True)
def _no_real_backoff(retry_sleeps):
    return retry_sleeps


@pytest.fixture
def token(owner, account):
    return api_token_issue(user=owner, account=account, name="gateway tests")


@pytest.fixture
def gateway(live_server, token):
    """An OpenAI SDK client on the served gateway, authenticated by the account's token. The
    SDK's own retries are off: a test sees each answer as it is."""
    return openai.OpenAI(api_key=token.raw, base_url=f"{live_server.url}/v1", max_retries=0)


@pytest.fixture
def openai_ready(point_provider, fake_openai, give_credits):  # noqa: F811  (the fixtures imported above)
    point_provider("openai", fake_openai)
    give_credits(1000)
    return fake_openai


def activate(model_name: str, **fields) -> AIModelConfig:
    model = AIModelConfig.objects.get(model_name=model_name)
    for name, value in {"is_active": True, **fields}.items():
        setattr(model, name, value)
    model.save()
    return model
