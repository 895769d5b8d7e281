from django.utils import timezone

from modelbank.accounts.models import Account, ApiToken, Membership, hash_token


def api_token_authenticate(*, raw: str) -> ApiToken | None:
    token = (
        ApiToken.objects.select_related("user", "account")
        .filter(key_hash=hash_token(raw), revoked_at__isnull=True, account__is_active=True, user__is_active=True)
        .first()
    )
    if token is not None:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token


def membership_for(*, user, account_id: int | None = None) -> Membership | None:
    """The user's membership in the requested account, or their first one."""
    if user is None or not user.is_authenticated:
        return None
    memberships = Membership.objects.select_related("account").filter(user=user, account__is_active=True)
    if account_id is not None:
        return memberships.filter(account_id=account_id).first()
    return memberships.order_by("id").first()


def account_membership(*, user, account: Account) -> Membership | None:
    return Membership.objects.filter(user=user, account=account).first()
