"""Mounted at /app/ by config/urls.py: ``path("app/", include("modelbank.webui.urls"))``."""

from django.urls import path, re_path

from modelbank.webui.views import spa_index

app_name = "webui"

urlpatterns = [
    path("", spa_index, name="index"),
    # Missing assets are a 404 from Django rather than the HTML shell, so a stale bundle
    # fails loudly instead of being parsed as JavaScript.
    re_path(r"^(?!assets/)(?P<path>.+)$", spa_index, name="route"),
]
