from django.apps import AppConfig
from django.db.models.signals import post_migrate


class CreditsConfig(AppConfig):
    name = "modelbank.credits"
    label = "credits"
    verbose_name = "Credits"

    def ready(self) -> None:
        from modelbank.credits import checks, signals  # noqa: F401  (registers the price check and cache hooks)

        post_migrate.connect(_install_settle_function, sender=self)


def _install_settle_function(sender, using, **kwargs) -> None:
    """Every `migrate` (re)creates the PostgreSQL settle function for the models as they are now
    (services/settle_sql.py): its columns follow the code, not a migration written by hand."""
    from django.db import connections

    from modelbank.credits.services import settle_sql

    if connections[using].vendor == "postgresql":
        settle_sql.install(connections[using])
