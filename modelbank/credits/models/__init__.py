"""The credit ledger's tables: balances, holds, the append-only ledger, prices and usage."""

from modelbank.credits.models.ledger import CreditAccount, CreditHold, CreditTransaction, Payment
from modelbank.credits.models.limits import UsageLimit
from modelbank.credits.models.usage import CreditCostConfig, CreditUsageDaily, CreditUsageLog

__all__ = [
    "CreditAccount", "CreditCostConfig", "CreditHold", "CreditTransaction", "CreditUsageDaily", "CreditUsageLog",
    "Payment", "UsageLimit",
]
