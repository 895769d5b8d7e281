import json

from django.core.management.base import BaseCommand, CommandError

from modelbank.preferences.legacy_import import import_legacy

HELP = """Import an export of the old string-based configuration, mapping every model name to an
AIModelConfig row. Names the catalog does not know (e.g. bria:10@1) are reported, never guessed;
secret-looking fields (api_key, token, ...) are reported and never imported. Safe to run twice.

File format (JSON; every part optional; sample: tests/preferences/data/legacy_settings.json):
  {"global": {"openai_model": "gpt-4o-mini", "anthropic_model": "...", "dalle_model": "dall-e-3",
              "runware_model": "runware:97@1", "default_text_provider": "openai",
              "default_image_service": "openai" | "runware",
              "image_style": "photorealistic", "image_quality": "standard" | "hd",
              "max_in_article_images": 4, "desktop_image_size": "1024x1024",
              "openai_temperature": 0.7, "openai_max_tokens": 8192},
   "accounts": [{"account_id": 1, "integration_type": "text_generation" | "image_generation" | "<provider id>",
                 "config": {"openai_model": "gpt-4o-mini", "temperature": 0.5, "max_tokens": 2000,
                            "dalle_model": "dall-e-3", "image_style": "illustration", "quality_tier": "premium",
                            "image_size": "1024x1024", "max_in_article_images": 2}}]}

Global model names are only mapped and reported: the platform's defaults are AIModelConfig.is_default
(docs/requirements.md §7). --set-defaults moves the catalog defaults to the global openai_model (anthropic_model when
default_text_provider is "anthropic") and to the dalle_model or runware_model picked by
default_image_service. Account model names become the account's text or image override, by the named
model's type; they must be active. Other global keys set GlobalIntegrationSettings; account parameters are
merged into the account's existing override."""


class Command(BaseCommand):
    help = HELP

    def create_parser(self, prog_name, subcommand, **kwargs):
        from argparse import RawDescriptionHelpFormatter

        kwargs.setdefault("formatter_class", RawDescriptionHelpFormatter)
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser):
        parser.add_argument("file", help="The legacy export, JSON.")
        parser.add_argument("--dry-run", action="store_true", help="Report what would change; change nothing.")
        parser.add_argument("--set-defaults", action="store_true",
                            help="Move the catalog's default models to the global model names.")

    def handle(self, *args, **options):
        try:
            with open(options["file"], encoding="utf-8") as handle:
                data = json.load(handle)
        except (OSError, json.JSONDecodeError) as exc:
            raise CommandError(f"Cannot read {options['file']}: {exc}") from exc
        if not isinstance(data, dict):
            raise CommandError("The file must hold a JSON object with 'global' and/or 'accounts'.")
        report = import_legacy(data, dry_run=options["dry_run"], set_defaults=options["set_defaults"])
        for line in report.lines:
            self.stdout.write(line)
        verb = "would change" if options["dry_run"] else "changed"
        self.stdout.write(f"Summary: {report.changes} record(s) {verb}, {len(report.unmapped)} unmapped name(s), "
                          f"{report.problems} skipped item(s).")
        if report.unmapped:
            self.stdout.write(f"Unmapped: {', '.join(report.unmapped)}")
        if options["dry_run"]:
            self.stdout.write("Dry run: nothing was changed.")
