from django.urls import path

from modelbank.catalog.api import ProviderKeyApi, ProviderListApi

urlpatterns = [
    path("providers/", ProviderListApi.as_view(), name="providers"),
    path("providers/<str:provider_id>/key/", ProviderKeyApi.as_view(), name="provider-key"),
]
