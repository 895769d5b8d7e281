"""Staff edit catalog models without the Django admin (PATCH /api/v1/system/models/<id>/, make-default,
and the economics preview): the admin form's rules, audited price changes, and the catalog reloaded."""

from decimal import Decimal

import pytest

from modelbank.catalog.models import AIModelConfig, PriceChange
from modelbank.catalog.registry import ModelRegistry
from modelbank.common.versioned_cache import read_stamp


def url(model: AIModelConfig, tail: str = "") -> str:
    return f"/api/v1/system/models/{model.pk}/{tail}"


@pytest.fixture
def named(db):
    return lambda name: AIModelConfig.objects.get(model_name=name)


def test_price_and_credits_edit_is_saved_audited_and_reloaded(staff_client, staff_user, named):
    dalle = named("dall-e-3")
    ModelRegistry.get_model("dall-e-3")  # cached in this process
    stamp = read_stamp("catalog")
    response = staff_client.patch(url(dalle), {"cost_per_image": "0.05", "credits_per_image": 6,
                                               "available_sizes": ["1024x1024"]}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["cost_per_image"], body["credits_per_image"], body["available_sizes"]) == (
        "0.05000000", 6, ["1024x1024"])
    assert read_stamp("catalog") > stamp
    assert ModelRegistry.get_model("dall-e-3").cost_per_image == Decimal("0.05")
    change = PriceChange.objects.get(model=dalle)
    assert change.changes == {"cost_per_image": ["0.04", "0.05"], "credits_per_image": ["5", "6"]}
    assert (change.actor, change.source) == (staff_user.username, "staff API")


def test_an_edit_without_a_price_change_writes_no_audit_row(staff_client, named):
    response = staff_client.patch(url(named("gpt-4o-mini")), {"display_name": "GPT-4o mini", "sort_order": 3},
                                  format="json")
    assert response.status_code == 200 and not PriceChange.objects.exists()
    assert named("gpt-4o-mini").display_name == "GPT-4o mini"


def test_a_price_can_be_cleared(staff_client, named):
    response = staff_client.patch(url(named("gpt-4o-mini")), {"input_token_rate": None}, format="json")
    assert response.status_code == 200 and response.json()["input_token_rate"] is None
    assert PriceChange.objects.get().changes == {"input_token_rate": ["0.15", None]}


@pytest.mark.parametrize(("model_name", "body", "field", "words"), [
    ("dall-e-3", {"cost_per_image": "-0.01"}, "cost_per_image", "greater than or equal to 0"),
    ("dall-e-3", {"credits_per_image": 0}, "credits_per_image", "greater than or equal to 1"),
    ("dall-e-3", {"credits_per_image": None}, "non_field_errors", "An image model needs credits_per_image."),
    ("gpt-5.1", {"tokens_per_credit": None}, "non_field_errors", "A text model needs tokens_per_credit."),
    ("dall-e-3", {"quality_tier": "gold"}, "quality_tier", "Must be one of basic, quality, premium"),
    ("dall-e-3", {"available_sizes": ["1024 x 1024"]}, "available_sizes", "is not a size"),
    ("dall-e-3", {"available_sizes": ["1024x1024", "1024x1024"]}, "available_sizes", "each size once"),
    ("dall-e-3", {"request_parameters": {"styles": ["vivid"]}}, "request_parameters", "unknown parameter"),
    ("dall-e-3", {"request_parameters": {"temperature": False}}, "request_parameters", "applies to text models"),
    ("gpt-5.1", {"fallback_models": "gpt-4o-mini"}, "fallback_models", "list"),
    ("gpt-5.1", {"fallback_models": ["no-such-model"]}, "fallback_models", "'no-such-model' is not in the catalog"),
    ("gpt-5.1", {"fallback_models": ["dall-e-3"]}, "fallback_models", "is a image model, not a text model"),
    ("gpt-5.1", {"fallback_models": ["gpt-5.1"]}, "fallback_models", "cannot be its own fallback"),
    ("gpt-5.1", {"model_name": "gpt-6"}, "model_name", "cannot be changed here"),
])
def test_invalid_edits_are_a_clear_400_and_change_nothing(staff_client, named, model_name, body, field, words):
    model = named(model_name)
    before = {f.name: getattr(model, f.name) for f in AIModelConfig._meta.fields if f.name != "updated_at"}
    response = staff_client.patch(url(model), body, format="json")
    assert response.status_code == 400, response.json()
    error = response.json()["error"]
    assert words in error["message"] or words in str(error.get("fields")), error
    if field:
        assert field in error["message"] or field in error.get("fields", {}) or error.get("field") == field, error
    model.refresh_from_db()
    assert {name: getattr(model, name) for name in before} == before
    assert not PriceChange.objects.exists()


def test_an_empty_patch_changes_nothing(staff_client, named):
    model = named("gpt-5.1")
    response = staff_client.patch(url(model), {}, format="json")
    assert response.status_code == 200 and response.json()["tokens_per_credit"] == model.tokens_per_credit
    assert not PriceChange.objects.exists()


def test_a_fallback_chain_that_loops_is_refused(staff_client, named):
    AIModelConfig.objects.filter(model_name="gpt-4o-mini").update(fallback_models=["gpt-5.1"])
    response = staff_client.patch(url(named("gpt-5.1")), {"fallback_models": ["gpt-4o-mini"]}, format="json")
    assert response.status_code == 400 and "loops" in response.json()["error"]["message"]


def test_a_second_default_is_a_409_naming_the_current_one(staff_client, named):
    response = staff_client.patch(url(named("gpt-4o-mini")), {"is_default": True}, format="json")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "default_taken"
    assert "'gpt-5.1' is already the default text model" in response.json()["error"]["message"]


def test_make_default_moves_the_default(staff_client, named):
    response = staff_client.post(url(named("gpt-4o-mini"), "make-default/"))
    assert response.status_code == 200 and response.json()["is_default"] is True
    assert list(AIModelConfig.objects.filter(model_type="text", is_default=True).values_list("model_name", flat=True)) \
        == ["gpt-4o-mini"]
    assert ModelRegistry.get_default_model("text").model_name == "gpt-4o-mini"


def test_default_needs_an_active_model(staff_client, named):
    AIModelConfig.objects.filter(model_name="gpt-4o").update(is_active=False)
    response = staff_client.patch(url(named("gpt-4o")), {"is_default": True}, format="json")
    assert response.status_code == 400 and "activate it before" in response.json()["error"]["message"]
    response = staff_client.post(url(named("gpt-4o"), "make-default/"))
    assert response.status_code == 400 and response.json()["error"]["code"] == "model_inactive"


def test_deactivating_the_default_stops_it_being_the_default(staff_client, named):
    response = staff_client.patch(url(named("gpt-5.1")), {"is_active": False}, format="json")
    assert response.status_code == 200
    assert (response.json()["is_active"], response.json()["is_default"]) == (False, False)


def test_economics_preview_shows_the_margin_of_unsaved_prices(staff_client, named):
    dalle = named("dall-e-3")  # 5 credits at $0.02 against $0.04 a picture
    response = staff_client.post(url(dalle, "economics/"), {"credits_per_image": 2, "cost_per_image": "0.05"},
                                 format="json")
    assert response.status_code == 200
    [unit] = response.json()
    assert (unit["price_usd"], unit["cost_usd"], unit["margin_usd"], unit["sells_below_cost"]) == (
        "0.04000000", "0.05000000", "-0.01000000", True)
    dalle.refresh_from_db()
    assert (dalle.credits_per_image, dalle.cost_per_image) == (5, Decimal("0.04"))
    bad = staff_client.post(url(dalle, "economics/"), {"credits_per_image": 0}, format="json")
    assert bad.status_code == 400


def test_models_list_has_what_the_edit_form_needs(staff_client, named):
    rows = {m["model_name"]: m for m in staff_client.get("/api/v1/system/models/").json()}
    assert rows["dall-e-3"]["request_parameters"] == named("dall-e-3").request_parameters
    assert rows["gpt-5.1"]["fallback_models"] == [] and isinstance(rows["gpt-5.1"]["sort_order"], int)


@pytest.mark.parametrize(("method", "tail"), [("patch", ""), ("post", "make-default/"), ("post", "economics/")])
def test_staff_only_and_unknown_models(api_client, member_client, staff_client, named, method, tail):
    model = named("dall-e-3")
    for client in (api_client, member_client):
        response = getattr(client, method)(url(model, tail), {"cost_per_image": "0"}, format="json")
        assert response.status_code == 403
    response = getattr(staff_client, method)(f"/api/v1/system/models/999999/{tail}", {"cost_per_image": "0"},
                                             format="json")
    assert response.status_code == 404
    model.refresh_from_db()
    assert model.cost_per_image == Decimal("0.04")
