"""The low-balance alert: members read their account's (/api/v1/billing/low-balance-alert/), staff set
any account's (/api/v1/admin/accounts/<id>/low-balance-alert/). Sending: credits.services.alerts."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from modelbank.accounts.models import Account
from modelbank.accounts.services import THRESHOLD_MAX, account_low_balance_threshold_set
from modelbank.common.api import validated
from modelbank.common.permissions import HasAccount, IsPlatformStaff
from modelbank.common.schema import error_responses
from modelbank.credits.selectors.alerts import low_balance_alert

THRESHOLD_HELP = ("Credits: when a charge leaves the balance below this, the account's owners and admins get one "
                  "email, sent again only after the balance has been back at it or above. Null: no alert.")


class LowBalanceAlertSerializer(serializers.Serializer):
    account = serializers.IntegerField()
    low_balance_threshold = serializers.IntegerField(allow_null=True, help_text=THRESHOLD_HELP)
    low_balance_notified_at = serializers.DateTimeField(
        allow_null=True, help_text="When the alert of the current drop was sent; null: not since the balance recovered")


class MyLowBalanceAlertApi(APIView):
    permission_classes = [HasAccount]

    @extend_schema(responses=LowBalanceAlertSerializer, operation_id="billing_low_balance_alert")
    def get(self, request):
        return Response(LowBalanceAlertSerializer(low_balance_alert(account=request.account)).data)


class StaffLowBalanceAlertApi(APIView):
    permission_classes = [IsPlatformStaff]

    class InputSerializer(serializers.Serializer):
        low_balance_threshold = serializers.IntegerField(allow_null=True, min_value=1, max_value=THRESHOLD_MAX,
                                                         help_text=THRESHOLD_HELP)

    @extend_schema(responses={200: LowBalanceAlertSerializer, **error_responses(404)},
                   operation_id="admin_low_balance_alert_get")
    def get(self, request, account_id: int):
        account = get_object_or_404(Account, pk=account_id)
        return Response(LowBalanceAlertSerializer(low_balance_alert(account=account)).data)

    @extend_schema(request=InputSerializer, responses={200: LowBalanceAlertSerializer, **error_responses(400, 404)},
                   operation_id="admin_low_balance_alert_set",
                   description="Set or turn off (null) the account's threshold. A new threshold starts afresh: "
                               "if the balance is already below it, the next charge sends the alert.")
    def put(self, request, account_id: int):
        data = validated(self.InputSerializer, request.data)
        account = get_object_or_404(Account, pk=account_id)
        account_low_balance_threshold_set(account=account, threshold=data["low_balance_threshold"])
        return Response(LowBalanceAlertSerializer(low_balance_alert(account=account)).data)
