"""``Idempotency-Key`` for gateway calls: a retried call returns the first answer, never a
second provider call or charge.

The key is claimed by inserting its row before the call (the unique constraint decides
between two concurrent retries: the second gets 409 while the first is running). A success
stores the answer on the row; a failure deletes the claim, so a retry after an error really
retries. A claim left by a process that died is taken over once it is older than a hold can
live (by then its hold has expired and nothing was charged twice). Answers are kept for
MODELBANK_IDEMPOTENCY_TTL_SECONDS (a day, as Stripe keeps its keys): after that a key is new
again, and the beat task `expire_idempotency_keys` deletes the old rows.
"""

import hashlib
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from modelbank.gateway.errors import GatewayError
from modelbank.gateway.models import GatewayResponse

IN_PROGRESS = 0  # status_code of a claim whose call has not finished
MAX_KEY_LENGTH = 200


@dataclass
class Claim:
    row: GatewayResponse | None  # None: no key given, nothing to remember

    def store(self, status: int, body: dict) -> None:
        if self.row is not None:
            GatewayResponse.objects.filter(pk=self.row.pk).update(status_code=status, body=body)

    def abandon(self) -> None:
        if self.row is not None:
            GatewayResponse.objects.filter(pk=self.row.pk, status_code=IN_PROGRESS).delete()


def request_hash(path: str, body: bytes) -> str:
    return hashlib.sha256(path.encode() + b"\0" + body).hexdigest()


def claim(*, account_id: int, key: str | None, fingerprint: str) -> Claim | GatewayResponse:
    """A new claim to run the call, or the stored answer of the first call with this key."""
    if not key:
        return Claim(None)
    if len(key) > MAX_KEY_LENGTH or not key.isprintable():
        raise GatewayError(f"Idempotency-Key must be printable and at most {MAX_KEY_LENGTH} characters.",
                           code="invalid_idempotency_key")
    for _ in range(2):
        try:
            with transaction.atomic():
                row = GatewayResponse.objects.create(account_id=account_id, idempotency_key=key,
                                                     request_hash=fingerprint, status_code=IN_PROGRESS, body={})
            return Claim(row)
        except IntegrityError:
            existing = GatewayResponse.objects.filter(account_id=account_id, idempotency_key=key).first()
            if existing is None:
                continue  # the first call failed and gave its claim up meanwhile: claim again
            if existing.request_hash != fingerprint:
                raise GatewayError("This Idempotency-Key was already used with a different request; use a new key "
                                   "for a new request.", status=422, code="idempotency_key_reused") from None
            if existing.status_code != IN_PROGRESS and not _older_than(existing, settings.MODELBANK_IDEMPOTENCY_TTL_SECONDS):
                return existing
            if existing.status_code != IN_PROGRESS or _older_than(existing, settings.CREDITS_HOLD_EXPIRY_SECONDS):
                GatewayResponse.objects.filter(pk=existing.pk, created_at=existing.created_at).delete()
                continue
            raise GatewayError("A request with this Idempotency-Key is still being processed; retry it shortly.",
                               status=409, code="idempotency_key_in_use") from None
    raise GatewayError("A request with this Idempotency-Key is still being processed; retry it shortly.",
                       status=409, code="idempotency_key_in_use")


def _older_than(row: GatewayResponse, seconds: float) -> bool:
    return timezone.now() - row.created_at > timedelta(seconds=seconds)


def expire_keys() -> int:
    """Delete the answers kept past their time to live; returns how many."""
    cutoff = timezone.now() - timedelta(seconds=settings.MODELBANK_IDEMPOTENCY_TTL_SECONDS)
    deleted, _ = GatewayResponse.objects.filter(created_at__lt=cutoff).exclude(status_code=IN_PROGRESS).delete()
    return deleted
