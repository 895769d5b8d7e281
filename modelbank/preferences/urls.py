"""Mounted at /api/v1/system/settings/."""

from django.urls import path

from modelbank.preferences.api.integrations import (
    IntegrationSettingsApi,
    SettingsAuditDetailApi,
    SettingsAuditListApi,
)
from modelbank.preferences.api.keyed import (
    AccountSettingDetailApi,
    AccountSettingsApi,
    UserSettingDetailApi,
    UserSettingsApi,
)

urlpatterns = [
    path("user/", UserSettingsApi.as_view(), name="settings-user"),
    path("user/<str:key>/", UserSettingDetailApi.as_view(), name="settings-user-key"),
    path("account/", AccountSettingsApi.as_view(), name="settings-account"),
    path("account/<str:key>/", AccountSettingDetailApi.as_view(), name="settings-account-key"),
    path("integrations/<str:integration_type>/", IntegrationSettingsApi.as_view(), name="settings-integration"),
    path("audit/", SettingsAuditListApi.as_view(), name="settings-audit"),
    path("audit/<int:pk>/", SettingsAuditDetailApi.as_view(), name="settings-audit-detail"),
]
