from django.urls import path

from modelbank.ai.api import JobDetailApi, JobListCreateApi

urlpatterns = [
    path("jobs/", JobListCreateApi.as_view(), name="ai-jobs"),
    path("jobs/<uuid:job_id>/", JobDetailApi.as_view(), name="ai-job-detail"),
]
