"""The id of the request being served (or of the request that created the job being run),
carried in a context variable so every log line of that work names it (JSON logs) and the
client gets it back in `X-Request-Id`."""

import re
import uuid
from contextvars import ContextVar

HEADER = "X-Request-Id"
# What we accept from a client or a proxy: short and plain, so it is safe in a log line.
_VALID = re.compile(r"[A-Za-z0-9._:-]{1,64}")
current: ContextVar[str] = ContextVar("modelbank_request_id", default="")


def new_request_id(offered: str | None = None) -> str:
    """The client's id when it is a plain one, else a fresh one."""
    if offered and _VALID.fullmatch(offered):
        return offered
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Sets the request's id for its log lines and answers with it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = new_request_id(request.headers.get(HEADER))
        token = current.set(request_id)
        request.request_id = request_id
        try:
            response = self.get_response(request)
        finally:
            current.reset(token)
        response[HEADER] = request_id
        return response
