"""CSV downloads and exports: one writer for every report, so they all read alike.

Values are exact (a Decimal as stored, never in exponent form: str(Decimal("0E-8")) is "0E-8"),
dates in ISO 8601, nothing for None. Text that a spreadsheet would run as a formula (an account
named "=HYPERLINK(...)") gets a leading apostrophe (OWASP, CSV injection); numbers never do, so
a negative margin stays a number.
"""

import csv
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, int):
        return value
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def csv_write(stream, columns: list[str], rows: Iterable[Mapping[str, Any]]) -> None:
    """A header row of ``columns``, then one line per row (a column a row lacks is empty)."""
    writer = csv.writer(stream)
    writer.writerow(columns)
    writer.writerows([csv_cell(row.get(column)) for column in columns] for row in rows)


def csv_response(*, filename: str, columns: list[str], rows: Iterable[Mapping[str, Any]]) -> HttpResponse:
    """A download: browsers save it as ``filename`` instead of showing it."""
    response = HttpResponse(content_type="text/csv; charset=utf-8",
                            headers={"Content-Disposition": f'attachment; filename="{filename}"'})
    csv_write(response, columns, rows)
    return response
