"""Reads of the catalog shaped for callers (the ai-models API, the UI)."""

from typing import cast

from modelbank.catalog.models import AIModelConfig, IntegrationProvider
from modelbank.catalog.provider_config import config_schema, rules_for
from modelbank.catalog.registry import ModelRegistry
from modelbank.common.secrets import Secret


def model_usable(model: AIModelConfig) -> bool:
    """Whether a call to the model could be made now: its provider is active and has an API key.
    (Customers are not offered what would only fail; `manage.py check` tells staff why.)"""
    provider = ModelRegistry.snapshot().providers.get(model.provider_id)
    # The field's descriptor hands out a Secret (common.secrets), which the stubs cannot see.
    return bool(provider and provider.is_active and cast(Secret, provider.api_key).is_set)


def text_model_entry(model: AIModelConfig) -> dict:
    return {
        "id": model.pk,
        "model_name": model.model_name,
        "display_name": model.display_name,
        "is_default": model.is_default,
        "tokens_per_credit": model.tokens_per_credit,
        "max_output_tokens": model.max_output_tokens,
        "supports_json_mode": model.supports_json_mode,
        "available": model_usable(model),
    }


def image_model_entry(model: AIModelConfig) -> dict:
    return {
        "id": model.pk,
        "model_name": model.model_name,
        "display_name": model.display_name,
        "quality_tier": model.quality_tier,
        "is_default": model.is_default,
        "credits_per_image": model.credits_per_image,
        "valid_sizes": list(model.available_sizes),
        "available": model_usable(model),
    }


def ai_models_catalog() -> dict:
    """Active text and image models in sort order, defaults marked (docs/requirements.md §1)."""
    return {
        "text_models": [text_model_entry(m) for m in ModelRegistry.list_models(AIModelConfig.ModelType.TEXT)],
        "image_models": [image_model_entry(m) for m in ModelRegistry.list_models(AIModelConfig.ModelType.IMAGE)],
    }


def provider_summary(provider: IntegrationProvider) -> dict:
    """A provider as staff may see it: secrets only as hints ("set, ends in 1234")."""
    return {
        "provider_id": provider.provider_id,
        "display_name": provider.display_name,
        "provider_type": provider.provider_type,
        "is_active": provider.is_active,
        "api_endpoint": provider.api_endpoint,
        **{f"{name}_hint": getattr(provider, name).hint() for name in IntegrationProvider.SECRET_FIELDS},
    }


def provider_detail(provider: IntegrationProvider) -> dict:
    """One provider for staff: its summary, its settings and what they may hold. Only the config keys
    the provider takes are shown (the admin once accepted any JSON)."""
    takes = config_schema(provider.provider_id)["properties"]
    config = provider.config if isinstance(provider.config, dict) else {}
    active = AIModelConfig.objects.filter(provider=provider, is_active=True).count()
    return {
        **provider_summary(provider),
        "config": {key: value for key, value in config.items() if key in takes},
        "endpoint_help": rules_for(provider.provider_id).endpoint_help,
        "config_keys": {key: spec.get("description", "") for key, spec in takes.items()},
        "active_models": active,
        "warnings": [f"{active} active model(s) use this provider, which is inactive: they are refused until it "
                     "is active again (`manage.py check` lists them)."] if active and not provider.is_active else [],
    }
