"""CreditService: every write to the credit ledger goes through these functions."""

from modelbank.credits.services.calculations import calculate_credits_for_image, calculate_credits_from_tokens
from modelbank.credits.services.costs import cost_config, credit_costs_changed
from modelbank.credits.services.errors import BalanceLimit, HoldNotOpen, IdempotencyConflict, InsufficientCredits
from modelbank.credits.services.expiry import credit_holds_expire
from modelbank.credits.services.holds import credit_hold_grow, credit_release, credit_reserve, credit_settle
from modelbank.credits.services.ledger import (
    credit_adjust,
    credit_deduct,
    credit_grant,
    credit_purchase,
    credit_refund,
)

__all__ = [
    "BalanceLimit", "HoldNotOpen", "IdempotencyConflict", "InsufficientCredits", "calculate_credits_for_image",
    "calculate_credits_from_tokens", "cost_config", "credit_adjust", "credit_costs_changed", "credit_deduct",
    "credit_grant", "credit_hold_grow", "credit_holds_expire", "credit_purchase", "credit_refund", "credit_release", "credit_reserve",
    "credit_settle",
]
