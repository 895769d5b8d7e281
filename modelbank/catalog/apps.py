from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "modelbank.catalog"
    label = "catalog"
    verbose_name = "AI & Automation"

    def ready(self) -> None:
        from modelbank.catalog import checks, signals  # noqa: F401  (registers checks and cache hooks)
