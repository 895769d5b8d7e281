"""The platform settings row (GlobalIntegrationSettings), cached per process under a version stamp."""

from modelbank.common.versioned_cache import VersionedCache
from modelbank.preferences.models import GlobalIntegrationSettings

STAMP = "global_settings"


def _load() -> GlobalIntegrationSettings:
    settings_row = GlobalIntegrationSettings.objects.first()
    if settings_row is None:
        # The migration creates the row; if it was removed by hand, recreate it with defaults.
        settings_row, _ = GlobalIntegrationSettings.objects.get_or_create(singleton=True)
    return settings_row


_global_cache = VersionedCache(STAMP, _load)


def global_settings() -> GlobalIntegrationSettings:
    """The platform settings row, from the in-process cache. Read-only."""
    return _global_cache.get()
