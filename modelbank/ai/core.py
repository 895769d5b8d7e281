"""AICore: one text or image call to a provider, checked, charged and costed.

The model is always passed in (docs/requirements.md §6: nothing looks a model up by name). Every refusal
happens before credits are reserved and before any provider is called.
"""

import functools
import itertools
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings

from modelbank.ai import charging
from modelbank.ai.errors import AIRequestRefused
from modelbank.ai.images import in_format
from modelbank.ai.providers import get_adapter
from modelbank.ai.providers.base import (
    GeneratedImage,
    ImageRequest,
    ProviderCall,
    ProviderRateLimited,
    ProviderUnavailable,
    StreamEnd,
    StreamEvent,
    TextRequest,
    image_formats,
    stream_text,
)
from modelbank.catalog.models import AIModelConfig
from modelbank.catalog.parameters import ModelParameters
from modelbank.catalog.registry import ModelRegistry
from modelbank.catalog.usage import Usage
from modelbank.common import metrics
from modelbank.common.errors import ApplicationError
from modelbank.preferences.resolution import provider_options

IMAGE_OPERATION = "image_generation"
logger = logging.getLogger(__name__)


@dataclass
class TextOutcome:
    text: str
    parsed: Any
    usage: Usage
    charge: charging.Charge
    model_name: str
    finish_reason: str = ""


@dataclass
class ImageOutcome:
    images: list[GeneratedImage]
    usage: Usage
    charge: charging.Charge
    model_name: str


class AICore:
    @classmethod
    def run_ai_request(
        cls, *, model: AIModelConfig, messages: list[dict], max_tokens: int, temperature=None,
        json_mode: bool = False, account, user=None, operation_type: str, request_id: str,
        parse: Callable[[str], Any] | None = None, api_token=None,
    ) -> TextOutcome:
        """Run one chat completion. `parse`, if given, turns the text into the value the caller
        needs and raises to reject it: a rejected answer is not charged (the hold is released).
        A provider that is unavailable, rate limiting or too slow passes the call to the model's
        fallbacks in order (`fallback_models`); the charge names the model that answered."""
        text = _TextCall(model, messages, max_tokens, temperature, json_mode, operation_type)
        with charging.charged(
            account=account, user=user, model=text.model, credits=text.hold_credits(text.model),
            operation_type=operation_type, request_id=request_id, api_token=api_token,
            description=f"{operation_type} with {text.model.model_name}",
        ) as settlement:
            used, result = _with_fallbacks(text.model, account, settlement, text.hold_credits,
                                           lambda used, call, adapter: adapter.generate_text(text.request(used), call))
            parsed = parse(result.text) if parse else None
            usage, charge = text.settle(settlement, used, result.usage, result.text, result.provider_request_id)
        return TextOutcome(result.text, parsed, usage, charge, used.model_name, result.finish_reason)

    @classmethod
    def stream_text(
        cls, *, model: AIModelConfig, messages: list[dict], max_tokens: int, temperature=None,
        json_mode: bool = False, account, user=None, operation_type: str, request_id: str, api_token=None,
    ) -> "TextStream":
        """Open a streamed chat completion: everything that can refuse the call (checks, the
        hold, the provider's first answer, fallbacks) happens before this returns, so the
        caller can still answer with an error status. The stream settles when it ends, or,
        if the consumer stops early (a client that drops), on what was produced by then."""
        text = _TextCall(model, messages, max_tokens, temperature, json_mode, operation_type)
        stack = ExitStack()
        settlement = stack.enter_context(charging.charged(
            account=account, user=user, model=text.model, credits=text.hold_credits(text.model),
            operation_type=operation_type, request_id=request_id, api_token=api_token,
            description=f"{operation_type} with {text.model.model_name}",
        ))
        try:
            used, (first, events) = _with_fallbacks(
                text.model, account, settlement, text.hold_credits,
                lambda used, call, adapter: _opened(stream_text(adapter, text.request(used), call)))
        except BaseException:
            stack.close()  # releases the hold
            raise
        return TextStream(text, used, settlement, stack, first, events)

    @classmethod
    def generate_image(
        cls, *, model: AIModelConfig, prompt: str, size: str, n: int = 1, quality: str | None = None,
        style: str | None = None, response_format: str | None = None, account, user=None, request_id: str,
        api_token=None,
    ) -> ImageOutcome:
        """Generate `n` images. `response_format` ("url" or "b64_json") is the form each image comes
        back in (None: as the model gives it); a model that gives base64 only is refused "url"
        before anything is held, and an image that cannot be had in the asked form is not
        charged (modelbank.ai.images)."""
        model = _active_model(model, AIModelConfig.ModelType.IMAGE)
        _check_image(model, prompt=prompt, size=size, n=n, response_format=response_format)
        _require_key(model)  # no key / inactive provider: refused before anything is held

        def request(used: AIModelConfig) -> ImageRequest:
            return ImageRequest(model_name=used.model_name, prompt=prompt, size=size, n=n, quality=quality,
                                style=style, parameters=ModelParameters(used.request_parameters or {}),
                                response_format=response_format)

        def hold_credits(used: AIModelConfig) -> int:
            # a fallback must offer the size and the form too
            _check_image(used, prompt=prompt, size=size, n=n, response_format=response_format)
            return charging.image_credits(model=used, n=n)

        with charging.charged(
            account=account, user=user, model=model, credits=hold_credits(model), operation_type=IMAGE_OPERATION,
            request_id=request_id, api_token=api_token, description=f"{n} image(s) with {model.model_name}",
        ) as settlement:
            used, result = _with_fallbacks(model, account, settlement, hold_credits,
                                           lambda used, call, adapter: adapter.generate_image(request(used), call))
            images = list(result.images)[:n]  # never pay for more than was asked
            if not images:
                raise AIRequestRefused("The provider returned no image.", status=502)
            images = in_format(images, response_format)  # before settling: an answer we cannot use is free
            usage = result.usage if result.usage.image_count else replace(result.usage, image_count=len(images))
            credits = charging.image_credits(model=used, n=len(images))
            charge = settlement.settle(credits=credits, usage=usage, request_id=result.provider_request_id)
        return ImageOutcome(images, usage, charge, used.model_name)


class _TextCall:
    """One text call's request, checked against each model that may answer it."""

    def __init__(self, model, messages, max_tokens, temperature, json_mode, operation_type):
        self.model = _active_model(model, AIModelConfig.ModelType.TEXT)
        _check_text(self.model, max_tokens=max_tokens, json_mode=json_mode)
        _require_key(self.model)  # no key / inactive provider: refused before anything is held
        self.messages, self.max_tokens, self.json_mode = messages, max_tokens, json_mode
        self.temperature = None if temperature is None else float(temperature)
        self.operation_type = operation_type

    def tokens_for(self, model: AIModelConfig) -> int:
        # A fallback that writes less than was asked is capped at its own limit.
        return min(self.max_tokens, model.max_output_tokens or self.max_tokens)

    def hold_credits(self, model: AIModelConfig) -> int:
        if self.json_mode and not model.supports_json_mode:
            raise AIRequestRefused(f"'{model.model_name}' does not support JSON mode.", extra={"model": model.model_name})
        return charging.text_hold_credits(model=model, messages=self.messages, max_tokens=self.tokens_for(model),
                                          operation_type=self.operation_type)

    def request(self, model: AIModelConfig) -> TextRequest:
        return TextRequest(model_name=model.model_name, messages=self.messages, max_tokens=self.tokens_for(model),
                           temperature=self.temperature, json_mode=self.json_mode,
                           parameters=ModelParameters(model.request_parameters or {}))

    def settle(self, settlement, model: AIModelConfig, reported: Usage, text: str,
               provider_request_id: str) -> tuple[Usage, charging.Charge]:
        """Charge what the answer used: as reported, or estimated from the lengths if not."""
        usage = charging.text_usage(usage=reported, messages=self.messages, text=text,
                                    max_tokens=self.tokens_for(model), model=model)
        credits = charging.text_credits(model=model, usage=usage, operation_type=self.operation_type)
        return usage, settlement.settle(credits=credits, usage=usage, request_id=provider_request_id)


class TextStream:
    """A streamed answer being relayed: iterate it for the pieces of text. It settles once, when
    the provider's stream ends or when it is closed early (on what was produced), and releases
    the hold if nothing could be charged."""

    def __init__(self, text: _TextCall, model: AIModelConfig, settlement, stack: ExitStack,
                 first: StreamEvent, events: Iterator[StreamEvent]):
        self.model_name = model.model_name
        self._text, self._model, self._settlement = text, model, settlement
        self._stack: ExitStack | None = stack
        self._first, self._events = first, events
        self._parts: list[str] = []
        self.charge: charging.Charge | None = None
        self.usage: Usage | None = None
        self.finish_reason = ""

    def __iter__(self) -> Iterator[str]:
        end = StreamEnd(Usage())
        try:
            for event in itertools.chain([self._first], self._events):
                if isinstance(event, StreamEnd):
                    end = event
                    break
                self._parts.append(event.text)
                yield event.text
            self.finish_reason = end.finish_reason
        finally:
            self.close(end)

    @property
    def text(self) -> str:
        return "".join(self._parts)

    def close(self, end: StreamEnd | None = None) -> None:
        """Settle on what was produced (a stream stopped early reports no usage: it is estimated)."""
        if self.charge is not None or self._stack is None:
            return
        stack, self._stack = self._stack, None
        with stack:
            close = getattr(self._events, "close", None)
            if close is not None:
                close()  # stop the provider's answer too
            end = end or StreamEnd(Usage())
            self.usage, self.charge = self._text.settle(self._settlement, self._model, end.usage, self.text,
                                                        end.provider_request_id)


def _opened(events: Iterator[StreamEvent]) -> tuple[StreamEvent, Iterator[StreamEvent]]:
    """Wait for a stream's first event, so a provider that refuses does it before we answer."""
    events = iter(events)
    return next(events, StreamEnd(Usage())), events


# A provider that cannot answer now passes the call on; one that answered "no" does not.
FALLBACK_ERRORS = (ProviderUnavailable, ProviderRateLimited)


def _with_fallbacks(model: AIModelConfig, account, settlement, hold_credits, send):
    """(model used, what `send(model, call, adapter)` returned), trying the model, then its
    fallbacks in order while the error is one another provider may not have."""
    chain = [model, *fallback_chain(model)]
    for position, candidate in enumerate(chain):
        try:
            if candidate is not model:
                settlement.switch(candidate, hold_credits(candidate))
            call, adapter = _provider(candidate, account)
            return candidate, _measured(candidate, functools.partial(send, candidate, call, adapter))
        except FALLBACK_ERRORS as exc:
            if position == len(chain) - 1:
                raise
            logger.warning("%s failed (%s); falling back to %s", candidate.model_name, exc.code,
                           chain[position + 1].model_name)
    raise AssertionError("unreachable: the chain is never empty")


def fallback_chain(model: AIModelConfig) -> list[AIModelConfig]:
    """The model's usable fallbacks, in order: active, of its type, with a provider that has a
    key (`manage.py check` reports the broken ones; a call skips them)."""
    usable, seen = [], {model.model_name}
    for name in model.fallback_models or []:
        if name in seen:
            continue
        seen.add(name)
        try:
            candidate = ModelRegistry.get_model(name)
            ModelRegistry.get_api_key(candidate.provider_id)
        except ApplicationError:
            continue
        if candidate.model_type == model.model_type:
            usable.append(candidate)
    return usable


def _active_model(model: AIModelConfig, model_type: str) -> AIModelConfig:
    """Re-read through the registry: an admin may have deactivated it since it was resolved."""
    if model is None:
        raise AIRequestRefused("A model must be given explicitly.")
    current = ModelRegistry.get_model(model.model_name)  # ModelNotFound / ModelInactive
    if current.model_type != model_type:
        raise AIRequestRefused(
            f"'{current.model_name}' is a {current.model_type} model, not a {model_type} model.",
            extra={"model": current.model_name},
        )
    return current


def _require_key(model: AIModelConfig) -> str:
    return ModelRegistry.get_api_key(model.provider_id)  # inactive provider / no key: refused here


def _provider(model: AIModelConfig, account):
    provider = ModelRegistry.get_provider(model.provider_id)
    key = _require_key(model)
    call = ProviderCall(
        api_key=key, endpoint=provider.api_endpoint or "", config=dict(provider.config or {}),
        options=provider_options(account=account, provider_id=provider.provider_id),
        timeout=settings.MODELBANK_AI_TIMEOUT_SECONDS,
        max_retries=settings.MODELBANK_AI_MAX_RETRIES,
    )
    return call, get_adapter(provider.provider_id)


def _measured(model: AIModelConfig, call: Callable[[], Any]) -> Any:
    """Call the provider, counting the call by outcome and timing it (Prometheus)."""
    started = time.monotonic()
    try:
        result = call()
    except ApplicationError as exc:
        metrics.AI_CALLS.labels(model.provider_id, model.model_name, exc.code).inc()
        raise
    except Exception:
        metrics.AI_CALLS.labels(model.provider_id, model.model_name, "internal_error").inc()
        raise
    finally:
        metrics.PROVIDER_LATENCY.labels(model.provider_id, model.model_name).observe(time.monotonic() - started)
    metrics.AI_CALLS.labels(model.provider_id, model.model_name, "ok").inc()
    return result


def _check_text(model: AIModelConfig, *, max_tokens: int, json_mode: bool) -> None:
    name = model.model_name
    if json_mode and not model.supports_json_mode:
        raise AIRequestRefused(f"'{name}' does not support JSON mode.", extra={"model": name})
    if not isinstance(max_tokens, int) or max_tokens < 1:
        raise AIRequestRefused("max_tokens must be a positive whole number.", extra={"model": name})
    if model.max_output_tokens and max_tokens > model.max_output_tokens:
        raise AIRequestRefused(
            f"max_tokens {max_tokens} is above the {model.max_output_tokens} tokens '{name}' can write.",
            extra={"model": name, "max_output_tokens": model.max_output_tokens},
        )


def _check_image(model: AIModelConfig, *, prompt: str, size: str, n: int, response_format: str | None = None) -> None:
    name = model.model_name
    if response_format not in (None, "url", "b64_json"):
        raise AIRequestRefused("response_format must be 'url' or 'b64_json'.", extra={"param": "response_format"})
    if response_format == "url" and "url" not in image_formats(get_adapter(model.provider_id), name):
        raise AIRequestRefused(f"'{name}' returns images as b64_json only: response_format 'url' is not supported "
                               "with this model.", extra={"model": name, "param": "response_format"})
    if size not in (model.available_sizes or []):
        raise AIRequestRefused(
            f"Size '{size}' is not available for '{name}'; choose one of: {', '.join(model.available_sizes or [])}.",
            extra={"model": name, "available_sizes": model.available_sizes},
        )
    if not isinstance(n, int) or n < 1:
        raise AIRequestRefused("n must be at least 1.", extra={"model": name})
    most = ModelParameters(model.request_parameters or {}).max_images_per_request
    if most and n > most:
        raise AIRequestRefused(f"'{name}' makes at most {most} image(s) per request; {n} were asked for.",
                               extra={"model": name, "max_images_per_request": most})
    if not prompt or not prompt.strip():
        raise AIRequestRefused("An image prompt cannot be empty.", extra={"model": name})
