"""Staff: providers (keys write-only) and catalog models (edits without the Django admin)."""

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from modelbank.catalog.errors import ModelNotFound
from modelbank.catalog.model_rules import SIZE
from modelbank.catalog.model_services import EDITABLE_FIELDS, ModelInvalid, model_update
from modelbank.catalog.models import AIModelConfig, IntegrationProvider
from modelbank.catalog.parameters import SCHEMA as PARAMETERS_SCHEMA
from modelbank.catalog.selectors import provider_summary
from modelbank.catalog.services import model_make_default, provider_set_secret
from modelbank.common.api import PriceField, UsdField, validated
from modelbank.common.fields import StrictCharField
from modelbank.common.permissions import IsPlatformStaff
from modelbank.common.schema import error_responses

INT_MAX = 2**31 - 1  # PositiveIntegerField and IntegerField columns


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


class ModelOutputSerializer(serializers.Serializer):
    """One catalog model as staff see and edit it (the models list adds its economics)."""

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
    sort_order = serializers.IntegerField()
    request_parameters = serializers.JSONField()
    fallback_models = serializers.ListField(child=serializers.CharField())


@extend_schema_field({"type": "string", "nullable": True, "pattern": f"^({'|'.join(AIModelConfig.QualityTier.values)})$",
                      "description": f"One of {', '.join(AIModelConfig.QualityTier.values)}; null: none"})
class QualityTierField(StrictCharField):
    """One of the tiers, or null. The schema says so with a pattern, not an enum: drf-spectacular
    names every enum, and a third `quality_tier` choice set cannot be named without renaming the
    others (which the UI's types use)."""

    default_error_messages = {"tier": f"Must be one of {', '.join(AIModelConfig.QualityTier.values)}, or null."}

    def to_internal_value(self, data):
        value = super().to_internal_value(data)
        if value not in AIModelConfig.QualityTier.values:
            self.fail("tier")
        return value


@extend_schema_field({"type": "array", "maxItems": 20, "uniqueItems": True,
                      "items": {"type": "string", "minLength": 1, "maxLength": 100, "pattern": r"\S"},
                      "description": "Model names of the same type, in order"})
class ModelNamesField(serializers.ListField):
    """Distinct model names (the service checks that each is in the catalog, of the same type, and
    that the chain does not loop)."""

    def __init__(self, **kwargs):
        super().__init__(child=StrictCharField(max_length=100), max_length=20, **kwargs)


@extend_schema_field({"type": "array", "maxItems": 50, "uniqueItems": True,
                      "items": {"type": "string", "pattern": f"^{SIZE.pattern}$"},
                      "description": 'Image: "WIDTHxHEIGHT" sizes in pixels, e.g. ["1024x1024"]'})
class SizesField(serializers.ListField):
    def __init__(self, **kwargs):
        size = serializers.RegexField(f"^{SIZE.pattern}$", error_messages={
            "invalid": "This is not a size: write WIDTHxHEIGHT in pixels, e.g. 1024x1024."})
        super().__init__(child=size, max_length=50, **kwargs)


def _openapi_30(schema):
    """A JSON Schema as OpenAPI 3.0 takes it: without `propertyNames` (the service still checks it)."""
    if isinstance(schema, dict):
        return {key: _openapi_30(value) for key, value in schema.items() if key != "propertyNames"}
    return [_openapi_30(item) for item in schema] if isinstance(schema, list) else schema


@extend_schema_field({**_openapi_30(PARAMETERS_SCHEMA), "description": "What the model takes (catalog.parameters)"})
class RequestParametersField(serializers.DictField):
    """Checked against catalog.parameters by the service, which also knows the model's type."""


def _money(help_text: str) -> PriceField:
    return PriceField(required=False, allow_null=True, help_text=f"{help_text}; null: no price")


def _count(help_text: str) -> serializers.IntegerField:
    return serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=INT_MAX,
                                    help_text=help_text)


class ModelDetailApi(APIView):
    """Staff: change a model's prices, credits, tier, sizes, parameters, fallbacks and active or
    default state (PATCH: any of the fields). The admin form's rules apply; a price change is
    audited; every process reloads the catalog."""

    permission_classes = [IsPlatformStaff]

    class InputSerializer(serializers.Serializer):
        display_name = StrictCharField(required=False, max_length=150)
        input_token_rate = _money("USD per 1M input tokens")
        output_token_rate = _money("USD per 1M output tokens")
        cost_per_image = _money("USD per image")
        tokens_per_credit = _count("Text: tokens that make 1 credit")
        credits_per_image = _count("Image: credits per image")
        max_output_tokens = _count("Text: the most output tokens a call may ask for; null: no limit")
        quality_tier = QualityTierField(required=False, allow_null=True)
        available_sizes = SizesField(required=False)
        is_active = serializers.BooleanField(required=False)
        is_default = serializers.BooleanField(required=False, help_text="true only when no other active model of "
                                                                        "the type is the default (see make-default)")
        sort_order = serializers.IntegerField(required=False, min_value=-INT_MAX, max_value=INT_MAX)
        request_parameters = RequestParametersField(required=False)
        fallback_models = ModelNamesField(required=False)

    @extend_schema(request=InputSerializer, responses={200: ModelOutputSerializer, **error_responses(409)},
                   operation_id="system_model_update")
    def patch(self, request, model_id: int):
        if not AIModelConfig.objects.filter(pk=model_id).exists():  # what, before how
            raise ModelNotFound(f"No AI model with id {model_id}.", extra={"model": model_id})
        data = validated(self.InputSerializer, request.data)
        unknown = sorted(set(request.data) - set(data))  # DRF drops unknown keys: say so instead
        if unknown:
            raise ModelInvalid(f"{unknown[0]}: cannot be changed here; change any of {', '.join(EDITABLE_FIELDS)}.",
                               extra={"field": unknown[0]})
        model = model_update(model_id=model_id, changes=data, actor=request.user.get_username())
        return Response(ModelOutputSerializer(model).data)


class ModelMakeDefaultApi(APIView):
    """Staff: make an active model the default of its type (the previous default stops being it)."""

    permission_classes = [IsPlatformStaff]

    @extend_schema(request=None, responses=ModelOutputSerializer, operation_id="system_model_make_default")
    def post(self, request, model_id: int):
        model = AIModelConfig.objects.filter(pk=model_id).first()
        if model is None:
            raise ModelNotFound(f"No AI model with id {model_id}.", extra={"model": model_id})
        return Response(ModelOutputSerializer(model_make_default(model=model)).data)
