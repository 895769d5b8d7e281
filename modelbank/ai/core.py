"""AICore: one text or image call to a provider, checked, charged and costed.

The model is always passed in (docs/requirements.md §6: nothing looks a model up by name). Every refusal
happens before credits are reserved and before any provider is called.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from django.conf import settings

from modelbank.ai import charging
from modelbank.ai.errors import AIRequestRefused
from modelbank.ai.providers import get_adapter
from modelbank.ai.providers.base import GeneratedImage, ImageRequest, ProviderCall, TextRequest
from modelbank.catalog.models import AIModelConfig
from modelbank.catalog.parameters import ModelParameters
from modelbank.catalog.registry import ModelRegistry
from modelbank.catalog.usage import Usage
from modelbank.common import metrics
from modelbank.common.errors import ApplicationError
from modelbank.preferences.resolution import provider_options

IMAGE_OPERATION = "image_generation"


@dataclass
class TextOutcome:
    text: str
    parsed: Any
    usage: Usage
    charge: charging.Charge
    model_name: str


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
        parse: Callable[[str], Any] | None = None,
    ) -> TextOutcome:
        """Run one chat completion. `parse`, if given, turns the text into the value the caller
        needs and raises to reject it: a rejected answer is not charged (the hold is released)."""
        model = cls._active_model(model, AIModelConfig.ModelType.TEXT)
        _check_text(model, max_tokens=max_tokens, json_mode=json_mode)
        call, adapter = cls._provider(model, account)
        hold = charging.text_hold_credits(
            model=model, messages=messages, max_tokens=max_tokens, operation_type=operation_type
        )
        request = TextRequest(
            model_name=model.model_name, messages=messages, max_tokens=max_tokens,
            temperature=None if temperature is None else float(temperature), json_mode=json_mode,
            parameters=ModelParameters(model.request_parameters or {}),
        )
        with charging.charged(
            account=account, user=user, model=model, credits=hold, operation_type=operation_type,
            request_id=request_id, description=f"{operation_type} with {model.model_name}",
        ) as settlement:
            result = _measured(model, lambda: adapter.generate_text(request, call))
            parsed = parse(result.text) if parse else None
            usage = charging.text_usage(usage=result.usage, messages=messages, text=result.text,
                                        max_tokens=max_tokens, model=model)
            credits = charging.text_credits(model=model, usage=usage, operation_type=operation_type)
            charge = settlement.settle(credits=credits, usage=usage, request_id=result.provider_request_id)
        return TextOutcome(result.text, parsed, usage, charge, model.model_name)

    @classmethod
    def generate_image(
        cls, *, model: AIModelConfig, prompt: str, size: str, n: int = 1, quality: str | None = None,
        style: str | None = None, account, user=None, request_id: str,
    ) -> ImageOutcome:
        model = cls._active_model(model, AIModelConfig.ModelType.IMAGE)
        _check_image(model, prompt=prompt, size=size, n=n)
        call, adapter = cls._provider(model, account)
        request = ImageRequest(model_name=model.model_name, prompt=prompt, size=size, n=n, quality=quality, style=style,
                               parameters=ModelParameters(model.request_parameters or {}))
        with charging.charged(
            account=account, user=user, model=model, credits=charging.image_credits(model=model, n=n),
            operation_type=IMAGE_OPERATION, request_id=request_id, description=f"{n} image(s) with {model.model_name}",
        ) as settlement:
            result = _measured(model, lambda: adapter.generate_image(request, call))
            images = list(result.images)[:n]  # never pay for more than was asked
            if not images:
                raise AIRequestRefused("The provider returned no image.", status=502)
            usage = result.usage if result.usage.image_count else replace(result.usage, image_count=len(images))
            credits = charging.image_credits(model=model, n=len(images))
            charge = settlement.settle(credits=credits, usage=usage, request_id=result.provider_request_id)
        return ImageOutcome(images, usage, charge, model.model_name)

    @staticmethod
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

    @staticmethod
    def _provider(model: AIModelConfig, account):
        provider = ModelRegistry.get_provider(model.provider_id)
        key = ModelRegistry.get_api_key(provider.provider_id)  # inactive provider / no key: refused here
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


def _check_image(model: AIModelConfig, *, prompt: str, size: str, n: int) -> None:
    name = model.model_name
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
