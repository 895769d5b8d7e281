from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q


class GlobalIntegrationSettings(models.Model):
    """Platform-wide defaults: exactly one row, enforced by the database.

    No API keys (they live in IntegrationProvider) and no model names (defaults come
    from AIModelConfig.is_default).
    """

    class ImageQuality(models.TextChoices):
        STANDARD = "standard", "Standard"
        HD = "hd", "HD"

    singleton = models.BooleanField(default=True, editable=False, unique=True)
    image_style = models.CharField(max_length=50, default="photorealistic")
    image_quality = models.CharField(max_length=20, choices=ImageQuality.choices, default=ImageQuality.HD)
    max_in_article_images = models.PositiveSmallIntegerField(
        default=4, validators=[MinValueValidator(0), MaxValueValidator(20)]
    )
    desktop_image_size = models.CharField(max_length=20, default="1024x1024")
    default_temperature = models.DecimalField(
        max_digits=3, decimal_places=2, default=Decimal("0.70"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("2"))],
    )
    default_max_tokens = models.PositiveIntegerField(default=8192, validators=[MinValueValidator(1)])
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "Global Integration Settings"
        verbose_name_plural = "Global Integration Settings"
        constraints = [
            models.CheckConstraint(condition=Q(singleton=True), name="global_settings_singleton"),
        ]

    def __str__(self) -> str:
        return "Global Integration Settings"
