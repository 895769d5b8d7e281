"""One project-wide precision for USD amounts (Saleor keeps one too). Never float."""

from decimal import ROUND_HALF_UP, Decimal

from django.db import models

from modelbank.common.errors import ApplicationError

USD_DECIMAL_PLACES = 8
USD_MAX_DIGITS = 18
USD_QUANTUM = Decimal(1).scaleb(-USD_DECIMAL_PLACES)
TOKENS_PER_MILLION = Decimal(1_000_000)


def usd(value) -> Decimal:
    """Quantize to the project precision; accepts Decimal, int or str, refuses float."""
    if isinstance(value, float):
        raise TypeError("USD amounts are Decimal, never float")
    return Decimal(value).quantize(USD_QUANTUM, rounding=ROUND_HALF_UP)


def usd_field(**kwargs) -> models.DecimalField:
    return models.DecimalField(max_digits=USD_MAX_DIGITS, decimal_places=USD_DECIMAL_PLACES, **kwargs)


def whole_credits(value, *, name: str = "credits", at_least: int | None = 0) -> int:
    """``value`` if it is a whole number of credits (an int, not a bool or a float) of at least
    ``at_least`` (None: any sign), else a clear 400 naming it."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise ApplicationError(f"{name} must be a whole number.", extra={name: value})
    if at_least is not None and value < at_least:
        raise ApplicationError(f"{name} must be a whole number of at least {at_least}.", extra={name: value})
    return value
