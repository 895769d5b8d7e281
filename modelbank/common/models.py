from django.db import models


class ConfigStamp(models.Model):
    """A version number per cached configuration (the catalog, platform settings).

    Every write to that configuration bumps its stamp in the same transaction; each
    process re-reads the stamp at most every CATALOG_CACHE_CHECK_SECONDS and reloads its
    in-process copy when the number moved, so an admin's edit reaches every worker fast.
    """

    name = models.CharField(max_length=50, primary_key=True)
    version = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"
