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


def image_settings_for(*, account=None, user=None) -> dict:
    """The image settings a caller sees. Until account overrides exist, the platform's."""
    row = global_settings()
    return {
        "style": row.image_style,
        "max_in_article_images": row.max_in_article_images,
        "quality": row.image_quality,
    }
