from django.urls import path

from modelbank.catalog.api import AIModelsApi, ProviderDetailApi, ProviderKeyApi, ProviderListApi

urlpatterns = [
    path("ai-models/", AIModelsApi.as_view(), name="ai-models"),
    path("providers/", ProviderListApi.as_view(), name="providers"),
    path("providers/<str:provider_id>/", ProviderDetailApi.as_view(), name="provider-detail"),
    path("providers/<str:provider_id>/key/", ProviderKeyApi.as_view(), name="provider-key"),
]
