"""API tokens: members manage their own in the account they act in (/api/v1/auth/tokens/), staff
any account's (/api/v1/admin/tokens/). A token is shown once, when created; afterwards only its
last four characters. Changes need a signed-in session: a token that could mint or widen tokens
would escape its own model list."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from modelbank.accounts.models import Account, ApiToken
from modelbank.accounts.token_services import TokenInvalid, api_token_create, api_token_revoke, api_token_update
from modelbank.common.api import validated
from modelbank.common.errors import NotFoundError
from modelbank.common.fields import StrictCharField
from modelbank.common.pagination import StandardPagination, paginated_response
from modelbank.common.permissions import HasAccount, IsPlatformStaff
from modelbank.common.schema import error_responses

ID_MAX = 2**63 - 1
MODELS_HELP = "Model names this token may use; empty means every active model"


class ChangesNeedSession(BasePermission):
    message = "Manage API tokens while signed in (the web UI), not with an API token."

    def has_permission(self, request, view) -> bool:
        return request.method in SAFE_METHODS or request.auth is None


class TokenOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    last4 = serializers.CharField(help_text="The token's last four characters (the token is never shown again)")
    user = serializers.IntegerField(source="user_id")
    username = serializers.CharField(source="user.username")
    account = serializers.IntegerField(source="account_id")
    allowed_models = serializers.ListField(child=serializers.CharField(), help_text=MODELS_HELP)
    created_at = serializers.DateTimeField()
    last_used_at = serializers.DateTimeField(allow_null=True)
    revoked_at = serializers.DateTimeField(allow_null=True)


class NewTokenOutput(TokenOutput):
    token = serializers.CharField(source="raw_token", help_text="The token itself: shown this once, store it now")


class TokenChangeInput(serializers.Serializer):
    name = StrictCharField(required=False, max_length=100)
    allowed_models = serializers.ListField(child=StrictCharField(max_length=100), required=False, max_length=100,
                                           help_text=MODELS_HELP)


def _changes(request) -> dict:
    """A PATCH body: a field it cannot change is a 400, not silently dropped."""
    data = validated(TokenChangeInput, request.data)
    unknown = sorted(set(request.data) - set(TokenChangeInput().fields))
    if unknown:
        raise TokenInvalid(f"{unknown[0]}: cannot be changed; change name and/or allowed_models.",
                           extra={"field": unknown[0]})
    return data


def _new(issued) -> dict:
    token = issued.token
    token.raw_token = issued.raw
    return NewTokenOutput(token).data


def _tokens(**scope):
    return ApiToken.objects.filter(**scope).select_related("user").order_by("-id")


def _token(pk: int, **scope) -> ApiToken:
    token = _tokens(**scope).filter(pk=pk).first()
    if token is None:
        raise NotFoundError(f"No API token {pk} here.")
    return token


class MyTokenListApi(APIView):
    """The caller's own tokens in the account they act in (revoked ones included, newest first)."""

    permission_classes = [HasAccount, ChangesNeedSession]
    pagination_class = StandardPagination

    class InputSerializer(serializers.Serializer):
        name = StrictCharField(max_length=100)
        allowed_models = serializers.ListField(child=StrictCharField(max_length=100), required=False, default=list,
                                               max_length=100, help_text=MODELS_HELP)

    @extend_schema(responses=TokenOutput(many=True), operation_id="auth_tokens_list")
    def get(self, request):
        return paginated_response(self, _tokens(account=request.account, user=request.user), TokenOutput)

    @extend_schema(request=InputSerializer, responses={201: NewTokenOutput}, operation_id="auth_tokens_create")
    def post(self, request):
        data = validated(self.InputSerializer, request.data)
        issued = api_token_create(user=request.user, account=request.account, actor=request.user, **data)
        return Response(_new(issued), status=201)


class MyTokenDetailApi(APIView):
    permission_classes = [HasAccount, ChangesNeedSession]

    @extend_schema(request=TokenChangeInput, responses={200: TokenOutput, **error_responses(409)},
                   operation_id="auth_tokens_update")
    def patch(self, request, pk: int):
        token = _token(pk, account=request.account, user=request.user)
        changed = api_token_update(token=token, changes=_changes(request), actor=request.user)
        return Response(TokenOutput(changed).data)


class MyTokenRevokeApi(APIView):
    permission_classes = [HasAccount, ChangesNeedSession]

    @extend_schema(request=None, responses=TokenOutput, operation_id="auth_tokens_revoke")
    def post(self, request, pk: int):
        token = _token(pk, account=request.account, user=request.user)
        return Response(TokenOutput(api_token_revoke(token=token, actor=request.user)).data)


class StaffTokenListApi(APIView):
    """Staff: the tokens of any account (or all), newest first; create one for a member of an account."""

    permission_classes = [IsPlatformStaff, ChangesNeedSession]
    pagination_class = StandardPagination

    class FilterSerializer(serializers.Serializer):
        account = serializers.IntegerField(required=False, min_value=1, max_value=ID_MAX)

    class InputSerializer(MyTokenListApi.InputSerializer):
        account = serializers.IntegerField(min_value=1, max_value=ID_MAX)
        user = serializers.IntegerField(min_value=1, max_value=ID_MAX, help_text="A member of the account")

    @extend_schema(parameters=[FilterSerializer], responses=TokenOutput(many=True), operation_id="admin_tokens_list")
    def get(self, request):
        filters = validated(self.FilterSerializer, request.query_params)
        scope = {"account_id": filters["account"]} if "account" in filters else {}
        return paginated_response(self, _tokens(**scope), TokenOutput)

    @extend_schema(request=InputSerializer, responses={201: NewTokenOutput, **error_responses(404)},
                   operation_id="admin_tokens_create")
    def post(self, request):
        data = validated(self.InputSerializer, request.data)
        account = Account.objects.filter(pk=data.pop("account")).first()
        if account is None:
            raise NotFoundError("No such account.", extra={"field": "account"})
        membership = account.memberships.select_related("user").filter(user_id=data.pop("user")).first()
        if membership is None:
            raise NotFoundError("That user is not a member of the account: a token acts for a member.",
                                extra={"field": "user"})
        issued = api_token_create(user=membership.user, account=account, actor=request.user, **data)
        return Response(_new(issued), status=201)


class StaffTokenDetailApi(APIView):
    permission_classes = [IsPlatformStaff, ChangesNeedSession]

    @extend_schema(request=TokenChangeInput, responses={200: TokenOutput, **error_responses(409)},
                   operation_id="admin_tokens_update")
    def patch(self, request, pk: int):
        changed = api_token_update(token=_token(pk), changes=_changes(request),
                                   actor=request.user)
        return Response(TokenOutput(changed).data)


class StaffTokenRevokeApi(APIView):
    permission_classes = [IsPlatformStaff, ChangesNeedSession]

    @extend_schema(request=None, responses=TokenOutput, operation_id="admin_tokens_revoke")
    def post(self, request, pk: int):
        return Response(TokenOutput(api_token_revoke(token=_token(pk), actor=request.user)).data)
