"""Staff: the whole model catalogue with prices, credits and the margin each model makes, and the
margin a model would make at other prices (a preview for the edit form)."""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from modelbank.catalog.api import INT_MAX, ModelOutputSerializer
from modelbank.catalog.errors import ModelNotFound
from modelbank.catalog.models import AIModelConfig
from modelbank.common.api import PriceField, UsdField, validated
from modelbank.common.permissions import IsPlatformStaff
from modelbank.common.schema import error_responses
from modelbank.credits.selectors.pricing import catalog_economics, economics_preview


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

    class OutputSerializer(ModelOutputSerializer):
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


class ModelEconomicsPreviewApi(APIView):
    """Staff: the margins a model would make with other prices or credits, before saving them
    (the edit form shows them as you type). Nothing is written."""

    permission_classes = [IsPlatformStaff]

    class InputSerializer(serializers.Serializer):
        input_token_rate = PriceField(required=False, allow_null=True)
        output_token_rate = PriceField(required=False, allow_null=True)
        cost_per_image = PriceField(required=False, allow_null=True)
        tokens_per_credit = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=INT_MAX)
        credits_per_image = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=INT_MAX)

    @extend_schema(request=InputSerializer, responses={200: EconomicsSerializer(many=True), **error_responses(404)},
                   operation_id="system_model_economics_preview")
    def post(self, request, model_id: int):
        data = validated(self.InputSerializer, request.data)
        model = AIModelConfig.objects.filter(pk=model_id).first()
        if model is None:
            raise ModelNotFound(f"No AI model with id {model_id}.", extra={"model": model_id})
        return Response(EconomicsSerializer(economics_preview(model=model, changes=data), many=True).data)
