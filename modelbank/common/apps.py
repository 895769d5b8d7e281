from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "modelbank.common"
    label = "common"
