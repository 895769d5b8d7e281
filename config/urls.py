from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView

from modelbank.ai.api import EffectiveConfigApi
from modelbank.ai.provider_api import ProviderTestApi
from modelbank.common.api_docs import RedocDocsView, SwaggerDocsView
from modelbank.credits.catalog_api import ModelCatalogApi, ModelEconomicsPreviewApi
from modelbank.ops.health import healthz, readyz
from modelbank.ops.metrics import metrics

handler404 = "modelbank.common.exceptions.api_page_not_found"
handler500 = "modelbank.common.exceptions.api_server_error"

urlpatterns = [
    path("", RedirectView.as_view(url="/app/", permanent=False)),
    path("app/", include("modelbank.webui.urls")),
    path("admin/", admin.site.urls),
    # Probes: no trailing slash (what orchestrators call), and the slash form kept for old ones.
    path("healthz", healthz, name="health"),
    path("healthz/", healthz),
    path("readyz", readyz, name="ready"),
    path("metrics", metrics, name="metrics"),
    path("readyz/", readyz),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SwaggerDocsView.as_view(url_name="schema"), name="api-docs"),
    path("api/redoc/", RedocDocsView.as_view(url_name="schema"), name="api-redoc"),
    path("api/v1/auth/", include("modelbank.accounts.urls")),
    path("api/v1/system/models/", ModelCatalogApi.as_view(), name="system-models"),
    path("api/v1/system/models/<int:model_id>/economics/", ModelEconomicsPreviewApi.as_view(),
         name="system-model-economics"),
    # A provider's connection test calls it through its adapter (the ai app's).
    path("api/v1/system/providers/<str:provider_id>/test/", ProviderTestApi.as_view(), name="provider-test"),
    path("api/v1/system/", include("modelbank.catalog.urls")),
    path("api/v1/system/", include("modelbank.preferences.system_urls")),
    # The effective settings of an AI function: the ai app names the functions.
    path("api/v1/system/settings/effective/", EffectiveConfigApi.as_view(), name="settings-effective"),
    path("api/v1/system/settings/", include("modelbank.preferences.urls")),
    path("api/v1/billing/", include("modelbank.credits.urls")),
    path("api/v1/admin/", include("modelbank.credits.admin_urls")),
    path("api/v1/admin/", include("modelbank.accounts.admin_urls")),
    path("api/v1/ai/", include("modelbank.ai.urls")),
    # The OpenAI-compatible gateway: OpenAI clients use base_url=<server>/v1 (no trailing slashes).
    path("v1/", include("modelbank.gateway.urls")),
]
