"""Reads of the credit ledger: an account's own rows, and the staff's revenue analytics."""

from modelbank.credits.selectors.account import (
    credit_balance,
    credit_transactions,
    credit_usage_logs,
    credit_usage_summary,
)
from modelbank.credits.selectors.revenue import DIMENSIONS, FIGURES, revenue_report, revenue_totals

__all__ = ["DIMENSIONS", "FIGURES", "credit_balance", "credit_transactions", "credit_usage_logs",
           "credit_usage_summary", "revenue_report", "revenue_totals"]
