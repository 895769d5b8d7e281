from django.apps import AppConfig


class CreditsConfig(AppConfig):
    name = "modelbank.credits"
    label = "credits"
    verbose_name = "Credits"
