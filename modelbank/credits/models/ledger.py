from django.conf import settings
from django.db import models
from django.db.models import F, Q

from modelbank.accounts.models import Account, ApiToken
from modelbank.common.money import usd_field
from modelbank.common.tenancy import AccountScopedManager
from modelbank.credits.models.append_only import AppendOnlyModel


class CreditAccount(models.Model):
    """An account's credit balance and the part of it reserved by open holds.

    Created lazily by the first credit (services.ledger). Changed only by the services'
    single conditional statements; the constraints are the database's backstop.
    """

    account = models.OneToOneField(Account, on_delete=models.PROTECT, primary_key=True, related_name="credits")
    balance = models.BigIntegerField(default=0)
    reserved = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AccountScopedManager()

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(balance__gte=0), name="credit_balance_non_negative"),
            models.CheckConstraint(condition=Q(reserved__gte=0), name="credit_reserved_non_negative"),
            models.CheckConstraint(condition=Q(reserved__lte=F("balance")), name="credit_reserved_within_balance"),
        ]

    def __str__(self) -> str:
        return f"{self.account}: {self.balance} credits ({self.reserved} reserved)"

    @property
    def available(self) -> int:
        return self.balance - self.reserved


class Payment(models.Model):
    """A minimal record of money received for credits (replaces the old free-text reference_id)."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending"
        SUCCEEDED = "succeeded", "Succeeded"
        REFUNDED = "refunded", "Refunded"

    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="payments")
    provider = models.CharField(max_length=50, default="stripe")
    external_id = models.CharField(max_length=200)
    amount_usd = usd_field()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUCCEEDED)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AccountScopedManager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["provider", "external_id"], name="payment_provider_external_id_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.provider} {self.external_id} (${self.amount_usd})"


class CreditTransaction(AppendOnlyModel):
    """One append-only ledger entry: a signed change of an account's balance.

    ``balance_after`` is the balance right after this entry; per account, entries in id
    order form an unbroken running balance (ledger_check verifies it). Corrections are new
    entries (adjustment, refund), never edits; the database refuses UPDATE and DELETE.
    """

    class Type(models.TextChoices):
        PURCHASE = "purchase", "Purchase"
        GRANT = "grant", "Grant"
        DEDUCTION = "deduction", "Deduction"
        REFUND = "refund", "Refund"
        ADJUSTMENT = "adjustment", "Adjustment"
        EXPIRY = "expiry", "Expiry"

    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="credit_transactions")
    transaction_type = models.CharField(max_length=20, choices=Type.choices)
    amount = models.BigIntegerField(help_text="Signed: credits added (+) or removed (-)")
    balance_after = models.BigIntegerField()
    operation_type = models.CharField(max_length=50, blank=True)
    idempotency_key = models.CharField(max_length=200)
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, null=True, blank=True, related_name="transactions")
    hold = models.OneToOneField("CreditHold", on_delete=models.PROTECT, null=True, blank=True,
                                related_name="transaction")
    # PROTECT: a user who acted on the ledger is deactivated, never deleted (history stays whole).
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    description = models.CharField(max_length=500, blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["account", "idempotency_key"], name="credit_tx_idempotency_key_unique"),
            models.CheckConstraint(condition=Q(balance_after__gte=0), name="credit_tx_balance_after_non_negative"),
        ]
        indexes = [models.Index(fields=["account", "transaction_type", "created_at"], name="credit_tx_acct_type_ts")]

    def __str__(self) -> str:
        return f"{self.transaction_type} {self.amount:+d} → {self.balance_after}"


class CreditHold(models.Model):
    """Credits reserved before a provider call (a pending transfer, as TigerBeetle calls it).

    Settle posts up to ``amount`` (``settled_amount``) and frees the rest; usage above the
    hold is charged on top, in the same ledger entry, as far as the available balance covers
    it (the usage log records any uncharged rest). Release frees it all; the sweeper expires
    open holds past ``expires_at``. Only ``status``, ``settled_amount``, ``close_reason`` and
    ``closed_at`` ever change, and only from open.
    """

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        SETTLED = "settled", "Settled"
        RELEASED = "released", "Released"
        EXPIRED = "expired", "Expired"

    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="credit_holds")
    amount = models.BigIntegerField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    settled_amount = models.BigIntegerField(null=True, blank=True)
    operation_type = models.CharField(max_length=50)
    idempotency_key = models.CharField(max_length=200)
    # PROTECT: a user who acted on the ledger is deactivated, never deleted (history stays whole).
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    # The API token the call came through (gateway calls): its budget counts open holds too.
    api_token = models.ForeignKey(ApiToken, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    description = models.CharField(max_length=500, blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    close_reason = models.CharField(max_length=200, blank=True)
    expires_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = AccountScopedManager()

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["account", "idempotency_key"], name="credit_hold_idempotency_key_unique"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="credit_hold_amount_positive"),
            models.CheckConstraint(
                condition=Q(settled_amount__isnull=True) | Q(settled_amount__gte=0, settled_amount__lte=F("amount")),
                name="credit_hold_settled_within_amount",
            ),
        ]
        indexes = [
            models.Index(fields=["expires_at"], condition=Q(status="open"), name="credit_hold_open_expiry"),
        ]

    def __str__(self) -> str:
        return f"hold {self.pk}: {self.amount} credits ({self.status})"
