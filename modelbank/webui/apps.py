from django.apps import AppConfig


class WebuiConfig(AppConfig):
    """Serves the built web UI (web/dist/app) at /app/; Node is needed only to build it."""

    name = "modelbank.webui"
    label = "webui"
    verbose_name = "Web UI"
