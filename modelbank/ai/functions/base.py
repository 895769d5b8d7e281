"""What every AI function is: a validated input, a resolved model config, and a run."""

from dataclasses import asdict, dataclass
from typing import Any, ClassVar

from rest_framework import serializers

from modelbank.ai.availability import CONFIGURATION_ERRORS, as_unavailable, require_usable
from modelbank.ai.context import JobContext
from modelbank.preferences.resolution import ResolvedConfig, get_model_config


@dataclass(frozen=True)
class Estimate:
    """What a job will hold before it runs: `credits` (None when only running it can tell), and
    what they are made of, so the UI can say "2 images × Quality = 10 credits" or, for text, that
    it is the most the call can cost (the hold; the charge is what was used)."""

    credits: int | None
    worst_case: bool = False
    images: int | None = None
    credits_per_image: int | None = None
    quality_tier: str | None = None
    max_tokens: int | None = None

    def as_dict(self) -> dict:
        return asdict(self)


class AIFunction:
    """A named AI function: everything about it is declared here, once. Subclasses set `name`,
    `label` (what the UI offers), `model_type` (which resolved model it runs: "text" or "image"),
    `operation_type` (its credit price) and `InputSerializer`, whose fields carry the labels and
    input kinds the UI builds its form from (`input_form`); they implement `run`.
    `estimate` tells the credits before the job runs, so the API can refuse with 402 before queuing."""

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
    def usable_config(cls, account, user=None) -> ResolvedConfig:
        """The resolved config, refused in a customer's words (AIUnavailable, 503) when the platform
        cannot serve it now: no default model, or a provider that is inactive or has no key."""
        try:
            config = cls.model_config(account, user)
        except CONFIGURATION_ERRORS as exc:
            raise as_unavailable(exc, getattr(cls, "model_type", None)) from exc
        require_usable(config.model)
        return config

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
    def estimate(cls, *, account, user, data: dict) -> Estimate:
        """The credits the first charged step will reserve, when known before the job runs."""
        return Estimate(credits=None)

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
