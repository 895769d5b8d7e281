import sys

from django.core.management.base import BaseCommand, CommandError

from modelbank.catalog.models import IntegrationProvider
from modelbank.catalog.services import provider_set_secret
from modelbank.common.errors import ApplicationError


class Command(BaseCommand):
    help = "Set a provider's secret from standard input (so it never appears in shell history or ps)."

    def add_arguments(self, parser):
        parser.add_argument("provider_id")
        parser.add_argument("--field", default="api_key", choices=IntegrationProvider.SECRET_FIELDS)

    def handle(self, *args, provider_id, field, **options):
        value = sys.stdin.readline().strip() if not sys.stdin.isatty() else self._prompt(field)
        if not value:
            raise CommandError("No value on standard input: nothing was changed.")
        try:
            provider = provider_set_secret(provider_id=provider_id, field=field, value=value)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"{provider.provider_id} {field}: {getattr(provider, field).hint()}")

    def _prompt(self, field: str) -> str:
        import getpass

        return getpass.getpass(f"{field}: ").strip()
