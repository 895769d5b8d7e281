"""ModelRegistry: the only way the rest of modelbank reads the catalog.

Database only: an unknown or inactive model, a missing default or a provider without a
key is a typed error, never a fallback to constants. Reads are served from an in-process
snapshot that is reloaded when the catalog's ConfigStamp moves (see common.versioned_cache).
Instances handed out are shared between threads: treat them as read-only.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from modelbank.catalog import errors
from modelbank.catalog.models import AIModelConfig, IntegrationProvider
from modelbank.catalog.usage import Usage
from modelbank.common.money import TOKENS_PER_MILLION, usd
from modelbank.common.vault import SecretDecryptionError
from modelbank.common.versioned_cache import VersionedCache

STAMP = "catalog"


@dataclass
class CatalogSnapshot:
    models: dict[str, AIModelConfig] = field(default_factory=dict)
    by_id: dict[int, AIModelConfig] = field(default_factory=dict)
    providers: dict[str, IntegrationProvider] = field(default_factory=dict)
    defaults: dict[str, AIModelConfig] = field(default_factory=dict)
    active: dict[str, list[AIModelConfig]] = field(default_factory=dict)


def _load() -> CatalogSnapshot:
    snap = CatalogSnapshot()
    snap.providers = {p.provider_id: p for p in IntegrationProvider.objects.all()}
    for model in AIModelConfig.objects.order_by("sort_order", "model_name"):
        model.provider = snap.providers[model.provider_id]
        snap.models[model.model_name] = model
        snap.by_id[model.pk] = model
        if model.is_active:
            snap.active.setdefault(model.model_type, []).append(model)
            if model.is_default:
                snap.defaults[model.model_type] = model
    return snap


class ModelRegistry:
    _cache = VersionedCache(STAMP, _load)

    @classmethod
    def snapshot(cls) -> CatalogSnapshot:
        return cls._cache.get()

    @classmethod
    def get_model(cls, name: str) -> AIModelConfig:
        model = cls.snapshot().models.get(name)
        if model is None:
            raise errors.ModelNotFound(f"No AI model named '{name}' in the catalog.", extra={"model": name})
        if not model.is_active:
            raise errors.ModelInactive(f"AI model '{name}' is not active.", extra={"model": name})
        return model

    @classmethod
    def find_model_by_id(cls, pk: int) -> AIModelConfig | None:
        """Any catalog model, active or not, by id (settings store references by id); None if absent."""
        return cls.snapshot().by_id.get(pk)

    @classmethod
    def get_default_model(cls, model_type: str) -> AIModelConfig:
        model = cls.snapshot().defaults.get(model_type)
        if model is None:
            raise errors.NoDefaultModel(
                f"No active default {model_type} model is configured: an admin must mark one as default.",
                extra={"model_type": model_type},
            )
        return model

    @classmethod
    def list_models(cls, model_type: str | None = None, active_only: bool = True) -> list[AIModelConfig]:
        snap = cls.snapshot()
        if active_only:
            types = [model_type] if model_type else sorted(snap.active)
            return [m for t in types for m in snap.active.get(t, [])]
        return [m for m in snap.models.values() if model_type is None or m.model_type == model_type]

    @classmethod
    def get_provider(cls, provider_id: str) -> IntegrationProvider:
        provider = cls.snapshot().providers.get(provider_id)
        if provider is None:
            raise errors.ProviderNotFound(f"No provider '{provider_id}' is configured.", extra={"provider": provider_id})
        return provider

    @classmethod
    def get_api_key(cls, provider_id: str) -> str:
        provider = cls.get_provider(provider_id)
        if not provider.is_active:
            raise errors.ProviderInactive(f"Provider '{provider_id}' is not active.", extra={"provider": provider_id})
        if not provider.api_key.is_set:
            raise errors.ProviderKeyMissing(
                f"Provider '{provider_id}' has no API key: set one in the admin or with set_provider_key.",
                extra={"provider": provider_id},
            )
        try:
            return provider.api_key.reveal()
        except SecretDecryptionError as exc:
            raise errors.ProviderKeyUnreadable(
                f"The API key of provider '{provider_id}' cannot be decrypted: {exc}", extra={"provider": provider_id}
            ) from exc

    @staticmethod
    def calculate_cost(model: AIModelConfig, usage: Usage) -> Decimal:
        """USD from the catalog's rates: tokens for text models, images for image models."""
        if model.model_type == AIModelConfig.ModelType.IMAGE:
            return usd((model.cost_per_image or 0) * usage.image_count)
        tokens_cost = usage.input_tokens * (model.input_token_rate or 0) + usage.output_tokens * (
            model.output_token_rate or 0
        )
        return usd(Decimal(tokens_cost) / TOKENS_PER_MILLION)
