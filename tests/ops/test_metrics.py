"""/metrics: off by default, behind a token when one is set, and saying what the service did."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, override_settings

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def scrape(**headers) -> str:
    response = Client().get("/metrics", **headers)
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/plain")
    return response.content.decode()


def value(text: str, line_start: str) -> float:
    lines = [line for line in text.splitlines() if line.startswith(line_start)]
    assert lines, f"no {line_start} in the metrics"
    return float(lines[0].rsplit(" ", 1)[1])


def test_metrics_are_off_unless_asked_for():
    assert Client().get("/metrics").status_code == 404


@override_settings(MODELBANK_METRICS=True, MODELBANK_METRICS_TOKEN="scrape-me")
def test_a_token_when_one_is_set():
    assert Client().get("/metrics").status_code == 401
    assert Client().get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    assert "modelbank_credit_holds_open" in scrape(HTTP_AUTHORIZATION="Bearer scrape-me")


SCRIPT = """
import django, sys
django.setup()
from modelbank.common.metrics import sweep_ran
sweep_ran("release_expired_holds", int(sys.argv[1]))
"""


def test_gunicorn_workers_are_summed_in_multiprocess_mode(tmp_path, settings):
    """Two processes record; a third one's scrape sums them (prometheus_client's multiprocess mode)."""
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "config.settings_test"}
    for freed in ("2", "3"):
        subprocess.run([sys.executable, "-c", SCRIPT, freed], cwd=ROOT, env=env, check=True)
    code = ("import django; django.setup();"
            "from modelbank.ops import metrics;"
            "metrics.LedgerCollector.collect = lambda self: iter(());"  # no database in this process
            "from prometheus_client import generate_latest;"
            "print(generate_latest(metrics._registry()).decode())")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True).stdout
    assert 'modelbank_sweeper_freed_total{sweep="release_expired_holds"} 5.0' in out
    assert 'modelbank_sweeper_runs_total{sweep="release_expired_holds"} 2.0' in out
