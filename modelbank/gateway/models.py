from django.db import models

from modelbank.accounts.models import Account


class GatewayResponse(models.Model):
    """The first answer to a gateway call made with an ``Idempotency-Key``: a retry with the
    same key (and the same body) gets this answer back instead of a second call and charge."""

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="+")
    idempotency_key = models.CharField(max_length=200)
    request_hash = models.CharField(max_length=64, help_text="SHA-256 of the request's path and body")
    status_code = models.PositiveSmallIntegerField()
    body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["account", "idempotency_key"],
                                               name="gateway_response_idempotency_key_unique")]

    def __str__(self) -> str:
        return f"{self.idempotency_key} ({self.status_code})"
