import json
from copy import copy
from datetime import UTC, timedelta
from functools import lru_cache

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from modelbank.accounts.models import Account, ApiToken, Membership, hash_token
from modelbank.common.versioned_cache import VersionedCache

AUTH_STAMP = "auth"
MAX_CACHED_TOKENS = 10_000
# Live tokens by hash, per process, dropped whenever the "auth" stamp moves (accounts.signals):
# a revoked or deleted token stops working within CATALOG_CACHE_CHECK_SECONDS everywhere.
_tokens: VersionedCache[dict] = VersionedCache(AUTH_STAMP, dict)


def api_token_authenticate(*, raw: str) -> tuple[ApiToken, Membership] | None:
    """The live token and the membership it acts through: from this process's cache, else one
    plain SQL join (compiling the equivalent ORM query cost more than running it). No token, a
    revoked one, or one whose user left the account gives None (not cached: a bad token costs
    a query, so a flood of them cannot fill the cache)."""
    key = hash_token(raw)
    cached = _tokens.get()
    found = cached.get(key)
    if found is None:
        found = _token_lookup(key)
        if found is None:
            return None
        if len(cached) >= MAX_CACHED_TOKENS:
            cached.clear()
        cached[key] = found
    _touch(found[0])
    # Copies: a request may set attributes on its user or token without touching the next one's.
    token, membership = copy(found[0]), copy(found[1])
    token.user = membership.user = copy(found[0].user)
    return token, membership


def _token_lookup(key_hash: str) -> tuple[ApiToken, Membership] | None:
    User = get_user_model()
    rows = list(User.objects.raw(_token_sql(), [key_hash, True, True]))
    if not rows:
        return None
    user = rows[0]
    account = Account(id=user.mb_account_id, name=user.mb_account_name, is_active=True)
    token = ApiToken(id=user.mb_token_id, user=user, account=account, last_used_at=_aware(user.mb_token_last_used),
                     last4=user.mb_token_last4, name=user.mb_token_name,
                     allowed_models=_json_list(user.mb_token_allowed_models))
    return token, Membership(id=user.mb_member_id, user=user, account=account, role=user.mb_member_role)


@lru_cache(maxsize=1)
def _token_sql() -> str:
    user_table = get_user_model()._meta.db_table
    token, account, member = ApiToken._meta.db_table, Account._meta.db_table, Membership._meta.db_table
    # Table names come from model metadata; every value is a query parameter.
    return (
        f"SELECT u.*, t.id AS mb_token_id, t.last_used_at AS mb_token_last_used, t.last4 AS mb_token_last4, "  # noqa: S608
        f"t.name AS mb_token_name, t.allowed_models AS mb_token_allowed_models, "
        f"a.id AS mb_account_id, a.name AS mb_account_name, m.id AS mb_member_id, m.role AS mb_member_role "
        f"FROM {token} t JOIN {user_table} u ON u.id = t.user_id JOIN {account} a ON a.id = t.account_id "
        f"JOIN {member} m ON m.user_id = t.user_id AND m.account_id = t.account_id "
        f"WHERE t.key_hash = %s AND t.revoked_at IS NULL AND u.is_active = %s AND a.is_active = %s"
    )


def _json_list(value) -> list:
    """A JSON column read by a raw query: decoded by psycopg, text from SQLite."""
    if isinstance(value, str | bytes):
        value = json.loads(value)
    return list(value or [])


def _aware(value):
    """Extra columns of a raw query skip the ORM's converters (SQLite gives text)."""
    if isinstance(value, str):
        value = parse_datetime(value)
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value, UTC)
    return value


LAST_USED_RESOLUTION = timedelta(minutes=5)


def _touch(token: ApiToken) -> None:
    """Record use at most every few minutes: a write per request would serialise every API
    call on the token row (and on SQLite, on the whole database)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now  # the cached token: the next write is due in five minutes


def memberships_of(*, user) -> list[Membership]:
    """The user's memberships in active accounts, in the order they joined (the first is the default)."""
    return list(Membership.objects.select_related("account").filter(user=user, account__is_active=True).order_by("id"))


def membership_for(*, user, account_id: int | None = None) -> Membership | None:
    """The user's membership in the requested account, or their first one."""
    if user is None or not user.is_authenticated:
        return None
    memberships = Membership.objects.select_related("account").filter(user=user, account__is_active=True)
    if account_id is not None:
        return memberships.filter(account_id=account_id).first()
    return memberships.order_by("id").first()
