"""A reserve replayed with its idempotency key while the first hold is being closed (settled,
released or expired) must neither deadlock nor fail (PostgreSQL only: SQLite has one writer)."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from modelbank.catalog.models import AIModelConfig
from modelbank.catalog.usage import Usage
from modelbank.credits.models import CreditAccount, CreditHold
from modelbank.credits.services import (
    credit_deduct,
    credit_grant,
    credit_holds_expire,
    credit_release,
    credit_reserve,
    credit_settle,
)
from tests.factories import AccountFactory

RACES = 30  # per kind of close; bounded so the test stays short even if something regresses
REPLAYS = 3  # concurrent replays of the key in each race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _in_thread(fn):
    def run(*args):
        try:
            return fn(*args)
        except Exception as exc:  # every error is a failure of the test, counted by kind
            return exc
        finally:
            connection.close()

    return run


def _race(account, model, kind: str, index: int) -> list:
    """Reserve, then at once replay the reserve REPLAYS times and close the hold one way."""
    key = f"{kind}-{index}"
    expires_in = timedelta(seconds=-1) if kind == "expire" else None
    hold = credit_reserve(account=account, credits=4, operation_type="content_generation", idempotency_key=key,
                          expires_in=expires_in)
    start = threading.Barrier(REPLAYS + 1)

    def replay():
        start.wait()
        again = credit_reserve(account=account, credits=4, operation_type="content_generation", idempotency_key=key,
                               expires_in=expires_in)
        assert again.pk == hold.pk
        return again.pk

    def close():
        start.wait()
        if kind == "settle":
            return credit_settle(hold=hold, credits=3, model=model, usage=Usage(output_tokens=3000),
                                 cost_usd=model.output_token_rate * 3 / 1000)
        if kind == "release":
            return credit_release(hold=hold, reason="race")
        return credit_holds_expire()

    with ThreadPoolExecutor(REPLAYS + 1) as pool:
        futures = [pool.submit(_in_thread(replay)) for _ in range(REPLAYS)] + [pool.submit(_in_thread(close))]
        return [f.result() for f in futures]


def test_replayed_reserves_race_settle_release_and_expiry_without_deadlock():
    account = AccountFactory()
    credit_grant(account=account, credits=10_000, idempotency_key="start")
    model = AIModelConfig.objects.get(model_name="gpt-5.1")
    results = [r for kind in ("settle", "release", "expire") for i in range(RACES)
               for r in _race(account, model, kind, i)]
    errors = [repr(r) for r in results if isinstance(r, Exception)]
    assert errors == []
    holds = CreditHold.objects.filter(account=account)
    assert holds.count() == 3 * RACES
    assert {s for s in holds.values_list("status", flat=True)} == {"settled", "released", "expired"}
    credits = CreditAccount.objects.get(account=account)
    assert (credits.balance, credits.reserved) == (10_000 - 3 * RACES, 0)
    out = StringIO()
    call_command("ledger_check", stdout=out)
    assert "consistent" in out.getvalue()


def test_replayed_deducts_and_grants_race_without_errors():
    account = AccountFactory()
    credit_grant(account=account, credits=1_000, idempotency_key="start")

    def deduct(i):
        return credit_deduct(account=account, credits=1, operation_type="content_generation",
                             idempotency_key=f"d-{i // 4}").pk

    def grant(i):
        return credit_grant(account=account, credits=2, idempotency_key=f"g-{i // 4}").pk

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(_in_thread(deduct), range(80))) + list(pool.map(_in_thread(grant), range(80)))
    assert [r for r in results if isinstance(r, Exception)] == []
    assert len(set(results)) == 40  # each key posted once, every retry answered with its first entry
    assert CreditAccount.objects.get(account=account).balance == 1_000 - 20 + 40
