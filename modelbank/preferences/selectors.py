"""Reads of settings: the cached platform row, stored records, and effective image settings."""

from modelbank.catalog.registry import ModelRegistry
from modelbank.common.errors import NotFoundError
from modelbank.preferences.models import MODEL_TYPE_OF_INTEGRATION, AccountSettings, IntegrationSettings, UserSettings
from modelbank.preferences.resolution import get_model_config, image_params, tiers_for
from modelbank.preferences.schemas import SETTINGS_SCHEMAS, default_for_key, schema_for_key


def image_settings_for(*, account=None, user=None) -> dict:
    """The image settings a caller sees: user over account over platform (see resolution)."""
    values, _sources = image_params(tiers_for(account, user))
    return {"style": values["style"], "max_in_article_images": values["max_in_article_images"],
            "quality": values["quality"]}


def user_settings_list(*, user, account) -> list[UserSettings]:
    return list(UserSettings.objects.for_account(account).filter(user=user).order_by("key"))


def account_settings_list(*, account) -> list[AccountSettings]:
    return list(AccountSettings.objects.for_account(account).order_by("key"))


def _entry(record, source: str, key: str) -> dict:
    return {"key": key, "value": record.value, "source": source, "id": record.pk, "updated_at": record.updated_at}


def user_setting_effective(*, user, account, key: str) -> dict:
    """The user's value for a key, else the account's, else the schema default; says which."""
    schema_for_key(schemas=SETTINGS_SCHEMAS, key=key)
    record = UserSettings.objects.for_account(account).filter(user=user, key=key).first()
    if record is not None:
        return _entry(record, "user", key)
    return account_setting_effective(account=account, key=key)


def account_setting_effective(*, account, key: str) -> dict:
    if key not in SETTINGS_SCHEMAS:
        raise NotFoundError(f"Unknown settings key '{key}'.", extra={"field": "key"})
    record = AccountSettings.objects.for_account(account).filter(key=key).first()
    if record is not None:
        return _entry(record, "account", key)
    return {"key": key, "value": default_for_key(key=key), "source": "default", "id": None, "updated_at": None}


def _summary(model) -> dict | None:
    return None if model is None else {"id": model.pk, "model_name": model.model_name,
                                       "display_name": model.display_name}


def _effective_text(account) -> dict:
    cfg = get_model_config("text", account)
    return {"model": _summary(cfg.model), "temperature": cfg.temperature, "max_tokens": cfg.max_tokens,
            "sources": {k: cfg.sources[k] for k in ("model", "temperature", "max_tokens") if k in cfg.sources}}


def _effective_image(account) -> dict:
    cfg = get_model_config("image", account)
    image = cfg.image
    return {"model": _summary(cfg.model), "quality_tier": cfg.model.quality_tier, "image_style": image.style,
            "image_quality": image.quality, "image_size": image.size,
            "max_in_article_images": image.max_in_article_images,
            "sources": {k: v for k, v in cfg.sources.items() if k.startswith("image.") or k == "skipped"}}


def integration_type_kind(integration_type: str) -> str:
    """'text', 'image' or 'provider'; an unknown type is a 404."""
    if integration_type in MODEL_TYPE_OF_INTEGRATION:
        return MODEL_TYPE_OF_INTEGRATION[integration_type]
    if integration_type in ModelRegistry.snapshot().providers:
        return "provider"
    raise NotFoundError(f"Unknown integration type '{integration_type}'.", extra={"integration_type": integration_type})


def integration_settings_view(*, account, integration_type: str) -> dict:
    """The account's stored override and the merged effective values (account over global over
    catalog). Never a secret: none is ever stored here, and provider keys are not read."""
    kind = integration_type_kind(integration_type)
    record = (IntegrationSettings.objects.for_account(account).select_related("model")
              .filter(integration_type=integration_type).first())
    config = dict(record.config) if record else {}
    builders = {"text": _effective_text, "image": _effective_image}
    effective = builders[kind](account) if kind in builders else {"config": config}
    return {"integration_type": integration_type, "kind": kind,
            "override": {"model": _summary(record.model if record else None), "config": config},
            "effective": effective}
