"""The account's own credits: balance, ledger, usage and a chart summary (/api/v1/billing/)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from modelbank.common.api import validated
from modelbank.common.dates import DateWindowSerializer, date_window
from modelbank.common.pagination import StandardPagination, paginated_response
from modelbank.common.permissions import HasAccount
from modelbank.credits.models import CreditTransaction
from modelbank.credits.selectors import (
    credit_balance,
    credit_transactions,
    credit_usage_logs,
    credit_usage_summary,
)


class BalanceApi(APIView):
    permission_classes = [HasAccount]

    class OutputSerializer(serializers.Serializer):
        balance = serializers.IntegerField()
        reserved = serializers.IntegerField()
        available = serializers.IntegerField()

    @extend_schema(responses=OutputSerializer, operation_id="billing_balance")
    def get(self, request):
        return Response(self.OutputSerializer(credit_balance(account=request.account)).data)


class TransactionListApi(APIView):
    permission_classes = [HasAccount]
    pagination_class = StandardPagination

    class FilterSerializer(DateWindowSerializer):
        type = serializers.ChoiceField(choices=CreditTransaction.Type.choices, required=False)

    class OutputSerializer(serializers.ModelSerializer):
        class Meta:
            model = CreditTransaction
            fields = ["id", "transaction_type", "amount", "balance_after", "operation_type", "description",
                      "metadata", "payment", "created_at"]

    @extend_schema(parameters=[FilterSerializer], responses=OutputSerializer(many=True),
                   operation_id="billing_transactions")
    def get(self, request):
        data = validated(self.FilterSerializer, request.query_params)
        queryset = credit_transactions(account=request.account, transaction_type=data.get("type"),
                                       since=data.get("since"), until=data.get("until"))
        return paginated_response(self, queryset, self.OutputSerializer)


class UsageListApi(APIView):
    permission_classes = [HasAccount]
    pagination_class = StandardPagination

    class FilterSerializer(DateWindowSerializer):
        model = serializers.CharField(required=False)
        operation = serializers.CharField(required=False)

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        operation_type = serializers.CharField()
        model = serializers.CharField(source="model.model_name")
        provider = serializers.CharField()
        input_tokens = serializers.IntegerField()
        output_tokens = serializers.IntegerField()
        cached_tokens = serializers.IntegerField()
        reasoning_tokens = serializers.IntegerField()
        image_count = serializers.IntegerField()
        credits_used = serializers.IntegerField()
        uncharged_credits = serializers.IntegerField(
            help_text="Credits used beyond the hold that the available balance could not cover")
        usage_estimated = serializers.BooleanField(
            help_text="True when the provider reported no usage and the tokens were estimated from the text lengths")
        request_id = serializers.CharField()
        created_at = serializers.DateTimeField()

    @extend_schema(parameters=[FilterSerializer], responses=OutputSerializer(many=True), operation_id="billing_usage")
    def get(self, request):
        data = validated(self.FilterSerializer, request.query_params)
        queryset = credit_usage_logs(account=request.account, model=data.get("model"),
                                     operation_type=data.get("operation"), since=data.get("since"),
                                     until=data.get("until"))
        return paginated_response(self, queryset, self.OutputSerializer)


class UsageSummaryApi(APIView):
    """Credits per day per model (default: the last 30 days), for charts."""

    permission_classes = [HasAccount]

    class OutputSerializer(serializers.Serializer):
        day = serializers.DateField()
        model = serializers.CharField()
        credits = serializers.IntegerField()
        count = serializers.IntegerField()
        uncharged_credits = serializers.IntegerField()

    @extend_schema(parameters=[DateWindowSerializer], responses=OutputSerializer(many=True),
                   operation_id="billing_usage_summary")
    def get(self, request):
        filters = validated(DateWindowSerializer, request.query_params)
        since, until = date_window(**filters)
        rows = credit_usage_summary(account=request.account, since=since, until=until)
        return Response(self.OutputSerializer(rows, many=True).data)
