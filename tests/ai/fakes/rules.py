"""Shared pieces of the fakes' request validation: each fake refuses, in its provider's error
format, what the real provider documents as refused (required fields, enum values, ranges,
parameters a model does not take), so an adapter sending a wrong value fails a test."""

from typing import Any


class Refused(Exception):  # noqa: N818 - it is the provider's answer, not our error
    """What the provider says about a request it refuses."""

    def __init__(self, message: str, *, param: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message, self.param, self.code = message, param, code


def listed(values) -> str:
    """'a', 'b', and 'c' (as OpenAI lists supported values)."""
    quoted = [f"'{v}'" for v in values]
    if len(quoted) < 3:
        return " and ".join(quoted)
    return ", ".join(quoted[:-1]) + f", and {quoted[-1]}"


def one_of(name: str, value: Any, allowed, *, where: str | None = None) -> None:
    if value not in allowed:
        raise Refused(f"Invalid value: '{value}'. Supported values are: {listed(allowed)}.",
                      param=where or name, code="invalid_value")


def integer(name: str, value: Any, low: int | None = None, high: int | None = None) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise Refused(f"Invalid type for '{name}': expected an integer, but got {type(value).__name__} instead.",
                      param=name, code="invalid_type")
    _in_range(name, value, low, high, "integer")


def number(name: str, value: Any, low: float | None = None, high: float | None = None) -> None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise Refused(f"Invalid type for '{name}': expected a decimal, but got {type(value).__name__} instead.",
                      param=name, code="invalid_type")
    _in_range(name, value, low, high, "decimal")


def string(name: str, value: Any, *, min_length: int = 0, max_length: int | None = None) -> None:
    if not isinstance(value, str):
        raise Refused(f"Invalid type for '{name}': expected a string, but got {type(value).__name__} instead.",
                      param=name, code="invalid_type")
    if len(value) < min_length:
        raise Refused(f"Invalid '{name}': string too short. Expected a string with minimum length {min_length}, "
                      f"but got a string with length {len(value)} instead.", param=name, code="string_below_min_length")
    if max_length is not None and len(value) > max_length:
        raise Refused(f"Invalid '{name}': string too long. Expected a string with maximum length {max_length}, "
                      f"but got a string with length {len(value)} instead.", param=name, code="string_above_max_length")


def boolean(name: str, value: Any) -> None:
    if not isinstance(value, bool):
        raise Refused(f"Invalid type for '{name}': expected a boolean.", param=name, code="invalid_type")


def _in_range(name: str, value, low, high, kind: str) -> None:
    if low is not None and value < low:
        raise Refused(f"Invalid '{name}': {kind} below minimum value. Expected a value >= {low}, but got {value} "
                      "instead.", param=name, code=f"{kind}_below_min_value")
    if high is not None and value > high:
        raise Refused(f"Invalid '{name}': {kind} above maximum value. Expected a value <= {high}, but got {value} "
                      "instead.", param=name, code=f"{kind}_above_max_value")
