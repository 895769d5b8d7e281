"""Staff: test a provider's connection (mounted at /api/v1/system/providers/<id>/test/, beside the
catalog's provider views: the test needs the provider adapters, which live here)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from modelbank.ai.connection import provider_test_connection
from modelbank.common.permissions import IsPlatformStaff
from modelbank.common.schema import error_responses


class ProviderTestApi(APIView):
    """One real, cheap call to the provider with its stored key and endpoint. 200 either way:
    `ok` says whether the provider accepted it and `message` what it answered (never the key)."""

    permission_classes = [IsPlatformStaff]

    class OutputSerializer(serializers.Serializer):
        provider = serializers.CharField()
        ok = serializers.BooleanField()
        message = serializers.CharField()
        code = serializers.CharField(help_text="Why it failed, e.g. provider_authentication; empty when ok")
        latency_ms = serializers.IntegerField(allow_null=True, help_text="How long the provider took to answer")

    @extend_schema(request=None, responses={200: OutputSerializer, **error_responses(400, 404)},
                   operation_id="system_provider_test")
    def post(self, request, provider_id: str):
        return Response(self.OutputSerializer(provider_test_connection(provider_id=provider_id)).data)
