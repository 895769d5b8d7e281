from decimal import Decimal

from modelbank.catalog.models import AIModelConfig
from modelbank.credits.checks import check_credit_prices
from modelbank.credits.models import CreditCostConfig


def test_seeded_catalog_sells_nothing_below_cost(db):
    assert check_credit_prices() == []


def test_dearer_image_model_is_flagged(db):
    # given DALL-E 3 at $0.11 an image but 5 credits × $0.02 = $0.10
    AIModelConfig.objects.filter(model_name="dall-e-3").update(cost_per_image=Decimal("0.11"))
    found = check_credit_prices()
    assert [(m.id, "dall-e-3" in m.msg) for m in found] == [("credits.W001", True)]


def test_dearer_text_output_is_flagged(db):
    # given gpt-5.1 output at $12/1M: 1,000 tokens cost $0.012 but a credit sells at $0.01
    AIModelConfig.objects.filter(model_name="gpt-5.1").update(output_token_rate=Decimal("12"))
    found = check_credit_prices()
    assert {m.id for m in found} == {"credits.W001"}
    assert len(found) == 4  # the four active token operations (chat_completion included)
    assert all("gpt-5.1" in m.msg for m in found)


def test_cheaper_operation_price_is_flagged_and_inactive_ones_ignored(db):
    CreditCostConfig.objects.filter(operation_type="keyword_clustering").update(price_per_credit_usd=Decimal("0.005"))
    # gpt-5.1's 1,000 output tokens cost $0.01, gpt-4o-mini's 10,000 cost $0.006: both above $0.005
    assert sorted(m.msg.split("'")[1] for m in check_credit_prices()) == ["gpt-4o-mini", "gpt-5.1"]
    CreditCostConfig.objects.filter(operation_type="keyword_clustering").update(is_active=False)
    assert check_credit_prices() == []
