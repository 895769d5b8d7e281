"""Requests per second of GET /api/v1/system/ai-models/ (token auth, registry cache, ETag)
beside a trivial Django JSON view (/healthz/), both served by the same gunicorn in the
same run. Prints both rates and their ratio; run: .venv/bin/python bench/catalog_ai_models.py
"""

import http.client
import json
import socket
import subprocess
import threading
import time

from _harness import PY, ROOT, bench_env, manage

CLIENTS = 4
SECONDS = 4.0
ROUNDS = 2


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def hammer(port: int, path: str, headers: dict) -> float:
    counts = [0] * CLIENTS
    deadline = time.monotonic() + SECONDS

    def client(i: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.monotonic() < deadline:
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            assert response.status == 200, response.status
            counts[i] += 1
        conn.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return sum(counts) / SECONDS


def wait_ready(port: int) -> None:
    for _ in range(100):
        try:
            http.client.HTTPConnection("127.0.0.1", port, timeout=1).request("GET", "/healthz/")
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit("server did not start")


def main() -> None:
    env = bench_env()
    manage(env, "migrate", "--noinput")
    token = json.loads(manage(env, "create_account", "--name", "Bench", "--owner-email", "bench@example.com"))[
        "api_token"]
    port = free_port()
    server = subprocess.Popen(
        [PY, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "2",
         "--log-level", "warning"], cwd=ROOT, env=env)
    try:
        wait_ready(port)
        auth = {"Authorization": f"Bearer {token}"}
        hammer(port, "/api/v1/system/ai-models/", auth)  # warm-up
        trivial, models = [], []
        for _ in range(ROUNDS):  # interleaved, so drift on a noisy machine hits both
            trivial.append(hammer(port, "/healthz/", {}))
            models.append(hammer(port, "/api/v1/system/ai-models/", auth))
        t, m = max(trivial), max(models)
        print(f"trivial Django JSON view: {t:8.0f} req/s")
        print(f"ai-models endpoint:       {m:8.0f} req/s")
        print(f"ratio ai-models / trivial: {m / t:.2f}  ({CLIENTS} clients, gunicorn 2 workers x 2 threads)")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
