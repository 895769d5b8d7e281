from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q

from modelbank.accounts.models import Account, ApiToken
from modelbank.catalog.models import AIModelConfig
from modelbank.common.money import usd, usd_field
from modelbank.common.tenancy import AccountScopedManager
from modelbank.credits.models.append_only import AppendOnlyModel
from modelbank.credits.models.ledger import CreditHold, CreditTransaction


class CreditCostConfig(models.Model):
    """What a customer pays per operation (docs/requirements.md §3): the price of one credit and
    the least credits an operation costs. ``billing_unit`` says whether the operation is
    charged by tokens or by images, which the below-cost system check needs.

    The credits a text call costs come from the model's ``tokens_per_credit``;
    ``tokens_per_credit`` here is the seed's per-operation figure, kept for reference.
    """

    class BillingUnit(models.TextChoices):
        TOKENS = "tokens", "Tokens"
        IMAGES = "images", "Images"

    operation_type = models.CharField(max_length=50, unique=True)
    display_name = models.CharField(max_length=100)
    billing_unit = models.CharField(max_length=10, choices=BillingUnit.choices, default=BillingUnit.TOKENS)
    tokens_per_credit = models.PositiveIntegerField(default=1000)
    min_credits = models.PositiveIntegerField(default=1)
    price_per_credit_usd = usd_field()
    is_active = models.BooleanField(default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "Credit Cost Config"
        ordering = ["operation_type"]
        constraints = [
            models.CheckConstraint(condition=Q(price_per_credit_usd__gte=0), name="credit_cost_price_non_negative"),
            models.CheckConstraint(condition=Q(tokens_per_credit__gt=0), name="credit_cost_tokens_per_credit_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.display_name}: {self.min_credits}+ credits at ${self.price_per_credit_usd}"


class CreditUsageLog(AppendOnlyModel):
    """One charged AI call: what the customer paid in credits and what the provider cost.

    The price per credit and the model's rates are copied in at that moment, so a later
    price edit never rewrites history. Append-only, like the ledger.
    """

    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="credit_usage_logs")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    api_token = models.ForeignKey(ApiToken, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                                  help_text="The API token of a gateway call (usage by token)")
    operation_type = models.CharField(max_length=50)
    model = models.ForeignKey(AIModelConfig, on_delete=models.PROTECT, related_name="usage_logs")
    provider = models.CharField(max_length=50)
    input_tokens = models.PositiveIntegerField(default=0)
    output_tokens = models.PositiveIntegerField(default=0)
    cached_tokens = models.PositiveIntegerField(default=0)
    reasoning_tokens = models.PositiveIntegerField(default=0)
    image_count = models.PositiveIntegerField(default=0)
    credits_used = models.BigIntegerField()
    uncharged_credits = models.BigIntegerField(
        default=0, db_default=0, help_text="Credits the call used beyond its hold that the available balance could not cover")
    usage_estimated = models.BooleanField(
        default=False, db_default=False, help_text="The provider reported no usage: the tokens are estimated from the text lengths")
    cost_usd = usd_field(help_text="What the provider charged for this call")
    provider_cost_usd = usd_field(null=True, blank=True, help_text="The provider's own figure, when it gives one")
    price_per_credit_usd = usd_field()
    input_token_rate = usd_field(null=True, blank=True)
    output_token_rate = usd_field(null=True, blank=True)
    cost_per_image = usd_field(null=True, blank=True)
    tokens_per_credit = models.PositiveIntegerField(null=True, blank=True)
    credits_per_image = models.PositiveIntegerField(null=True, blank=True)
    transaction = models.OneToOneField(CreditTransaction, on_delete=models.PROTECT, related_name="usage_log")
    hold = models.OneToOneField(CreditHold, on_delete=models.PROTECT, null=True, blank=True, related_name="usage_log")
    request_id = models.CharField(max_length=100, blank=True)
    metadata = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(uncharged_credits__gte=0), name="credit_usage_uncharged_non_negative"),
        ]
        indexes = [
            models.Index(fields=["account", "created_at"], name="credit_usage_acct_ts"),
            models.Index(fields=["created_at"], name="credit_usage_ts"),
            models.Index(fields=["model", "created_at"], name="credit_usage_model_ts"),
            models.Index(fields=["operation_type", "created_at"], name="credit_usage_op_ts"),
            models.Index(fields=["account", "user", "created_at"], name="credit_usage_acct_user_ts"),
            models.Index(fields=["api_token", "created_at"], name="credit_usage_token_ts"),
        ]

    def __str__(self) -> str:
        return f"{self.operation_type} on {self.model_id}: {self.credits_used} credits"

    @property
    def revenue_usd(self):
        return self.credits_used * self.price_per_credit_usd


def to_nanousd(value: Decimal) -> int:
    """USD at the project precision as a whole number of nano-dollars (exact)."""
    return int(usd(value).scaleb(9))


def from_nanousd(value: int | Decimal | None) -> Decimal:
    return usd(Decimal(value or 0).scaleb(-9))


class CreditUsageDaily(models.Model):
    """Usage summed per day, account, model, operation and provider: the table reports read.

    Bumped by one ``INSERT ... ON CONFLICT DO UPDATE`` in the transaction that writes each
    CreditUsageLog (Zulip's analytics counts), so it never drifts from the logs. Money is
    kept as whole nano-dollars: SQLite stores decimals as floats, and sums added in SQL
    would drift (0.03 + 0.03 = 0.060000000000000005); integers add exactly everywhere.
    """

    day = models.DateField()
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    model = models.ForeignKey(AIModelConfig, on_delete=models.PROTECT, related_name="+")
    operation_type = models.CharField(max_length=50)
    provider = models.CharField(max_length=50)
    usage_count = models.BigIntegerField(default=0)
    credits_used = models.BigIntegerField(default=0)
    uncharged_credits = models.BigIntegerField(default=0, db_default=0)
    revenue_nanousd = models.BigIntegerField(default=0, db_default=0, help_text="Σ credits × price per credit, in 10⁻⁹ USD")
    cost_nanousd = models.BigIntegerField(default=0, db_default=0, help_text="Σ provider cost, in 10⁻⁹ USD")
    input_tokens = models.BigIntegerField(default=0)
    output_tokens = models.BigIntegerField(default=0)
    image_count = models.BigIntegerField(default=0)

    objects = AccountScopedManager()

    class Meta:
        verbose_name = "Credit usage (daily)"
        verbose_name_plural = "Credit usage (daily)"
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["day", "account", "model", "operation_type", "provider"],
                                    name="credit_usage_daily_key"),
        ]
        indexes = [models.Index(fields=["account", "day"], name="credit_daily_acct_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.model_id} {self.operation_type}: {self.credits_used} credits"

    @property
    def revenue_usd(self) -> Decimal:
        return from_nanousd(self.revenue_nanousd)

    @property
    def cost_usd(self) -> Decimal:
        return from_nanousd(self.cost_nanousd)
