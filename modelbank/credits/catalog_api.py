"""Staff: the whole model catalogue with prices, credits and the margin each model makes."""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from modelbank.common.api import UsdField
from modelbank.common.permissions import IsPlatformStaff
from modelbank.credits.selectors.pricing import catalog_economics


class EconomicsSerializer(serializers.Serializer):
    """What one unit (an image, or one credit of tokens) sells for under an operation, and costs us."""

    operation_type = serializers.CharField()
    unit = serializers.ChoiceField(choices=["image", "credit"])
    price_usd = UsdField()
    cost_usd = UsdField(allow_null=True)
    margin_usd = UsdField(allow_null=True)
    margin_percent = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    sells_below_cost = serializers.BooleanField()


class ModelCatalogApi(APIView):
    permission_classes = [IsPlatformStaff]

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        model_name = serializers.CharField()
        display_name = serializers.CharField()
        model_type = serializers.CharField()
        provider = serializers.CharField(source="provider_id")
        is_active = serializers.BooleanField()
        is_default = serializers.BooleanField()
        quality_tier = serializers.CharField(allow_null=True)
        input_token_rate = UsdField(allow_null=True)
        output_token_rate = UsdField(allow_null=True)
        cost_per_image = UsdField(allow_null=True)
        tokens_per_credit = serializers.IntegerField(allow_null=True)
        credits_per_image = serializers.IntegerField(allow_null=True)
        max_output_tokens = serializers.IntegerField(allow_null=True)
        available_sizes = serializers.ListField(child=serializers.CharField())
        economics = serializers.SerializerMethodField()

        @extend_schema_field(EconomicsSerializer(many=True))
        def get_economics(self, model) -> list[dict]:
            units = self.context["economics"][model.pk]
            return EconomicsSerializer(units, many=True).data

    @extend_schema(responses=OutputSerializer(many=True), operation_id="system_models_list")
    def get(self, request):
        rows = catalog_economics()
        context = {"economics": {model.pk: units for model, units in rows}}
        return Response(self.OutputSerializer([m for m, _ in rows], many=True, context=context).data)
