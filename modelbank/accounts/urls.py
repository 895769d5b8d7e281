from django.urls import path

from modelbank.accounts.api import CsrfApi, LoginApi, LogoutApi, MeApi

urlpatterns = [
    path("me/", MeApi.as_view(), name="auth-me"),
    path("login/", LoginApi.as_view(), name="auth-login"),
    path("logout/", LogoutApi.as_view(), name="auth-logout"),
    path("csrf/", CsrfApi.as_view(), name="auth-csrf"),
]
