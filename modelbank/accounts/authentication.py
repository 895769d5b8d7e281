"""DRF authentication that also fixes the caller's account (the tenant) on the request.

Token callers act in the account their token is bound to. Session callers act in the
account named by the ``X-Account-Id`` header, or in their first membership. Either way
``request.account`` and ``request.membership`` are set for every authenticated request.
"""

import re

from rest_framework import authentication, exceptions

from modelbank.accounts.selectors import api_token_authenticate, membership_for

# ASCII digits only, and within the id column (BIGINT): str.isdigit() also accepts "²", which int()
# then refused (a 500), and "١٢" (Arabic-Indic digits), which int() read as 12.
_ACCOUNT_ID = re.compile(r"[0-9]{1,18}")


class InvalidAccountHeader(exceptions.APIException):
    status_code = 400
    default_code = "invalid_header"
    default_detail = "X-Account-Id must be an account id: a whole number in ASCII digits."


class NotAMember(exceptions.PermissionDenied):
    # Its own code, so the web UI can tell a stale account choice (forget it) from a refusal.
    default_code = "not_a_member"
    default_detail = "You are not a member of that account."


def _account_id(raw: str | None) -> int | None:
    if not raw:
        return None
    if not _ACCOUNT_ID.fullmatch(raw.strip()):
        raise InvalidAccountHeader()
    return int(raw.strip())


def _attach(request, membership) -> None:
    request._request.membership = membership
    request._request.account = membership.account if membership else None


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Authorization header must be 'Bearer <token>'.")
        found = api_token_authenticate(raw=header[1].decode(errors="replace"))
        if found is None:
            raise exceptions.AuthenticationFailed("Invalid or revoked API token.")
        token, membership = found
        _attach(request, membership)
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword


class AccountSessionAuthentication(authentication.SessionAuthentication):
    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        user = result[0]
        account_id = _account_id(request.headers.get("X-Account-Id"))
        membership = membership_for(user=user, account_id=account_id)
        if account_id is not None and membership is None:
            raise NotAMember()
        _attach(request, membership)
        return result
