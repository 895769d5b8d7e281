"""Revenue analytics (docs/requirements.md §3), read from the daily rollup.

Revenue = Σ credits_used × price per credit (at the time of use); cost = Σ cost_usd;
margin = revenue - cost; margin % = margin / revenue; markup % = margin / cost.
``uncharged_credits``: usage beyond a hold that the customer's balance could not cover.
"""

from datetime import date
from decimal import Decimal

from django.db.models import Sum

from modelbank.common.errors import ApplicationError
from modelbank.credits.models import CreditUsageDaily
from modelbank.credits.models.usage import from_nanousd

DIMENSIONS = {
    "day": "day",
    "model": "model__model_name",
    "operation": "operation_type",
    "provider": "provider",
    "account": "account_id",
}
HUNDRED = Decimal(100)


def _percent(part: Decimal, whole: Decimal) -> Decimal | None:
    return (part * HUNDRED / whole).quantize(Decimal("0.01")) if whole else None


def _row(keys: dict, sums: dict) -> dict:
    revenue, cost = from_nanousd(sums["revenue"]), from_nanousd(sums["cost"])
    margin = revenue - cost
    return {
        **keys, "usage_count": sums["count"], "credits_used": sums["credits"],
        "uncharged_credits": sums["uncharged"], "revenue_usd": revenue, "cost_usd": cost, "margin_usd": margin,
        "margin_pct": _percent(margin, revenue), "markup_pct": _percent(margin, cost),
    }


def revenue_report(*, since: date, until: date, by: list[str], account_id: int | None = None) -> list[dict]:
    """One row per combination of the ``by`` dimensions (day, model, operation, provider,
    account) over [since, until], dates inclusive."""
    unknown = [d for d in by if d not in DIMENSIONS]
    if unknown or not by:
        raise ApplicationError(f"Group by one or more of: {', '.join(DIMENSIONS)}.", extra={"by": by})
    queryset = CreditUsageDaily.objects.filter(day__gte=since, day__lte=until)
    if account_id is not None:
        queryset = queryset.filter(account_id=account_id)
    columns = [DIMENSIONS[d] for d in by]
    rows = (
        queryset.values(*columns)
        .annotate(count=Sum("usage_count"), credits=Sum("credits_used"), uncharged=Sum("uncharged_credits"),
                  revenue=Sum("revenue_nanousd"), cost=Sum("cost_nanousd"))
        .order_by(*columns)
    )
    return [_row({d: r[DIMENSIONS[d]] for d in by}, r) for r in rows]
