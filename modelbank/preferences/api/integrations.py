"""/integrations/<type>/, /effective/ and /audit/: AI overrides, the resolved configuration and
the audit trail of the caller's account."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from modelbank.common.errors import ApplicationError
from modelbank.common.pagination import StandardPagination, paginated_response
from modelbank.common.permissions import CanManageAccount, HasAccount
from modelbank.preferences import selectors, services
from modelbank.preferences.api.common import ManagerWritesMixin, ModelSummarySerializer
from modelbank.preferences.models import SettingsAuditLog


class OverrideOutput(serializers.Serializer):
    model = ModelSummarySerializer(allow_null=True)
    config = serializers.DictField()


class ImageSettingsOutput(serializers.Serializer):
    style = serializers.CharField()
    quality = serializers.CharField()
    size = serializers.CharField()
    max_in_article_images = serializers.IntegerField()


class IntegrationSettingsApi(ManagerWritesMixin, APIView):
    """GET: the account's override and the merged effective values. PUT: replace the override
    (owners and admins). API-key-like fields are stripped, never stored, and listed in
    ``ignored_fields``. The body is validated by the service against the type's JSON Schema,
    so unknown fields are refused by name rather than silently dropped."""

    @extend_schema_serializer(component_name="IntegrationSettingsInput")
    class InputSerializer(serializers.Serializer):
        model = serializers.IntegerField(required=False, allow_null=True,
                                         help_text="AIModelConfig id (text_generation, image_generation)")
        temperature = serializers.DecimalField(max_digits=3, decimal_places=2, required=False)
        max_tokens = serializers.IntegerField(required=False, min_value=1)
        quality_tier = serializers.ChoiceField(choices=["basic", "quality", "premium"], required=False)
        image_style = serializers.CharField(required=False)
        image_quality = serializers.ChoiceField(choices=["standard", "hd"], required=False)
        image_size = serializers.CharField(required=False, help_text='"WxH"')
        max_in_article_images = serializers.IntegerField(required=False, min_value=0, max_value=20)

    @extend_schema_serializer(component_name="IntegrationSettingsOutput")
    class OutputSerializer(serializers.Serializer):
        integration_type = serializers.CharField()
        kind = serializers.ChoiceField(choices=["text", "image", "provider"])
        override = OverrideOutput()
        effective = serializers.DictField(help_text="Merged values and the source of each")
        ignored_fields = serializers.ListField(child=serializers.CharField(), required=False,
                                              help_text="Secret-looking fields that were stripped (PUT)")

    @extend_schema(tags=["settings"], operation_id="settings_integration_get", responses=OutputSerializer)
    def get(self, request, integration_type):
        view = selectors.integration_settings_view(account=request.account, integration_type=integration_type)
        return Response(self.OutputSerializer(view).data)

    @extend_schema(tags=["settings"], operation_id="settings_integration_put", request=InputSerializer,
                   responses=OutputSerializer)
    def put(self, request, integration_type):
        if not isinstance(request.data, dict):
            raise ApplicationError("The body must be a JSON object.")
        write = services.integration_settings_put(account=request.account, integration_type=integration_type,
                                                  data=dict(request.data), actor=request.user)
        view = selectors.integration_settings_view(account=request.account, integration_type=integration_type)
        return Response(self.OutputSerializer({**view, "ignored_fields": write.ignored_fields}).data)


class AuditOutput(serializers.ModelSerializer):
    """One settings change."""

    actor = serializers.CharField(source="actor.username", allow_null=True, default=None)

    class Meta:
        model = SettingsAuditLog
        fields = ["id", "created_at", "actor", "record_type", "record_id", "record_key", "action", "via",
                  "old_value", "new_value"]


class SettingsAuditListApi(APIView):
    """The account's settings changes, newest first (owners and admins)."""

    permission_classes = [HasAccount, CanManageAccount]
    pagination_class = StandardPagination
    OutputSerializer = AuditOutput

    @extend_schema(tags=["settings"], operation_id="settings_audit_list", responses=AuditOutput(many=True))
    def get(self, request):
        rows = SettingsAuditLog.objects.for_account(request.account).select_related("actor")
        return paginated_response(self, rows, self.OutputSerializer)


class SettingsAuditDetailApi(APIView):
    """One audit row of the caller's account; another account's row is a 404."""

    permission_classes = [HasAccount, CanManageAccount]
    OutputSerializer = AuditOutput

    @extend_schema(tags=["settings"], operation_id="settings_audit_get", responses=AuditOutput)
    def get(self, request, pk):
        row = get_object_or_404(SettingsAuditLog.objects.for_account(request.account), pk=pk)
        return Response(self.OutputSerializer(row).data)
