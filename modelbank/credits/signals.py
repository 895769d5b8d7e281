"""A price, limit or low-balance threshold edit (admin or shell) bumps its stamp so every process reloads."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from modelbank.accounts.models import Account
from modelbank.credits.models import CreditCostConfig, UsageLimit
from modelbank.credits.services.alerts import low_balance_thresholds_changed
from modelbank.credits.services.costs import credit_costs_changed
from modelbank.credits.services.limits import usage_limits_changed


@receiver([post_save, post_delete], sender=CreditCostConfig)
def _on_cost_write(sender, **kwargs) -> None:
    credit_costs_changed()


@receiver([post_save, post_delete], sender=UsageLimit)
def _on_limit_write(sender, **kwargs) -> None:
    usage_limits_changed()


@receiver([post_save, post_delete], sender=Account)
def _on_account_write(sender, instance, created=False, update_fields=None, **kwargs) -> None:
    if update_fields is not None and "low_balance_threshold" not in update_fields:
        return  # e.g. a name: the thresholds are unchanged
    if created and instance.low_balance_threshold is None:
        return
    low_balance_thresholds_changed()
