from django.apps import AppConfig


class CreditsConfig(AppConfig):
    name = "modelbank.credits"
    label = "credits"
    verbose_name = "Credits"

    def ready(self) -> None:
        from modelbank.credits import checks, signals  # noqa: F401  (registers the price check and cache hooks)
