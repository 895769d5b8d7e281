"""The web UI's URLs alone, so its view tests do not depend on config/urls.py."""

from django.urls import include, path

urlpatterns = [path("app/", include("modelbank.webui.urls"))]
