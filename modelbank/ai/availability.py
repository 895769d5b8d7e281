"""What a customer is told when the platform cannot serve an AI function right now.

A provider without a key, an inactive provider or model, or a missing default is the platform's
configuration, not something a customer can fix: they read "Premium images are unavailable right
now", never "Provider 'runware' has no API key: set one in the admin". The technical cause goes to
the log for the operators (and `manage.py check` lists such configuration).
"""

import logging

from modelbank.catalog.errors import ModelInactive, ModelNotFound, ProviderNotFound
from modelbank.catalog.models import AIModelConfig
from modelbank.catalog.selectors import model_usable
from modelbank.common.errors import ApplicationError, ConfigurationError

logger = logging.getLogger(__name__)

# The errors that mean "the platform is not set up to do this now".
CONFIGURATION_ERRORS = (ConfigurationError, ModelInactive, ModelNotFound, ProviderNotFound)


class AIUnavailable(ApplicationError):
    status = 503
    code = "ai_unavailable"


def unavailable_message(model_type: str | None, model: AIModelConfig | None = None) -> str:
    """ "Premium images are unavailable right now. …" for an image tier, else by model type."""
    if model_type == AIModelConfig.ModelType.IMAGE:
        tier = model.get_quality_tier_display() if model is not None and model.quality_tier else None
        what = f"{tier} images are" if tier else "Image generation is"
        return f"{what} unavailable right now. Choose another image quality, or try again later."
    return "Text generation is unavailable right now. Please try again later."


def require_usable(model: AIModelConfig) -> None:
    """Refuse, in a customer's words, a model whose provider is inactive or has no key."""
    if not model_usable(model):
        logger.error("AI model %s cannot be used: its provider %s is inactive or has no API key",
                     model.model_name, model.provider_id)
        raise AIUnavailable(unavailable_message(model.model_type, model))


def as_unavailable(exc: ApplicationError, model_type: str | None, model: AIModelConfig | None = None) -> AIUnavailable:
    """A configuration error, logged with its cause and said to the customer without it."""
    logger.error("AI %s work is unavailable: %s (%s)", model_type or "", exc.message, exc.code)
    return AIUnavailable(unavailable_message(model_type, model))
