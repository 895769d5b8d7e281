from django.db.models.signals import post_save
from django.dispatch import receiver

from modelbank.common.versioned_cache import bump_stamp
from modelbank.preferences.models import GlobalIntegrationSettings
from modelbank.preferences.selectors import STAMP


@receiver(post_save, sender=GlobalIntegrationSettings)
def _on_global_settings_write(sender, **kwargs) -> None:
    bump_stamp(STAMP)
