"""Every ledger entry of a date range, for accounting: one row per CreditTransaction, oldest first,
streamed (a year of entries never sits in memory), with the usage log's figures beside each
charge (credits, uncharged credits, the price per credit, revenue and provider cost in USD)."""

import csv
import json
from datetime import UTC, datetime, time, timedelta

from django.core.management.base import BaseCommand, CommandError

from modelbank.common.dates import date_window, parse_day
from modelbank.common.errors import ApplicationError
from modelbank.credits.models import CreditTransaction

COLUMNS = ["id", "created_at", "account_id", "account", "transaction_type", "amount", "balance_after",
           "operation_type", "idempotency_key", "description", "hold_id", "payment_id", "user_id",
           "model", "credits_used", "uncharged_credits", "price_per_credit_usd", "revenue_usd", "cost_usd"]
CHUNK = 2000


def _row(tx: CreditTransaction) -> dict:
    log = getattr(tx, "usage_log", None)
    return {
        "id": tx.pk, "created_at": tx.created_at.isoformat(), "account_id": tx.account_id, "account": tx.account.name,
        "transaction_type": tx.transaction_type, "amount": tx.amount, "balance_after": tx.balance_after,
        "operation_type": tx.operation_type, "idempotency_key": tx.idempotency_key, "description": tx.description,
        "hold_id": tx.hold_id, "payment_id": tx.payment_id, "user_id": tx.user_id,
        "model": log.model.model_name if log else "", "credits_used": log.credits_used if log else "",
        "uncharged_credits": log.uncharged_credits if log else "",
        # Plain decimal strings: exact, and never 0E-8 in a spreadsheet.
        "price_per_credit_usd": f"{log.price_per_credit_usd:f}" if log else "",
        "revenue_usd": f"{log.revenue_usd:f}" if log else "", "cost_usd": f"{log.cost_usd:f}" if log else "",
    }


class Command(BaseCommand):
    help = "Export the ledger's entries of a date range (UTC days, both included) as CSV or JSON lines."

    def add_arguments(self, parser):
        parser.add_argument("--since", required=True, help="first day, YYYY-MM-DD")
        parser.add_argument("--until", help="last day, YYYY-MM-DD (default: today, UTC)")
        parser.add_argument("--format", choices=["csv", "json"], default="csv",
                            help="csv (with a header row) or json (one JSON object per line)")
        parser.add_argument("--account", type=int, help="only this account's entries")

    def handle(self, *args, **options):
        try:
            since, until = date_window(**{name: parse_day(options[name], name=name)
                                          for name in ("since", "until") if options[name]})
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc
        start = datetime.combine(since, time.min, tzinfo=UTC)
        entries = CreditTransaction.objects.filter(created_at__gte=start).select_related(
            "account", "usage_log__model").order_by("created_at", "id")
        if until < until.max:  # the day after 9999-12-31 does not exist: no upper bound then
            entries = entries.filter(created_at__lt=datetime.combine(until + timedelta(days=1), time.min, tzinfo=UTC))
        if options["account"] is not None:
            entries = entries.filter(account_id=options["account"])
        write = self._csv() if options["format"] == "csv" else self._json
        for tx in entries.iterator(chunk_size=CHUNK):
            write(_row(tx))

    def _csv(self):
        writer = csv.DictWriter(self.stdout, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        return writer.writerow

    def _json(self, row: dict) -> None:
        self.stdout.write(json.dumps(row))
