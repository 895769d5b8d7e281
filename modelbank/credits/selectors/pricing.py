"""Unit economics of each model: what a customer pays for one unit (an image, or one credit
of tokens) against what the provider charges for it. The staff's model catalogue and the
below-cost system check both read these figures.
"""

from collections.abc import Mapping
from copy import copy
from dataclasses import dataclass
from decimal import Decimal

from modelbank.catalog.models import AIModelConfig
from modelbank.common.money import TOKENS_PER_MILLION, usd
from modelbank.credits.models import CreditCostConfig


@dataclass(frozen=True)
class UnitEconomics:
    operation_type: str
    unit: str  # "image" or "credit"
    price_usd: Decimal  # what the customer pays for one unit
    cost_usd: Decimal | None  # what the provider charges for it; None where the catalog has no price

    @property
    def margin_usd(self) -> Decimal | None:
        return None if self.cost_usd is None else usd(self.price_usd - self.cost_usd)

    @property
    def margin_percent(self) -> Decimal | None:
        margin = self.margin_usd
        if margin is None or not self.price_usd:
            return None
        return (margin / self.price_usd * 100).quantize(Decimal("0.01"))

    @property
    def sells_below_cost(self) -> bool:
        return self.cost_usd is not None and self.price_usd < self.cost_usd


def operations_by_unit(operations: list[CreditCostConfig]) -> dict[str, list[CreditCostConfig]]:
    return {unit: [op for op in operations if op.billing_unit == unit] for unit in CreditCostConfig.BillingUnit}


def model_economics(model: AIModelConfig, by_unit: dict[str, list[CreditCostConfig]]) -> list[UnitEconomics]:
    """Images: credits_per_image × price per credit against cost_per_image. Text: one credit's
    price against what tokens_per_credit output tokens cost (the dearer side of a token)."""
    if model.model_type == AIModelConfig.ModelType.IMAGE and model.credits_per_image:
        return [UnitEconomics(op.operation_type, "image", usd(model.credits_per_image * op.price_per_credit_usd),
                              model.cost_per_image)
                for op in by_unit[CreditCostConfig.BillingUnit.IMAGES]]
    if model.model_type == AIModelConfig.ModelType.TEXT and model.tokens_per_credit:
        cost = None
        if model.output_token_rate is not None:
            cost = usd(model.tokens_per_credit * model.output_token_rate / TOKENS_PER_MILLION)
        return [UnitEconomics(op.operation_type, "credit", op.price_per_credit_usd, cost)
                for op in by_unit[CreditCostConfig.BillingUnit.TOKENS]]
    return []


# Model id -> {price field: value}: prices to weigh instead of the stored ones, e.g. what a price
# import would write (credits/services/price_import.py), judged before anything is written.
PriceOverrides = Mapping[int, Mapping[str, Decimal]]


def catalog_economics(*, active_only: bool = False,
                      prices: PriceOverrides | None = None) -> list[tuple[AIModelConfig, list[UnitEconomics]]]:
    """Every model's economics; with ``prices``, those models' figures at those prices (the
    instances returned carry them, unsaved)."""
    by_unit = operations_by_unit(list(CreditCostConfig.objects.filter(is_active=True)))
    models = AIModelConfig.objects.select_related("provider").order_by("model_type", "sort_order", "model_name")
    if active_only:
        models = models.filter(is_active=True)
    return [(model, model_economics(_repriced(model, prices), by_unit)) for model in models]


def _repriced(model: AIModelConfig, prices: PriceOverrides | None) -> AIModelConfig:
    for field, value in (prices or {}).get(model.pk, {}).items():
        setattr(model, field, value)
    return model


def economics_preview(*, model: AIModelConfig, changes: dict) -> list[UnitEconomics]:
    """The model's economics with some prices or credits changed, on a copy: nothing is saved."""
    by_unit = operations_by_unit(list(CreditCostConfig.objects.filter(is_active=True)))
    edited = copy(model)
    for name, value in changes.items():
        setattr(edited, name, value)
    return model_economics(edited, by_unit)
