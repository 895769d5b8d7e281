from django.urls import path

from modelbank.credits import admin_api, limits_api

urlpatterns = [
    path("analytics/revenue/", admin_api.RevenueApi.as_view(), name="admin-revenue"),
    path("credits/grant/", admin_api.CreditGrantApi.as_view(), name="admin-credit-grant"),
    path("credits/adjust/", admin_api.CreditAdjustApi.as_view(), name="admin-credit-adjust"),
    path("limits/", limits_api.StaffLimitListApi.as_view(), name="admin-limits"),
    path("limits/<int:pk>/", limits_api.StaffLimitDetailApi.as_view(), name="admin-limit"),
    path("usage/tokens/", limits_api.StaffUsageByTokenApi.as_view(), name="admin-usage-by-token"),
]
