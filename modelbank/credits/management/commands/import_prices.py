import getpass
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from modelbank.common.errors import ApplicationError
from modelbank.credits.checks import below_cost_findings
from modelbank.credits.services.price_import import (
    UNITS,
    PriceImportResult,
    plain_usd,
    price_file_read,
    price_import,
)


class Command(BaseCommand):
    help = ("Show how a price file in the format of LiteLLM's model_prices_and_context_window.json would change "
            "the catalog's provider prices; --apply writes the changes (never creates, deletes or deactivates a model).")

    def add_arguments(self, parser):
        parser.add_argument("file", help="the downloaded JSON file (nothing is fetched)")
        parser.add_argument("--apply", action="store_true", help="write the changes, each with a PriceChange audit row")
        parser.add_argument("--actor", help="who is importing, for the audit rows (default: the OS user)")
        parser.add_argument("--verbose", action="store_true",
                            help="also list unchanged models, models without a price and the entries not used")

    def handle(self, *args, **options):
        path, actor = Path(options["file"]), options["actor"] or _os_user()
        try:
            result = price_import(prices=price_file_read(path), source=path.name, apply=options["apply"], actor=actor)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        self._write_diff(result)
        self._write_summary(result, verbose=options["verbose"] or options["verbosity"] >= 2)
        self._write_below_cost(result)
        self._write_outcome(result, actor=actor)

    def _write_diff(self, result: PriceImportResult) -> None:
        rows = [(r.model.model_name + ("" if r.model.is_active else " (inactive)"), field,
                 f"{plain_usd(old) or 'none'} -> {plain_usd(new)}", UNITS[field])
                for r in result.repriced for field, (old, new) in r.changes.items()]
        if not rows:
            return
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        self.stdout.write(f"Price changes from {result.source} (USD):")
        for row in rows:
            cells = [cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True)]
            self.stdout.write("  " + "  ".join([*cells, row[3]]))

    def _write_summary(self, result: PriceImportResult, *, verbose: bool) -> None:
        prices = sum(len(r.changes) for r in result.repriced)
        self.stdout.write(f"Models: {len(result.repriced)} to change ({prices} prices), {len(result.unchanged)} "
                          f"unchanged, {len(result.unpriced)} with no price in the file. Entries not used (other "
                          f"models, other hosts): {len(result.unused)} (none is created"
                          f"{'' if verbose else '; --verbose lists them'}).")
        if not verbose:
            return
        for title, names in (("Unchanged", result.unchanged), ("No price in the file", result.unpriced),
                             ("Entries not used", result.unused)):
            self.stdout.write(f"{title} ({len(names)}):" + "".join(f"\n  {name}" for name in names))

    def _write_below_cost(self, result: PriceImportResult) -> None:
        """credits.W001 (what `manage.py check` says) for the repriced models, judged at the new prices
        whether or not they are written yet."""
        findings = below_cost_findings(prices=result.new_prices) if result.repriced else []
        if not findings:
            return
        self.stderr.write(self.style.WARNING("Below cost at the new prices (credits.W001):"))
        for finding in findings:
            self.stderr.write(self.style.WARNING(f"  {finding.msg}\n    {finding.hint}"))

    def _write_outcome(self, result: PriceImportResult, *, actor: str) -> None:
        if not result.repriced:
            self.stdout.write("No price changes.")
        elif result.applied:
            self.stdout.write(self.style.SUCCESS(
                f"Applied: {len(result.repriced)} model(s) repriced, each with a PriceChange audit row "
                f"(source {result.source}, actor {actor or 'unknown'})."))
        else:
            self.stdout.write("Dry run: nothing was written. Run again with --apply to write these changes.")


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name and no passwd entry (some containers)
        return ""
