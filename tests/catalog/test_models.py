from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from modelbank.catalog.models import AIModelConfig

pytestmark = pytest.mark.django_db


def _new_text_model(**overrides) -> AIModelConfig:
    fields = {"model_name": "test-model", "display_name": "Test", "model_type": "text", "provider_id": "openai",
              "input_token_rate": Decimal("1"), "output_token_rate": Decimal("2"), "tokens_per_credit": 1000}
    fields.update(overrides)
    return AIModelConfig(**fields)


def _refused(instance: AIModelConfig) -> bool:
    try:
        with transaction.atomic():
            instance.save()
    except IntegrityError:
        return True
    return False


def test_a_second_active_default_is_refused_by_the_database():
    assert _refused(_new_text_model(is_default=True))


def test_an_inactive_model_may_carry_the_default_flag_and_check_reports_it():
    assert not _refused(_new_text_model(is_default=True, is_active=False))


@pytest.mark.parametrize("field", ["input_token_rate", "output_token_rate", "cost_per_image"])
def test_negative_prices_are_refused(field):
    assert _refused(_new_text_model(**{field: Decimal("-0.01")}))


def test_tokens_per_credit_must_be_above_zero():
    assert _refused(_new_text_model(tokens_per_credit=0))


def test_text_model_needs_tokens_per_credit():
    assert _refused(_new_text_model(tokens_per_credit=None))


def test_image_model_needs_credits_per_image():
    assert _refused(AIModelConfig(model_name="img", display_name="Img", model_type="image", provider_id="openai",
                                  cost_per_image=Decimal("0.01"), available_sizes=["1024x1024"]))


def test_provider_cannot_be_deleted_while_models_use_it():
    from django.db.models import ProtectedError

    from modelbank.catalog.models import IntegrationProvider

    with pytest.raises(ProtectedError):
        IntegrationProvider.objects.get(pk="openai").delete()


def test_seeded_catalog_matches_seed_000():
    rows = {m.model_name: m for m in AIModelConfig.objects.all()}
    expected = {
        "gpt-4o-mini": ("text", "openai", True, False, "0.15", "0.60", 10000),
        "gpt-4o": ("text", "openai", False, False, "2.50", "10.00", 1000),
        "gpt-5.1": ("text", "openai", True, True, "1.25", "10.00", 1000),
    }
    for name, (mtype, provider, active, default, rin, rout, tpc) in expected.items():
        m = rows[name]
        assert (m.model_type, m.provider_id, m.is_active, m.is_default, m.tokens_per_credit) == (
            mtype, provider, active, default, tpc)
        assert (m.input_token_rate, m.output_token_rate) == (Decimal(rin), Decimal(rout))
    images = {
        "runware:97@1": ("runware", True, False, "0.012", 1, "basic"),
        "dall-e-3": ("openai", True, True, "0.04", 5, "quality"),
        "google:4@2": ("runware", True, False, "0.14", 15, "premium"),
    }
    for name, (provider, active, default, cost, credits, tier) in images.items():
        m = rows[name]
        assert (m.provider_id, m.is_active, m.is_default, m.credits_per_image, m.quality_tier) == (
            provider, active, default, credits, tier)
        assert m.cost_per_image == Decimal(cost)
    others = set(rows) - set(expected) - set(images)
    assert {"gpt-4.1", "claude-3-5-sonnet-20241022", "dall-e-2", "bria-2.3"} <= others
    assert not any(rows[n].is_active for n in others), "models other than the six of docs/requirements.md §1 are inactive"
    assert "bria:10@1" not in rows, "docs/requirements.md §1: this model does not exist"


def test_choice_labels_read_like_seed_003():
    assert str(AIModelConfig.objects.get(model_name="gpt-4o-mini")) == (
        "GPT-4o Mini (gpt-4o-mini) - $0.15/$0.60 per 1M tokens")
    assert str(AIModelConfig.objects.get(model_name="dall-e-3")) == "Quality (dall-e-3) - $0.04/image"
    assert str(AIModelConfig.objects.get(model_name="runware:97@1")).endswith("- $0.012/image")
