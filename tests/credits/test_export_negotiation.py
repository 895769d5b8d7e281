"""The CSV downloads negotiate by Accept: a client asking for text/csv (alone, by a wildcard, as the
web UI or a browser asks) gets the CSV, one asking for JSON only gets a 406 (the JSON is the list
each one exports, at its own URL), and an error is the one JSON error shape whatever was asked for."""

import csv
import io

import pytest
from rest_framework.test import APIClient

TRANSACTIONS = "/api/v1/billing/transactions/export/"
USAGE = "/api/v1/billing/usage/export/"
REVENUE = "/api/v1/admin/analytics/revenue/export/"
EXPORTS = [(TRANSACTIONS, "member_client"), (USAGE, "member_client"), (REVENUE, "staff_client")]
WEB_UI = "text/csv, application/json;q=0.9"  # web/src/api/billing.ts
BROWSER_LINK = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"


@pytest.fixture(params=EXPORTS, ids=["transactions", "usage", "revenue"])
def export(request, db):
    """(url, a client allowed to download it)"""
    url, client = request.param
    return url, request.getfixturevalue(client)


def _json_error(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()["error"]


@pytest.mark.parametrize("accept", ["text/csv", "text/csv; charset=utf-8", "text/*", "*/*", WEB_UI, BROWSER_LINK])
def test_a_client_that_takes_csv_gets_it(export, accept):
    url, client = export
    response = client.get(url, HTTP_ACCEPT=accept)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert next(csv.reader(io.StringIO(response.content.decode())))  # the header row


def test_without_an_accept_header_the_csv_is_sent(export):
    url, client = export
    assert client.get(url)["Content-Type"] == "text/csv; charset=utf-8"


@pytest.mark.parametrize("accept", ["application/json", "text/csv;q=0, application/json", "text/html",
                                    "text/csv; charset=iso-8859-1"])
def test_a_client_that_takes_no_csv_is_told_so_in_a_406(export, accept):
    url, client = export
    error = _json_error(client.get(url, HTTP_ACCEPT=accept), 406)
    assert error["code"] == "not_acceptable"
    assert "text/csv" in error["message"] and url.removesuffix("export/") in error["message"]


def test_bad_dates_asked_for_as_csv_are_a_json_400(export):
    url, client = export
    response = client.get(url, {"since": "2026-02-01", "until": "2026-01-01"}, HTTP_ACCEPT="text/csv")
    assert _json_error(response, 400)["code"] == "invalid_date_window"
    assert _json_error(client.get(url, {"since": "yesterday"}, HTTP_ACCEPT="text/csv"), 400)["code"] == "invalid"


@pytest.mark.parametrize("url", [TRANSACTIONS, USAGE, REVENUE])
def test_no_credentials_asked_for_as_csv_is_a_json_401(db, url):
    error = _json_error(APIClient().get(url, HTTP_ACCEPT="text/csv"), 401)
    assert error["code"] == "not_authenticated"


def test_a_member_asking_for_the_revenue_csv_gets_a_json_403(member_client):
    error = _json_error(member_client.get(REVENUE, HTTP_ACCEPT="text/csv"), 403)
    assert error["message"] == "Only platform staff can do this."


@pytest.mark.parametrize("url", [TRANSACTIONS, USAGE, REVENUE])
def test_the_schema_says_csv_when_it_works_and_the_error_shape_otherwise(client, url):
    responses = client.get("/api/schema/?format=json").json()["paths"][url]["get"]["responses"]
    assert set(responses["200"]["content"]) == {"text/csv"}
    for status in ("400", "401", "403", "406"):
        assert responses[status]["content"] == {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}


def test_the_csv_says_it_depends_on_accept(export):
    """A cache in front must not hand the CSV to a client that asked for JSON (or the 406 to one that takes CSV)."""
    url, client = export
    assert "Accept" in client.get(url, HTTP_ACCEPT="text/csv").get("Vary", "")
    assert "Accept" in client.get(url, HTTP_ACCEPT="application/json").get("Vary", "")
