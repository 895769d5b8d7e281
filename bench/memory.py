"""Resident memory of one gunicorn worker serving a mixed load, including OpenAI text and image
jobs run by the worker's own job threads (the fake OpenAI server runs in a process of its own).

The worker's RSS is read after it starts (the baseline), after 2,000 mixed requests (the figure,
goal <= 120 MiB) and after 2,000 more (the growth, goal <= 2 MiB: no leak). The ratio printed is
the figure over the goal. Run: .venv/bin/python bench/memory.py [--requests 2000]
"""

import argparse
import http.client
import json
import subprocess
import sys
import time
from pathlib import Path

from _harness import PY, ROOT, FakeOpenAIProcess, bench_env, free_port, manage

GOAL_MIB, GROWTH_GOAL_MIB = 120.0, 2.0
def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def worker_pid(master: int) -> int:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    assert len(children) == 1, children
    return int(children[0])


class Client:
    def __init__(self, port: int, token: str):
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}

    def call(self, method: str, path: str, body: dict | None = None) -> dict:
        self.conn.request(method, path, body=json.dumps(body) if body is not None else None, headers=self.auth)
        response = self.conn.getresponse()
        data = response.read()
        assert response.status < 300, (response.status, data[:300])
        return json.loads(data) if data else {}


MIX = [
    ("POST", "/api/v1/ai/jobs/", {"function": "generate_content", "input": {"brief": "Tea, briefly."}}),
    ("POST", "/api/v1/ai/jobs/", {"function": "generate_images", "input": {"prompts": ["A teapot at dawn"]}}),
    ("GET", "/api/v1/system/ai-models/", None),
    ("GET", "/api/v1/billing/balance/", None),
    ("GET", "/api/v1/ai/jobs/?page_size=10", None),
    ("GET", "/api/v1/billing/usage/summary/", None),
    ("GET", "/api/v1/system/settings/effective/?function=generate_content", None),
    ("GET", "/api/v1/auth/me/", None),
]


def serve(client: Client, requests: int) -> None:
    jobs = []
    for i in range(requests):
        method, path, body = MIX[i % len(MIX)]
        answer = client.call(method, path, body)
        if method == "POST":
            jobs.append(answer["id"])
    deadline = time.monotonic() + 60
    while jobs and time.monotonic() < deadline:  # every job must have run, and run right
        job = client.call("GET", f"/api/v1/ai/jobs/{jobs[-1]}/")
        if job["status"] in ("succeeded", "failed"):
            assert job["status"] == "succeeded", job
            jobs.pop()
        else:
            time.sleep(0.05)
    assert not jobs, f"{len(jobs)} jobs did not finish"


def measure(env: dict, token: str, requests: int) -> tuple[float, float, float]:
    """The worker's RSS at start, after ``requests`` mixed requests, and after as many more."""
    port = free_port()
    server = subprocess.Popen([PY, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1",
                               "--threads", "4", "--log-level", "warning"], cwd=ROOT, env=env)
    try:
        client = None
        for _ in range(100):
            try:
                client = Client(port, token)
                client.call("GET", "/api/v1/auth/me/")
                break
            except (OSError, http.client.HTTPException):
                time.sleep(0.1)
        pid = worker_pid(server.pid)
        started = rss_mib(pid)
        serve(client, requests)
        after = rss_mib(pid)
        serve(client, requests)
        return started, after, rss_mib(pid)
    finally:
        server.terminate()
        server.wait()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    args = parser.parse_args()
    env = {**bench_env(), "MODELBANK_JOB_RUNNER": "thread", "MODELBANK_SWEEPERS": "off"}
    env.pop("REDIS_URL", None)
    env.pop("CELERY_BROKER_URL", None)
    manage(env, "migrate", "--noinput")
    manage(env, "seed_catalog")
    created = json.loads(manage(env, "create_account", "--name", "Bench", "--owner-email", "bench@example.com"))
    manage(env, "grant_credits", "--account", str(created["account"]["id"]), "--credits", "100000000")
    with FakeOpenAIProcess() as fake:
        manage(env, "configure_provider", "openai", "--endpoint", fake.endpoint)
        subprocess.run([PY, "manage.py", "set_provider_key", "openai"], cwd=ROOT, env=env, input="sk-bench\n",
                       check=True, capture_output=True, text=True)
        started, after, later = measure(env, created["api_token"], args.requests)
    growth = later - after
    print(f"worker RSS: {started:.1f} MiB at start, {after:.1f} MiB after {args.requests} mixed requests, "
          f"{later:.1f} MiB after {args.requests} more (growth {growth:+.1f} MiB)")
    ok = after <= GOAL_MIB and growth <= GROWTH_GOAL_MIB
    print(f"goals: <= {GOAL_MIB:.0f} MiB after {args.requests} requests; growth <= {GROWTH_GOAL_MIB:.0f} MiB")
    print(f"RESULT memory {after:.1f}MiB ratio={after / GOAL_MIB:.2f} goal=<={GOAL_MIB:.0f}MiB "
          f"{'PASS' if ok else 'FAIL'}")
    sys.exit(0)


if __name__ == "__main__":
    main()
