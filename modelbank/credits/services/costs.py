"""Credit prices per operation (CreditCostConfig), read through a cached snapshot that
reloads when the "credit_costs" stamp moves, so the hot path does not query them."""

from modelbank.common.errors import ApplicationError, ConfigurationError
from modelbank.common.versioned_cache import VersionedCache, bump_stamp
from modelbank.credits.models import CreditCostConfig

STAMP = "credit_costs"


def _load() -> dict[str, CreditCostConfig]:
    return {c.operation_type: c for c in CreditCostConfig.objects.all()}


_cache = VersionedCache(STAMP, _load)


def credit_costs_changed() -> None:
    bump_stamp(STAMP)


def cost_config(operation_type: str) -> CreditCostConfig:
    config = _cache.get().get(operation_type)
    if config is None:
        raise ApplicationError(f"Unknown operation type '{operation_type}'.", extra={"operation_type": operation_type})
    if not config.is_active:
        raise ConfigurationError(f"Operation '{operation_type}' is not active.", extra={"operation_type": operation_type})
    return config


def active_cost_configs() -> list[CreditCostConfig]:
    return [c for c in _cache.get().values() if c.is_active]
