"""Periodic work of the gateway (config/settings.py CELERY_BEAT_SCHEDULE names it)."""

from celery import shared_task

from modelbank.common.metrics import sweep_ran
from modelbank.gateway.idempotency import expire_keys


@shared_task(name="modelbank.gateway.tasks.expire_idempotency_keys")
def expire_idempotency_keys() -> int:
    return sweep_ran("expire_idempotency_keys", expire_keys())
