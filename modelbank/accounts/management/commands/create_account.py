import json

from django.core.management.base import BaseCommand, CommandError

from modelbank.accounts.services import account_create
from modelbank.common.errors import ApplicationError


class Command(BaseCommand):
    help = "Create an account with its owner and print JSON with a new API token (shown only this once)."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True)
        parser.add_argument("--owner-email", required=True)
        parser.add_argument("--staff", action="store_true", help="make the owner a platform admin")
        parser.add_argument("--password", help="set a password so the owner can log in to the web UI and admin")

    def handle(self, *args, **options):
        try:
            account, user, issued = account_create(
                name=options["name"], owner_email=options["owner_email"], staff=options["staff"]
            )
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        if options["password"]:
            user.set_password(options["password"])
            user.save(update_fields=["password"])
        payload = {
            "account": {"id": account.id, "name": account.name},
            "user": {"id": user.id, "username": user.username, "email": user.email, "is_staff": user.is_staff},
            "api_token": issued.raw,
        }
        self.stdout.write(json.dumps(payload, indent=2))
