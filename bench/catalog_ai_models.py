"""Requests per second of GET /api/v1/system/ai-models/ (token auth, registry cache, ETag)
beside a trivial JSON view behind the same token auth (bench_urls.TrivialApi), both served by the
same gunicorn; the clients run in this process, the server in its own. Rounds are interleaved and
the ratio is taken within each round; the median round is reported. Goal: >= 0.8.
Run: .venv/bin/python bench/catalog_ai_models.py
"""

import http.client
import json
import os
import statistics
import subprocess
import threading
import time

from _harness import PY, ROOT, bench_env, free_port, manage

CLIENTS = 4
SECONDS = 3.0
ROUNDS = 5
GOAL = 0.8
TRIVIAL = "/bench/trivial/"
MODELS = "/api/v1/system/ai-models/"


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
    served = {**env, "DJANGO_SETTINGS_MODULE": "bench_settings",
              "PYTHONPATH": os.pathsep.join([str(ROOT / "bench"), str(ROOT)])}
    server = subprocess.Popen(
        [PY, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--threads", "2",
         "--log-level", "warning"], cwd=ROOT, env=served)
    try:
        wait_ready(port)
        auth = {"Authorization": f"Bearer {token}"}
        hammer(port, MODELS, auth)  # warm-up: both workers' caches
        hammer(port, TRIVIAL, auth)
        ratios, models = [], []
        for round_no in range(ROUNDS):  # interleaved, so drift on a noisy machine hits both
            order = (TRIVIAL, MODELS) if round_no % 2 == 0 else (MODELS, TRIVIAL)
            rates = {path: hammer(port, path, auth) for path in order}
            ratios.append(rates[MODELS] / rates[TRIVIAL])
            models.append(rates[MODELS])
            print(f"round {round_no + 1}: trivial {rates[TRIVIAL]:6.0f} req/s, ai-models {rates[MODELS]:6.0f} req/s, "
                  f"ratio {ratios[-1]:.2f}", flush=True)
        ratio = statistics.median(ratios)
        print(f"({CLIENTS} client threads, gunicorn 2 workers x 2 threads, token auth on both)")
        print(f"RESULT catalog_ai_models {statistics.median(models):.0f}req/s ratio={ratio:.2f} goal=>={GOAL} "
              f"{'PASS' if ratio >= GOAL else 'FAIL'}")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()
