"""A price or limit edit (admin or shell) bumps its stamp so every process reloads."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from modelbank.credits.models import CreditCostConfig, UsageLimit
from modelbank.credits.services.costs import credit_costs_changed
from modelbank.credits.services.limits import usage_limits_changed


@receiver([post_save, post_delete], sender=CreditCostConfig)
def _on_cost_write(sender, **kwargs) -> None:
    credit_costs_changed()


@receiver([post_save, post_delete], sender=UsageLimit)
def _on_limit_write(sender, **kwargs) -> None:
    usage_limits_changed()
