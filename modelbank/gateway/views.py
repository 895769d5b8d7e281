"""`/v1/`: OpenAI's wire format over modelbank's catalog and ledger. Plain Django views: the
answers follow OpenAI's API reference (errors included), and a stream is a StreamingHttpResponse
of server-sent events that Django closes when the client goes away."""

import json
import logging
from collections.abc import Callable, Iterator
from typing import TypeVar

from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from modelbank.common.errors import ApplicationError
from modelbank.gateway import idempotency, services
from modelbank.gateway.auth import GatewayCaller, authenticate
from modelbank.gateway.errors import error_response, from_application_error
from modelbank.gateway.models import GatewayResponse
from modelbank.gateway.requests import chat_request, image_request, json_body

logger = logging.getLogger(__name__)
T = TypeVar("T")


def _guarded(view: Callable) -> Callable:
    """Authenticate, and answer every refusal in OpenAI's error shape."""

    def wrapped(request, *args, **kwargs):
        try:
            caller = authenticate(request)
            return view(request, caller, *args, **kwargs)
        except ApplicationError as exc:
            return from_application_error(exc, model=exc.extra.get("model"))

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return csrf_exempt(wrapped)


@require_GET
@_guarded
def models(request, caller: GatewayCaller):
    return JsonResponse(services.models_list(caller))


@require_POST
@_guarded
def chat_completions(request, caller: GatewayCaller):
    chat = chat_request(json_body(request))
    services.admit(caller)
    claim = _claim(request, caller)
    if isinstance(claim, GatewayResponse):
        return _replayed(claim, stream=chat.stream, include_usage=chat.include_usage)
    if chat.stream:
        return _streamed(_abandoned_on_error(claim, lambda: services.ChatStream(caller, chat)), claim)
    return _answered(claim, lambda: services.chat_completion(caller, chat))


@require_POST
@_guarded
def image_generations(request, caller: GatewayCaller):
    image = image_request(json_body(request))
    services.admit(caller)
    claim = _claim(request, caller)
    if isinstance(claim, GatewayResponse):
        return _replayed(claim)
    return _answered(claim, lambda: services.image_generation(caller, image))


def _abandoned_on_error(claim: idempotency.Claim, call: Callable[[], T]) -> T:
    """Run the call; if it fails, give the Idempotency-Key back so a retry really retries."""
    try:
        return call()
    except BaseException:
        claim.abandon()
        raise


def _answered(claim: idempotency.Claim, call: Callable[[], dict]) -> JsonResponse:
    body = _abandoned_on_error(claim, call)
    claim.store(200, body)
    return JsonResponse(body)


def _claim(request, caller: GatewayCaller):
    return idempotency.claim(account_id=caller.account.pk, key=request.headers.get("Idempotency-Key"),
                             fingerprint=idempotency.request_hash(request.path, request.body))


def _replayed(stored: GatewayResponse, *, stream: bool = False,
              include_usage: bool = False) -> HttpResponse | StreamingHttpResponse:
    headers = {"Idempotent-Replayed": "true"}
    if stream:
        return _sse(services.replay_chunks(stored.body, include_usage=include_usage), headers)
    return JsonResponse(stored.body, status=stored.status_code, headers=headers)


def _streamed(stream: services.ChatStream, claim: idempotency.Claim) -> StreamingHttpResponse:
    def events() -> Iterator[dict]:
        finished = False
        try:
            yield from stream.chunks()
            finished = True
        except ApplicationError as exc:  # the provider failed mid-answer: what came is settled
            logger.warning("stream %s ended early: %s", stream.id, exc.code)
            yield json.loads(from_application_error(exc).content)
        finally:
            stream.stream.close()
            if finished:
                claim.store(200, stream.completion())
            else:
                claim.abandon()

    return _sse(events())


def _sse(chunks: Iterator[dict], headers: dict | None = None) -> StreamingHttpResponse:
    def encoded() -> Iterator[bytes]:
        try:
            for chunk in chunks:
                yield f"data: {json.dumps(chunk, separators=(',', ':'))}\n\n".encode()
            yield b"data: [DONE]\n\n"
        finally:
            close = getattr(chunks, "close", None)
            if close is not None:
                close()

    response = StreamingHttpResponse(encoded(), content_type="text/event-stream",
                                     headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no", **(headers or {})})
    return response


def not_found(request, path: str = ""):
    return error_response(404, f"Unknown gateway route '/v1/{path}': the gateway serves /v1/models, "
                               "/v1/chat/completions and /v1/images/generations.", code="unknown_url")
