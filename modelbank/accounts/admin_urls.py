"""Mounted at /api/v1/admin/ beside modelbank.credits.admin_urls: staff managing any account's API tokens."""

from django.urls import path

from modelbank.accounts.token_api import StaffTokenDetailApi, StaffTokenListApi, StaffTokenRevokeApi

urlpatterns = [
    path("tokens/", StaffTokenListApi.as_view(), name="admin-tokens"),
    path("tokens/<int:pk>/", StaffTokenDetailApi.as_view(), name="admin-token"),
    path("tokens/<int:pk>/revoke/", StaffTokenRevokeApi.as_view(), name="admin-token-revoke"),
]
