"""Provider adapters: `get_adapter(provider_id)` returns the adapter for a catalog provider.

Each adapter module, and the provider SDK it wraps (tens of MiB for some), is imported on the
first call that needs it, so a process that never calls Google never loads google-genai.
"""

from importlib import import_module

from modelbank.ai.providers.base import ProviderAdapter, ProviderNotSupported

ADAPTERS = {
    "openai": "modelbank.ai.providers.openai.OpenAIAdapter",
    "anthropic": "modelbank.ai.providers.anthropic.AnthropicAdapter",
    "google": "modelbank.ai.providers.google.GoogleAdapter",
    "runware": "modelbank.ai.providers.runware.RunwareAdapter",
    "bria": "modelbank.ai.providers.bria.BriaAdapter",
}

_REGISTRY: dict[str, ProviderAdapter] = {}


def get_adapter(provider_id: str) -> ProviderAdapter:
    """The adapter for `provider_id` (IntegrationProvider.provider_id); adapters are stateless and shared."""
    adapter = _REGISTRY.get(provider_id)
    if adapter is None:
        if provider_id not in ADAPTERS:
            raise ProviderNotSupported(
                f"No AI adapter for provider '{provider_id}'.", extra={"provider": provider_id}
            ) from None
        module, _, name = ADAPTERS[provider_id].rpartition(".")
        adapter = _REGISTRY.setdefault(provider_id, getattr(import_module(module), name)())
    return adapter
