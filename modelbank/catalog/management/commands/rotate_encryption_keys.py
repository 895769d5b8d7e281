from django.core.management.base import BaseCommand, CommandError

from modelbank.catalog.services import secrets_rotate
from modelbank.common.vault import SecretDecryptionError, current_key_id


class Command(BaseCommand):
    help = (
        "Re-encrypt every stored secret with the newest key (the first of MODELBANK_ENCRYPTION_KEYS). "
        "Keep the old keys listed until this has run."
    )

    def handle(self, *args, **options):
        try:
            count = secrets_rotate()
        except SecretDecryptionError as exc:
            raise CommandError(f"Nothing was changed: {exc}") from exc
        self.stdout.write(f"Re-encrypted {count} secret(s) with key {current_key_id()}.")
