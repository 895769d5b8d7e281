from django.urls import path

from modelbank.accounts.api import CsrfApi, LoginApi, LogoutApi, MeApi
from modelbank.accounts.token_api import MyTokenDetailApi, MyTokenListApi, MyTokenRevokeApi

urlpatterns = [
    path("me/", MeApi.as_view(), name="auth-me"),
    path("login/", LoginApi.as_view(), name="auth-login"),
    path("logout/", LogoutApi.as_view(), name="auth-logout"),
    path("csrf/", CsrfApi.as_view(), name="auth-csrf"),
    path("tokens/", MyTokenListApi.as_view(), name="auth-tokens"),
    path("tokens/<int:pk>/", MyTokenDetailApi.as_view(), name="auth-token"),
    path("tokens/<int:pk>/revoke/", MyTokenRevokeApi.as_view(), name="auth-token-revoke"),
]
