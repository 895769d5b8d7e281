#!/usr/bin/env bash
# The whole test suite: a SQLite pass always, then a PostgreSQL pass when PostgreSQL is
# reachable (DATABASE_URL, or TEST_POSTGRES_URL, or 127.0.0.1:5432 as user postgres).
# Redis-backed tests run when REDIS_URL (default redis://127.0.0.1:6379/15) answers.
# Prints which passes and tests it skipped, and why.
set -u
cd "$(dirname "$0")/.."
PY=.venv/bin/python

pg_url="${TEST_POSTGRES_URL:-}"
case "${DATABASE_URL:-}" in postgres*) pg_url="${pg_url:-$DATABASE_URL}" ;; esac
pg_url="${pg_url:-postgres://postgres@127.0.0.1:5432/modelbank}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/15}"

reachable() { $PY scripts/probe.py "$1" >/dev/null 2>&1; }

if ! reachable "$REDIS_URL"; then
  echo "NOTE: Redis is not reachable at $REDIS_URL: tests marked 'redis' will be skipped." >&2
fi

status=0
summary=()
run_pass() {
  local name="$1"; shift
  echo "=== $name pass ==="
  env "$@" $PY -m pytest "${PYTEST_ARGS[@]}"
  local rc=$?
  [ $rc -eq 5 ] && rc=0  # no tests collected under a -k filter is not a failure
  summary+=("$name: exit $rc")
  [ $rc -ne 0 ] && status=$rc
}

PYTEST_ARGS=("$@")
run_pass "SQLite" DATABASE_URL="sqlite:///$PWD/var/test.sqlite3"
if reachable "$pg_url"; then
  run_pass "PostgreSQL" DATABASE_URL="$pg_url"
else
  echo "SKIPPED: the PostgreSQL pass: PostgreSQL is not reachable at $pg_url (tests marked 'postgres' did not run)."
  summary+=("PostgreSQL: skipped (not reachable)")
fi
printf '%s\n' "--- summary ---" "${summary[@]}"
exit $status
