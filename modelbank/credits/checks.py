"""credits.W001: a credit price that sells below the provider's cost (issue 2's last check).

Image models: credits_per_image × the image operation's price per credit against
cost_per_image. Text models: each active token operation's price per credit against what
tokens_per_credit output tokens cost at the model's output rate (the dearer side).
"""

from django.core import checks
from django.db import DatabaseError

from modelbank.catalog.checks import catalog_is_readable
from modelbank.catalog.models import AIModelConfig
from modelbank.common.money import TOKENS_PER_MILLION
from modelbank.credits.models import CreditCostConfig


def _plain(value) -> str:
    return f"{value.normalize():f}"


def _image_findings(model: AIModelConfig, operations: list[CreditCostConfig]) -> list[checks.CheckMessage]:
    if model.cost_per_image is None or not model.credits_per_image:
        return []
    return [
        checks.Warning(
            f"Image model '{model.model_name}' sells at ${_plain(model.credits_per_image * op.price_per_credit_usd)} "
            f"per image ({op.operation_type}) but costs ${_plain(model.cost_per_image)}.",
            id="credits.W001", hint="Raise credits_per_image or the price per credit.",
        )
        for op in operations
        if model.credits_per_image * op.price_per_credit_usd < model.cost_per_image
    ]


def _text_findings(model: AIModelConfig, operations: list[CreditCostConfig]) -> list[checks.CheckMessage]:
    if model.output_token_rate is None or not model.tokens_per_credit:
        return []
    cost = model.tokens_per_credit * model.output_token_rate / TOKENS_PER_MILLION
    return [
        checks.Warning(
            f"Text model '{model.model_name}': a credit of {op.operation_type} sells at ${_plain(op.price_per_credit_usd)} "
            f"but {model.tokens_per_credit} output tokens cost ${_plain(cost)}.",
            id="credits.W001", hint="Lower tokens_per_credit or raise the operation's price per credit.",
        )
        for op in operations
        if op.price_per_credit_usd < cost
    ]


def below_cost_findings() -> list[checks.CheckMessage]:
    operations = list(CreditCostConfig.objects.filter(is_active=True))
    by_unit = {unit: [op for op in operations if op.billing_unit == unit] for unit in CreditCostConfig.BillingUnit}
    found = []
    for model in AIModelConfig.objects.filter(is_active=True):
        if model.model_type == AIModelConfig.ModelType.IMAGE:
            found += _image_findings(model, by_unit[CreditCostConfig.BillingUnit.IMAGES])
        elif model.model_type == AIModelConfig.ModelType.TEXT:
            found += _text_findings(model, by_unit[CreditCostConfig.BillingUnit.TOKENS])
    return found


@checks.register("modelbank", deploy=False)
def check_credit_prices(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if not catalog_is_readable():
        return []
    try:
        return below_cost_findings()
    except DatabaseError:  # a database before `migrate credits` has nothing to check
        return []
