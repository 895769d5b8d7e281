"""Provider adapters: `get_adapter(provider_id)` returns the adapter for a catalog provider."""

from modelbank.ai.providers.base import ProviderAdapter, ProviderNotSupported


def _adapters() -> dict[str, ProviderAdapter]:
    from modelbank.ai.providers.anthropic import AnthropicAdapter
    from modelbank.ai.providers.bria import BriaAdapter
    from modelbank.ai.providers.google import GoogleAdapter
    from modelbank.ai.providers.openai import OpenAIAdapter
    from modelbank.ai.providers.runware import RunwareAdapter

    adapters: list[ProviderAdapter] = [
        OpenAIAdapter(), AnthropicAdapter(), GoogleAdapter(), RunwareAdapter(), BriaAdapter(),
    ]
    return {adapter.provider_id: adapter for adapter in adapters}


_REGISTRY: dict[str, ProviderAdapter] = {}


def get_adapter(provider_id: str) -> ProviderAdapter:
    """The adapter for `provider_id` (IntegrationProvider.provider_id); adapters are stateless and shared."""
    if not _REGISTRY:
        _REGISTRY.update(_adapters())
    try:
        return _REGISTRY[provider_id]
    except KeyError:
        raise ProviderNotSupported(
            f"No AI adapter for provider '{provider_id}'.", extra={"provider": provider_id}
        ) from None
