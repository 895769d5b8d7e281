"""The web UI's API types are generated from the OpenAPI schema; the committed file must be current."""

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GENERATOR = ROOT / "web/node_modules/.bin/openapi-typescript"
COMMITTED = ROOT / "web/src/api/schema.d.ts"


@pytest.mark.skipif(not GENERATOR.exists(), reason="the web UI's packages are not installed (make web)")
def test_the_committed_api_types_match_the_schema(tmp_path):
    subprocess.run([str(ROOT / "scripts/web_types.sh"), str(tmp_path)], check=True, capture_output=True)
    fresh = (tmp_path / "schema.d.ts").read_text()
    assert fresh == COMMITTED.read_text(), (
        "web/src/api/schema.d.ts is stale: the API changed. Run `make web-types` and commit the result.")
