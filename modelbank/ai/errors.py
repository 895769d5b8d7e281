"""Errors of the AI execution layer; all are ApplicationErrors, so the API maps them once."""

from modelbank.common.errors import ApplicationError

__all__ = ["AIOutputInvalid", "AIRequestRefused", "ImageFetchFailed", "UnknownFunction"]


class AIRequestRefused(ApplicationError):
    """AICore refuses a request before reserving credits or calling a provider."""

    code = "ai_request_refused"


class UnknownFunction(ApplicationError):
    code = "unknown_function"


class AIOutputInvalid(ApplicationError):
    """The model answered, but not in the shape the function needs (e.g. invalid JSON)."""

    status = 502
    code = "ai_output_invalid"


class ImageFetchFailed(AIOutputInvalid):
    """The provider made the image, but the URL it gave could not be downloaded (to answer base64)."""

    code = "image_fetch_failed"
