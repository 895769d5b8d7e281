
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from modelbank.catalog.models import IntegrationProvider
from modelbank.catalog.selectors import provider_summary
from modelbank.catalog.services import provider_set_secret
from modelbank.common.api import validated
from modelbank.common.fields import StrictCharField
from modelbank.common.permissions import IsPlatformStaff


class ProviderListApi(APIView):
    """Staff: every integration provider, with key status but never a key."""

    permission_classes = [IsPlatformStaff]

    class OutputSerializer(serializers.Serializer):
        provider_id = serializers.CharField()
        display_name = serializers.CharField()
        provider_type = serializers.CharField()
        is_active = serializers.BooleanField()
        api_endpoint = serializers.CharField()
        api_key_hint = serializers.CharField()
        api_secret_hint = serializers.CharField()
        webhook_secret_hint = serializers.CharField()

    @extend_schema(responses=OutputSerializer(many=True), operation_id="system_providers_list")
    def get(self, request):
        rows = [provider_summary(p) for p in IntegrationProvider.objects.order_by("provider_id")]
        return Response(self.OutputSerializer(rows, many=True).data)


class ProviderKeyApi(APIView):
    """Staff: set or rotate one of a provider's secrets. Write-only: the value is never echoed."""

    permission_classes = [IsPlatformStaff]

    class InputSerializer(serializers.Serializer):
        field = serializers.ChoiceField(choices=IntegrationProvider.SECRET_FIELDS, default="api_key")
        value = StrictCharField(trim_whitespace=True, max_length=2000, style={"input_type": "password"})

    @extend_schema(request=InputSerializer, responses={204: None}, operation_id="system_provider_set_key")
    def put(self, request, provider_id: str):
        data = validated(self.InputSerializer, request.data)
        provider_set_secret(provider_id=provider_id, **data)
        return Response(status=204)
