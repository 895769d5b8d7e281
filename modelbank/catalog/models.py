from django.db import models
from django.db.models import Q

from modelbank.common.money import usd_field
from modelbank.common.secrets import EncryptedSecretField


class IntegrationProvider(models.Model):
    """Every third-party integration (AI, email, payment, storage) and its credentials.

    The three secrets are encrypted at rest (common.vault); ``api_endpoint`` lets any
    OpenAI-compatible server stand in for a provider.
    """

    class ProviderType(models.TextChoices):
        AI = "ai", "AI Provider"
        EMAIL = "email", "Email Service"
        PAYMENT = "payment", "Payment Gateway"
        STORAGE = "storage", "Storage Service"
        OTHER = "other", "Other"

    provider_id = models.CharField(max_length=50, primary_key=True)
    display_name = models.CharField(max_length=100)
    provider_type = models.CharField(max_length=20, choices=ProviderType.choices, default=ProviderType.AI)
    api_key = EncryptedSecretField(blank=True, default="")
    api_secret = EncryptedSecretField(blank=True, default="")
    webhook_secret = EncryptedSecretField(blank=True, default="")
    api_endpoint = models.URLField(blank=True)
    is_active = models.BooleanField(default=True)
    config = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    SECRET_FIELDS = ("api_key", "api_secret", "webhook_secret")

    class Meta:
        verbose_name = "Integration Provider"
        verbose_name_plural = "Integration Providers"
        ordering = ["provider_id"]

    def __str__(self) -> str:
        return self.display_name


class AIModelConfig(models.Model):
    """The single source of truth for an AI model: identity, provider, prices, limits,
    capabilities and the credits a customer pays for it."""

    class ModelType(models.TextChoices):
        TEXT = "text", "Text Generation"
        IMAGE = "image", "Image Generation"
        EMBEDDING = "embedding", "Embedding"

    class QualityTier(models.TextChoices):
        BASIC = "basic", "Basic"
        QUALITY = "quality", "Quality"
        PREMIUM = "premium", "Premium"

    model_name = models.CharField(max_length=100, unique=True, help_text="The provider's id, e.g. runware:97@1")
    display_name = models.CharField(max_length=150)
    model_type = models.CharField(max_length=20, choices=ModelType.choices)
    provider = models.ForeignKey(IntegrationProvider, on_delete=models.PROTECT, related_name="models")
    input_token_rate = usd_field(null=True, blank=True, help_text="USD per 1M input tokens")
    output_token_rate = usd_field(null=True, blank=True, help_text="USD per 1M output tokens")
    cost_per_image = usd_field(null=True, blank=True, help_text="USD per image")
    max_input_tokens = models.PositiveIntegerField(null=True, blank=True)
    max_output_tokens = models.PositiveIntegerField(null=True, blank=True)
    available_sizes = models.JSONField(default=list, blank=True, help_text='List of "WxH" sizes')
    supports_json_mode = models.BooleanField(default=False)
    supports_vision = models.BooleanField(default=False)
    supports_tools = models.BooleanField(default=False)
    is_active = models.BooleanField(default=True)
    is_default = models.BooleanField(default=False)
    sort_order = models.IntegerField(default=0)
    notes = models.TextField(blank=True)
    release_date = models.DateField(null=True, blank=True)
    deprecation_date = models.DateField(null=True, blank=True)
    tokens_per_credit = models.PositiveIntegerField(null=True, blank=True, help_text="Text: tokens that make 1 credit")
    credits_per_image = models.PositiveIntegerField(null=True, blank=True, help_text="Image: credits per image")
    quality_tier = models.CharField(max_length=20, choices=QualityTier.choices, null=True, blank=True)
    request_parameters = models.JSONField(
        default=dict, blank=True,
        help_text='What the model takes (see catalog.parameters), e.g. {"max_tokens_param": "max_completion_tokens", '
                  '"temperature": false} or {"style": {"values": ["vivid", "natural"], "map": {"photorealistic": '
                  '"natural"}}, "quality": {"values": ["standard", "hd"]}, "max_images_per_request": 1}. '
                  "Absent parameters are not sent.",
    )
    fallback_models = models.JSONField(
        default=list, blank=True,
        help_text='Ordered model names of the same type to try when this model\'s provider is unavailable, '
                  'rate-limited or times out, e.g. ["claude-sonnet-4-5", "gemini-2.5-flash"].',
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "AI Model Config"
        verbose_name_plural = "AI Model Configs"
        ordering = ["model_type", "sort_order", "model_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["model_type"],
                condition=Q(is_default=True, is_active=True),
                name="aimodel_one_active_default_per_type",
                violation_error_message="Another active model of this type is already the default.",
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0}),
                    name=f"aimodel_{field}_not_negative",
                )
                for field in ("input_token_rate", "output_token_rate", "cost_per_image")
            ],
            models.CheckConstraint(
                condition=Q(tokens_per_credit__isnull=True) | Q(tokens_per_credit__gt=0),
                name="aimodel_tokens_per_credit_positive",
            ),
            models.CheckConstraint(
                condition=Q(credits_per_image__isnull=True) | Q(credits_per_image__gt=0),
                name="aimodel_credits_per_image_positive",
            ),
            models.CheckConstraint(
                condition=~Q(model_type="text") | Q(tokens_per_credit__isnull=False),
                name="aimodel_text_has_tokens_per_credit",
                violation_error_message="A text model needs tokens_per_credit.",
            ),
            models.CheckConstraint(
                condition=~Q(model_type="image") | Q(credits_per_image__isnull=False),
                name="aimodel_image_has_credits_per_image",
                violation_error_message="An image model needs credits_per_image.",
            ),
        ]

    def __str__(self) -> str:
        return self.choice_label

    @property
    def choice_label(self) -> str:
        """How admins see a model in a dropdown, with its price."""
        base = f"{self.display_name} ({self.model_name})"
        if self.model_type == self.ModelType.IMAGE:
            return f"{base} - ${_price(self.cost_per_image)}/image" if self.cost_per_image is not None else base
        if self.input_token_rate is None or self.output_token_rate is None:
            return base
        return f"{base} - ${_price(self.input_token_rate)}/${_price(self.output_token_rate)} per 1M tokens"


def _price(value) -> str:
    """$0.15 not $0.15000000; $0.012 keeps its third decimal."""
    text = f"{value.normalize():f}"
    whole, _, frac = text.partition(".")
    return f"{whole}.{frac.ljust(2, '0')}"


class PriceChange(models.Model):
    """An audit row for a change of a model's prices made by a tool (e.g. `import_prices --apply`):
    what changed, from what to what, from which source, by whom."""

    model = models.ForeignKey(AIModelConfig, on_delete=models.PROTECT, related_name="price_changes")
    changes = models.JSONField(help_text='{"input_token_rate": ["0.15", "0.20"], ...}: old and new, as strings')
    source = models.CharField(max_length=300, blank=True, help_text="The file or tool the prices came from")
    actor = models.CharField(max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.model_id}: {', '.join(self.changes)} ({self.created_at:%Y-%m-%d})"
