"""Catalog views that need the caller's settings or write the settings audit log, so they live
above both: the models a caller may pick (with their effective image settings) and a provider's
non-secret settings. Mounted under /api/v1/system/ beside the catalog's own views."""

import hashlib
import json

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from modelbank.catalog.api import ProviderListApi
from modelbank.catalog.errors import ProviderNotFound
from modelbank.catalog.models import AIModelConfig, IntegrationProvider
from modelbank.catalog.selectors import ai_models_catalog, provider_detail
from modelbank.common.permissions import IsPlatformStaff
from modelbank.preferences.models import SettingsAuditLog
from modelbank.preferences.selectors import image_settings_for
from modelbank.preferences.services import provider_configure


def _etag(body: dict) -> str:
    return '"' + hashlib.blake2b(json.dumps(body, sort_keys=True, default=str).encode(), digest_size=16).hexdigest() + '"'


AVAILABLE_HELP = "false while its provider is inactive or has no API key: the UI does not offer it"


class AIModelsApi(APIView):
    """Active AI models from the catalog, with the caller's effective image settings."""

    class OutputSerializer(serializers.Serializer):
        text_models = inline_serializer("TextModel", many=True, fields={
            "id": serializers.IntegerField(), "model_name": serializers.CharField(), "display_name": serializers.CharField(),
            "is_default": serializers.BooleanField(), "tokens_per_credit": serializers.IntegerField(),
            "max_output_tokens": serializers.IntegerField(allow_null=True),
            "supports_json_mode": serializers.BooleanField(),
            "available": serializers.BooleanField(help_text=AVAILABLE_HELP),
        })
        image_models = inline_serializer("ImageModel", many=True, fields={
            "id": serializers.IntegerField(), "model_name": serializers.CharField(), "display_name": serializers.CharField(),
            "quality_tier": serializers.ChoiceField(choices=AIModelConfig.QualityTier.choices, allow_null=True),
            "is_default": serializers.BooleanField(),
            "credits_per_image": serializers.IntegerField(), "valid_sizes": serializers.ListField(child=serializers.CharField()),
            "available": serializers.BooleanField(help_text=AVAILABLE_HELP),
        })
        image_settings = inline_serializer("ImageSettings", fields={
            "style": serializers.CharField(), "max_in_article_images": serializers.IntegerField(),
            "quality": serializers.CharField(),
        })

    @extend_schema(responses=OutputSerializer, operation_id="system_ai_models")
    def get(self, request):
        body = {
            **ai_models_catalog(),
            "image_settings": image_settings_for(account=getattr(request, "account", None), user=request.user),
        }
        etag = _etag(body)
        if etag in {t.strip() for t in request.headers.get("If-None-Match", "").split(",")}:
            return Response(status=304, headers={"ETag": etag})
        return Response(body, headers={"ETag": etag, "Cache-Control": "private, no-cache"})


class ProviderDetailApi(APIView):
    """Staff: one provider's non-secret settings (GET) and changing them (PATCH), without a shell.

    PATCH takes any of `api_endpoint`, `is_active` and `config` (which replaces the whole config);
    anything else, a secret above all, is refused with 400. Each provider's own path in the schema
    says exactly which config keys it takes and what its base URL must look like.
    """

    permission_classes = [IsPlatformStaff]

    class InputSerializer(serializers.Serializer):
        # The shape only: the service validates with the provider's JSON Schema (catalog.provider_config),
        # which catalog.api_schema puts in the OpenAPI schema in place of this.
        api_endpoint = serializers.CharField(required=False, allow_blank=True, max_length=200)
        is_active = serializers.BooleanField(required=False)
        config = serializers.JSONField(required=False)

    class OutputSerializer(ProviderListApi.OutputSerializer):
        config = serializers.DictField(help_text="The config keys this provider takes, as set.")
        endpoint_help = serializers.CharField(help_text="What the base URL must look like for this provider.")
        config_keys = serializers.DictField(child=serializers.CharField(), help_text="Each config key it takes.")
        active_models = serializers.IntegerField()
        warnings = serializers.ListField(child=serializers.CharField())

    @extend_schema(responses=OutputSerializer, operation_id="system_provider_get")
    def get(self, request, provider_id: str):
        return Response(self.OutputSerializer(provider_detail(self._provider(provider_id))).data)

    @extend_schema(request=InputSerializer, responses=OutputSerializer, operation_id="system_provider_update")
    def patch(self, request, provider_id: str):
        provider = provider_configure(provider_id=provider_id, changes=request.data, actor=request.user,
                                      via=SettingsAuditLog.Via.API)
        return Response(self.OutputSerializer(provider_detail(provider)).data)

    @staticmethod
    def _provider(provider_id: str) -> IntegrationProvider:
        provider = IntegrationProvider.objects.filter(pk=provider_id).first()
        if provider is None:
            raise ProviderNotFound(f"No provider '{provider_id}' is configured.")
        return provider
