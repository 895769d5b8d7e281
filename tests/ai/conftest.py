import pytest

from tests.ai.fakes.fixtures import *  # noqa: F403  (fake_openai, fake_anthropic, ..., retry_sleeps)


@pytest.fixture(autouse=True)
def _no_real_backoff(retry_sleeps):
    """Provider retries never really sleep in tests; request `retry_sleeps` to read the waits asked for."""
    return retry_sleeps
