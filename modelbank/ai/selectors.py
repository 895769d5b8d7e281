from datetime import date

from django.shortcuts import get_object_or_404

from modelbank.ai.models import AIJob


def job_list(*, account, status: str | None = None, function: str | None = None, since: date | None = None,
             until: date | None = None):
    """The account's jobs, newest first; `since` and `until` are days (UTC), both included."""
    jobs = AIJob.objects.for_account(account)
    if status:
        jobs = jobs.filter(status=status)
    if function:
        jobs = jobs.filter(function=function)
    if since:
        jobs = jobs.filter(created_at__date__gte=since)
    if until:
        jobs = jobs.filter(created_at__date__lte=until)
    return jobs.order_by("-created_at")


def job_get(*, account, job_id) -> AIJob:
    """Another account's job is a 404, the same as a missing one."""
    return get_object_or_404(AIJob.objects.for_account(account), pk=job_id)
