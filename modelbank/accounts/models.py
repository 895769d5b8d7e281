import hashlib

from django.conf import settings
from django.db import models


class Account(models.Model):
    """A tenant: a customer organisation that owns settings, credits, usage and jobs."""

    name = models.CharField(max_length=200)
    is_active = models.BooleanField(default=True)
    # One email (through the `resend` provider) when the balance falls below this; sent again
    # only after the balance has recovered to it (`low_balance_notified_at` cleared).
    low_balance_threshold = models.PositiveBigIntegerField(null=True, blank=True,
                                                           help_text="Credits; empty means no alert")
    low_balance_notified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A Django user's place in an account, with a role that decides what they may change."""

    class Role(models.TextChoices):
        OWNER = "owner", "Owner"
        ADMIN = "admin", "Admin"
        MEMBER = "member", "Member"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "account"], name="membership_user_account_unique")]
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.user} in {self.account} ({self.role})"

    @property
    def can_manage_account(self) -> bool:
        return self.role in {self.Role.OWNER, self.Role.ADMIN}


def hash_token(raw: str) -> str:
    # API tokens are long random strings, so a fast hash is enough: no dictionary to attack.
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A personal API token, bound to one account. Only its hash and last four characters
    are stored; the token itself is shown once, when it is created."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, default="default")
    key_hash = models.CharField(max_length=64, unique=True)
    last4 = models.CharField(max_length=4)
    allowed_models = models.JSONField(default=list, blank=True,
                                      help_text="Model names this token may use; empty means every active model")
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name} (…{self.last4})"
