"""Periodic work (config/settings.py CELERY_BEAT_SCHEDULE names these). Thin: call a service."""

from celery import shared_task

from modelbank.common.metrics import sweep_ran
from modelbank.credits.services import credit_holds_expire


@shared_task(name="modelbank.credits.tasks.release_expired_holds")
def release_expired_holds() -> int:
    """Free the credits of open holds past their expiry; returns how many expired."""
    return sweep_ran("release_expired_holds", credit_holds_expire())
