from decimal import Decimal

import pytest

from modelbank.catalog import errors
from modelbank.catalog.models import AIModelConfig, IntegrationProvider
from modelbank.catalog.registry import ModelRegistry
from modelbank.catalog.services import model_make_default, models_set_active
from modelbank.catalog.usage import Usage

pytestmark = pytest.mark.django_db


def test_get_model_and_default():
    assert ModelRegistry.get_model("gpt-4o-mini").tokens_per_credit == 10000
    assert ModelRegistry.get_default_model("text").model_name == "gpt-5.1"
    assert ModelRegistry.get_default_model("image").model_name == "dall-e-3"


def test_unknown_and_inactive_models_are_typed_errors():
    with pytest.raises(errors.ModelNotFound, match="bria:10@1"):
        ModelRegistry.get_model("bria:10@1")
    with pytest.raises(errors.ModelInactive, match="gpt-4o"):
        ModelRegistry.get_model("gpt-4o")


def test_missing_default_is_an_error_not_a_fallback():
    models_set_active(models=[AIModelConfig.objects.get(model_name="gpt-5.1")], active=False)
    with pytest.raises(errors.NoDefaultModel, match="No active default text model"):
        ModelRegistry.get_default_model("text")


def test_list_models_in_sort_order():
    assert [m.model_name for m in ModelRegistry.list_models("image")] == ["runware:97@1", "dall-e-3", "google:4@2"]
    assert "gpt-4o" in [m.model_name for m in ModelRegistry.list_models("text", active_only=False)]


def test_api_key_errors():
    with pytest.raises(errors.ProviderKeyMissing, match="has no API key"):
        ModelRegistry.get_api_key("openai")
    with pytest.raises(errors.ProviderNotFound):
        ModelRegistry.get_api_key("nope")
    provider = IntegrationProvider.objects.get(pk="anthropic")
    provider.api_key, provider.is_active = "sk-ant", False
    provider.save()
    with pytest.raises(errors.ProviderInactive):
        ModelRegistry.get_api_key("anthropic")


def test_api_key_comes_from_the_vault(openai_with_key):
    from tests.catalog.conftest import PLAIN_KEY

    assert ModelRegistry.get_api_key("openai") == PLAIN_KEY


def test_calculate_cost_is_decimal_from_catalog_rates():
    mini = ModelRegistry.get_model("gpt-4o-mini")
    cost = ModelRegistry.calculate_cost(mini, Usage(input_tokens=1_000_000, output_tokens=500_000))
    assert cost == Decimal("0.45") and isinstance(cost, Decimal)
    dalle = ModelRegistry.get_model("dall-e-3")
    assert ModelRegistry.calculate_cost(dalle, Usage(image_count=3)) == Decimal("0.12")
    assert ModelRegistry.calculate_cost(ModelRegistry.get_model("gpt-5.1"), Usage(input_tokens=1234, output_tokens=1)) \
        == Decimal("0.0015525")


def test_edits_are_seen_at_once_in_this_process():
    assert ModelRegistry.get_default_model("text").model_name == "gpt-5.1"
    model_make_default(model=AIModelConfig.objects.get(model_name="gpt-4o-mini"))
    assert ModelRegistry.get_default_model("text").model_name == "gpt-4o-mini"
    assert not ModelRegistry.get_model("gpt-5.1").is_default
    mini = AIModelConfig.objects.get(model_name="gpt-4o-mini")
    mini.display_name = "Mini"
    mini.save()
    assert ModelRegistry.get_model("gpt-4o-mini").display_name == "Mini"


def test_make_default_refuses_inactive_model():
    with pytest.raises(errors.ModelInactive):
        model_make_default(model=AIModelConfig.objects.get(model_name="gpt-4o"))


def test_find_model_by_id_includes_inactive_models():
    gpt4o = AIModelConfig.objects.get(model_name="gpt-4o")
    assert ModelRegistry.find_model_by_id(gpt4o.pk).model_name == "gpt-4o"
    assert ModelRegistry.find_model_by_id(10**9) is None
