"""The low-balance alert as its members and staff read it (its sending: services.alerts)."""

from modelbank.accounts.models import Account

ALERT_FIELDS = ("low_balance_threshold", "low_balance_notified_at")


def low_balance_alert(*, account: Account) -> dict:
    """The account's threshold (None: off) and when the alert for the current drop was sent (None:
    not sent since the balance last recovered), read fresh: the caller's Account may be a cached copy."""
    row = Account.objects.filter(pk=account.pk).values(*ALERT_FIELDS).first()
    return {"account": account.pk, **(row or dict.fromkeys(ALERT_FIELDS))}
