"""docs/requirements.md §2: credits from the catalog's own figures, never from constants."""

from modelbank.catalog.models import AIModelConfig
from modelbank.common.errors import ConfigurationError
from modelbank.common.money import whole_credits
from modelbank.credits.services.costs import cost_config


def calculate_credits_from_tokens(model: AIModelConfig, total_tokens: int, operation_type: str | None = None) -> int:
    """ceil(total_tokens / model.tokens_per_credit), never below the operation's min_credits."""
    whole_credits(total_tokens, name="total_tokens")
    if not model.tokens_per_credit:
        raise ConfigurationError(f"Model '{model.model_name}' has no tokens_per_credit.",
                                 extra={"model": model.model_name})
    credits = -(-total_tokens // model.tokens_per_credit)
    if operation_type is not None:
        credits = max(credits, cost_config(operation_type).min_credits)
    return credits


def calculate_credits_for_image(model: AIModelConfig, n: int) -> int:
    """credits_per_image × n."""
    whole_credits(n, name="n")
    if not model.credits_per_image:
        raise ConfigurationError(f"Model '{model.model_name}' has no credits_per_image.",
                                 extra={"model": model.model_name})
    return model.credits_per_image * n
