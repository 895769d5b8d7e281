"""The one resolver of AI configuration: user over account over global over catalog defaults.

``get_model_config(model_type, account, user)`` answers which model, max_tokens, temperature
and image settings a text or image call uses, and where each value came from (``sources``:
"user", "account", "global" or "catalog"). An override naming a model that was deactivated
later is skipped (the next tier, in the end the catalog default, applies) and noted in
``sources["skipped"]``; ``manage.py check`` reports such overrides (preferences.checks).
Only what the call needs is resolved: a text call never looks for an image model, so a
missing or deactivated default image model does not stop text jobs (and the reverse).
``provider_options(account, provider_id)`` are the account's parameters for one provider.
"""

from dataclasses import dataclass
from decimal import Decimal

from modelbank.catalog.models import AIModelConfig
from modelbank.catalog.registry import ModelRegistry
from modelbank.common.versioned_cache import VersionedCache
from modelbank.preferences.models import IntegrationSettings, UserSettings
from modelbank.preferences.platform import global_settings
from modelbank.preferences.schemas import provider_schema

MODEL_TYPES = ("text", "image")
IMAGE_PARAMS = {"style": "image_style", "quality": "image_quality", "size": "image_size",
                "max_in_article_images": "max_in_article_images"}


@dataclass(frozen=True)
class ImageSettings:
    style: str
    quality: str
    size: str
    max_in_article_images: int


@dataclass(frozen=True)
class ResolvedConfig:
    model_type: str  # "text" or "image": what the calling function runs
    model: AIModelConfig  # the resolved model of that type
    max_tokens: int | None  # text functions
    temperature: Decimal | None  # text functions
    image: ImageSettings  # always filled (platform/account/user image settings)
    sources: dict[str, str]


@dataclass(frozen=True)
class Tier:
    """One layer's say: parameters, model references and quality tier, any of them absent."""

    name: str
    params: dict
    text_model_id: int | None = None
    image_model_id: int | None = None
    quality_tier: str | None = None


def _user_tier(account, user) -> Tier | None:
    if account is None or user is None or not getattr(user, "is_authenticated", False):
        return None
    value = (UserSettings.objects.for_account(account).filter(user=user, key="ai_settings")
             .values_list("value", flat=True).first()) or {}
    return Tier("user", value, value.get("text_model_id"), value.get("image_model_id"), value.get("quality_tier"))


def _account_tier(account) -> Tier | None:
    rows = {r.integration_type: r for r in IntegrationSettings.objects.for_account(account).filter(
        integration_type__in=[IntegrationSettings.TEXT, IntegrationSettings.IMAGE])}
    text, image = rows.get(IntegrationSettings.TEXT), rows.get(IntegrationSettings.IMAGE)
    params = {**(text.config if text else {}), **(image.config if image else {})}
    return Tier("account", params, text and text.model_id, image and image.model_id, params.get("quality_tier"))


def _global_tier() -> Tier:
    row = global_settings()
    return Tier("global", {
        "temperature": row.default_temperature, "max_tokens": row.default_max_tokens,
        "image_style": row.image_style, "image_quality": row.image_quality,
        "image_size": row.desktop_image_size, "max_in_article_images": row.max_in_article_images,
    })


# The account and user layers of each caller, per process, until any override changes (its
# stamp moves; see preferences.signals): every AI call and every ai-models request needs them.
TIERS_STAMP = "settings_overrides"
MAX_CACHED_CALLERS = 10_000
_tiers_cache: VersionedCache[dict] = VersionedCache(TIERS_STAMP, dict)


def _cached(key: tuple, load):
    cache = _tiers_cache.get()
    found = cache.get(key)
    if found is None:
        if len(cache) >= MAX_CACHED_CALLERS:
            cache.clear()
        found = cache[key] = load()
    return found


def _stored_tiers(account, user) -> tuple[Tier | None, Tier | None]:
    user_id = user.pk if user is not None and getattr(user, "is_authenticated", False) else None
    return _cached((account.pk, user_id), lambda: (_user_tier(account, user), _account_tier(account)))


def provider_options(*, account, provider_id: str) -> dict:
    """The account's parameters for a provider (its override row named after the provider), or {}.
    Read-only: shared by every call of the account. Saves are validated; a row stored before they
    were (free-form then) keeps only the fields its provider's adapter takes, with valid values
    (`manage.py check` names the rest, preferences.W003)."""
    if account is None:
        return {}
    def load() -> dict:  # the query is built only on a miss: building it costs more than the hit
        rows = IntegrationSettings.objects.for_account(account).filter(integration_type=provider_id)
        return usable_options(provider_id, rows.values_list("config", flat=True).first() or {})

    return _cached(("provider", account.pk, provider_id), load)


def usable_options(provider_id: str, config: dict) -> dict:
    from jsonschema import Draft202012Validator
    fields = provider_schema(provider_id)["properties"]
    return {name: value for name, value in config.items()
            if name in fields and Draft202012Validator(fields[name]).is_valid(value)}


def tiers_for(account, user=None) -> list[Tier]:
    """The layers that apply to a caller, highest precedence first."""
    user_tier, account_tier = _stored_tiers(account, user) if account is not None else (None, None)
    return [t for t in (user_tier, account_tier, _global_tier()) if t is not None]


def pick(tiers: list[Tier], param: str):
    for tier in tiers:
        if tier.params.get(param) is not None:
            return tier.params[param], tier.name
    return None, None


def _active_model(model_id, model_type: str, skipped: list[str], tier: str) -> AIModelConfig | None:
    if model_id is None:
        return None
    model = ModelRegistry.find_model_by_id(model_id)
    if model is not None and model.is_active and model.model_type == model_type:
        return model
    skipped.append(f"{tier} {model_type} model {model.model_name if model else model_id} is not an active "
                   f"{model_type} model")
    return None


def model_of_tier(quality_tier: str | None) -> AIModelConfig | None:
    """The active image model of a quality tier: the default one if it is, else the lowest sort_order."""
    candidates = [m for m in ModelRegistry.list_models(AIModelConfig.ModelType.IMAGE) if m.quality_tier == quality_tier]
    return next((m for m in candidates if m.is_default), candidates[0] if candidates else None)


def _text_model(tiers: list[Tier], skipped: list[str]) -> tuple[AIModelConfig, str]:
    for tier in tiers:
        if model := _active_model(tier.text_model_id, "text", skipped, tier.name):
            return model, tier.name
    return ModelRegistry.get_default_model(AIModelConfig.ModelType.TEXT), "catalog"


def _image_model(tiers: list[Tier], skipped: list[str]) -> tuple[AIModelConfig, str]:
    for tier in tiers:
        if model := _active_model(tier.image_model_id, "image", skipped, tier.name):
            return model, tier.name
        if tier.quality_tier and (model := model_of_tier(tier.quality_tier)):
            return model, tier.name
    return ModelRegistry.get_default_model(AIModelConfig.ModelType.IMAGE), "catalog"


def image_params(tiers: list[Tier]) -> tuple[dict, dict[str, str]]:
    """Style, quality, size and image count with their sources; the size is not yet checked
    against a model."""
    values, sources = {}, {}
    for name, param in IMAGE_PARAMS.items():
        values[name], sources[f"image.{name}"] = pick(tiers, param)
    return values, sources


def _image_settings(tiers: list[Tier], image_model: AIModelConfig | None, sources: dict) -> ImageSettings:
    """The image parameters; with an image model, a size it does not offer falls back to its first."""
    values, found = image_params(tiers)
    sources.update(found)
    sizes = list(image_model.available_sizes or []) if image_model is not None else []
    if sizes and values["size"] not in sizes:
        sources["image.size_fallback"] = (f"{values['size']} ({found['image.size']}) is not offered by "
                                          f"{image_model.model_name}; its first size is used")
        values["size"], sources["image.size"] = sizes[0], "catalog"
    return ImageSettings(**values)


def _text_params(tiers: list[Tier], model: AIModelConfig, sources: dict) -> tuple[int, Decimal]:
    max_tokens, sources["max_tokens"] = pick(tiers, "max_tokens")
    if model.max_output_tokens and max_tokens > model.max_output_tokens:
        max_tokens, sources["max_tokens"] = model.max_output_tokens, "catalog"
    temperature, sources["temperature"] = pick(tiers, "temperature")
    return int(max_tokens), Decimal(str(temperature))


def get_model_config(model_type: str, account, user=None) -> ResolvedConfig:
    """The effective configuration for a call of ``model_type`` ("text" or "image") by this
    account (and user). A text call reads the image settings too (style, count), never an image model."""
    if model_type not in MODEL_TYPES:
        raise ValueError(f"model_type must be one of {MODEL_TYPES}, not {model_type!r}")
    tiers = tiers_for(account, user)
    skipped: list[str] = []
    sources: dict[str, str] = {}
    max_tokens = temperature = None
    if model_type == "text":
        model, sources["model"] = _text_model(tiers, skipped)
        max_tokens, temperature = _text_params(tiers, model, sources)
        image = _image_settings(tiers, None, sources)
    else:
        model, sources["model"] = _image_model(tiers, skipped)
        sources["image.model"] = sources["model"]
        image = _image_settings(tiers, model, sources)
    if skipped:
        sources["skipped"] = "; ".join(skipped)
    return ResolvedConfig(model_type, model, max_tokens, temperature, image, sources)
