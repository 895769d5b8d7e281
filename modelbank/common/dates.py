"""Date windows (``since`` and ``until``, both days included): one set of rules for every report,
list and command that takes them.

Any ISO date Python can hold (0001-01-01 to 9999-12-31) is accepted; a window is refused only when
``since`` comes after ``until``. Defaults: ``until`` is today (UTC) and ``since`` the day that makes the
window ``days`` long, never before 0001-01-01 (``until - timedelta(days=29)`` overflowed on
``until=0001-01-01``, a 500).
"""

from datetime import date

from django.utils import timezone
from rest_framework import serializers

from modelbank.common.errors import ApplicationError

DEFAULT_DAYS = 30


class DateWindowError(ApplicationError):
    code = "invalid_date_window"


class DateWindowSerializer(serializers.Serializer):
    """The ``since`` and ``until`` query parameters, refused when the window ends before it starts;
    views that need the defaults filled in pass what it read to ``date_window``."""

    since = serializers.DateField(required=False, help_text="First day, included (YYYY-MM-DD); not after `until`.")
    until = serializers.DateField(required=False, help_text="Last day, included (YYYY-MM-DD); not before `since`.")

    def validate(self, attrs: dict) -> dict:
        check_date_order(since=attrs.get("since"), until=attrs.get("until"))
        return attrs


def parse_day(value: str, *, name: str) -> date:
    """A YYYY-MM-DD string (commands); DRF's DateField reads the same format for the API."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise DateWindowError(f"{name}: '{value}' is not a date (YYYY-MM-DD, 0001-01-01 to 9999-12-31).",
                              extra={"field": name}) from None


def check_date_order(*, since: date | None, until: date | None, until_is_default: bool = False) -> None:
    if since is not None and until is not None and since > until:
        which = "today, the default until" if until_is_default else "until"
        raise DateWindowError(f"since ({since}) is after {which} ({until}): a window must not end before it starts.",
                              extra={"field": "since", "since": since.isoformat(), "until": until.isoformat()})


def days_ending(until: date, days: int) -> date:
    """The first day of the ``days``-day window that ends on ``until``, clamped to 0001-01-01."""
    return date.fromordinal(max(1, until.toordinal() - (days - 1)))


def date_window(*, since: date | None = None, until: date | None = None,
                days: int = DEFAULT_DAYS) -> tuple[date, date]:
    """[since, until] with the defaults filled in; DateWindowError if since is after until."""
    end = until or timezone.now().date()
    check_date_order(since=since, until=end, until_is_default=until is None)
    return since or days_ending(end, days), end
