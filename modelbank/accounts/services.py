import secrets
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from modelbank.accounts.models import Account, ApiToken, Membership, hash_token
from modelbank.accounts.platform_admins import platform_admin_grant
from modelbank.common.errors import ApplicationError

TOKEN_PREFIX = "mb_"
THRESHOLD_MAX = 2**63 - 1  # the column is a BIGINT


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    raw: str  # shown once, never stored


def api_token_issue(*, user, account: Account, name: str = "default") -> IssuedToken:
    if not Membership.objects.filter(user=user, account=account).exists():
        raise ApplicationError("A token can only be issued for an account the user belongs to.")
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(user=user, account=account, name=name, key_hash=hash_token(raw), last4=raw[-4:])
    return IssuedToken(token=token, raw=raw)


@transaction.atomic
def account_create(*, name: str, owner_email: str, staff: bool = False) -> tuple[Account, object, IssuedToken]:
    """Create an account with its owner (a new or existing user) and a first API token."""
    name = name.strip()
    if not name:
        raise ApplicationError("The account needs a name.")
    User = get_user_model()
    user = User.objects.filter(email__iexact=owner_email).first()
    if user is None:
        user = User.objects.create_user(username=owner_email, email=owner_email)
    if staff:
        platform_admin_grant(user=user)
    account = Account.objects.create(name=name)
    Membership.objects.create(user=user, account=account, role=Membership.Role.OWNER)
    return account, user, api_token_issue(user=user, account=account)


def account_low_balance_threshold_set(*, account: Account, threshold: int | None) -> Account:
    """Set the credits below which the account's owners and admins get one email (None: no alert).
    A new threshold starts afresh: if the balance is already below it, the next charge alerts."""
    if threshold is not None and (isinstance(threshold, bool) or not isinstance(threshold, int)
                                  or not 1 <= threshold <= THRESHOLD_MAX):
        raise ApplicationError("low_balance_threshold must be a whole number of credits from 1 to "
                               f"{THRESHOLD_MAX:,}, or empty for no alert.", extra={"field": "low_balance_threshold"})
    account.low_balance_threshold, account.low_balance_notified_at = threshold, None
    account.save(update_fields=["low_balance_threshold", "low_balance_notified_at"])
    return account
