"""Helpers every API module shares: input validation and the money field."""

from typing import Any

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
