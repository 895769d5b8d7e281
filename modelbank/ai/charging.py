"""Two-phase charging around one provider call: reserve, call, settle, or release.

`charged(...)` is the only way AICore reaches a provider: the provider call runs inside it,
after a hold exists, and whatever happens the hold ends settled or released, never open.
The idempotency key comes from the caller's request id (a job id and step), so a retried
step finds its first hold instead of reserving, or charging, twice.
"""

import logging
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from decimal import Decimal

from modelbank.catalog.models import AIModelConfig
from modelbank.catalog.registry import ModelRegistry
from modelbank.catalog.usage import Usage
from modelbank.common.errors import ConflictError
from modelbank.credits import services as ledger
from modelbank.credits.models import CreditHold, CreditUsageLog

logger = logging.getLogger(__name__)

# Conservative token estimate (the prompt for a hold; prompt and answer when a provider reports
# no usage): real tokenizers give ~4 characters of English per token and
# CJK text costs about one token per 3-byte character, so UTF-8 bytes / 3 rarely undercounts.
BYTES_PER_TOKEN = 3
TOKENS_PER_MESSAGE = 8  # role markers and separators


def estimate_tokens(text: str) -> int:
    return math.ceil(len(text.encode()) / BYTES_PER_TOKEN)


def estimate_input_tokens(messages: list[dict]) -> int:
    size = sum(len(str(m.get("content", "")).encode()) for m in messages)
    return math.ceil(size / BYTES_PER_TOKEN) + TOKENS_PER_MESSAGE * len(messages)


def text_usage(*, usage: Usage, messages: list[dict], text: str, max_tokens: int, model: AIModelConfig) -> Usage:
    """What a text call used. A provider that sends no usage block leaves every count at 0 (a
    real answer always bills its prompt): then the tokens are estimated from the text lengths,
    as the hold was, and flagged ``estimated``, so the call is charged for its size, not the
    minimum. The estimate never exceeds the hold: the output is capped at ``max_tokens``."""
    if usage.total_tokens:
        return usage
    estimate = replace(usage, input_tokens=estimate_input_tokens(messages),
                       output_tokens=min(max_tokens, estimate_tokens(text or "")), estimated=True)
    logger.warning("%s reported no usage for a call to %s; charging an estimate of %s tokens from the text lengths",
                   model.provider_id, model.model_name, estimate.total_tokens)
    return estimate


def text_hold_credits(*, model: AIModelConfig, messages: list[dict], max_tokens: int, operation_type: str) -> int:
    """The most a text call can cost: the estimated prompt plus every token it may write."""
    worst = estimate_input_tokens(messages) + max_tokens
    return ledger.calculate_credits_from_tokens(model, worst, operation_type)


def text_credits(*, model: AIModelConfig, usage: Usage, operation_type: str) -> int:
    return ledger.calculate_credits_from_tokens(model, usage.total_tokens, operation_type)


def image_credits(*, model: AIModelConfig, n: int) -> int:
    return ledger.calculate_credits_for_image(model, n)


@dataclass
class Charge:
    """What one settled call cost: credits to the customer, USD to the platform."""

    credits: int
    cost_usd: Decimal
    provider_cost_usd: Decimal | None
    usage_log: CreditUsageLog


class Settlement:
    """Handed to the body of `charged`: it settles once it knows the real usage."""

    def __init__(self, hold: CreditHold, model: AIModelConfig, user):
        self.hold, self.model, self.user = hold, model, user
        self.charge: Charge | None = None

    def switch(self, model: AIModelConfig, credits: int) -> None:
        """Charge a fallback model from here on; the hold grows if its worst case is dearer
        (402 if the account cannot cover the difference)."""
        self.hold = ledger.credit_hold_grow(hold=self.hold, credits=credits)
        self.model = model

    def settle(self, *, credits: int, usage: Usage, request_id: str = "") -> Charge:
        cost = ModelRegistry.calculate_cost(self.model, usage)
        log = ledger.credit_settle(
            hold=self.hold, credits=credits, model=self.model, usage=usage, cost_usd=cost,
            provider_cost_usd=usage.provider_cost_usd, request_id=request_id, user=self.user,
        )
        self.charge = Charge(
            credits=log.credits_used, cost_usd=cost,
            provider_cost_usd=usage.provider_cost_usd, usage_log=log,
        )
        return self.charge


@contextmanager
def charged(
    *, account, user, model: AIModelConfig, credits: int, operation_type: str, request_id: str, description: str = "",
    api_token=None,
) -> Iterator[Settlement]:
    """Reserve `credits`, run the body (which calls the provider and settles), and release
    the hold if the body did not settle, whatever it raised (timeouts included)."""
    hold = ledger.credit_reserve(
        account=account, credits=credits, operation_type=operation_type, idempotency_key=request_id,
        user=user, api_token=api_token, description=description,
        metadata={"model": model.model_name, "request_id": request_id},
    )
    if hold.status != "open":
        # The key was used before: that call was settled or released. Never call the provider again.
        raise ConflictError(
            f"Request '{request_id}' was already processed ({hold.status}); use a new request id for a new call.",
            extra={"request_id": request_id, "hold_status": hold.status},
        )
    settlement = Settlement(hold, model, user)
    try:
        yield settlement
    finally:
        if settlement.charge is None:
            _release(hold, reason="The AI call failed or was cancelled before it was settled.")


def _release(hold, *, reason: str) -> None:
    try:
        ledger.credit_release(hold=hold, reason=reason)
    except Exception:
        # The original error matters more; the expiry sweeper frees a hold we could not release.
        logger.exception("could not release credit hold %s", getattr(hold, "pk", hold))

