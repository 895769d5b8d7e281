"""The shape shared by the text functions: one charged chat call, then a result."""

import json
from functools import cache
from typing import Any, ClassVar

import jsonschema

from modelbank.ai import charging
from modelbank.ai.core import AICore, TextOutcome
from modelbank.ai.errors import AIOutputInvalid
from modelbank.ai.functions.base import AIFunction, Estimate, usage_dict
from modelbank.ai.jsontext import parse_json


class TextFunction(AIFunction):
    """Subclasses build `messages`; JSON functions set `schema` and get a validated value."""

    model_type = "text"
    schema: ClassVar[dict | None] = None
    step_label: ClassVar[str] = "Waiting for the model"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.first_step = (15, cls.step_label)  # shown during the provider call, written by the claim

    @classmethod
    def messages(cls, data: dict, config) -> list[dict]:
        raise NotImplementedError

    @classmethod
    def result(cls, outcome: TextOutcome, data: dict, config) -> dict:
        raise NotImplementedError

    @classmethod
    def _plan(cls, *, account, user, data: dict):
        config = cls.usable_config(account, user)  # max_tokens is already within the model's limit
        return config, cls.messages(data, config), config.max_tokens

    @classmethod
    def estimate(cls, *, account, user, data: dict) -> Estimate:
        """The hold: the prompt and every token the model may write, the most the call can cost."""
        config, messages, max_tokens = cls._plan(account=account, user=user, data=data)
        credits = charging.text_hold_credits(
            model=config.model, messages=messages, max_tokens=max_tokens, operation_type=cls.operation_type
        )
        return Estimate(credits=credits, worst_case=True, max_tokens=max_tokens)

    @classmethod
    def run(cls, ctx) -> dict:
        # Resolution and the prompt take no time: the step shown is the call's, set by the claim.
        config, messages, max_tokens = cls._plan(account=ctx.account, user=ctx.user, data=ctx.data)
        outcome = AICore.run_ai_request(
            model=config.model, messages=messages, max_tokens=max_tokens, temperature=config.temperature,
            json_mode=bool(cls.schema) and config.model.supports_json_mode, account=ctx.account, user=ctx.user,
            operation_type=cls.operation_type, request_id=ctx.request_id(cls.name),
            parse=cls.parse if cls.schema else None,
        )
        ctx.charged(credits=outcome.charge.credits, cost_usd=outcome.charge.cost_usd)
        return {  # saved with the job's end, in the same statement
            **cls.result(outcome, ctx.data, config),
            "model": outcome.model_name, "usage": usage_dict(outcome.usage), "credits": outcome.charge.credits,
        }

    @classmethod
    def parse(cls, text: str) -> Any:
        """Parse and validate the answer before it is used (or paid for)."""
        try:
            value = parse_json(text)
        except json.JSONDecodeError as exc:
            raise AIOutputInvalid(f"The model's answer is not valid JSON ({exc.msg}); nothing was charged.")
        error = jsonschema.exceptions.best_match(cls._validator().iter_errors(value))  # the one jsonschema.validate raises
        if error is not None:
            where = "/".join(str(p) for p in error.absolute_path) or "the top level"
            raise AIOutputInvalid(
                f"The model's answer does not have the expected shape at {where}: {error.message}; nothing was charged."
            )
        return value

    @classmethod
    @cache
    def _validator(cls) -> jsonschema.Draft202012Validator:
        """Built and its schema checked once per function: jsonschema.validate does both on every
        call (about 2 ms, longer than the rest of the job's own work)."""
        jsonschema.Draft202012Validator.check_schema(cls.schema)
        return jsonschema.Draft202012Validator(cls.schema)
