"""Mounted at /api/v1/system/, beside modelbank.catalog.urls."""

from django.urls import path

from modelbank.preferences.api.system import AIModelsApi, ProviderDetailApi

urlpatterns = [
    path("ai-models/", AIModelsApi.as_view(), name="ai-models"),
    path("providers/<str:provider_id>/", ProviderDetailApi.as_view(), name="provider-detail"),
]
