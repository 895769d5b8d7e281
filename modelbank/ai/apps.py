from django.apps import AppConfig


class AiConfig(AppConfig):
    name = "modelbank.ai"
    label = "ai"
    verbose_name = "AI Jobs"
