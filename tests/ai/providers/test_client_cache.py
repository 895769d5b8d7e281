"""SDK clients are built once per (key, endpoint, timeout), even when threads ask at once."""

import threading
import time

import pytest

from modelbank.ai.providers import anthropic, google, openai
from modelbank.ai.providers.base import sdk_client_cache


def test_threads_asking_together_share_one_client():
    builds = []

    @sdk_client_cache
    def client(api_key: str, endpoint: str, timeout: float) -> object:
        builds.append((api_key, endpoint, timeout))
        time.sleep(0.05)  # a real client takes milliseconds to build: long enough for the others to ask
        return object()

    start = threading.Barrier(6)
    got = []

    def ask(key: str) -> None:
        start.wait()
        got.append((key, client(key, "http://127.0.0.1:1", 30.0)))

    threads = [threading.Thread(target=ask, args=("sk-a" if i % 2 else "sk-b",)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(builds) == [("sk-a", "http://127.0.0.1:1", 30.0), ("sk-b", "http://127.0.0.1:1", 30.0)]
    assert len({id(c) for key, c in got if key == "sk-a"}) == 1
    assert len({id(c) for key, c in got if key == "sk-b"}) == 1
    assert client.cache_info().currsize == 2


@pytest.mark.parametrize("adapter", [openai, anthropic, google])
def test_each_sdk_adapter_keeps_one_client_per_key(adapter):
    adapter._client.cache_clear()
    first = adapter._client("sk-test", "http://127.0.0.1:9", 12.0)
    assert adapter._client("sk-test", "http://127.0.0.1:9", 12.0) is first
    assert adapter._client("sk-other", "http://127.0.0.1:9", 12.0) is not first
    adapter._client.cache_clear()
