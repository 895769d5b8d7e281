"""What every AI function is: a validated input, a resolved model config, and a run."""

from typing import Any, ClassVar

from rest_framework import serializers

from modelbank.ai.context import JobContext
from modelbank.preferences.resolution import ResolvedConfig, get_model_config


class AIFunction:
    """A named AI function: everything about it is declared here, once. Subclasses set `name`,
    `label` (what the UI offers), `model_type` (which resolved model it runs: "text" or "image"),
    `operation_type` (its credit price) and `InputSerializer`, whose fields carry the labels and
    input kinds the UI builds its form from (`input_form`); they implement `run`.
    `upfront_credits` lets the API refuse with 402 before queuing."""

    name: ClassVar[str]
    label: ClassVar[str]
    model_type: ClassVar[str]
    operation_type: ClassVar[str]
    InputSerializer: ClassVar[type[serializers.Serializer]]
    # The progress and step the job shows from the moment it is claimed (the claim writes them).
    first_step: ClassVar[tuple[int, str]] = (0, "Starting")

    @classmethod
    def model_config(cls, account, user=None) -> ResolvedConfig:
        """The caller's resolved settings for this function's model type (model, max_tokens,
        temperature, image)."""
        return get_model_config(cls.model_type, account, user)

    @classmethod
    def input_form(cls) -> list[dict]:
        """The input fields as a form: name, label, kind, required, and a help text."""
        return [_form_field(name, field) for name, field in cls.InputSerializer().fields.items()]

    @classmethod
    def validate(cls, data: Any) -> dict:
        serializer = cls.InputSerializer(data=data)
        if not serializer.is_valid():
            # Nested under "input", so the message names the field the client sent.
            raise serializers.ValidationError({"input": serializer.errors})
        return dict(serializer.validated_data)

    @classmethod
    def upfront_credits(cls, *, account, user, data: dict) -> int | None:
        """Credits the first charged step will reserve, when known before the job runs."""
        return None

    @classmethod
    def run(cls, ctx: JobContext) -> dict:
        raise NotImplementedError


def usage_dict(usage) -> dict:
    return {
        "input_tokens": usage.input_tokens, "output_tokens": usage.output_tokens,
        "cached_tokens": usage.cached_tokens, "reasoning_tokens": usage.reasoning_tokens,
        "image_count": usage.image_count,
    }


class KeywordsField(serializers.ListField):
    def __init__(self, **kwargs):
        kwargs.setdefault("child", serializers.CharField(max_length=200, trim_whitespace=True))
        super().__init__(**kwargs)


# How a field is typed in: "textarea" (long text), "lines" (a list, one item per line), "csv" (a
# list, comma-separated), "number" or "text". Set with the field's style={"input": ...}.
FORM_INPUTS = ("text", "textarea", "lines", "csv", "number")


def _form_field(name: str, field: serializers.Field) -> dict:
    kind = field.style.get("input") or ("number" if isinstance(field, serializers.IntegerField) else "text")
    if kind not in FORM_INPUTS:
        raise ValueError(f"{name}: input kind {kind!r} is not one of {FORM_INPUTS}")
    return {"name": name, "label": field.label or name.replace("_", " ").capitalize(), "kind": kind,
            "required": field.required, "help_text": str(field.help_text or "")}
