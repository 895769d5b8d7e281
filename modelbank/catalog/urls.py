from django.urls import path

from modelbank.catalog.api import ModelDetailApi, ModelMakeDefaultApi, ProviderKeyApi, ProviderListApi

urlpatterns = [
    path("providers/", ProviderListApi.as_view(), name="providers"),
    path("providers/<str:provider_id>/key/", ProviderKeyApi.as_view(), name="provider-key"),
    path("models/<int:model_id>/", ModelDetailApi.as_view(), name="model-detail"),
    path("models/<int:model_id>/make-default/", ModelMakeDefaultApi.as_view(), name="model-make-default"),
]
