"""Maps domain errors to HTTP in one place, and gives every error body one shape.

Body: {"error": {"code": ..., "message": ..., **extra}}; DRF validation errors keep their
field messages under "fields".
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
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
        body = {"code": code if isinstance(code, str) else "error", "message": _first_message(response.data)}
    response.data = {"error": body}
    return response
