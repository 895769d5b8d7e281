"""What every AI function is: a validated input, a resolved model config, and a run."""

from typing import Any, ClassVar

from rest_framework import serializers

from modelbank.ai.context import JobContext
from modelbank.preferences.resolution import get_model_config


def model_config(function: str, account, user=None):
    """The caller's resolved settings for a function (model, max_tokens, temperature, image)."""
    return get_model_config(function, account, user)


class AIFunction:
    """A named AI function. Subclasses set `name`, `operation_type` and `InputSerializer`, and
    implement `run`; `upfront_credits` lets the API refuse with 402 before queuing."""

    name: ClassVar[str]
    operation_type: ClassVar[str]
    InputSerializer: ClassVar[type[serializers.Serializer]]

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
