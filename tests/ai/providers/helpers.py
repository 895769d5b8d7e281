from modelbank.ai.providers.base import ImageRequest, ProviderCall, TextRequest

API_KEY = "sk-test-SECRET-key-0123456789"


def call_for(fake, **overrides) -> ProviderCall:
    params = {"api_key": API_KEY, "endpoint": fake.endpoint, "timeout": 2.0, "max_retries": 2}
    params.update(overrides)
    return ProviderCall(**params)


def text_request(model: str = "gpt-4o-mini", **overrides) -> TextRequest:
    params = {
        "model_name": model,
        "messages": [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Say hello"}],
        "max_tokens": 100,
    }
    params.update(overrides)
    return TextRequest(**params)


def image_request(model: str = "dall-e-3", **overrides) -> ImageRequest:
    params = {"model_name": model, "prompt": "A lighthouse at dusk", "size": "1024x1024"}
    params.update(overrides)
    return ImageRequest(**params)


def assert_no_key(error) -> None:
    text = f"{error} {error.message} {error.extra}"
    assert API_KEY not in text
