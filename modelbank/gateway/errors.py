"""Errors in OpenAI's shape, so OpenAI clients and SDKs read them:
``{"error": {"message", "type", "param", "code"}}`` with OpenAI's status codes (402 when the
credits or a budget run out, 429 with Retry-After when a rate limit is reached).
"""

from django.http import JsonResponse

from modelbank.common.errors import ApplicationError, ConfigurationError

TYPES = {400: "invalid_request_error", 401: "authentication_error", 402: "insufficient_quota",
         403: "permission_error", 404: "not_found_error", 409: "conflict_error", 413: "invalid_request_error",
         422: "invalid_request_error", 429: "rate_limit_error"}


class GatewayError(ApplicationError):
    """A refusal of the gateway itself (bad request, unknown model, token not allowed)."""

    def __init__(self, message: str, *, status: int = 400, code: str = "invalid_request", param: str | None = None):
        super().__init__(message, status=status, extra={"param": param} if param else None)
        self.code = code


def error_response(status: int, message: str, *, code: str | None = None, param: str | None = None,
                   headers: dict | None = None) -> JsonResponse:
    body = {"error": {"message": message, "type": TYPES.get(status, "api_error" if status >= 500 else "invalid_request_error"),
                      "param": param, "code": code}}
    return JsonResponse(body, status=status, headers=headers)


def from_application_error(exc: ApplicationError, *, model: str | None = None) -> JsonResponse:
    """The OpenAI-shaped answer for one of our errors. A configuration failure (a provider
    without a key, inactive) is the platform's business: the caller reads that the model is
    unavailable, the operator finds the detail in the log."""
    if isinstance(exc, ConfigurationError):
        name = f"'{model}'" if model else "This model"
        return error_response(503, f"The model {name} is unavailable right now; try again later or another model.",
                              code="model_unavailable")
    headers = {}
    retry_after = getattr(exc, "retry_after", None) or exc.extra.get("retry_after")
    if exc.status == 429 and retry_after:
        headers["Retry-After"] = str(max(1, int(float(retry_after) + 0.999)))
    return error_response(exc.status, exc.message, code=exc.code, param=exc.extra.get("param"), headers=headers)
