import json

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from modelbank.accounts.platform_admins import GROUP_NAME
from modelbank.accounts.services import account_create
from modelbank.common.errors import ApplicationError


class Command(BaseCommand):
    help = "Create an account with its owner and print JSON with a new API token (shown only this once)."

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True)
        parser.add_argument("--owner-email", required=True)
        parser.add_argument(
            "--staff", action="store_true",
            help=f'make the owner a platform admin: staff, in the "{GROUP_NAME}" group, whose admin permissions '
                 "README lists (created or completed on each use; an existing user keeps what they had)",
        )
        parser.add_argument("--password", help="set a password so the owner can log in to the web UI and admin")

    def handle(self, *args, **options):
        password = options["password"]
        try:
            with transaction.atomic():  # a refused password leaves no account behind
                account, user, issued = account_create(
                    name=options["name"], owner_email=options["owner_email"], staff=options["staff"]
                )
                if password:
                    validate_password(password, user)
                    user.set_password(password)
                    user.save(update_fields=["password"])
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        except ValidationError as exc:
            raise CommandError("The password was refused: " + " ".join(exc.messages)) from exc
        payload = {
            "account": {"id": account.id, "name": account.name},
            "user": {"id": user.id, "username": user.username, "email": user.email, "is_staff": user.is_staff,
                     "groups": sorted(user.groups.values_list("name", flat=True))},
            "api_token": issued.raw,
        }
        self.stdout.write(json.dumps(payload, indent=2))
