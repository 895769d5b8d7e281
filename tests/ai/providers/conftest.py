import pytest


@pytest.fixture(autouse=True)
def _local_only(local_network_only):
    """Adapter tests reach nothing but the fakes on 127.0.0.1."""
