"""Fixtures of the execution-layer tests (jobs, AICore, functions, runners)."""

import uuid

import pytest
from rest_framework import serializers

from modelbank.ai import functions
from modelbank.ai.functions.base import AIFunction
from modelbank.ai.models import AIJob
from modelbank.catalog.models import AIModelConfig, IntegrationProvider
from modelbank.catalog.services import provider_set_secret


class StubFunction(AIFunction):
    """Reports progress twice and returns its input; `behaviour` makes it fail on purpose."""

    name = "stub"
    operation_type = "content_generation"
    behaviour = "ok"

    class InputSerializer(serializers.Serializer):
        text = serializers.CharField(max_length=100)

    @classmethod
    def run(cls, ctx):
        ctx.progress(40, "Half way")
        if cls.behaviour == "app_error":
            from modelbank.ai.errors import AIOutputInvalid

            raise AIOutputInvalid("The model's answer is not valid JSON; nothing was charged.")
        if cls.behaviour == "crash":
            raise RuntimeError("secret internals")
        ctx.progress(80, "Almost")
        return {"echo": ctx.data["text"]}


@pytest.fixture
def stub_function(monkeypatch):
    StubFunction.behaviour = "ok"
    monkeypatch.setitem(functions.FUNCTIONS, "stub", StubFunction)
    return StubFunction


@pytest.fixture
def make_job(account, owner):
    def make(function="stub", input=None, **fields):
        return AIJob.objects.create(account=account, user=owner, function=function, input=input or {"text": "hi"}, **fields)

    return make


@pytest.fixture
def text_model(db):
    return AIModelConfig.objects.create(
        model_name="test-text", display_name="Test text", model_type="text", provider_id="openai",
        tokens_per_credit=1000, max_output_tokens=100, supports_json_mode=False, is_active=True,
    )


@pytest.fixture
def image_model(db):
    return AIModelConfig.objects.create(
        model_name="test-image", display_name="Test image", model_type="image", provider_id="openai",
        credits_per_image=3, available_sizes=["1024x1024"], is_active=True,
    )


@pytest.fixture
def no_charging(monkeypatch):
    """Fails the test if anything reaches the ledger (refusals must happen before reserving)."""
    from modelbank.ai import charging

    class Forbidden:
        def __getattr__(self, name):
            raise AssertionError(f"the ledger was reached ({name})")

    monkeypatch.setattr(charging, "ledger", Forbidden())


@pytest.fixture
def give_credits(account):
    """Grant the account credits through the real ledger."""
    from modelbank.credits.services import credit_grant

    def give(credits: int, to=None):
        credit_grant(account=to or account, credits=credits, idempotency_key=f"test-grant-{uuid.uuid4()}")

    return give


@pytest.fixture
def point_provider(db):
    """Aim a catalog provider at a local fake and give it a key (only ever through the vault)."""

    def point(provider_id: str, fake, key: str = "test-key"):
        provider = IntegrationProvider.objects.get(pk=provider_id)
        provider.api_endpoint, provider.is_active = fake.endpoint, True
        provider.save()
        provider_set_secret(provider_id=provider_id, field="api_key", value=key)

    return point


def require_adapter(provider_id: str) -> None:
    from modelbank.ai.providers import get_adapter
    from modelbank.ai.providers.base import ProviderNotSupported

    try:
        get_adapter(provider_id)
    except (ProviderNotSupported, ImportError) as exc:
        pytest.skip(f"no {provider_id} adapter yet: {exc}")


def ledger_state(account) -> dict:
    from modelbank.credits.models import CreditHold, CreditUsageLog
    from modelbank.credits.selectors import credit_balance

    return {
        **credit_balance(account=account),
        "open_holds": CreditHold.objects.filter(account=account, status="open").count(),
        "logs": list(CreditUsageLog.objects.filter(account=account).order_by("id")),
    }
