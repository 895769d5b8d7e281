"""Revenue analytics (docs/requirements.md §3), read from the daily rollup.

Revenue = Σ credits_used × price per credit (at the time of use); cost = Σ cost_usd;
margin = revenue - cost; margin % = margin / revenue; markup % = margin / cost.
``uncharged_credits``: usage beyond a hold that the customer's balance could not cover.
The API, its CSV export and ``credits_report`` all read these two functions.
"""

from datetime import date
from decimal import Decimal

from django.db.models import QuerySet, Sum

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
FIGURES = ["usage_count", "credits_used", "uncharged_credits", "revenue_usd", "cost_usd", "margin_usd", "margin_pct",
           "markup_pct"]
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


def _usage(*, since: date, until: date, account_id: int | None) -> QuerySet[CreditUsageDaily]:
    queryset = CreditUsageDaily.objects.filter(day__gte=since, day__lte=until)
    return queryset if account_id is None else queryset.filter(account_id=account_id)


SUMS = {"count": Sum("usage_count"), "credits": Sum("credits_used"), "uncharged": Sum("uncharged_credits"),
        "revenue": Sum("revenue_nanousd"), "cost": Sum("cost_nanousd")}


def revenue_report(*, since: date, until: date, by: list[str], account_id: int | None = None) -> list[dict]:
    """One row per combination of the ``by`` dimensions (day, model, operation, provider,
    account) over [since, until], dates inclusive. Grouped by account, a row also names it
    (``account_name``): staff read names, not ids."""
    unknown = [d for d in by if d not in DIMENSIONS]
    if unknown or not by:
        raise ApplicationError(f"Group by one or more of: {', '.join(DIMENSIONS)}.", extra={"by": by})
    columns = [DIMENSIONS[d] for d in by]
    names = ["account__name"] if "account" in by else []
    rows = (
        _usage(since=since, until=until, account_id=account_id)
        .values(*columns, *names).annotate(**SUMS).order_by(*columns)
    )
    return [_row({d: r[DIMENSIONS[d]] for d in by} | ({"account_name": r["account__name"]} if names else {}), r)
            for r in rows]


def revenue_totals(*, since: date, until: date, account_id: int | None = None) -> dict:
    """The same figures over the whole window: summed in the database from the rollup, not from
    rounded rows."""
    sums = _usage(since=since, until=until, account_id=account_id).aggregate(**SUMS)
    return _row({}, {name: value or 0 for name, value in sums.items()})
