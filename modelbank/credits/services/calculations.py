"""Seed 000 section 2.4: credits from the catalog's own figures, never from constants."""

from modelbank.catalog.models import AIModelConfig
from modelbank.common.errors import ApplicationError, ConfigurationError
from modelbank.credits.services.costs import cost_config


def _non_negative(name: str, value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ApplicationError(f"{name} must be a whole number of at least 0.", extra={name: value})


def calculate_credits_from_tokens(model: AIModelConfig, total_tokens: int, operation_type: str | None = None) -> int:
    """ceil(total_tokens / model.tokens_per_credit), never below the operation's min_credits."""
    _non_negative("total_tokens", total_tokens)
    if not model.tokens_per_credit:
        raise ConfigurationError(f"Model '{model.model_name}' has no tokens_per_credit.",
                                 extra={"model": model.model_name})
    credits = -(-total_tokens // model.tokens_per_credit)
    if operation_type is not None:
        credits = max(credits, cost_config(operation_type).min_credits)
    return credits


def calculate_credits_for_image(model: AIModelConfig, n: int) -> int:
    """credits_per_image × n."""
    _non_negative("n", n)
    if not model.credits_per_image:
        raise ConfigurationError(f"Model '{model.model_name}' has no credits_per_image.",
                                 extra={"model": model.model_name})
    return model.credits_per_image * n
