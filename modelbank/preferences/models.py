from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from modelbank.common.tenancy import AccountScopedManager


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


class KeyedSetting(models.Model):
    """One JSON value under a key, validated against the key's schema (preferences.schemas);
    the subclasses say whose it is."""

    key = models.CharField(max_length=50)
    value = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AccountScopedManager()

    class Meta:
        abstract = True


class AccountSettings(KeyedSetting):
    """An account-wide preference (docs/requirements.md §5): one value per (account, key). AI overrides live in
    IntegrationSettings, not here."""

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="settings")

    class Meta:
        verbose_name = "Account Setting"
        verbose_name_plural = "Account Settings"
        ordering = ["account_id", "key"]
        constraints = [models.UniqueConstraint(fields=["account", "key"], name="account_settings_account_key_unique")]

    def __str__(self) -> str:
        return f"{self.account} · {self.key}"


class IntegrationSettings(models.Model):
    """An account's override of the platform's AI configuration for one integration type.

    ``text_generation`` and ``image_generation`` rows may name a model (a reference to the
    catalog, PROTECTed so it cannot vanish under the override) and hold parameters in
    ``config``; a provider id (e.g. ``openai``) holds provider-specific parameters. Never a
    secret: API keys exist only at platform level (IntegrationProvider).
    """

    TEXT = "text_generation"
    IMAGE = "image_generation"

    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="integration_settings")
    integration_type = models.CharField(max_length=50)
    model = models.ForeignKey(
        "catalog.AIModelConfig", on_delete=models.PROTECT, null=True, blank=True, related_name="account_overrides",
        help_text="The account's model for this integration; empty means the platform default.",
    )
    config = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AccountScopedManager()

    class Meta:
        verbose_name = "Integration Settings"
        verbose_name_plural = "Integration Settings"
        ordering = ["account_id", "integration_type"]
        constraints = [
            models.UniqueConstraint(fields=["account", "integration_type"], name="integration_settings_account_type_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.account} · {self.integration_type}"


class UserSettings(KeyedSetting):
    """A user's personal preference within one account (docs/requirements.md §5): one value per
    (user, account, key), validated against SETTINGS_SCHEMAS."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="settings")
    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, related_name="user_settings")

    class Meta:
        verbose_name = "User Setting"
        verbose_name_plural = "User Settings"
        ordering = ["account_id", "user_id", "key"]
        constraints = [
            models.UniqueConstraint(fields=["user", "account", "key"], name="user_settings_user_account_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.account} · {self.key}"


class SettingsAuditLog(models.Model):
    """Append-only record of every settings change: who, when, which record, old and new value.

    Values are stored after secrets were stripped, so no secret ever reaches this table.
    ``account`` is empty for platform (global) settings.
    """

    class Action(models.TextChoices):
        CREATE = "create", "Create"
        UPDATE = "update", "Update"
        DELETE = "delete", "Delete"

    class Via(models.TextChoices):
        API = "api", "API"
        ADMIN = "admin", "Admin"
        IMPORT = "import", "Legacy import"
        COMMAND = "command", "Management command"

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+")
    account = models.ForeignKey("accounts.Account", on_delete=models.CASCADE, null=True, blank=True,
                                related_name="settings_audit")
    record_type = models.CharField(max_length=40, help_text="The settings model, e.g. UserSettings")
    record_id = models.BigIntegerField(null=True, blank=True)
    record_key = models.CharField(max_length=100, blank=True, help_text="The key or integration type")
    action = models.CharField(max_length=10, choices=Action.choices)
    via = models.CharField(max_length=10, choices=Via.choices, default=Via.API)
    old_value = models.JSONField(null=True, blank=True)
    new_value = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    objects = AccountScopedManager()

    class Meta:
        verbose_name = "Settings Audit Log Entry"
        verbose_name_plural = "Settings Audit Log"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["account", "-created_at"], name="settings_audit_account_idx")]

    def __str__(self) -> str:
        return f"{self.action} {self.record_type} {self.record_key} at {self.created_at:%Y-%m-%d %H:%M}"


# Which model type each AI integration type picks; every other type is a provider's row.
MODEL_TYPE_OF_INTEGRATION = {IntegrationSettings.TEXT: "text", IntegrationSettings.IMAGE: "image"}
