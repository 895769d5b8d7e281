from django.core.management.base import BaseCommand, CommandError

from modelbank.credits.selectors.integrity import ledger_violations


class Command(BaseCommand):
    help = ("Verify every account: balance = sum of its transactions, reserved = sum of its open holds, "
            "nothing negative, every usage log has its transaction. Exits 1 listing each violation.")

    def handle(self, *args, **options):
        violations = ledger_violations()
        for violation in violations:
            self.stdout.write(violation)
        if violations:
            raise CommandError(f"{len(violations)} ledger violation(s).", returncode=1)
        self.stdout.write(self.style.SUCCESS("Ledger is consistent."))
