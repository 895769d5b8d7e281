from django.urls import path

from modelbank.credits import alerts_api, api, limits_api

urlpatterns = [
    path("balance/", api.BalanceApi.as_view(), name="billing-balance"),
    path("transactions/", api.TransactionListApi.as_view(), name="billing-transactions"),
    path("transactions/export/", api.TransactionExportApi.as_view(), name="billing-transactions-export"),
    path("usage/", api.UsageListApi.as_view(), name="billing-usage"),
    path("usage/export/", api.UsageExportApi.as_view(), name="billing-usage-export"),
    path("usage/summary/", api.UsageSummaryApi.as_view(), name="billing-usage-summary"),
    path("usage/tokens/", limits_api.UsageByTokenApi.as_view(), name="billing-usage-by-token"),
    path("limits/", limits_api.MyLimitsApi.as_view(), name="billing-limits"),
    path("low-balance-alert/", alerts_api.MyLowBalanceAlertApi.as_view(), name="billing-low-balance-alert"),
]
