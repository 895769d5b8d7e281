from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand

from modelbank.ai.stale import jobs_fail_stale


class Command(BaseCommand):
    help = "Fail queued or running AI jobs that have not moved for a while (their runner died)."

    def add_arguments(self, parser):
        parser.add_argument("--minutes", type=int, default=settings.MODELBANK_JOB_STALE_MINUTES)

    def handle(self, *args, minutes: int, **options):
        count = jobs_fail_stale(older_than=timedelta(minutes=minutes))
        self.stdout.write(f"Failed {count} stalled job(s) idle for more than {minutes} minute(s).")
