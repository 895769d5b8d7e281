from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema
from rest_framework import serializers, status
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from modelbank.ai.functions import FUNCTIONS
from modelbank.ai.models import AIJob
from modelbank.ai.selectors import job_get, job_list
from modelbank.ai.services import job_create
from modelbank.common.pagination import StandardPagination, paginated_response
from modelbank.common.permissions import HasAccount
from modelbank.common.schema import error_responses


class JobOutputSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    function = serializers.CharField()
    status = serializers.CharField()
    progress = serializers.IntegerField()
    step = serializers.CharField()
    input = serializers.JSONField()
    result = serializers.JSONField(allow_null=True)
    error = serializers.JSONField(allow_null=True)
    credits_charged = serializers.IntegerField()
    cost_usd = serializers.DecimalField(max_digits=18, decimal_places=8)
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

    class FilterSerializer(serializers.Serializer):
        status = serializers.ChoiceField(choices=AIJob.Status.choices, required=False)
        function = serializers.CharField(max_length=50, required=False)

    @extend_schema(request=job_request_schema(), operation_id="ai_jobs_create",
                   responses={202: JobOutputSerializer, **error_responses(402, 503)})
    def post(self, request):
        serializer = self.InputSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        job = job_create(account=request.account, user=request.user, **serializer.validated_data)
        job.refresh_from_db()  # the eager runner may already have run it
        return Response(JobOutputSerializer(job).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(parameters=[FilterSerializer], responses=JobOutputSerializer(many=True), operation_id="ai_jobs_list")
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        jobs = job_list(account=request.account, **filters.validated_data)
        return paginated_response(self, jobs, JobOutputSerializer)


class JobDetailApi(APIView):
    """One job of the caller's account: status, progress, step, result or error, credits and cost."""

    permission_classes = [IsAuthenticated, HasAccount]

    @extend_schema(responses=JobOutputSerializer, operation_id="ai_jobs_retrieve")
    def get(self, request, job_id):
        return Response(JobOutputSerializer(job_get(account=request.account, job_id=job_id)).data)
