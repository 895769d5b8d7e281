import pytest

from modelbank.catalog.models import AIModelConfig, IntegrationProvider

PLAIN_KEY = "sk-test-PLAINTEXT-9f8e7d6c5b4a-4321"


@pytest.fixture
def openai_with_key(db):
    provider = IntegrationProvider.objects.get(pk="openai")
    provider.api_key = PLAIN_KEY
    provider.save()
    return provider


@pytest.fixture
def model(db):
    return lambda name: AIModelConfig.objects.get(model_name=name)
