from django.apps import AppConfig


class GatewayConfig(AppConfig):
    name = "modelbank.gateway"
    label = "gateway"
