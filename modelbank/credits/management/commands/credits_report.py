import json
from datetime import date
from decimal import Decimal

from django.core.management.base import BaseCommand, CommandError

from modelbank.common.csv_export import csv_write
from modelbank.common.dates import date_window, parse_day
from modelbank.common.errors import ApplicationError
from modelbank.credits.selectors import DIMENSIONS, FIGURES, revenue_report


class Command(BaseCommand):
    help = "Revenue, provider cost, margin, margin % and markup % over a date range (docs/requirements.md §3)."

    def add_arguments(self, parser):
        parser.add_argument("--since", help="first day, YYYY-MM-DD (default: 29 days before --until)")
        parser.add_argument("--until", help="last day, YYYY-MM-DD (default: today, UTC)")
        parser.add_argument("--by", default="day", help=f"one or more of {', '.join(DIMENSIONS)}, comma-separated")
        parser.add_argument("--format", choices=["table", "json", "csv"], default="table")

    def handle(self, *args, **options):
        by = [d.strip() for d in options["by"].split(",") if d.strip()]
        try:
            since, until = date_window(**{name: parse_day(options[name], name=name)
                                          for name in ("since", "until") if options[name]})
            rows = revenue_report(since=since, until=until, by=by)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        columns = by + FIGURES
        getattr(self, f"_write_{options['format']}")(columns, rows)

    def _write_json(self, columns, rows):
        self.stdout.write(json.dumps([{c: r[c] for c in columns} for r in rows], indent=2, default=plain))

    def _write_csv(self, columns, rows):
        csv_write(self.stdout, columns, rows)  # the same writer as the staff API's CSV export

    def _write_table(self, columns, rows):
        cells = [[_cell(r[c]) for c in columns] for r in rows]
        widths = [max([len(c), *(len(row[i]) for row in cells)]) for i, c in enumerate(columns)]
        self.stdout.write("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)))
        for row in cells:
            self.stdout.write("  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)))
        if not rows:
            self.stdout.write("(no usage in this range)")


def plain(value) -> str:
    """Decimals as written, never in exponent form (str(Decimal("0E-8")) is "0E-8");
    dates as ISO 8601."""
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _cell(value) -> str:
    if value is None:
        return "-"
    return f"{value.normalize():f}" if hasattr(value, "normalize") else str(value)
