"""Helpers every API module shares: input validation and the money field."""

from decimal import Decimal
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from modelbank.common.money import USD_DECIMAL_PLACES, USD_MAX_DIGITS


def validated(serializer_class: type[serializers.Serializer], data: Any, **kwargs) -> dict:
    """The validated data of a request body or query string; a 400 naming each bad field otherwise."""
    serializer = serializer_class(data=data, **kwargs)
    serializer.is_valid(raise_exception=True)
    return dict(serializer.validated_data)


class UsdField(serializers.DecimalField):
    """US dollars as the ledger stores them (NUMERIC(18, 8)), sent as a decimal string, never a float."""

    def __init__(self, **kwargs):
        super().__init__(max_digits=USD_MAX_DIGITS, decimal_places=USD_DECIMAL_PLACES, **kwargs)


WHOLE_DIGITS = USD_MAX_DIGITS - USD_DECIMAL_PLACES


# The schema says "not negative" with a pattern: a decimal sent as a string has no `minimum`.
@extend_schema_field({"type": "string", "format": "decimal",
                      "pattern": rf"^(?:\d{{1,{WHOLE_DIGITS}}}(?:\.\d{{1,{USD_DECIMAL_PLACES}}})?)?$"})
class PriceField(UsdField):
    """A price or a cost in US dollars: never negative."""

    def __init__(self, **kwargs):
        super().__init__(min_value=Decimal(0), **kwargs)
