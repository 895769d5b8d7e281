"""Any write to the catalog bumps its stamp, so every process's registry cache reloads.

Services that write with QuerySet.update() call catalog_changed() themselves.
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from modelbank.catalog.models import AIModelConfig, IntegrationProvider
from modelbank.catalog.registry import STAMP
from modelbank.common.versioned_cache import bump_stamp


def catalog_changed() -> None:
    bump_stamp(STAMP)


@receiver([post_save, post_delete], sender=AIModelConfig)
@receiver([post_save, post_delete], sender=IntegrationProvider)
def _on_catalog_write(sender, **kwargs) -> None:
    catalog_changed()
