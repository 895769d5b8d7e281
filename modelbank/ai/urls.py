from django.urls import path

from modelbank.ai.api import FunctionListApi, JobDetailApi, JobEstimateApi, JobListCreateApi

urlpatterns = [
    path("functions/", FunctionListApi.as_view(), name="ai-functions"),
    path("jobs/", JobListCreateApi.as_view(), name="ai-jobs"),
    path("jobs/estimate/", JobEstimateApi.as_view(), name="ai-job-estimate"),
    path("jobs/<uuid:job_id>/", JobDetailApi.as_view(), name="ai-job-detail"),
]
