"""The account's own credits: balance, ledger, usage and a chart summary (/api/v1/billing/), and the
ledger and usage as CSV downloads."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from modelbank.common.api import validated
from modelbank.common.csv_export import CsvNegotiation, csv_response
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
        return paginated_response(self, _transactions(request, data), self.OutputSerializer)


def _transactions(request, data: dict):
    return credit_transactions(account=request.account, transaction_type=data.get("type"),
                               since=data.get("since"), until=data.get("until"))


def _export_name(kind: str, data: dict) -> str:
    """`transactions-2026-01-01-2026-01-31.csv`; an open end says so (`…-start-…`, `…-now`)."""
    since, until = data.get("since"), data.get("until")
    return f"{kind}-{since or 'start'}-{until or 'now'}.csv"


def _operation_words(operation_type: str | None) -> str:
    return (operation_type or "").replace("_", " ")


class TransactionExportApi(APIView):
    """The same rows as the transactions list (same filters, no pages) as a CSV download. A charge
    is described by its operation ("content generation"): its ledger text names the model, which
    is the platform's business, not the customer's."""

    permission_classes = [HasAccount]
    content_negotiation_class = CsvNegotiation
    COLUMNS = ["id", "created_at", "transaction_type", "description", "amount", "balance_after"]

    @extend_schema(parameters=[TransactionListApi.FilterSerializer], operation_id="billing_transactions_export",
                   responses={(200, "text/csv"): OpenApiTypes.STR})
    def get(self, request):
        data = validated(TransactionListApi.FilterSerializer, request.query_params)
        rows = ({"id": tx.id, "created_at": tx.created_at.isoformat(), "transaction_type": tx.transaction_type,
                 "description": _operation_words(tx.operation_type)
                 if tx.transaction_type == CreditTransaction.Type.DEDUCTION else tx.description,
                 "amount": tx.amount, "balance_after": tx.balance_after}
                for tx in _transactions(request, data).iterator())
        return csv_response(filename=_export_name("transactions", data), columns=self.COLUMNS, rows=rows)


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
        return paginated_response(self, _usage_logs(request, data), self.OutputSerializer)


def _usage_logs(request, data: dict):
    return credit_usage_logs(account=request.account, model=data.get("model"), operation_type=data.get("operation"),
                             since=data.get("since"), until=data.get("until"))


class UsageExportApi(APIView):
    """The same rows as the usage list (same filters, no pages) as a CSV download, in credits and
    tokens: what the account used, not which provider served it or what that cost the platform."""

    permission_classes = [HasAccount]
    content_negotiation_class = CsvNegotiation
    COLUMNS = ["id", "created_at", "operation_type", "credits_used", "uncharged_credits", "input_tokens",
               "output_tokens", "image_count", "usage_estimated", "request_id"]

    @extend_schema(parameters=[UsageListApi.FilterSerializer], operation_id="billing_usage_export",
                   responses={(200, "text/csv"): OpenApiTypes.STR})
    def get(self, request):
        data = validated(UsageListApi.FilterSerializer, request.query_params)
        rows = ({**{column: getattr(log, column) for column in self.COLUMNS}, "created_at": log.created_at.isoformat()}
                for log in _usage_logs(request, data).iterator())
        return csv_response(filename=_export_name("usage", data), columns=self.COLUMNS, rows=rows)


class UsageSummaryApi(APIView):
    """Credits per day per model, or per operation with `by=operation` (default: the last 30 days),
    for charts."""

    permission_classes = [HasAccount]

    class FilterSerializer(DateWindowSerializer):
        by = serializers.ChoiceField(choices=["model", "operation"], default="model", required=False,
                                     help_text="What each row is per, beside the day")

    class OutputSerializer(serializers.Serializer):
        day = serializers.DateField()
        model = serializers.CharField(required=False, help_text="With by=model (the default)")
        operation = serializers.CharField(required=False, help_text="With by=operation")
        credits = serializers.IntegerField()
        count = serializers.IntegerField()
        uncharged_credits = serializers.IntegerField()

    @extend_schema(parameters=[FilterSerializer], responses=OutputSerializer(many=True),
                   operation_id="billing_usage_summary")
    def get(self, request):
        filters = validated(self.FilterSerializer, request.query_params)
        since, until = date_window(since=filters.get("since"), until=filters.get("until"))
        rows = credit_usage_summary(account=request.account, since=since, until=until, by=filters["by"])
        return Response(self.OutputSerializer(rows, many=True).data)
