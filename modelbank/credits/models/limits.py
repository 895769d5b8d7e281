from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from modelbank.accounts.models import Account, ApiToken, Membership


class UsageLimit(models.Model):
    """Budgets and rate limits for an account, one of its users, or one of its API tokens.

    The scope is the most specific of ``user`` and ``api_token`` set (neither: the whole
    account). Every limit that applies to a call is enforced: the account's, the user's and
    the token's. Empty fields mean no limit. Budgets are whole credits per UTC day and UTC
    month, counting settled charges and open holds; rate limits count requests and tokens
    per minute.
    """

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="usage_limits")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
                             related_name="usage_limits")
    api_token = models.OneToOneField(ApiToken, on_delete=models.CASCADE, null=True, blank=True,
                                     related_name="usage_limit")
    credits_per_day = models.PositiveBigIntegerField(null=True, blank=True)
    credits_per_month = models.PositiveBigIntegerField(null=True, blank=True)
    requests_per_minute = models.PositiveIntegerField(null=True, blank=True)
    tokens_per_minute = models.PositiveIntegerField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["account_id", "id"]
        constraints = [
            models.UniqueConstraint(fields=["account"], condition=Q(user__isnull=True, api_token__isnull=True),
                                    name="usage_limit_one_per_account"),
            models.UniqueConstraint(fields=["account", "user"], condition=Q(user__isnull=False, api_token__isnull=True),
                                    name="usage_limit_one_per_user"),
            models.CheckConstraint(condition=Q(user__isnull=True) | Q(api_token__isnull=True),
                                   name="usage_limit_one_scope"),
        ]

    def __str__(self) -> str:
        return f"{self.scope} limits for account {self.account_id}"

    def clean(self) -> None:
        """The admin's checks (the staff API's service makes the same): one scope, inside the account."""
        if self.user_id and self.api_token_id:
            raise ValidationError("Set limits for a user or for an API token, not both.")
        if self.user_id and not Membership.objects.filter(account_id=self.account_id, user_id=self.user_id).exists():
            raise ValidationError({"user": "This user is not a member of the account."})
        if self.api_token_id and not ApiToken.objects.filter(account_id=self.account_id, pk=self.api_token_id).exists():
            raise ValidationError({"api_token": "This API token belongs to another account."})

    @property
    def scope(self) -> str:
        if self.api_token_id:
            return "token"
        return "user" if self.user_id else "account"
