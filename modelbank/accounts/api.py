from django.contrib.auth import authenticate, login, logout
from django.middleware.csrf import get_token
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from modelbank.accounts.authentication import AccountSessionAuthentication
from modelbank.accounts.models import Membership
from modelbank.accounts.selectors import membership_for, memberships_of
from modelbank.accounts.throttling import LoginEmailThrottle, LoginIpThrottle
from modelbank.common.api import validated
from modelbank.common.errors import ApplicationError


class MeAccountOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MeMembershipOutput(MeAccountOutput):
    role = serializers.ChoiceField(choices=Membership.Role.choices)


class MeOutput(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    email = serializers.EmailField()
    is_staff = serializers.BooleanField()
    account = MeAccountOutput(allow_null=True)
    role = serializers.ChoiceField(choices=Membership.Role.choices, allow_null=True)
    accounts = MeMembershipOutput(many=True, help_text=(
        "Every active account the user belongs to: a session acts in another one with the X-Account-Id header"))


def _me(user, membership) -> dict:
    return {
        "id": user.id, "username": user.username, "email": user.email, "is_staff": user.is_staff,
        "account": {"id": membership.account.id, "name": membership.account.name} if membership else None,
        "role": membership.role if membership else None,
        "accounts": [{"id": m.account.id, "name": m.account.name, "role": m.role} for m in memberships_of(user=user)],
    }


class MeApi(APIView):
    """Who the caller is, and the account they act in."""

    @extend_schema(responses=MeOutput)
    def get(self, request):
        return Response(_me(request.user, getattr(request, "membership", None)))


class InvalidCredentials(ApplicationError):
    code = "invalid_credentials"


class LoginApi(APIView):
    """Session login for the web UI. Also sets the CSRF cookie the UI sends back."""

    permission_classes = [AllowAny]
    authentication_classes = [AccountSessionAuthentication]
    throttle_classes = [LoginIpThrottle, LoginEmailThrottle]

    class InputSerializer(serializers.Serializer):
        username = serializers.CharField()
        password = serializers.CharField(style={"input_type": "password"})

    @extend_schema(request=InputSerializer, responses=MeOutput)
    def post(self, request):
        data = validated(self.InputSerializer, request.data)
        user = authenticate(request, **data)
        if user is None:
            raise InvalidCredentials("Wrong email or password.")
        login(request, user)
        get_token(request)
        return Response(_me(user, membership_for(user=user)))

    def throttled(self, request, wait):
        raise exceptions.Throttled(wait, detail="Too many login attempts.")


class LogoutApi(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={204: None})
    def post(self, request):
        logout(request)
        return Response(status=status.HTTP_204_NO_CONTENT)


class CsrfApi(APIView):
    permission_classes = [AllowAny]

    @extend_schema(responses={200: None})
    def get(self, request):
        return Response({"csrfToken": get_token(request)})
