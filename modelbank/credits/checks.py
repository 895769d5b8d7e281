"""credits.W001: a credit price that sells below the provider's cost (issue 2's last check).

Image models: credits_per_image × the image operation's price per credit against
cost_per_image. Text models: each active token operation's price per credit against what
tokens_per_credit output tokens cost at the model's output rate (the dearer side).
"""

from django.core import checks
from django.db import DatabaseError

from modelbank.catalog.checks import catalog_is_readable
from modelbank.credits.selectors.pricing import UnitEconomics, catalog_economics

HINTS = {
    "image": "Raise credits_per_image or the price per credit.",
    "credit": "Lower tokens_per_credit or raise the operation's price per credit.",
}


def _plain(value) -> str:
    return f"{value.normalize():f}"


def _warning(model, unit: UnitEconomics) -> checks.Warning:
    if unit.unit == "image":
        text = (f"Image model '{model.model_name}' sells at ${_plain(unit.price_usd)} per image "
                f"({unit.operation_type}) but costs ${_plain(unit.cost_usd)}.")
    else:
        text = (f"Text model '{model.model_name}': a credit of {unit.operation_type} sells at "
                f"${_plain(unit.price_usd)} but {model.tokens_per_credit} output tokens cost ${_plain(unit.cost_usd)}.")
    return checks.Warning(text, id="credits.W001", hint=HINTS[unit.unit])


def below_cost_findings() -> list[checks.CheckMessage]:
    return [
        _warning(model, unit)
        for model, units in catalog_economics(active_only=True)
        for unit in units
        if unit.sells_below_cost
    ]


@checks.register("modelbank", deploy=False)
def check_credit_prices(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if not catalog_is_readable():
        return []
    try:
        return below_cost_findings()
    except DatabaseError:  # a database before `migrate credits` has nothing to check
        return []
