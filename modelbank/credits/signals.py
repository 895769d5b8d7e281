"""A price edit (admin or shell) bumps the credit_costs stamp so every process reloads."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from modelbank.credits.models import CreditCostConfig
from modelbank.credits.services.costs import credit_costs_changed


@receiver([post_save, post_delete], sender=CreditCostConfig)
def _on_cost_write(sender, **kwargs) -> None:
    credit_costs_changed()
