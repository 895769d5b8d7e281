import json
import textwrap
from argparse import RawDescriptionHelpFormatter

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from modelbank.catalog.models import IntegrationProvider
from modelbank.catalog.provider_config import RULES, config_schema, rules_for
from modelbank.catalog.selectors import provider_detail
from modelbank.common.errors import ApplicationError
from modelbank.preferences.models import SettingsAuditLog
from modelbank.preferences.services import provider_configure


def _conventions() -> str:
    lines = []
    for provider_id in [*RULES, "(others)"]:
        rules = rules_for(provider_id)
        keys = ", ".join(k for k in config_schema(provider_id)["properties"] if k != "notes")
        lines.append(textwrap.fill(f"{provider_id}: {rules.endpoint_help}", 100, initial_indent="  ",
                                   subsequent_indent="    "))
        if keys:
            lines.append(f"    config keys: {keys}")
    return "\n".join(lines)


def _para(text: str) -> str:
    return textwrap.fill(text, 100)


class Command(BaseCommand):
    help = "\n\n".join([
        _para("Set a provider's api_endpoint, is_active and non-secret config, then print its settings as JSON "
              "(no change: just print them). Keys are never set here: use `set_provider_key`."),
        _para("The URL: http:// or https://, no user:password@, no ?query or #fragment; empty means the SDK's "
              "default. What it must look like for each provider:") + "\n" + _conventions(),
        _para("Every provider also takes the config key notes (free text). Running processes reload the change "
              "within CATALOG_CACHE_CHECK_SECONDS; each change is written to the settings audit log."),
    ])

    def create_parser(self, prog_name, subcommand, **kwargs):
        return super().create_parser(prog_name, subcommand, formatter_class=RawDescriptionHelpFormatter, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("provider_id")
        parser.add_argument("--endpoint", help='the base URL (see above); --endpoint "" goes back to the default')
        active = parser.add_mutually_exclusive_group()
        active.add_argument("--active", dest="is_active", action="store_const", const=True)
        active.add_argument("--inactive", dest="is_active", action="store_const", const=False)
        parser.add_argument("--set", action="append", default=[], metavar="KEY=VALUE",
                            help="set a config key; VALUE is read as JSON when it is JSON (2, 0.5), else as text")
        parser.add_argument("--unset", action="append", default=[], metavar="KEY", help="remove a config key")
        parser.add_argument("--actor", metavar="EMAIL", help="the staff user to name in the audit log")

    def handle(self, *args, provider_id, **options):
        provider = IntegrationProvider.objects.filter(pk=provider_id).first()
        if provider is None:
            raise CommandError(f"No provider '{provider_id}' is configured.")
        changes = self._changes(provider, options)
        try:
            if changes:
                provider = provider_configure(provider_id=provider_id, changes=changes,
                                              actor=self._actor(options["actor"]), via=SettingsAuditLog.Via.COMMAND)
        except ApplicationError as exc:
            raise CommandError(f"Nothing was changed: {exc.message}") from exc
        detail = provider_detail(provider)
        for warning in detail["warnings"]:
            self.stderr.write(f"Warning: {warning}")
        self.stdout.write(json.dumps(detail, indent=2, default=str))

    def _changes(self, provider: IntegrationProvider, options) -> dict:
        changes: dict = {}
        if options["endpoint"] is not None:
            changes["api_endpoint"] = options["endpoint"]
        if options["is_active"] is not None:
            changes["is_active"] = options["is_active"]
        if options["set"] or options["unset"]:
            config = dict(provider.config) if isinstance(provider.config, dict) else {}
            config.update(_pair(item) for item in options["set"])
            for key in options["unset"]:
                config.pop(key, None)
            changes["config"] = config
        return changes

    @staticmethod
    def _actor(email: str | None):
        if not email:
            return None
        user = get_user_model().objects.filter(email__iexact=email, is_staff=True).first()
        if user is None:
            raise CommandError(f"No staff user with the email '{email}'.")
        return user


def _pair(item: str) -> tuple[str, object]:
    key, sep, raw = item.partition("=")
    if not sep or not key.strip():
        raise CommandError(f"--set {item!r}: write it as KEY=VALUE, e.g. --set poll_interval=2.")
    try:
        value = json.loads(raw)
    except ValueError:
        value = raw
    return key.strip(), value
