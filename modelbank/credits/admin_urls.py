from django.urls import path

from modelbank.credits import admin_api, alerts_api, limits_api

urlpatterns = [
    path("analytics/revenue/", admin_api.RevenueApi.as_view(), name="admin-revenue"),
    path("analytics/revenue/export/", admin_api.RevenueExportApi.as_view(), name="admin-revenue-export"),
    path("accounts/", admin_api.StaffAccountListApi.as_view(), name="admin-accounts"),
    path("credits/grant/", admin_api.CreditGrantApi.as_view(), name="admin-credit-grant"),
    path("credits/adjust/", admin_api.CreditAdjustApi.as_view(), name="admin-credit-adjust"),
    path("limits/", limits_api.StaffLimitListApi.as_view(), name="admin-limits"),
    path("limits/<int:pk>/", limits_api.StaffLimitDetailApi.as_view(), name="admin-limit"),
    path("accounts/<int:account_id>/low-balance-alert/", alerts_api.StaffLowBalanceAlertApi.as_view(),
         name="admin-low-balance-alert"),
    path("usage/tokens/", limits_api.StaffUsageByTokenApi.as_view(), name="admin-usage-by-token"),
]
