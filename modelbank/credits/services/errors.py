from modelbank.common.errors import ApplicationError, ConflictError

BALANCE_MAX = 2**63 - 1  # the BIGINT columns' limit


class InsufficientCredits(ApplicationError):
    """The account's available credits (balance less open holds) do not cover a charge.
    Raised before any provider is called; the API answers 402 with needed and available."""

    status = 402
    code = "insufficient_credits"

    def __init__(self, *, needed: int, available: int):
        super().__init__(
            f"This needs {needed} credits but the account has {available} available.",
            extra={"needed": needed, "available": available},
        )


class BalanceLimit(ApplicationError):
    """A credit that would take the balance past what its column holds (400, nothing moves)."""

    code = "balance_limit"

    def __init__(self, *, credits: int):
        super().__init__(
            f"Adding {credits:,} credits would take the balance past the most an account can hold "
            f"({BALANCE_MAX:,}).",
            extra={"credits": credits, "max_balance": BALANCE_MAX},
        )


class IdempotencyConflict(ConflictError):
    """An idempotency key reused for a different operation (Stripe answers this with 409 too)."""

    code = "idempotency_conflict"

    def __init__(self, key: str):
        super().__init__(
            "This idempotency key was already used with different parameters; use a new key for a new operation.",
            extra={"idempotency_key": key},
        )


class HoldNotOpen(ConflictError):
    """A settle on a hold that was released or expired: as in TigerBeetle, it posts nothing."""

    code = "hold_not_open"

    def __init__(self, hold):
        super().__init__(
            f"Credit hold {hold.pk} is {hold.status}; reserve again before charging.",
            extra={"hold_id": hold.pk, "status": hold.status},
        )
