"""Concurrent chargers for the PostgreSQL tests: importable by spawned processes, so Django
is set up inside the worker, against the test database whose name the parent passes."""

import os
import random
import uuid


def drain(account_id: int, seed: int) -> int:
    """Charge the account at random (one-step deducts and reserve/settle pairs, settling
    less or more than held) until it has nothing available; returns credits charged."""
    from modelbank.accounts.models import Account
    from modelbank.catalog.models import AIModelConfig
    from modelbank.catalog.usage import Usage
    from modelbank.credits.services import InsufficientCredits, credit_deduct, credit_reserve, credit_settle

    rng, account = random.Random(seed), Account(pk=account_id)
    model = AIModelConfig.objects.get(model_name="gpt-5.1")
    charged = 0
    while True:
        n = rng.randint(1, 7)
        try:
            if rng.random() < 0.5:
                charged += credit_deduct(account=account, credits=n, operation_type="content_generation",
                                         idempotency_key=uuid.uuid4().hex).amount * -1
            else:
                hold = credit_reserve(account=account, credits=n, operation_type="content_generation",
                                      idempotency_key=uuid.uuid4().hex)
                used = rng.randint(0, n + 3)
                log = credit_settle(hold=hold, credits=used, model=model, usage=Usage(output_tokens=used * 1000),
                                    cost_usd=model.output_token_rate * used / 1000)
                charged += log.credits_used
        except InsufficientCredits as exc:
            if exc.extra["available"] == 0:
                return charged


def drain_in_thread(account_id: int, seed: int) -> int:
    from django.db import connection

    try:
        return drain(account_id, seed)
    finally:
        connection.close()


def drain_in_process(database_name: str, account_id: int, seed: int) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    import django
    from django.conf import settings

    settings.DATABASES["default"]["NAME"] = database_name  # the parent's test database
    django.setup()
    return drain_in_thread(account_id, seed)
