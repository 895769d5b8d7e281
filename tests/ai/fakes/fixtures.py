"""Pytest fixtures for the provider fakes; import them in a conftest (`from tests.ai.fakes.fixtures import *`).

Each `fake_<provider>` fixture yields a started fake with `.url`, `.endpoint` (the value for
ProviderCall.endpoint / IntegrationProvider.api_endpoint), `.requests`, `.last`, `.queue(...)` and
`.error(status, message, code=..., headers=...)`. `retry_sleeps` replaces the adapters' backoff sleep
with a recorder (nothing really sleeps) and yields the list of requested waits in seconds.
"""

import socket

import pytest

from tests.ai.fakes.anthropic_fake import FakeAnthropic
from tests.ai.fakes.bria_fake import FakeBria
from tests.ai.fakes.google_fake import FakeGoogle
from tests.ai.fakes.openai_fake import FakeOpenAI
from tests.ai.fakes.runware_fake import FakeRunware

__all__ = ["fake_anthropic", "fake_bria", "fake_google", "fake_openai", "fake_runware", "local_network_only",
           "retry_sleeps"]


def _serve(cls):
    fake = cls().start()
    try:
        yield fake
    finally:
        fake.stop()


@pytest.fixture
def fake_openai():
    yield from _serve(FakeOpenAI)


@pytest.fixture
def fake_anthropic():
    yield from _serve(FakeAnthropic)


@pytest.fixture
def fake_google():
    yield from _serve(FakeGoogle)


@pytest.fixture
def fake_runware():
    yield from _serve(FakeRunware)


@pytest.fixture
def fake_bria(monkeypatch):
    """Bria's status polling does not really sleep either: waits land in `fake_bria.poll_sleeps`."""
    from modelbank.ai.providers import bria

    for fake in _serve(FakeBria):
        monkeypatch.setattr(bria, "poll_sleep", fake.poll_sleeps.append)
        yield fake


@pytest.fixture
def retry_sleeps(monkeypatch):
    from modelbank.ai.providers import retry

    waits: list[float] = []
    monkeypatch.setattr(retry, "sleep", waits.append)
    return waits


@pytest.fixture
def local_network_only(monkeypatch):
    """Fail loudly if anything opens a connection (or resolves a name) beyond 127.0.0.1."""
    real_connect = socket.socket.connect
    real_getaddrinfo = socket.getaddrinfo

    def connect(sock, address):
        host = address[0] if isinstance(address, tuple) else address
        if isinstance(host, str) and host not in ("127.0.0.1", "::1", "localhost") and sock.family != socket.AF_UNIX:
            raise AssertionError(f"a test tried to reach {address!r}: only 127.0.0.1 is allowed")
        return real_connect(sock, address)

    def getaddrinfo(host, *args, **kwargs):
        if host not in ("127.0.0.1", "::1", "localhost", None):
            raise AssertionError(f"a test tried to resolve {host!r}: only 127.0.0.1 is allowed")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
