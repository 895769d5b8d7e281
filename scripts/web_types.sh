#!/usr/bin/env bash
# The web UI's API types, generated from the server's OpenAPI schema: writes the schema as
# served at /api/schema/ and the TypeScript types openapi-typescript makes of it.
# Usage: scripts/web_types.sh [OUT_DIR]   (default: web/src/api, where the committed file lives)
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-web/src/api}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
DATABASE_URL="sqlite:///$work/schema.sqlite3" .venv/bin/python manage.py spectacular --validate --fail-on-warn \
  --file "$work/schema.yaml"
web/node_modules/.bin/openapi-typescript "$work/schema.yaml" -o "$out/schema.d.ts" >/dev/null
