"""Platform staff only (/api/v1/admin/): revenue analytics, and granting or adjusting credits."""

from datetime import timedelta

from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from modelbank.accounts.models import Account
from modelbank.common.permissions import IsPlatformStaff
from modelbank.credits.selectors import DIMENSIONS, revenue_report
from modelbank.credits.services import credit_adjust, credit_grant


class RevenueApi(APIView):
    permission_classes = [IsPlatformStaff]

    class FilterSerializer(serializers.Serializer):
        since = serializers.DateField(required=False)
        until = serializers.DateField(required=False)
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
        revenue_usd = serializers.DecimalField(max_digits=18, decimal_places=8)
        cost_usd = serializers.DecimalField(max_digits=18, decimal_places=8)
        margin_usd = serializers.DecimalField(max_digits=18, decimal_places=8)
        margin_pct = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
        markup_pct = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)

    @extend_schema(parameters=[FilterSerializer], responses=OutputSerializer(many=True),
                   operation_id="admin_revenue")
    def get(self, request):
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        data = filters.validated_data
        until = data.get("until") or timezone.now().date()
        since = data.get("since") or until - timedelta(days=29)
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
        credits = serializers.IntegerField(min_value=1)
        reason = serializers.CharField(required=False, default="", allow_blank=True, max_length=500)
        idempotency_key = serializers.CharField(max_length=200)

    @extend_schema(request=InputSerializer, responses={201: CreditChangeOutput}, operation_id="admin_credit_grant")
    def post(self, request):
        data = _valid(self.InputSerializer, request)
        tx = credit_grant(account=get_object_or_404(Account, pk=data["account"]), credits=data["credits"],
                          idempotency_key=data["idempotency_key"], user=request.user, description=data["reason"])
        return Response(CreditChangeOutput(tx).data, status=201)


class CreditAdjustApi(APIView):
    permission_classes = [IsPlatformStaff]

    class InputSerializer(serializers.Serializer):
        account = serializers.IntegerField()
        credits = serializers.IntegerField(help_text="signed: positive adds, negative removes")
        reason = serializers.CharField(max_length=500)
        idempotency_key = serializers.CharField(max_length=200)

    @extend_schema(request=InputSerializer, responses={201: CreditChangeOutput}, operation_id="admin_credit_adjust")
    def post(self, request):
        data = _valid(self.InputSerializer, request)
        tx = credit_adjust(account=get_object_or_404(Account, pk=data["account"]), credits=data["credits"],
                           idempotency_key=data["idempotency_key"], user=request.user, description=data["reason"])
        return Response(CreditChangeOutput(tx).data, status=201)


def _valid(serializer_class, request) -> dict:
    serializer = serializer_class(data=request.data)
    serializer.is_valid(raise_exception=True)
    return serializer.validated_data
