import hashlib
import json

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from modelbank.catalog.selectors import ai_models_catalog
from modelbank.preferences.selectors import image_settings_for


def _etag(body: dict) -> str:
    return '"' + hashlib.blake2b(json.dumps(body, sort_keys=True, default=str).encode(), digest_size=16).hexdigest() + '"'


class AIModelsApi(APIView):
    """Active AI models from the catalog, with the caller's effective image settings."""

    class OutputSerializer(serializers.Serializer):
        text_models = inline_serializer("TextModel", many=True, fields={
            "model_name": serializers.CharField(), "display_name": serializers.CharField(),
            "is_default": serializers.BooleanField(), "tokens_per_credit": serializers.IntegerField(),
            "max_output_tokens": serializers.IntegerField(allow_null=True),
            "supports_json_mode": serializers.BooleanField(),
        })
        image_models = inline_serializer("ImageModel", many=True, fields={
            "model_name": serializers.CharField(), "display_name": serializers.CharField(),
            "quality_tier": serializers.CharField(allow_null=True), "is_default": serializers.BooleanField(),
            "credits_per_image": serializers.IntegerField(), "valid_sizes": serializers.ListField(),
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
