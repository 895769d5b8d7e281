"""Gateway callers authenticate with a modelbank API token (``Authorization: Bearer <token>``),
as OpenAI clients send their key; the token decides the account, the user and what it may use."""

from dataclasses import dataclass
from typing import Any

from modelbank.accounts.models import Account, ApiToken
from modelbank.accounts.selectors import api_token_authenticate
from modelbank.gateway.errors import GatewayError


@dataclass(frozen=True)
class GatewayCaller:
    token: ApiToken
    account: Account
    user: Any  # the token's user (settings.AUTH_USER_MODEL)

    def may_use(self, model_name: str) -> bool:
        allowed = self.token.allowed_models or []
        return not allowed or model_name in allowed


def authenticate(request) -> GatewayCaller:
    header = request.headers.get("Authorization", "")
    scheme, _, raw = header.partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        raise GatewayError("You didn't provide an API key: send 'Authorization: Bearer <modelbank API token>'.",
                           status=401, code="missing_api_key")
    found = api_token_authenticate(raw=raw.strip())
    if found is None:
        raise GatewayError("Invalid or revoked API token.", status=401, code="invalid_api_key")
    token, membership = found
    return GatewayCaller(token=token, account=membership.account, user=token.user)
