import pytest
from django.test import Client

from modelbank.catalog.models import AIModelConfig


@pytest.fixture
def catalog_model(db):
    """Look up a seeded catalog model by name."""
    return lambda name: AIModelConfig.objects.get(model_name=name)


@pytest.fixture
def admin_client(staff_user):
    """The Django test client logged in as a superuser, for the admin."""
    client = Client()
    client.force_login(staff_user)
    return client
