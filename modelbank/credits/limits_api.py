"""Budgets and rate limits: members read theirs with what is used (/api/v1/billing/limits/),
staff set them per account, user or API token (/api/v1/admin/limits/). Usage per API token:
/api/v1/billing/usage/tokens/."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from modelbank.accounts.models import Account, ApiToken
from modelbank.common.api import validated
from modelbank.common.dates import DateWindowSerializer, date_window
from modelbank.common.permissions import HasAccount, IsPlatformStaff
from modelbank.common.schema import error_responses
from modelbank.credits.models import UsageLimit
from modelbank.credits.selectors.limits import account_limits, limits_overview, usage_by_token
from modelbank.credits.services.errors import BALANCE_MAX
from modelbank.credits.services.limit_settings import LIMIT_FIELDS, usage_limit_delete, usage_limit_set

LIMIT_HELP = "empty (null) means no limit"
INT_MAX = 2**31 - 1  # the per-minute columns (PositiveIntegerField)
SCOPE_PATTERN = r"^(account|user:[0-9]{1,18}|token:[0-9]{1,18})$"


class LimitSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    scope = serializers.ChoiceField(choices=["account", "user", "token"], read_only=True)
    user = serializers.IntegerField(source="user_id", allow_null=True, read_only=True)
    api_token = serializers.IntegerField(source="api_token_id", allow_null=True, read_only=True)
    credits_per_day = serializers.IntegerField(allow_null=True, help_text=LIMIT_HELP)
    credits_per_month = serializers.IntegerField(allow_null=True, help_text=LIMIT_HELP)
    requests_per_minute = serializers.IntegerField(allow_null=True, help_text=LIMIT_HELP)
    tokens_per_minute = serializers.IntegerField(allow_null=True, help_text=LIMIT_HELP)


class MyLimitsApi(APIView):
    """The limits that apply to the caller (account, user, and the token used; without a token,
    each of the caller's own tokens), with usage."""

    permission_classes = [HasAccount]

    class OutputSerializer(LimitSerializer):
        api_token_name = serializers.CharField(allow_null=True, read_only=True,
                                               help_text="The API token's name (token limits only)")
        credits_used_today = serializers.IntegerField(help_text="Charged today (UTC) plus open holds")
        credits_used_this_month = serializers.IntegerField(help_text="Charged this month (UTC) plus open holds")
        requests_this_minute = serializers.IntegerField()
        tokens_this_minute = serializers.IntegerField()
        window_resets_in = serializers.IntegerField(help_text="Seconds until the per-minute counts start again")

    @extend_schema(responses=OutputSerializer(many=True), operation_id="billing_limits")
    def get(self, request):
        token = request.auth if isinstance(request.auth, ApiToken) else None
        rows = limits_overview(account=request.account, user=request.user, api_token=token)
        return Response(self.OutputSerializer(rows, many=True).data)


class UsageByTokenApi(APIView):
    permission_classes = [HasAccount]

    class OutputSerializer(serializers.Serializer):
        api_token = serializers.IntegerField(allow_null=True, help_text="None: calls made without a token (web UI)")
        name = serializers.CharField()
        last4 = serializers.CharField()
        calls = serializers.IntegerField()
        credits = serializers.IntegerField()
        input_tokens = serializers.IntegerField()
        output_tokens = serializers.IntegerField()
        last_call = serializers.DateTimeField()

    @extend_schema(parameters=[DateWindowSerializer], responses=OutputSerializer(many=True),
                   operation_id="billing_usage_by_token")
    def get(self, request):
        since, until = date_window(**validated(DateWindowSerializer, request.query_params))
        rows = usage_by_token(account=request.account, since=since, until=until)
        return Response(self.OutputSerializer(rows, many=True).data)


class StaffUsageByTokenApi(APIView):
    """Usage per API token of any account, for staff."""

    permission_classes = [IsPlatformStaff]

    class FilterSerializer(DateWindowSerializer):
        account = serializers.IntegerField()

    @extend_schema(parameters=[FilterSerializer], responses={200: UsageByTokenApi.OutputSerializer(many=True),
                                                             **error_responses(400, 404)},
                   operation_id="admin_usage_by_token")
    def get(self, request):
        filters = validated(self.FilterSerializer, request.query_params)
        account = get_object_or_404(Account, pk=filters.pop("account"))
        since, until = date_window(**filters)
        rows = usage_by_token(account=account, since=since, until=until)
        return Response(UsageByTokenApi.OutputSerializer(rows, many=True).data)


class StaffLimitListApi(APIView):
    permission_classes = [IsPlatformStaff]

    class FilterSerializer(serializers.Serializer):
        account = serializers.IntegerField()

    class InputSerializer(serializers.Serializer):
        account = serializers.IntegerField()
        scope = serializers.RegexField(SCOPE_PATTERN, required=False, default="account",
                                       help_text="whose limits: 'account', 'user:<user id>' (a member) or "
                                                 "'token:<API token id>' (one of the account's tokens)")
        credits_per_day = serializers.IntegerField(required=False, allow_null=True, min_value=1,
                                                   max_value=BALANCE_MAX, help_text=LIMIT_HELP)
        credits_per_month = serializers.IntegerField(required=False, allow_null=True, min_value=1,
                                                     max_value=BALANCE_MAX, help_text=LIMIT_HELP)
        requests_per_minute = serializers.IntegerField(required=False, allow_null=True, min_value=1,
                                                       max_value=INT_MAX, help_text=LIMIT_HELP)
        tokens_per_minute = serializers.IntegerField(required=False, allow_null=True, min_value=1,
                                                     max_value=INT_MAX, help_text=LIMIT_HELP)

    @extend_schema(parameters=[FilterSerializer], responses={200: LimitSerializer(many=True), **error_responses(404)},
                   operation_id="admin_limits_list")
    def get(self, request):
        account = get_object_or_404(Account, pk=validated(self.FilterSerializer, request.query_params)["account"])
        return Response(LimitSerializer(account_limits(account=account), many=True).data)

    @extend_schema(request=InputSerializer, responses={200: LimitSerializer, **error_responses(400, 404)},
                   operation_id="admin_limits_set",
                   description="Create or replace the limits of one scope: the account, one of its users, or one "
                               "of its API tokens. Omitted limits are removed.")
    def post(self, request):
        data = validated(self.InputSerializer, request.data)
        account = get_object_or_404(Account, pk=data["account"])
        kind, _, ident = data["scope"].partition(":")
        limit = usage_limit_set(account=account, user_id=int(ident) if kind == "user" else None,
                                api_token_id=int(ident) if kind == "token" else None,
                                **{name: data.get(name) for name in LIMIT_FIELDS})
        return Response(LimitSerializer(limit).data)


class StaffLimitDetailApi(APIView):
    permission_classes = [IsPlatformStaff]

    @extend_schema(responses={204: None, **error_responses(404)}, operation_id="admin_limits_delete")
    def delete(self, request, pk: int):
        usage_limit_delete(limit=get_object_or_404(UsageLimit, pk=pk))
        return Response(status=204)
