"""The one CSV writer of every export: exact values, and text a spreadsheet would run kept as text."""

import csv
import io
from datetime import date
from decimal import Decimal

from modelbank.common.csv_export import csv_response


def rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_values_are_exact_and_none_is_empty():
    response = csv_response(filename="x.csv", columns=["day", "usd", "n", "flag", "none"], rows=[
        {"day": date(2026, 1, 2), "usd": Decimal("0E-8"), "n": 3, "flag": True, "none": None},
        {"day": date(2026, 1, 3), "usd": Decimal("-0.02000000"), "n": -1, "flag": False},
    ])
    assert rows_of(response) == [["day", "usd", "n", "flag", "none"],
                                 ["2026-01-02", "0.00000000", "3", "true", ""],
                                 ["2026-01-03", "-0.02000000", "-1", "false", ""]]
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'


def test_text_that_would_be_a_formula_stays_text():
    names = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tTab", "Plain, with comma"]
    response = csv_response(filename="x.csv", columns=["name"], rows=[{"name": n} for n in names])
    assert [row[0] for row in rows_of(response)[1:]] == ["'=1+1", "'+SUM(A1)", "'-2+3", "'@cmd", "'\tTab",
                                                          "Plain, with comma"]
