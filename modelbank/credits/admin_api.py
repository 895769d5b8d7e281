"""Platform staff only (/api/v1/admin/): revenue analytics (JSON and CSV), the accounts with their
balances, and granting or adjusting credits."""

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, inline_serializer
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from modelbank.accounts.models import Account
from modelbank.common.api import UsdField, validated
from modelbank.common.csv_export import CsvNegotiation, csv_response
from modelbank.common.dates import DateWindowSerializer, date_window
from modelbank.common.pagination import StandardPagination, paginated_response
from modelbank.common.permissions import IsPlatformStaff
from modelbank.common.schema import error_responses
from modelbank.credits.selectors import DIMENSIONS, FIGURES, revenue_report, revenue_totals
from modelbank.credits.selectors.staff import staff_accounts
from modelbank.credits.services import credit_adjust, credit_grant
from modelbank.credits.services.ledger import max_per_operation

MAX_CREDITS = max_per_operation()  # read once: the schema documents it; the services check it per call
KEY_HELP = "repeat it to retry safely; keys starting with 'hold:' are reserved for the ledger"


@extend_schema_field({"type": "integer", "minimum": -MAX_CREDITS, "maximum": MAX_CREDITS, "not": {"enum": [0]}})
class AdjustmentCreditsField(serializers.IntegerField):
    """Signed credits: 0 would adjust nothing, and the service refuses it (the schema says so too)."""


_DIMENSION = "|".join(DIMENSIONS)
BY_PATTERN = f"^({_DIMENSION})(,({_DIMENSION}))*$"


class RevenueFigures(serializers.Serializer):
    usage_count = serializers.IntegerField()
    credits_used = serializers.IntegerField()
    uncharged_credits = serializers.IntegerField(
        help_text="Credits used beyond their holds that the customers' balances could not cover")
    revenue_usd = UsdField()
    cost_usd = UsdField()
    margin_usd = UsdField()
    margin_pct = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True,
                                          help_text="margin / revenue; null without revenue")
    markup_pct = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True,
                                          help_text="margin / cost; null without cost")


class RevenueFilter(DateWindowSerializer):
    by = serializers.CharField(required=False, default="day", help_text=f"comma-separated: {', '.join(DIMENSIONS)}")
    account = serializers.IntegerField(required=False, min_value=1, max_value=2**63 - 1)


def _revenue_query(request) -> tuple:
    """The window, the dimensions and the account filter both revenue views read."""
    data = validated(RevenueFilter, request.query_params)
    since, until = date_window(since=data.get("since"), until=data.get("until"))
    by = [d.strip() for d in data["by"].split(",") if d.strip()]
    return since, until, by, data.get("account")


REVENUE_PARAMETERS: list[OpenApiParameter | type[serializers.Serializer]] = [RevenueFilter, OpenApiParameter("by", str, pattern=BY_PATTERN, description=(
    f"comma-separated: {', '.join(DIMENSIONS)}"))]


class RevenueApi(APIView):
    """Revenue, provider cost, margin and markup per day, model, operation, provider and/or
    account over a date window (default: the last 30 days), with the window's totals."""

    permission_classes = [IsPlatformStaff]

    class OutputSerializer(RevenueFigures):
        day = serializers.DateField(required=False)
        model = serializers.CharField(required=False)
        operation = serializers.CharField(required=False)
        provider = serializers.CharField(required=False)
        account = serializers.IntegerField(required=False)
        account_name = serializers.CharField(required=False, help_text="With by=account: the account's name")

    ReportSerializer = inline_serializer("RevenueReport", fields={
        "since": serializers.DateField(), "until": serializers.DateField(),
        "by": serializers.ListField(child=serializers.ChoiceField(choices=list(DIMENSIONS))),
        "rows": OutputSerializer(many=True),
        "totals": RevenueFigures(help_text="The whole window (and account, if filtered)"),
    })

    @extend_schema(parameters=REVENUE_PARAMETERS, responses=ReportSerializer, operation_id="admin_revenue")
    def get(self, request):
        since, until, by, account = _revenue_query(request)
        rows = revenue_report(since=since, until=until, by=by, account_id=account)
        totals = revenue_totals(since=since, until=until, account_id=account)
        return Response({"since": since, "until": until, "by": by,
                         "rows": self.OutputSerializer(rows, many=True).data, "totals": RevenueFigures(totals).data})


class RevenueExportApi(APIView):
    """The same report as a CSV download (`revenue-<since>-<until>.csv`): exact figures, one line
    per row, the same columns as `manage.py credits_report --format csv` (plus account_name)."""

    permission_classes = [IsPlatformStaff]
    content_negotiation_class = CsvNegotiation

    @extend_schema(parameters=REVENUE_PARAMETERS, operation_id="admin_revenue_export",
                   responses={(200, "text/csv"): OpenApiTypes.STR})
    def get(self, request):
        since, until, by, account = _revenue_query(request)
        rows = revenue_report(since=since, until=until, by=by, account_id=account)
        columns = [*by, *(["account_name"] if "account" in by else []), *FIGURES]
        return csv_response(filename=f"revenue-{since}-{until}.csv", columns=columns, rows=rows)


class AccountMemberSerializer(serializers.Serializer):
    user = serializers.IntegerField(source="user_id")
    username = serializers.CharField(source="user.username")
    email = serializers.CharField(source="user.email")
    role = serializers.CharField()


class StaffAccountListApi(APIView):
    """Every account with its balance and members, for staff granting credits or managing tokens.
    `q` finds accounts by name (or id)."""

    permission_classes = [IsPlatformStaff]
    pagination_class = StandardPagination

    class FilterSerializer(serializers.Serializer):
        q = serializers.CharField(required=False, max_length=200, help_text="part of the name, or the id")

    class OutputSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        name = serializers.CharField()
        is_active = serializers.BooleanField()
        balance = serializers.IntegerField()
        reserved = serializers.IntegerField(help_text="Held for calls under way")
        available = serializers.IntegerField()
        members = AccountMemberSerializer(source="memberships.all", many=True)

    @extend_schema(parameters=[FilterSerializer], responses=OutputSerializer(many=True),
                   operation_id="admin_accounts_list")
    def get(self, request):
        filters = validated(self.FilterSerializer, request.query_params)
        return paginated_response(self, staff_accounts(query=filters.get("q", "")), self.OutputSerializer)


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
