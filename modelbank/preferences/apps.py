from django.apps import AppConfig


class PreferencesConfig(AppConfig):
    name = "modelbank.preferences"
    label = "preferences"
    verbose_name = "Settings"

    def ready(self) -> None:
        from modelbank.preferences import checks, signals  # noqa: F401  (registers checks and cache hooks)
