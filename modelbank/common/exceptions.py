"""Maps domain errors to HTTP in one place, and gives every error body one shape.

Body: {"error": {"code": ..., "message": ..., **extra}}; DRF validation errors keep their
field messages under "fields".
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.views import defaults
from rest_framework import exceptions as drf_exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler

from modelbank.common.errors import ApplicationError


def _first_message(detail) -> str:
    if isinstance(detail, dict):
        for key, value in detail.items():
            inner = _first_message(value)
            return inner if key == "non_field_errors" else f"{key}: {inner}"
        return "Invalid input."
    if isinstance(detail, list):
        return _first_message(detail[0]) if detail else "Invalid input."
    return str(detail)


def api_exception_handler(exc, context):
    if isinstance(exc, ApplicationError):
        body = {"code": exc.code, "message": exc.message, **exc.extra}
        return Response({"error": body}, status=exc.status)
    if isinstance(exc, Http404):
        exc = drf_exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = drf_exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, drf_exceptions.ValidationError):
        body = {"code": "invalid", "message": _first_message(exc.detail), "fields": exc.detail}
    else:
        code = exc.get_codes() if isinstance(exc, drf_exceptions.APIException) else "error"
        # exc.detail, not response.data ({"detail": ...}): the message read "detail: Request was throttled..."
        body = {"code": code if isinstance(code, str) else "error", "message": _first_message(exc.detail)}
    response.data = {"error": body}
    return response


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def api_page_not_found(request, exception):
    """Django's handler404: a URL under /api/ that matches no route (e.g. a job id that is not a
    UUID) answers in the error shape above, not with the HTML page the web UI and admin get."""
    if _is_api(request):
        return JsonResponse({"error": {"code": "not_found", "message": "Not found: nothing answers at this URL."}},
                            status=404)
    return defaults.page_not_found(request, exception)


def api_server_error(request):
    """Django's handler500, likewise: the details go to the log, never to the caller."""
    if _is_api(request):
        return JsonResponse({"error": {"code": "server_error", "message": "Something went wrong on our side."}},
                            status=500)
    return defaults.server_error(request)
