from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from modelbank.common.versioned_cache import bump_stamp
from modelbank.preferences.models import GlobalIntegrationSettings, IntegrationSettings, UserSettings
from modelbank.preferences.platform import STAMP
from modelbank.preferences.resolution import TIERS_STAMP


@receiver(post_save, sender=GlobalIntegrationSettings)
def _on_global_settings_write(sender, **kwargs) -> None:
    bump_stamp(STAMP)


@receiver([post_save, post_delete], sender=IntegrationSettings)
@receiver([post_save, post_delete], sender=UserSettings)
def _on_override_write(sender, **kwargs) -> None:
    bump_stamp(TIERS_STAMP)
