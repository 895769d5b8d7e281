"""Any change that can end a token's access bumps the "auth" stamp, so every process drops its
cached tokens (accounts.selectors) within CATALOG_CACHE_CHECK_SECONDS: a token revoked or
deleted, a membership removed or changed, a user or an account deactivated or deleted."""

from django.contrib.auth import get_user_model
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from modelbank.accounts.models import Account, ApiToken, Membership
from modelbank.accounts.selectors import AUTH_STAMP
from modelbank.common.versioned_cache import bump_stamp


@receiver([post_save, post_delete], sender=ApiToken)
@receiver([post_save, post_delete], sender=Membership)
@receiver([post_save, post_delete], sender=Account)
@receiver([post_save, post_delete], sender=get_user_model())
def _on_access_change(sender, update_fields=None, **kwargs) -> None:
    if update_fields is not None and set(update_fields) <= {"last_login", "last_used_at"}:
        return  # a login or a use changes nobody's access
    bump_stamp(AUTH_STAMP)
