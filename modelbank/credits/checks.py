"""credits.W001: a credit price that sells below the provider's cost (issue 2's last check).
credits.W002: accounts have a low-balance threshold, but no alert can be sent.

Image models: credits_per_image × the image operation's price per credit against
cost_per_image. Text models: each active token operation's price per credit against what
tokens_per_credit output tokens cost at the model's output rate (the dearer side).
"""

from django.conf import settings
from django.core import checks
from django.db import DatabaseError

from modelbank.accounts.models import Account
from modelbank.catalog.checks import catalog_is_readable
from modelbank.catalog.registry import ModelRegistry
from modelbank.common.errors import ApplicationError
from modelbank.credits.selectors.pricing import PriceOverrides, UnitEconomics, catalog_economics

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


def below_cost_findings(*, prices: PriceOverrides | None = None) -> list[checks.CheckMessage]:
    """The active catalog as stored; with ``prices`` (model id -> {field: new price}), only those
    models, at those prices: what `import_prices` would cause, before it writes anything."""
    return [
        _warning(model, unit)
        for model, units in catalog_economics(active_only=True, prices=prices)
        if prices is None or model.pk in prices
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


def alert_findings() -> list[checks.CheckMessage]:
    """Alerts that would fail at every charge (each failure is logged then): say so once, up front."""
    waiting = Account.objects.filter(low_balance_threshold__isnull=False).count()
    if not waiting:
        return []
    problems = [] if settings.MODELBANK_ALERT_FROM else ["MODELBANK_ALERT_FROM is not set"]
    try:
        ModelRegistry.get_api_key("resend")
    except ApplicationError as exc:  # inactive, no key, unreadable key: the messages name no secret
        problems.append(str(exc))
    if not problems:
        return []
    return [checks.Warning(f"{waiting} account(s) have a low-balance threshold, but no alert can be sent: "
                           f"{'; '.join(problems)}", id="credits.W002",
                           hint="Set MODELBANK_ALERT_FROM and the resend provider's key "
                                "(manage.py set_provider_key resend).")]


@checks.register("modelbank", deploy=False)
def check_low_balance_alerts(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    if not catalog_is_readable():
        return []
    try:
        return alert_findings()
    except DatabaseError:  # a database before `migrate accounts` has nothing to check
        return []
