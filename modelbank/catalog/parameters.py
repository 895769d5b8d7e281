"""Which request parameters a model takes, and with which values: `AIModelConfig.request_parameters`.

The catalog, not code, says it (seed JSON, admin). Adapters read it through `ModelParameters`
to map our settings onto what the model takes and to drop what it does not take:

    {"max_tokens_param": "max_completion_tokens",   # text: the name of the output-token limit
     "temperature": false,                          # text: the model refuses a temperature (absent: takes one)
     "style": {"values": ["vivid", "natural"],      # image: the values the model takes ...
               "map": {"photorealistic": "natural"}},  # ... and how our values become one of them
     "quality": {"values": ["standard", "hd"]},
     "reasoning_effort": {"values": ["none", "low", "medium", "high"]},
     "moderation": {"values": ["low", "auto"]},
     "max_images_per_request": 1,
     "model_version": "FIBO"}                       # Bria: the model version to ask for

A choice parameter that is absent is not taken: nothing is sent for it. A value that is neither
one of `values` nor a key of `map` is dropped too, so the provider's own default applies.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field

from jsonschema import Draft202012Validator

MAX_TOKENS_PARAMS = ("max_tokens", "max_completion_tokens")
CHOICE_PARAMS = ("style", "quality", "reasoning_effort", "moderation")
TEXT_ONLY = ("max_tokens_param", "temperature", "reasoning_effort")
IMAGE_ONLY = ("style", "quality", "moderation", "max_images_per_request", "model_version")

_VALUE = {"type": "string", "minLength": 1, "maxLength": 50}
_CHOICES = {
    "type": "object", "required": ["values"], "additionalProperties": False,
    "properties": {
        "values": {"type": "array", "items": _VALUE, "minItems": 1, "uniqueItems": True},
        "map": {"type": "object", "propertyNames": _VALUE, "additionalProperties": _VALUE},
    },
}
SCHEMA = {
    "type": "object", "additionalProperties": False,
    "properties": {
        "max_tokens_param": {"enum": list(MAX_TOKENS_PARAMS)},
        "temperature": {"type": "boolean"},
        **{name: _CHOICES for name in CHOICE_PARAMS},
        "max_images_per_request": {"type": "integer", "minimum": 1, "maximum": 100},
        "model_version": _VALUE,
    },
}


def parameter_problems(value, model_type: str | None = None) -> list[str]:
    """Plain-language problems with a `request_parameters` value; empty when it is valid."""
    errors = sorted(Draft202012Validator(SCHEMA).iter_errors(value), key=lambda e: list(e.absolute_path))
    if errors:
        return [_describe(error) for error in errors]
    problems = [f"{name}.map: '{ours}' maps to '{theirs}', which is not one of its values."
                for name in CHOICE_PARAMS if name in value
                for ours, theirs in value[name].get("map", {}).items() if theirs not in value[name]["values"]]
    wrong = {"text": IMAGE_ONLY, "image": TEXT_ONLY}.get(model_type or "", ())
    problems += [f"{name}: applies to {'image' if model_type == 'text' else 'text'} models only."
                 for name in wrong if name in value]
    return problems


def _describe(error) -> str:
    where = ".".join(str(part) for part in error.absolute_path) or "request_parameters"
    if error.validator == "additionalProperties":
        known = ", ".join(sorted(error.schema.get("properties", {})))
        return f"{where}: unknown parameter; use {known}."
    return f"{where}: {error.message}"


@dataclass(frozen=True)
class ModelParameters:
    """A model's catalog parameters, read by the adapters (no database: a plain mapping)."""

    spec: Mapping = field(default_factory=dict)

    def choice(self, name: str, value) -> str | None:
        """Our value as the model takes it, or None when the model does not take this parameter
        (or no mapping says what our value means to it)."""
        options = self.spec.get(name)
        if not options or value is None:
            return None
        wanted = str(value).strip()
        if wanted in options["values"]:
            return wanted
        mapping = {str(k).lower(): v for k, v in options.get("map", {}).items()}
        return mapping.get(wanted.lower())

    def max_tokens_param(self) -> str:
        # max_tokens is the name every OpenAI-compatible server knows; newer models say otherwise.
        return self.spec.get("max_tokens_param") or "max_tokens"

    @property
    def takes_temperature(self) -> bool:
        return self.spec.get("temperature", True) is not False

    @property
    def max_images_per_request(self) -> int | None:
        return self.spec.get("max_images_per_request")

    @property
    def model_version(self) -> str | None:
        return self.spec.get("model_version")
