from django.core.management.base import BaseCommand
from django.db import transaction

from modelbank.catalog.models import AIModelConfig, IntegrationProvider
from modelbank.catalog.seed import apply_catalog_seed


class Command(BaseCommand):
    help = "Create the seeded providers and models that are missing; rows that exist are left as they are."

    def handle(self, *args, **options):
        with transaction.atomic():
            providers, models = apply_catalog_seed(IntegrationProvider, AIModelConfig)
        self.stdout.write(f"Catalog seeded: {providers} provider(s) and {models} model(s) created.")
