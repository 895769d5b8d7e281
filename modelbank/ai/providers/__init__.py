"""Provider adapters: `get_adapter(provider_id)` returns the adapter for a catalog provider."""

from modelbank.ai.providers.base import ProviderAdapter, ProviderNotSupported, options_schema


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


def account_options_schemas() -> dict[str, dict]:
    """{provider_id: options schema} of every provider with an AI adapter."""
    if not _REGISTRY:
        _REGISTRY.update(_adapters())
    return {provider_id: adapter.account_options for provider_id, adapter in sorted(_REGISTRY.items())}


def account_options_schema(provider_id: str) -> dict:
    """What an account may set for a provider (JSON Schema): the options its adapter applies.
    A provider without an AI adapter (e.g. email, payment) applies none, so it takes no field."""
    if not _REGISTRY:
        _REGISTRY.update(_adapters())
    adapter = _REGISTRY.get(provider_id)
    return adapter.account_options if adapter is not None else options_schema({})
