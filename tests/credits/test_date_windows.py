"""since/until on every report, list and command: one parser (common.dates), no overflow, a clear 400
when a window ends before it starts."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from modelbank.common.dates import DateWindowError, date_window, days_ending
from tests.credits.conftest import settle_image

SUMMARY = "/api/v1/billing/usage/summary/"
REVENUE = "/api/v1/admin/analytics/revenue/"
LISTS = ["/api/v1/billing/transactions/", "/api/v1/billing/usage/"]


@pytest.fixture
def used(funded, model_named):
    settle_image(funded, model_named("dall-e-3"))
    return funded


def test_days_ending_never_goes_before_year_1():
    assert days_ending(date(2025, 3, 31), 30) == date(2025, 3, 2)
    assert days_ending(date(1, 1, 1), 30) == date(1, 1, 1)  # until - timedelta(days=29) was an OverflowError
    assert days_ending(date(1, 1, 10), 30) == date(1, 1, 1)


def test_date_window_defaults_and_order():
    today = timezone.now().date()
    assert date_window() == (today - timedelta(days=29), today)
    assert date_window(until=date(9999, 12, 31)) == (date(9999, 12, 2), date(9999, 12, 31))
    with pytest.raises(DateWindowError, match="today, the default until"):
        date_window(since=date(9999, 12, 31))


@pytest.mark.parametrize("until", ["0001-01-01", "0001-01-29"])
def test_windows_near_year_1_are_empty_reports_not_an_overflow(api_client, staff_client, used, until):
    summary = api_client.get(SUMMARY, {"until": until})
    assert summary.status_code == 200 and summary.json() == []
    revenue = staff_client.get(REVENUE, {"until": until, "by": "day,model"})
    assert revenue.status_code == 200
    assert revenue.json() | {"rows": None, "totals": None} == {"since": "0001-01-01", "until": until,
                                                               "by": ["day", "model"], "rows": None, "totals": None}
    assert revenue.json()["rows"] == [] and revenue.json()["totals"]["usage_count"] == 0


def test_the_widest_window_reports_what_there_is(api_client, staff_client, used):
    everything = {"since": "0001-01-01", "until": "9999-12-31"}
    assert [row["credits"] for row in api_client.get(SUMMARY, everything).json()] == [5]
    assert [row["credits_used"] for row in staff_client.get(REVENUE, everything).json()["rows"]] == [5]


@pytest.mark.parametrize("query", [{"since": "9999-12-31"}, {"since": "2025-02-01", "until": "2025-01-31"}])
def test_a_window_that_ends_before_it_starts_is_a_clear_400(api_client, staff_client, used, query):
    # lists have no default until (no upper bound), so only a given until can come before since there
    lists = LISTS if "until" in query else []
    for client, url in [(api_client, SUMMARY), (staff_client, REVENUE), *((api_client, u) for u in lists)]:
        response = client.get(url, query)
        assert response.status_code == 400, (url, response.content)
        error = response.json()["error"]
        assert error["code"] == "invalid_date_window" and error["field"] == "since"
        assert f"since ({query['since']}) is after" in error["message"]


@pytest.mark.parametrize("day", ["0000-12-31", "10000-01-01", "2025-02-30", "yesterday"])
def test_a_day_that_is_no_date_is_a_400_naming_the_parameter(api_client, day):
    response = api_client.get(SUMMARY, {"until": day})
    assert response.status_code == 400 and response.json()["error"]["message"].startswith("until: ")


def report(*args) -> str:
    out = StringIO()
    call_command("credits_report", *args, "--format", "json", stdout=out)
    return out.getvalue()


def test_credits_report_takes_the_same_windows(used):
    assert report("--until", "0001-01-01").strip() == "[]"
    assert '"credits_used": 5' in report("--since", "0001-01-01", "--until", "9999-12-31")
    with pytest.raises(CommandError, match=r"since \(9999-12-31\) is after today, the default until"):
        report("--since", "9999-12-31")
    with pytest.raises(CommandError, match="until: '2025-13-01' is not a date"):
        report("--until", "2025-13-01")
