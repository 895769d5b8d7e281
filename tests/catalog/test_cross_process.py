"""A change made in one process is seen by another process's registry cache."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from modelbank.catalog.models import AIModelConfig
from modelbank.catalog.services import model_make_default

CHILD = """
import os, sys, time
import django
django.setup()
from modelbank.catalog.registry import ModelRegistry
print(ModelRegistry.get_default_model("text").model_name, flush=True)
sys.stdin.readline()  # the parent has committed its change
deadline = time.monotonic() + 10
while time.monotonic() < deadline:
    name = ModelRegistry.get_default_model("text").model_name
    if name != "gpt-5.1":
        print(name, flush=True)
        break
    time.sleep(0.05)
else:
    print("stale", flush=True)
"""


def _database_url() -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_second_process_sees_the_new_default():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DATABASE_URL": _database_url(),
           "MODELBANK_ENCRYPTION_KEYS": ",".join(settings.MODELBANK_ENCRYPTION_KEYS),
           "CATALOG_CACHE_CHECK_SECONDS": "0.5", "DB_CONN_MAX_AGE": "0"}
    child = subprocess.Popen([sys.executable, "-c", CHILD], env=env, cwd=Path(settings.BASE_DIR),
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "gpt-5.1"
        model_make_default(model=AIModelConfig.objects.get(model_name="gpt-4o-mini"))
        child.stdin.write("go\n")
        child.stdin.flush()
        assert child.stdout.readline().strip() == "gpt-4o-mini"
    finally:
        child.kill()
        child.wait()
