"""What the low-balance alert says, and to whom (services.alerts decides when it is sent)."""

from datetime import datetime

from django.conf import settings

from modelbank.accounts.models import Account, Membership
from modelbank.credits.models import CreditAccount
from modelbank.credits.services.email import Email, EmailNotSent

RECIPIENT_ROLES = (Membership.Role.OWNER, Membership.Role.ADMIN)


def alert_recipients(*, account_id: int) -> list[str]:
    """The addresses of the account's owners (first) and admins: the people who can add credits or
    change the account's spending. Active users with an address, each address once."""
    rows = (Membership.objects.filter(account_id=account_id, role__in=RECIPIENT_ROLES, user__is_active=True)
            .exclude(user__email="").values_list("role", "id", "user__email"))
    seen: set[str] = set()
    recipients = []
    for _role, _id, email in sorted(rows, key=lambda row: (row[0] != Membership.Role.OWNER, row[1])):
        if email.lower() not in seen:
            seen.add(email.lower())
            recipients.append(email)
    return recipients


def alert_email(*, account_id: int, claimed_at: datetime) -> Email:
    """The email for the drop claimed at ``claimed_at``, with the balance as it is now."""
    name, threshold = Account.objects.filter(pk=account_id).values_list("name", "low_balance_threshold").get()
    if threshold is None:
        raise EmailNotSent("the alert was turned off meanwhile")
    balance = CreditAccount.objects.filter(account_id=account_id).values_list("balance", flat=True).first() or 0
    name = " ".join(name.split())  # no line break from the account's name into the subject
    return Email(
        sender=settings.MODELBANK_ALERT_FROM,
        to=alert_recipients(account_id=account_id),
        subject=f"Low credit balance: {name}",
        text=(f"The credit balance of {name} fell below its alert threshold of {threshold:,} credits: "
              f"{balance:,} credits are left.\n\n"
              "Add credits to keep its AI calls running. This alert is sent once; it is sent again only "
              "after the balance has been back at the threshold or above.\n"),
        # Resend's Idempotency-Key: should a request be repeated, the email still goes out once.
        idempotency_key=f"low-balance-alert/{account_id}/{claimed_at.isoformat()}",
    )
