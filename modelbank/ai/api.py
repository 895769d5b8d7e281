from drf_spectacular.utils import OpenApiParameter, PolymorphicProxySerializer, extend_schema, extend_schema_serializer
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from modelbank.ai.functions import FUNCTIONS, get_function
from modelbank.ai.functions.base import FORM_INPUTS
from modelbank.ai.models import AIJob
from modelbank.ai.selectors import job_get, job_list
from modelbank.ai.services import job_create, job_estimate
from modelbank.common.api import UsdField, validated
from modelbank.common.dates import DateWindowSerializer
from modelbank.common.pagination import StandardPagination, paginated_response
from modelbank.common.permissions import HasAccount
from modelbank.common.schema import error_responses
from modelbank.preferences.api.common import MemberMixin, ModelSummarySerializer, model_summary
from modelbank.preferences.api.integrations import ImageSettingsOutput


class JobOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    function = serializers.CharField()
    status = serializers.ChoiceField(choices=AIJob.Status.choices)
    progress = serializers.IntegerField()
    step = serializers.CharField()
    input = serializers.JSONField()
    result = serializers.JSONField(allow_null=True)
    error = serializers.JSONField(allow_null=True)
    credits_charged = serializers.IntegerField()
    cost_usd = UsdField()
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)


def job_request_schema() -> PolymorphicProxySerializer:
    """The POST body as the service reads it: `function` picks which fields `input` takes."""
    variants = {
        name: type(f"{name.title().replace('_', '')}JobSerializer", (serializers.Serializer,), {
            "function": serializers.ChoiceField(choices=[name]), "input": fn.InputSerializer(),
        })
        for name, fn in sorted(FUNCTIONS.items())
    }
    return PolymorphicProxySerializer(component_name="JobCreateInput", serializers=variants,
                                      resource_type_field_name="function")


class JobListCreateApi(APIView):
    """The caller's account's AI jobs; POST queues a new one (202), or answers 402 when the
    account cannot afford what the job is known to need up front."""

    permission_classes = [IsAuthenticated, HasAccount]
    pagination_class = StandardPagination

    class InputSerializer(serializers.Serializer):
        # Checked by the service against the registry, which names the known functions.
        function = serializers.CharField(max_length=50, help_text=f"One of: {', '.join(sorted(FUNCTIONS))}")
        input = serializers.DictField(default=dict)

    class FilterSerializer(DateWindowSerializer):
        status = serializers.ChoiceField(choices=AIJob.Status.choices, required=False)
        function = serializers.CharField(max_length=50, required=False)

    @extend_schema(request=job_request_schema(), operation_id="ai_jobs_create",
                   responses={202: JobOutputSerializer, **error_responses(402, 503)})
    def post(self, request):
        data = validated(self.InputSerializer, request.data)
        job = job_create(account=request.account, user=request.user, **data)
        job.refresh_from_db()  # the eager runner may already have run it
        return Response(JobOutputSerializer(job).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(parameters=[FilterSerializer], responses=JobOutputSerializer(many=True), operation_id="ai_jobs_list")
    def get(self, request):
        filters = validated(self.FilterSerializer, request.query_params)
        jobs = job_list(account=request.account, **filters)
        return paginated_response(self, jobs, JobOutputSerializer)


class JobEstimateApi(APIView):
    """What a job would hold if it were started now (the same body as POST /ai/jobs/), checked as
    the start is (input, availability), with the credits the account has available: nothing is
    queued or held. Text is its worst case (the hold), images the exact charge."""

    permission_classes = [IsAuthenticated, HasAccount]

    class OutputSerializer(serializers.Serializer):
        function = serializers.CharField()
        credits = serializers.IntegerField(allow_null=True, help_text="null when only running the job can tell")
        worst_case = serializers.BooleanField(help_text="true for text: the most the job can cost; it is "
                                                        "charged for what it uses")
        images = serializers.IntegerField(allow_null=True, help_text="Images it will make (at most the "
                                                                      "account's limit per job)")
        credits_per_image = serializers.IntegerField(allow_null=True)
        # A CharField: a second choice field named quality_tier would collide with ImageModel's enum.
        quality_tier = serializers.CharField(allow_null=True, help_text="Images: basic, quality or premium")
        max_tokens = serializers.IntegerField(allow_null=True, help_text="Text: the most tokens it may write")
        available = serializers.IntegerField(help_text="The account's available credits now")
        enough = serializers.BooleanField(help_text="Whether the available credits cover it")

    @extend_schema(request=job_request_schema(), operation_id="ai_jobs_estimate",
                   responses={200: OutputSerializer, **error_responses(503)})
    def post(self, request):
        data = validated(JobListCreateApi.InputSerializer, request.data)
        body = job_estimate(account=request.account, user=request.user, **data)
        return Response(self.OutputSerializer(body).data)


class JobDetailApi(APIView):
    """One job of the caller's account: status, progress, step, result or error, credits and cost."""

    permission_classes = [IsAuthenticated, HasAccount]

    @extend_schema(responses=JobOutputSerializer, operation_id="ai_jobs_retrieve")
    def get(self, request, job_id):
        return Response(JobOutputSerializer(job_get(account=request.account, job_id=job_id)).data)


class FunctionFieldSerializer(serializers.Serializer):
    """One input of a function, as a form field."""

    name = serializers.CharField()
    label = serializers.CharField()
    kind = serializers.ChoiceField(choices=FORM_INPUTS)
    required = serializers.BooleanField()
    help_text = serializers.CharField(allow_blank=True)


class FunctionListApi(APIView):
    """The AI functions a job can run, each with the form its input is typed in: the UI builds
    its job forms from this list."""

    permission_classes = [IsAuthenticated]

    class OutputSerializer(serializers.Serializer):
        name = serializers.CharField()
        label = serializers.CharField()
        model_type = serializers.ChoiceField(choices=["text", "image"])
        operation_type = serializers.CharField()
        fields = FunctionFieldSerializer(many=True)

    @extend_schema(responses=OutputSerializer(many=True), operation_id="ai_functions_list")
    def get(self, request):
        rows = [{"name": fn.name, "label": fn.label, "model_type": fn.model_type,
                 "operation_type": fn.operation_type, "fields": fn.input_form()} for fn in FUNCTIONS.values()]
        return Response(self.OutputSerializer(rows, many=True).data)


class EffectiveConfigApi(MemberMixin, APIView):
    """The configuration an AI function would run with for the caller, and where each value came from."""

    @extend_schema_serializer(component_name="EffectiveConfigOutput")
    class OutputSerializer(serializers.Serializer):
        function = serializers.CharField()
        model = ModelSummarySerializer()
        max_tokens = serializers.IntegerField(allow_null=True)
        temperature = serializers.DecimalField(max_digits=3, decimal_places=2, allow_null=True,
                                               coerce_to_string=False)
        image = ImageSettingsOutput()
        sources = serializers.DictField(child=serializers.CharField())

    @extend_schema(tags=["settings"], operation_id="settings_effective",
                   responses={200: OutputSerializer, **error_responses(503)},
                   parameters=[OpenApiParameter("function", str, required=True, enum=sorted(FUNCTIONS))])
    def get(self, request):
        function = get_function(request.query_params.get("function", ""))
        cfg = function.model_config(request.account, request.user)
        body = {"function": function.name, "model": model_summary(cfg.model), "max_tokens": cfg.max_tokens,
                "temperature": cfg.temperature, "image": cfg.image.__dict__, "sources": cfg.sources}
        return Response(self.OutputSerializer(body).data)
