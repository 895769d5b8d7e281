"""Serializer fields stricter than DRF's where a lenient reading would store the wrong thing."""

from rest_framework import serializers


class StrictCharField(serializers.CharField):
    """Text only: DRF's CharField turns a JSON number into its digits (``12345`` became the key
    "12345"), which for a secret or a name hides a client's mistake. Anything but a string is a 400."""

    default_error_messages = {"invalid": "Must be a string (text in quotes), not {kind}."}

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid", kind=_json_kind(data))
        return super().to_internal_value(data)


def _json_kind(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    return "an array" if isinstance(value, list) else "an object"
