from decimal import Decimal

import pytest

pytestmark = pytest.mark.django_db


def _by_name(rows: list[dict]) -> dict:
    return {row["model_name"]: row for row in rows}


def test_staff_see_every_model_with_its_margin(staff_client):
    rows = _by_name(staff_client.get("/api/v1/system/models/").json())
    assert "gpt-4o" in rows and not rows["gpt-4o"]["is_active"]
    dalle = rows["dall-e-3"]["economics"]
    assert [(e["operation_type"], e["unit"]) for e in dalle] == [("image_generation", "image")]
    assert Decimal(dalle[0]["price_usd"]) == Decimal("0.10")
    assert Decimal(dalle[0]["cost_usd"]) == Decimal("0.04")
    assert Decimal(dalle[0]["margin_usd"]) == Decimal("0.06")
    assert Decimal(dalle[0]["margin_percent"]) == Decimal("60.00")
    gpt51 = {e["operation_type"]: e for e in rows["gpt-5.1"]["economics"]}
    assert Decimal(gpt51["content_generation"]["cost_usd"]) == Decimal("0.01")  # 1000 output tokens at $10/1M
    assert not any(e["sells_below_cost"] for r in rows.values() if r["is_active"] for e in r["economics"])


def test_unknown_cost_gives_no_margin(staff_client):
    rows = _by_name(staff_client.get("/api/v1/system/models/").json())
    (unit,) = rows["bria-2.2"]["economics"]
    assert unit["cost_usd"] is None and unit["margin_usd"] is None and not unit["sells_below_cost"]


def test_members_cannot_read_the_margins(api_client):
    assert api_client.get("/api/v1/system/models/").status_code == 403
