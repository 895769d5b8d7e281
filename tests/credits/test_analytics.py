from datetime import timedelta
from decimal import Decimal

from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from modelbank.catalog.models import AIModelConfig
from modelbank.credits.models import CreditCostConfig, CreditUsageDaily, CreditUsageLog
from modelbank.credits.models.usage import from_nanousd, to_nanousd
from modelbank.credits.selectors import revenue_report
from tests.credits.conftest import settle_image, settle_text

TODAY = timezone.now().date()


def report(by, **kwargs):
    return revenue_report(since=TODAY - timedelta(days=1), until=TODAY, by=by, **kwargs)


def test_seed_004_margin_example_one_dalle3_image(funded, model_named):
    log = settle_image(funded, model_named("dall-e-3"))
    assert (log.credits_used, log.cost_usd, log.price_per_credit_usd) == (5, Decimal("0.04"), Decimal("0.02"))
    [row] = report(["model"])
    assert (row["revenue_usd"], row["cost_usd"], row["margin_usd"]) == (Decimal("0.10"), Decimal("0.04"),
                                                                         Decimal("0.06"))
    assert (row["margin_pct"], row["markup_pct"]) == (Decimal("60.00"), Decimal("150.00"))


def test_rollup_matches_the_logs_one_row_per_key(funded, model_named):
    for _ in range(3):
        settle_image(funded, model_named("dall-e-3"))
    settle_text(funded, model_named("gpt-4o-mini"), tokens=25000)
    assert CreditUsageDaily.objects.count() == 2
    logs = CreditUsageLog.objects.aggregate(c=Sum("credits_used"), cost=Sum("cost_usd"))
    daily = CreditUsageDaily.objects.aggregate(c=Sum("credits_used"), cost=Sum("cost_nanousd"), n=Sum("usage_count"))
    assert (daily["c"], from_nanousd(daily["cost"]), daily["n"]) == (logs["c"], logs["cost"], 4)


def test_log_keeps_prices_of_its_moment(funded, model_named):
    log = settle_image(funded, model_named("dall-e-3"))
    CreditCostConfig.objects.filter(operation_type="image_generation").update(price_per_credit_usd=Decimal("0.05"))
    AIModelConfig.objects.filter(model_name="dall-e-3").update(cost_per_image=Decimal("0.08"))
    log = CreditUsageLog.objects.get(pk=log.pk)
    assert (log.price_per_credit_usd, log.cost_per_image, log.credits_per_image) == (
        Decimal("0.02"), Decimal("0.04"), 5)
    assert report(["model"])[0]["revenue_usd"] == Decimal("0.10")


def test_grouping_by_each_dimension(funded, model_named, account):
    settle_image(funded, model_named("dall-e-3"))
    settle_image(funded, model_named("google:4@2"))
    settle_text(funded, model_named("gpt-5.1"))
    assert [r["provider"] for r in report(["provider"])] == ["openai", "runware"]
    assert [r["operation"] for r in report(["operation"])] == ["content_generation", "image_generation"]
    assert [(r["account"], r["credits_used"]) for r in report(["account"])] == [(account.pk, 25)]
    assert [(r["day"], r["usage_count"]) for r in report(["day"])] == [(TODAY, 3)]
    assert report(["day"], account_id=account.pk + 1000) == []


def test_provider_reported_cost_is_kept_beside_catalog_cost(funded, model_named):
    log = settle_image(funded, model_named("dall-e-3"), provider_cost_usd=Decimal("0.041"), request_id="req-9")
    log = CreditUsageLog.objects.get(pk=log.pk)
    assert (log.provider_cost_usd, log.request_id, log.provider) == (Decimal("0.041"), "req-9", "openai")


def test_rollup_money_adds_exactly_on_every_database(funded, model_named):
    # given two text calls of 3 credits at $0.01 and a provider cost of $0.01 each
    for _ in range(2):
        settle_text(funded, model_named("gpt-4o-mini"), tokens=25000)
    # then the stored sums are exact: SQLite used to keep the decimal as a float and add in SQL
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT revenue_nanousd, cost_nanousd FROM {CreditUsageDaily._meta.db_table}")
        [(revenue, cost)] = cursor.fetchall()
    logs = list(CreditUsageLog.objects.all())
    assert (revenue, cost) == (60_000_000, sum(to_nanousd(log.cost_usd) for log in logs))
    assert isinstance(revenue, int) and isinstance(cost, int)
    assert report(["model"])[0]["revenue_usd"] == Decimal("0.06")
