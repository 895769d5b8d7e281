"""CSV downloads and exports: one writer for every report, so they all read alike.

Values are exact (a Decimal as stored, never in exponent form: str(Decimal("0E-8")) is "0E-8"),
dates in ISO 8601, nothing for None. Text that a spreadsheet would run as a formula (an account
named "=HYPERLINK(...)") gets a leading apostrophe (OWASP, CSV injection); numbers never do, so
a negative margin stays a number.

A view that answers with ``csv_response`` negotiates with ``CsvNegotiation``: DRF's default
negotiation knows only the JSON renderer, so it refused a client asking for text/csv alone (406)
and let one asking for application/json through to a CSV.
"""

import csv
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from rest_framework.exceptions import NotAcceptable
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import JSONRenderer

CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

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
    response = HttpResponse(content_type=CSV_CONTENT_TYPE,
                            headers={"Content-Disposition": f'attachment; filename="{filename}"'})
    csv_write(response, columns, rows)
    return response


class CsvNegotiation(BaseContentNegotiation):
    """The view writes the CSV itself, so negotiation only decides whether the client takes it.
    `text/csv`, `text/*`, `*/*` or no Accept header do (so do a browser following a link and the web
    UI's `text/csv, application/json;q=0.9`); a client that takes no CSV, `application/json` alone
    included, gets a 406 naming the JSON list that has the same rows (each download is that list's
    `export/`). The renderer chosen is JSON, which renders only errors here: a 400, 401 or 403 keeps
    the one error shape whatever was asked for, as RFC 9110 (12.5.1) lets a server disregard Accept."""

    def select_renderer(self, request, renderers, format_suffix=None):
        # Django's matching: q=0 is "not this", and text/csv;charset=latin-1 is not what we send
        if not request.accepts(CSV_CONTENT_TYPE):
            raise NotAcceptable("This is a CSV download: ask for text/csv (or */*). The same rows as "
                                f"JSON are at {request.path.removesuffix('export/')}.")
        renderer = next(r for r in renderers if isinstance(r, JSONRenderer))
        return renderer, renderer.media_type
