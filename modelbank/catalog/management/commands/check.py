"""Django's `check`, with broken AI configuration (catalog.E001-E004) reported as errors.

Every other command runs the same checks first but only warns about the configuration, so a
deactivated default never blocks `migrate`, `seed_catalog` or the server (see catalog.checks).
"""

from django.core.management.commands.check import Command as DjangoCheckCommand

from modelbank.catalog.checks import config_problems_are_errors


class Command(DjangoCheckCommand):
    help = f"{DjangoCheckCommand.help} Broken AI configuration (catalog.E*) is an error here."

    def handle(self, *args, **options):
        with config_problems_are_errors():
            return super().handle(*args, **options)
