"""Shared set-up for benchmarks: a throwaway database and var/ directory per run."""

import os
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
