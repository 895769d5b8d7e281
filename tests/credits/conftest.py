import uuid
from decimal import Decimal

import pytest

from modelbank.catalog.models import AIModelConfig
from modelbank.catalog.usage import Usage
from modelbank.credits.services import credit_grant, credit_reserve, credit_settle


def key() -> str:
    return uuid.uuid4().hex


@pytest.fixture
def funded(account):
    """The shared account with 1,000 credits."""
    credit_grant(account=account, credits=1000, idempotency_key="fund")
    return account


@pytest.fixture
def model_named(db):
    return lambda name: AIModelConfig.objects.select_related("provider").get(model_name=name)


def settle_image(account, model, n=1, **kwargs):
    """Reserve and settle an n-image call on ``model`` as the AI engine does."""
    credits = model.credits_per_image * n
    hold = credit_reserve(account=account, credits=credits, operation_type="image_generation", idempotency_key=key())
    return credit_settle(hold=hold, credits=credits, model=model, usage=Usage(image_count=n),
                         cost_usd=model.cost_per_image * n, **kwargs)


def settle_text(account, model, tokens=5000, operation_type="content_generation", reserve=None):
    from modelbank.credits.services import calculate_credits_from_tokens

    credits = calculate_credits_from_tokens(model, tokens, operation_type)
    hold = credit_reserve(account=account, credits=reserve or credits, operation_type=operation_type,
                          idempotency_key=key())
    usage = Usage(input_tokens=tokens // 2, output_tokens=tokens - tokens // 2)
    cost = (model.input_token_rate * usage.input_tokens + model.output_token_rate * usage.output_tokens) / Decimal(
        1_000_000)
    return credit_settle(hold=hold, credits=credits, model=model, usage=usage, cost_usd=cost)
