"""The normalised usage record every provider call produces, whatever the provider."""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Usage:
    """Tokens are as billed: ``input_tokens`` counts every prompt token, including the
    cached ones (``cached_tokens`` is the part of it read from a cache);
    ``reasoning_tokens`` are part of ``output_tokens``."""

    input_tokens: int = 0
    output_tokens: int = 0
    cached_tokens: int = 0
    reasoning_tokens: int = 0
    image_count: int = 0
    provider_cost_usd: Decimal | None = None  # what the provider said it charged, if it says
    estimated: bool = False  # the provider reported no usage: the tokens are estimated from text lengths

    @property
    def total_tokens(self) -> int:
        return self.input_tokens + self.output_tokens
