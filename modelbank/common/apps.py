from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "modelbank.common"
    label = "common"

    def ready(self) -> None:
        from modelbank.common import schema  # noqa: F401  (registers the OpenAPI auth extensions)
