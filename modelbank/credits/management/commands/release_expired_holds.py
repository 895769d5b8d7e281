from django.core.management.base import BaseCommand

from modelbank.credits.services import credit_holds_expire


class Command(BaseCommand):
    help = "Free the credits of open holds past their expiry (the periodic task does this every minute)."

    def handle(self, *args, **options):
        count = credit_holds_expire()
        self.stdout.write(f"Expired {count} hold(s).")
