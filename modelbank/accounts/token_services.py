"""Managing API tokens: create (the raw token is returned once), label, limit to models, revoke.

Every save bumps the "auth" stamp (accounts.signals), so each process drops its cached tokens:
a revoked token, or a narrower model list, applies within a second everywhere. Who did what is
logged (never the token): the ApiToken row keeps when it was created, last used and revoked.
"""

import logging

from django.db import transaction
from django.utils import timezone

from modelbank.accounts.models import Account, ApiToken
from modelbank.accounts.services import IssuedToken, api_token_issue
from modelbank.common.errors import ApplicationError, ConflictError

logger = logging.getLogger(__name__)
NAME_MAX = 100  # ApiToken.name
MODEL_NAME_MAX = 100  # AIModelConfig.model_name
MAX_ALLOWED_MODELS = 100


class TokenInvalid(ApplicationError):
    code = "invalid"


class TokenRevoked(ConflictError):
    code = "token_revoked"


def token_name_clean(name) -> str:
    if not isinstance(name, str) or not name.strip():
        raise TokenInvalid("name: give the token a label, e.g. 'CI' or 'laptop'.", extra={"field": "name"})
    name = name.strip()
    if len(name) > NAME_MAX:
        raise TokenInvalid(f"name: at most {NAME_MAX} characters.", extra={"field": "name"})
    return name


def allowed_models_clean(value) -> list[str]:
    """Model names, each once (empty: every active model). The gateway compares names exactly."""
    if not isinstance(value, list) or not all(isinstance(name, str) and name.strip() for name in value):
        raise TokenInvalid('allowed_models: a list of model names, e.g. ["gpt-5.1"]; empty allows every model.',
                           extra={"field": "allowed_models"})
    names = [name.strip() for name in value]
    if len(names) > MAX_ALLOWED_MODELS or any(len(name) > MODEL_NAME_MAX for name in names):
        raise TokenInvalid(f"allowed_models: at most {MAX_ALLOWED_MODELS} names of at most {MODEL_NAME_MAX} "
                           "characters.", extra={"field": "allowed_models"})
    if len(set(names)) != len(names):
        raise TokenInvalid("allowed_models: name each model once.", extra={"field": "allowed_models"})
    return names


@transaction.atomic
def api_token_create(*, user, account: Account, name: str, allowed_models: list[str], actor) -> IssuedToken:
    """A new token for ``user`` in ``account`` (they must be a member of it)."""
    name, allowed = token_name_clean(name), allowed_models_clean(allowed_models)
    issued = api_token_issue(user=user, account=account, name=name)
    if allowed:
        issued.token.allowed_models = allowed
        issued.token.save(update_fields=["allowed_models"])
    logger.info("API token %s created for user %s in account %s by user %s", issued.token.pk, user.pk, account.pk,
                actor.pk)
    return issued


@transaction.atomic
def api_token_update(*, token: ApiToken, changes: dict, actor) -> ApiToken:
    """Change a live token's label and/or model list."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise TokenRevoked("This token is revoked: create a new one instead.")
    cleaned: dict[str, object] = {}
    if "name" in changes:
        cleaned["name"] = token_name_clean(changes["name"])
    if "allowed_models" in changes:
        cleaned["allowed_models"] = allowed_models_clean(changes["allowed_models"])
    if not cleaned:
        raise TokenInvalid("Nothing to change: send name and/or allowed_models.")
    for field, value in cleaned.items():
        setattr(token, field, value)
    token.save(update_fields=list(cleaned))
    logger.info("API token %s changed (%s) by user %s", token.pk, ", ".join(cleaned), actor.pk)
    return token


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor) -> ApiToken:
    """Revoke for good (revoking twice changes nothing)."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        logger.info("API token %s revoked by user %s", token.pk, actor.pk)
    return token
