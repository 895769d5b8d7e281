from django.urls import path

from modelbank.catalog.api import AIModelsApi

urlpatterns = [
    path("ai-models/", AIModelsApi.as_view(), name="ai-models"),
]
