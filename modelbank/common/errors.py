"""The one domain error type, raised by services and mapped to HTTP once (common.exceptions)."""

from typing import Any


class ApplicationError(Exception):
    """A failure a caller can understand and act on.

    `status` is the HTTP status the API answers with; `extra` is safe, structured detail
    (never a secret).
    """

    status = 400
    code = "invalid"

    def __init__(self, message: str, *, extra: dict[str, Any] | None = None, status: int | None = None):
        super().__init__(message)
        self.message = message
        self.extra = extra or {}
        if status is not None:
            self.status = status


class NotFoundError(ApplicationError):
    status = 404
    code = "not_found"


class ConflictError(ApplicationError):
    status = 409
    code = "conflict"


class ConfigurationError(ApplicationError):
    """The platform is configured in a way that cannot serve the request (no default, no key)."""

    status = 503
    code = "configuration"
