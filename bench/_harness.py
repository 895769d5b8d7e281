"""Shared set-up for benchmarks: a throwaway database and var/ directory per run."""

import os
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def bench_env(database_url: str | None = None) -> dict:
    """Environment for a bench run: its own var/ dir and (by default) its own SQLite file."""
    var_dir = Path(tempfile.mkdtemp(prefix="modelbank-bench-"))
    env = {
        **os.environ,
        "MODELBANK_VAR_DIR": str(var_dir),
        "DATABASE_URL": database_url or f"sqlite:///{var_dir / 'bench.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "LOG_LEVEL": "WARNING",
    }
    return env


def manage(env: dict, *args: str) -> str:
    result = subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return result.stdout


def setup_django(env: dict) -> None:
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


FAKE_OPENAI = (
    "import sys\n"
    "from tests.ai.fakes.openai_fake import FakeOpenAI\n"
    "fake = FakeOpenAI().__enter__()\n"
    "print(fake.endpoint, flush=True)\n"
    "sys.stdin.read()\n"  # until the bench closes our stdin
)


class FakeOpenAIProcess:
    """The tests' fake OpenAI server in a process of its own (loopback), so its work is not
    timed or measured as the bench's; `endpoint` is its base URL."""

    def __enter__(self):
        self.process = subprocess.Popen([PY, "-c", FAKE_OPENAI], cwd=ROOT, stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE, text=True)
        self.endpoint = self.process.stdout.readline().strip()
        return self

    def __exit__(self, *exc):
        self.process.stdin.close()
        self.process.wait(timeout=10)
