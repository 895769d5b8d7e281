"""Platform staff only (/api/v1/admin/): revenue analytics, and granting or adjusting credits."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from modelbank.accounts.models import Account
from modelbank.common.api import UsdField, validated
from modelbank.common.dates import DateWindowSerializer, date_window
from modelbank.common.permissions import IsPlatformStaff
from modelbank.common.schema import error_responses
from modelbank.credits.selectors import DIMENSIONS, revenue_report
from modelbank.credits.services import credit_adjust, credit_grant
from modelbank.credits.services.ledger import max_per_operation

MAX_CREDITS = max_per_operation()  # read once: the schema documents it; the services check it per call
KEY_HELP = "repeat it to retry safely; keys starting with 'hold:' are reserved for the ledger"


@extend_schema_field({"type": "integer", "minimum": -MAX_CREDITS, "maximum": MAX_CREDITS, "not": {"enum": [0]}})
class AdjustmentCreditsField(serializers.IntegerField):
    """Signed credits: 0 would adjust nothing, and the service refuses it (the schema says so too)."""


_DIMENSION = "|".join(DIMENSIONS)
BY_PATTERN = f"^({_DIMENSION})(,({_DIMENSION}))*$"


class RevenueApi(APIView):
    permission_classes = [IsPlatformStaff]

    class FilterSerializer(DateWindowSerializer):
        by = serializers.CharField(required=False, default="day", help_text=f"comma-separated: {', '.join(DIMENSIONS)}")
        account = serializers.IntegerField(required=False)

    class OutputSerializer(serializers.Serializer):
        day = serializers.DateField(required=False)
        model = serializers.CharField(required=False)
        operation = serializers.CharField(required=False)
        provider = serializers.CharField(required=False)
        account = serializers.IntegerField(required=False)
        usage_count = serializers.IntegerField()
        credits_used = serializers.IntegerField()
        uncharged_credits = serializers.IntegerField(
            help_text="Credits used beyond their holds that the customers' balances could not cover")
        revenue_usd = UsdField()
        cost_usd = UsdField()
        margin_usd = UsdField()
        margin_pct = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
        markup_pct = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)

    ReportSerializer = inline_serializer("RevenueReport", fields={
        "since": serializers.DateField(), "until": serializers.DateField(),
        "by": serializers.ListField(child=serializers.ChoiceField(choices=list(DIMENSIONS))),
        "rows": OutputSerializer(many=True),
    })

    @extend_schema(parameters=[FilterSerializer, OpenApiParameter("by", str, pattern=BY_PATTERN, description=(
                       f"comma-separated: {', '.join(DIMENSIONS)}"))],
                   responses=ReportSerializer, operation_id="admin_revenue")
    def get(self, request):
        data = validated(self.FilterSerializer, request.query_params)
        since, until = date_window(since=data.get("since"), until=data.get("until"))
        by = [d.strip() for d in data["by"].split(",") if d.strip()]
        rows = revenue_report(since=since, until=until, by=by, account_id=data.get("account"))
        return Response({"since": since, "until": until, "by": by,
                         "rows": self.OutputSerializer(rows, many=True).data})


class CreditChangeOutput(serializers.Serializer):
    id = serializers.IntegerField()
    account = serializers.IntegerField(source="account_id")
    transaction_type = serializers.CharField()
    amount = serializers.IntegerField()
    balance_after = serializers.IntegerField()
    description = serializers.CharField()
    created_at = serializers.DateTimeField()


class CreditGrantApi(APIView):
    permission_classes = [IsPlatformStaff]

    class InputSerializer(serializers.Serializer):
        account = serializers.IntegerField()
        credits = serializers.IntegerField(min_value=1, max_value=MAX_CREDITS,
                                           help_text="at most CREDITS_MAX_PER_OPERATION")
        reason = serializers.CharField(required=False, default="", allow_blank=True, max_length=500)
        idempotency_key = serializers.CharField(max_length=200, help_text=KEY_HELP)

    @extend_schema(request=InputSerializer, responses={201: CreditChangeOutput, **error_responses(404, 409)},
                   operation_id="admin_credit_grant")
    def post(self, request):
        data = validated(self.InputSerializer, request.data)
        tx = credit_grant(account=get_object_or_404(Account, pk=data["account"]), credits=data["credits"],
                          idempotency_key=data["idempotency_key"], user=request.user, description=data["reason"])
        return Response(CreditChangeOutput(tx).data, status=201)


class CreditAdjustApi(APIView):
    permission_classes = [IsPlatformStaff]

    class InputSerializer(serializers.Serializer):
        account = serializers.IntegerField()
        credits = AdjustmentCreditsField(min_value=-MAX_CREDITS, max_value=MAX_CREDITS,
                                         help_text="signed: positive adds, negative removes; "
                                                   "at most CREDITS_MAX_PER_OPERATION either way")
        reason = serializers.CharField(max_length=500)
        idempotency_key = serializers.CharField(max_length=200, help_text=KEY_HELP)

    @extend_schema(request=InputSerializer, responses={201: CreditChangeOutput, **error_responses(402, 404, 409)},
                   operation_id="admin_credit_adjust")
    def post(self, request):
        data = validated(self.InputSerializer, request.data)
        tx = credit_adjust(account=get_object_or_404(Account, pk=data["account"]), credits=data["credits"],
                           idempotency_key=data["idempotency_key"], user=request.user, description=data["reason"])
        return Response(CreditChangeOutput(tx).data, status=201)
