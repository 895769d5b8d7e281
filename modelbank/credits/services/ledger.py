"""One-step ledger postings: deduct, grant, purchase, refund, adjust.

Each is one conditional statement plus the ledger row that records it (services.sql).
The idempotency key is claimed by the ledger row's unique constraint: a retry with the same
key and parameters returns the first entry and moves nothing; different parameters are a
409 (Stripe's semantics).
"""

from django.conf import settings
from django.db import IntegrityError, connection
from django.utils import timezone

from modelbank.accounts.models import Account
from modelbank.common.errors import ApplicationError
from modelbank.common.money import whole_credits
from modelbank.credits.models import CreditTransaction, Payment
from modelbank.credits.services import alerts, sql
from modelbank.credits.services.errors import BalanceLimit, IdempotencyConflict, InsufficientCredits

Type = CreditTransaction.Type
SETTLE_KEY_PREFIX = "hold:"
# What must match for a retry to be "the same operation".
SAME_OPERATION = ("transaction_type", "amount", "operation_type", "payment_id", "hold_id")


def max_per_operation() -> int:
    """The most credits one operation may move (CREDITS_MAX_PER_OPERATION), far inside BIGINT."""
    return settings.CREDITS_MAX_PER_OPERATION


def within_limit(credits: int) -> int:
    """``credits`` if its size is at most the per-operation maximum, else a clear 400."""
    limit = max_per_operation()
    if abs(credits) > limit:
        raise ApplicationError(f"At most {limit:,} credits can be moved in one operation.",
                               extra={"credits": credits, "max_credits": limit})
    return credits


def positive_credits(credits: int) -> int:
    return within_limit(whole_credits(credits, at_least=1))


def _key(idempotency_key: str) -> str:
    key = (idempotency_key or "").strip()
    if not key or len(key) > 200:
        raise ApplicationError("An idempotency key of 1 to 200 characters is required.")
    return key


def _caller_key(idempotency_key: str) -> str:
    """A caller's key; the "hold:" prefix names the entries settles write, so no caller can
    take the key a hold's settle will need."""
    key = _key(idempotency_key)
    if key.startswith(SETTLE_KEY_PREFIX):
        raise ApplicationError(f"Idempotency keys starting with '{SETTLE_KEY_PREFIX}' are reserved.",
                               extra={"idempotency_key": key})
    return key


def loaded(model, row_id: int, values: dict):
    """A model instance for a row just inserted with ``values``, without reading it back."""
    instance = model(id=row_id, **values)
    instance._state.adding = False
    instance._state.db = connection.alias
    return instance


def replay(model, values: dict, fields: tuple[str, ...]):
    """The row an earlier call with this key wrote, if its parameters match; else 409."""
    existing = model.objects.filter(account_id=values["account_id"], idempotency_key=values["idempotency_key"]).first()
    if existing is None:
        return None
    if any(getattr(existing, name) != values[name] for name in fields):
        raise IdempotencyConflict(values["idempotency_key"])
    return existing


def post(*, account: Account, transaction_type: str, amount: int, idempotency_key: str, operation_type: str = "",
         user=None, description: str = "", metadata: dict | None = None, payment: Payment | None = None
         ) -> CreditTransaction:
    """Append one entry moving ``amount`` (signed) and change the balance to match."""
    now = timezone.now()
    values = {
        "account_id": account.pk, "transaction_type": transaction_type, "amount": amount,
        "operation_type": operation_type, "idempotency_key": _caller_key(idempotency_key),
        "payment_id": payment.pk if payment else None, "hold_id": None, "user_id": user.pk if user else None,
        "description": description[:500], "metadata": metadata or {}, "created_at": now,
    }
    if amount >= 0:
        update, params = sql.CREDIT, [account.pk, amount, now]
    else:
        update, params = sql.DEBIT, [-amount, now, account.pk, -amount, account.pk, values["idempotency_key"]]
    try:
        with sql.atomic_statement():
            row = sql.update_then_insert(update, params, CreditTransaction, values, carry="balance_after")
    except IntegrityError:
        existing = replay(CreditTransaction, values, SAME_OPERATION)
        if existing is None:
            raise
        return existing
    if row is None:
        existing = replay(CreditTransaction, values, SAME_OPERATION)
        if existing is not None:
            return existing
        if amount >= 0:
            raise BalanceLimit(credits=amount)
        raise InsufficientCredits(needed=-amount, available=sql.available_credits(account.pk))
    alerts.balance_moved(account_id=account.pk, balance=row[1], amount=amount)
    return loaded(CreditTransaction, row[0], {**values, "balance_after": row[1]})


def credit_deduct(*, account: Account, credits: int, operation_type: str, idempotency_key: str, user=None,
                  description: str = "", metadata: dict | None = None) -> CreditTransaction:
    """Charge a known amount in one step; 402 (InsufficientCredits) if it is not available."""
    return post(account=account, transaction_type=Type.DEDUCTION, amount=-positive_credits(credits),
                operation_type=operation_type, idempotency_key=idempotency_key, user=user,
                description=description, metadata=metadata)


def credit_grant(*, account: Account, credits: int, idempotency_key: str, user=None, description: str = "",
                 metadata: dict | None = None) -> CreditTransaction:
    """Free credits given by the platform (a trial, a goodwill gesture)."""
    return post(account=account, transaction_type=Type.GRANT, amount=positive_credits(credits),
                idempotency_key=idempotency_key, user=user, description=description, metadata=metadata)


def credit_purchase(*, account: Account, credits: int, idempotency_key: str, payment: Payment | None = None,
                    user=None, description: str = "", metadata: dict | None = None) -> CreditTransaction:
    """Credits bought; ``payment`` is the money received for them."""
    if payment is not None and payment.account_id != account.pk:
        raise ApplicationError("The payment belongs to another account.")
    return post(account=account, transaction_type=Type.PURCHASE, amount=positive_credits(credits),
                idempotency_key=idempotency_key, user=user, description=description, metadata=metadata,
                payment=payment)


def credit_refund(*, account: Account, credits: int, idempotency_key: str, operation_type: str = "",
                  payment: Payment | None = None, user=None, description: str = "",
                  metadata: dict | None = None) -> CreditTransaction:
    """Credits given back for a charge that should not have been made."""
    return post(account=account, transaction_type=Type.REFUND, amount=positive_credits(credits),
                operation_type=operation_type, idempotency_key=idempotency_key, user=user,
                description=description, metadata=metadata, payment=payment)


def credit_adjust(*, account: Account, credits: int, idempotency_key: str, user=None, description: str = "",
                  metadata: dict | None = None) -> CreditTransaction:
    """A signed correction by staff: a new entry, never an edit. A removal cannot take
    credits that are not available (402)."""
    if whole_credits(credits, at_least=None) == 0:
        raise ApplicationError("An adjustment needs a whole, non-zero number of credits.", extra={"credits": credits})
    within_limit(credits)
    if not description.strip():
        raise ApplicationError("An adjustment needs a reason.")
    return post(account=account, transaction_type=Type.ADJUSTMENT, amount=credits, idempotency_key=idempotency_key,
                user=user, description=description, metadata=metadata)
