import uuid

from django.core.management.base import BaseCommand, CommandError

from modelbank.accounts.models import Account
from modelbank.common.errors import ApplicationError
from modelbank.credits.services import credit_grant


class Command(BaseCommand):
    help = "Grant credits to an account (a new ledger entry)."

    def add_arguments(self, parser):
        parser.add_argument("--account", type=int, required=True, help="account id")
        parser.add_argument("--credits", type=int, required=True)
        parser.add_argument("--reason", default="", help="recorded as the transaction's description")
        parser.add_argument("--idempotency-key", help="run twice with the same key to grant once (default: new key)")

    def handle(self, *args, **options):
        account = Account.objects.filter(pk=options["account"]).first()
        if account is None:
            raise CommandError(f"No account with id {options['account']}.")
        key = options["idempotency_key"] or f"cli-grant:{uuid.uuid4().hex}"
        try:
            tx = credit_grant(account=account, credits=options["credits"], idempotency_key=key,
                              description=options["reason"] or "granted from the command line")
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"Granted {tx.amount} credits to {account} (id {account.pk}); balance {tx.balance_after}.")
