"""The usage log of a settled call and its daily rollup, written in the settle's transaction."""

# Only table and column names (from model metadata) are formatted in; every value is a parameter.
# ruff: noqa: S608

from decimal import Decimal

from django.db import connection

from modelbank.catalog.models import AIModelConfig
from modelbank.catalog.usage import Usage
from modelbank.common.money import usd
from modelbank.credits.models import CreditHold, CreditTransaction, CreditUsageDaily, CreditUsageLog
from modelbank.credits.models.usage import to_nanousd
from modelbank.credits.services.sql import insert_parts

ROLLUP = CreditUsageDaily._meta.db_table
KEY = ("day", "account_id", "model_id", "operation_type", "provider")
SUMS = ("usage_count", "credits_used", "uncharged_credits", "revenue_nanousd", "cost_nanousd", "input_tokens",
        "output_tokens", "image_count")


def rollup_key_values(log_values: dict) -> dict:
    """The rollup row's key and the sums that do not depend on what was charged."""
    return {
        "day": log_values["created_at"].date(), "account_id": log_values["account_id"],
        "model_id": log_values["model_id"], "operation_type": log_values["operation_type"],
        "provider": log_values["provider"], "cost_nanousd": to_nanousd(log_values["cost_usd"]),
        "input_tokens": log_values["input_tokens"], "output_tokens": log_values["output_tokens"],
        "image_count": log_values["image_count"],
    }


def rollup_upsert(log: CreditUsageLog) -> None:
    """One INSERT ... ON CONFLICT DO UPDATE (PostgreSQL and SQLite alike), never read-modify-write;
    money in whole nano-dollars, so the SQL addition is exact on both."""
    values = {
        **rollup_key_values({name: getattr(log, name) for name in LOG_ROLLUP_FIELDS}), "usage_count": 1,
        "credits_used": log.credits_used, "uncharged_credits": log.uncharged_credits,
        "revenue_nanousd": to_nanousd(log.revenue_usd),
    }
    columns, params = insert_parts(CreditUsageDaily, values)
    bumps = ", ".join(f"{c} = {ROLLUP}.{c} + EXCLUDED.{c}" for c in SUMS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {ROLLUP} ({', '.join(columns)}) VALUES ({', '.join(['%s'] * len(params))}) "
            f"ON CONFLICT ({', '.join(KEY)}) DO UPDATE SET {bumps}",
            params,
        )


def usage_log_write(*, transaction: CreditTransaction, hold: CreditHold | None, user_id: int | None,
                    model: AIModelConfig, usage: Usage, cost_usd: Decimal, provider_cost_usd: Decimal | None,
                    price_per_credit_usd: Decimal, request_id: str = "", uncharged_credits: int = 0,
                    metadata: dict | None = None) -> CreditUsageLog:
    """Record a charged call with the prices in force now; call inside the charge's transaction.
    ``usage.estimated`` (no usage reported by the provider) is kept as ``usage_estimated``."""
    values = usage_log_values(
        account_id=transaction.account_id, user_id=user_id, operation_type=transaction.operation_type, hold=hold,
        model=model, usage=usage, cost_usd=cost_usd, provider_cost_usd=provider_cost_usd,
        price_per_credit_usd=price_per_credit_usd, request_id=request_id, metadata=metadata,
        created_at=transaction.created_at)
    log = CreditUsageLog.objects.create(**values, credits_used=-transaction.amount,
                                        uncharged_credits=uncharged_credits, transaction=transaction)
    rollup_upsert(log)
    return log


LOG_ROLLUP_FIELDS = ("created_at", "account_id", "model_id", "operation_type", "provider", "cost_usd",
                     "input_tokens", "output_tokens", "image_count")


def usage_log_values(*, account_id: int, user_id: int | None, operation_type: str, hold: CreditHold | None,
                     model: AIModelConfig, usage: Usage, cost_usd: Decimal, provider_cost_usd: Decimal | None,
                     price_per_credit_usd: Decimal, request_id: str, metadata: dict | None, created_at) -> dict:
    """A usage log's columns (by attname) but what the charge decides: credits used and
    uncharged, and the ledger row. Prices are copied from the catalog as they are now."""
    if provider_cost_usd is None:
        provider_cost_usd = usage.provider_cost_usd
    return {
        "account_id": account_id, "user_id": user_id, "operation_type": operation_type, "model_id": model.pk,
        "provider": model.provider_id, "input_tokens": usage.input_tokens, "output_tokens": usage.output_tokens,
        "cached_tokens": usage.cached_tokens, "reasoning_tokens": usage.reasoning_tokens,
        "image_count": usage.image_count, "usage_estimated": usage.estimated, "cost_usd": usd(cost_usd),
        "provider_cost_usd": usd(provider_cost_usd) if provider_cost_usd is not None else None,
        "price_per_credit_usd": price_per_credit_usd, "input_token_rate": model.input_token_rate,
        "output_token_rate": model.output_token_rate, "cost_per_image": model.cost_per_image,
        "tokens_per_credit": model.tokens_per_credit, "credits_per_image": model.credits_per_image,
        "hold_id": hold.pk if hold else None, "api_token_id": hold.api_token_id if hold else None,
        "request_id": request_id[:100], "metadata": metadata or {},
        "created_at": created_at,
    }
