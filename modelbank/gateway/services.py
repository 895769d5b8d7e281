"""What the gateway does for one call: find the model the token may use, apply the rate limits,
and run the call through AICore, the same checks, hold, provider call and settle as a job's
(operation `chat_completion` for text, `image_generation` for images)."""

import time
import uuid
from collections.abc import Iterator

from django.conf import settings

from modelbank.ai.core import AICore, TextStream
from modelbank.catalog.errors import ModelInactive, ModelNotFound
from modelbank.catalog.models import AIModelConfig
from modelbank.catalog.registry import ModelRegistry
from modelbank.catalog.usage import Usage
from modelbank.credits.services import limits
from modelbank.gateway.auth import GatewayCaller
from modelbank.gateway.errors import GatewayError
from modelbank.gateway.requests import ChatRequest, ImageGenerationRequest

CHAT_OPERATION = "chat_completion"
# Providers' own words for why an answer ended, in OpenAI's.
FINISH_REASONS = {"end_turn": "stop", "stop_sequence": "stop", "STOP": "stop", "max_tokens": "length",
                  "MAX_TOKENS": "length", "length": "length", "content_filter": "content_filter"}


def new_request_id() -> str:
    return f"gw-{uuid.uuid4().hex}"


def _limits(caller: GatewayCaller) -> list:
    return limits.limits_for(limits.Caller(caller.account.pk, caller.user.pk, caller.token.pk))


def admit(caller: GatewayCaller) -> None:
    """Count the request against the rate limits (429 with Retry-After when one is reached)."""
    limits.rate_check(_limits(caller))


def model_for(caller: GatewayCaller, name: str, model_type: str) -> AIModelConfig:
    try:
        model = ModelRegistry.get_model(name)
    except (ModelNotFound, ModelInactive):
        raise GatewayError(f"The model '{name}' does not exist or you do not have access to it.", status=404,
                           code="model_not_found", param="model") from None
    if not caller.may_use(name):
        raise GatewayError(f"This API token may not use the model '{name}'.", status=403, code="model_not_allowed",
                           param="model")
    if model.model_type != model_type:
        where = "/v1/images/generations" if model.model_type == AIModelConfig.ModelType.IMAGE else "/v1/chat/completions"
        raise GatewayError(f"'{name}' is a {model.model_type} model: call it through {where}.", param="model",
                           code="wrong_model_type")
    return model


def models_list(caller: GatewayCaller) -> dict:
    """The active catalog in OpenAI's list format, with what each model costs in credits."""
    data = []
    for model in ModelRegistry.snapshot().models.values():
        if not model.is_active or not caller.may_use(model.model_name):
            continue
        data.append({
            "id": model.model_name, "object": "model", "created": int(model.created_at.timestamp()),
            "owned_by": model.provider_id, "type": model.model_type, "display_name": model.display_name,
            "quality_tier": model.quality_tier,
            "credits": ({"per_image": model.credits_per_image} if model.model_type == "image"
                        else {"tokens_per_credit": model.tokens_per_credit}),
            "max_output_tokens": model.max_output_tokens,
        })
    data.sort(key=lambda item: (item["type"], item["id"]))
    return {"object": "list", "data": data}


def _max_tokens(chat: ChatRequest, model: AIModelConfig) -> int:
    # Not given: the model's own limit, as OpenAI does (the hold covers that worst case).
    return chat.max_tokens or model.max_output_tokens or settings.MODELBANK_GATEWAY_DEFAULT_MAX_TOKENS


def _text_kwargs(caller: GatewayCaller, chat: ChatRequest, model: AIModelConfig, request_id: str) -> dict:
    return {"model": model, "messages": chat.messages, "max_tokens": _max_tokens(chat, model),
            "temperature": chat.temperature, "json_mode": chat.json_mode, "account": caller.account,
            "user": caller.user, "operation_type": CHAT_OPERATION, "request_id": request_id,
            "api_token": caller.token}


def usage_body(usage: Usage) -> dict:
    return {"prompt_tokens": usage.input_tokens, "completion_tokens": usage.output_tokens,
            "total_tokens": usage.input_tokens + usage.output_tokens,
            "prompt_tokens_details": {"cached_tokens": usage.cached_tokens},
            "completion_tokens_details": {"reasoning_tokens": usage.reasoning_tokens}}


def _extension(*, credits: int, requested: str, used: str, usage: Usage) -> dict:
    """Our fields beside OpenAI's (clients ignore what they do not know)."""
    return {"credits_charged": credits, "requested_model": requested, "fallback": used != requested,
            "usage_estimated": usage.estimated}


def chat_completion(caller: GatewayCaller, chat: ChatRequest) -> dict:
    model = model_for(caller, chat.model, AIModelConfig.ModelType.TEXT)
    request_id = new_request_id()
    outcome = AICore.run_ai_request(**_text_kwargs(caller, chat, model, request_id))
    limits.tokens_record(_limits(caller), outcome.usage.total_tokens)
    return completion_body(id=f"chatcmpl-{request_id[3:]}", created=int(time.time()), model=outcome.model_name,
                           text=outcome.text, finish_reason=outcome.finish_reason, usage=outcome.usage,
                           credits=outcome.charge.credits, requested=chat.model)


def completion_body(*, id: str, created: int, model: str, text: str, finish_reason: str, usage: Usage,
                    credits: int, requested: str) -> dict:
    """One chat.completion in OpenAI's shape, with our fields beside it."""
    return {
        "id": id, "object": "chat.completion", "created": created, "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text, "refusal": None},
                     "logprobs": None, "finish_reason": FINISH_REASONS.get(finish_reason, "stop")}],
        "usage": usage_body(usage),
        "modelbank": _extension(credits=credits, requested=requested, used=model, usage=usage),
    }


class ChatStream:
    """A streamed chat completion in OpenAI's chunk format. Opened (held, provider answering)
    before the HTTP answer starts; `chunks()` relays it, and closing it early (the client
    dropped) settles on what was produced."""

    def __init__(self, caller: GatewayCaller, chat: ChatRequest):
        model = model_for(caller, chat.model, AIModelConfig.ModelType.TEXT)
        self.caller, self.chat = caller, chat
        request_id = new_request_id()
        self.id, self.created = f"chatcmpl-{request_id[3:]}", int(time.time())
        self.stream: TextStream = AICore.stream_text(**_text_kwargs(caller, chat, model, request_id))

    def _chunk(self, delta: dict, finish_reason: str | None = None, **extra) -> dict:
        chunk = {"id": self.id, "object": "chat.completion.chunk", "created": self.created,
                 "model": self.stream.model_name,
                 "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}]}
        if self.chat.include_usage:
            chunk["usage"] = None
        return {**chunk, **extra}

    def chunks(self) -> Iterator[dict]:
        try:
            yield self._chunk({"role": "assistant", "content": ""})
            for piece in self.stream:
                yield self._chunk({"content": piece})
            yield self._chunk({}, FINISH_REASONS.get(self.stream.finish_reason, "stop"))
            usage = self.stream.usage or Usage()
            limits.tokens_record(_limits(self.caller), usage.total_tokens)
            if self.chat.include_usage:
                credits = self.stream.charge.credits if self.stream.charge else 0
                yield {"id": self.id, "object": "chat.completion.chunk", "created": self.created,
                       "model": self.stream.model_name, "choices": [], "usage": usage_body(usage),
                       "modelbank": _extension(credits=credits, requested=self.chat.model,
                                               used=self.stream.model_name, usage=usage)}
        finally:
            self.stream.close()

    def completion(self) -> dict:
        """The whole answer in one chat.completion body (what an Idempotency-Key replay returns)."""
        return completion_body(id=self.id, created=self.created, model=self.stream.model_name, text=self.stream.text,
                               finish_reason=self.stream.finish_reason, usage=self.stream.usage or Usage(),
                               credits=self.stream.charge.credits if self.stream.charge else 0,
                               requested=self.chat.model)


def replay_chunks(completion: dict, *, include_usage: bool) -> Iterator[dict]:
    """A stored chat.completion as a stream: the same answer a retried streaming call gets."""
    base = {"id": completion["id"], "object": "chat.completion.chunk", "created": completion["created"],
            "model": completion["model"]}
    extra = {"usage": None} if include_usage else {}
    choice = completion["choices"][0]
    for delta, finish in (({"role": "assistant", "content": ""}, None),
                          ({"content": choice["message"]["content"]}, None), ({}, choice["finish_reason"])):
        yield {**base, "choices": [{"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}], **extra}
    if include_usage:
        yield {**base, "choices": [], "usage": completion["usage"], "modelbank": completion.get("modelbank")}


def image_generation(caller: GatewayCaller, image: ImageGenerationRequest) -> dict:
    """Images as OpenAI answers them: each a `url` or a `b64_json`, as `response_format` asks;
    without one, as the model gives them, which is OpenAI's default too (URLs from DALL-E, base64
    from GPT image models, which refuse "url")."""
    model = model_for(caller, image.model, AIModelConfig.ModelType.IMAGE)
    outcome = AICore.generate_image(model=model, prompt=image.prompt, size=image.size, n=image.n,
                                    quality=image.quality, style=image.style, response_format=image.response_format,
                                    account=caller.account, user=caller.user, request_id=new_request_id(),
                                    api_token=caller.token)
    data = []
    for item in outcome.images:
        entry = {"url": item.url} if item.url else {"b64_json": item.b64_json}
        if item.revised_prompt:
            entry["revised_prompt"] = item.revised_prompt
        data.append(entry)
    return {"created": int(time.time()), "data": data,
            "modelbank": _extension(credits=outcome.charge.credits, requested=image.model, used=outcome.model_name,
                                    usage=outcome.usage) | {"model": outcome.model_name}}
