# modelbank: `make run` serves on http://127.0.0.1:$(PORT); `make test` runs the whole suite.
PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test install migrate seed worker beat need-broker lint bench clean web web-types

$(STAMP): requirements.lock
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	touch $(STAMP)

install: $(STAMP)

# The web UI: `npm ci` from web/package-lock.json when the lock changes, then a build into
# web/dist/app (served at /app/ by WhiteNoise). Node is needed only here, never at run time.
WEB_STAMP := web/node_modules/.installed
$(WEB_STAMP): web/package-lock.json
	cd web && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
	touch $(WEB_STAMP)

web: $(WEB_STAMP)
	cd web && npm run build

# The UI's API types from the server's OpenAPI schema (commit the result; a test checks it is current).
web-types: install $(WEB_STAMP)
	./scripts/web_types.sh

migrate: install
	$(PY) manage.py migrate --noinput

seed: migrate
	$(PY) manage.py seed_catalog

run: seed web
	$(PY) manage.py collectstatic --noinput -v0
	@echo "modelbank on http://127.0.0.1:$(PORT)  (API docs: /api/docs/ and /api/redoc/, admin: /admin/)"
	$(VENV)/bin/gunicorn config.wsgi --bind 127.0.0.1:$(PORT) --workers 2 --threads 4 --access-logfile -

test: install web lint
	cd web && npm test
	./scripts/test.sh

# Without a broker the server runs jobs on its own threads; a worker would wait on another queue.
need-broker:
	@test -n "$${CELERY_BROKER_URL}$${REDIS_URL}" || { echo "Set REDIS_URL (e.g. redis://127.0.0.1:6379/0) for both 'make run' and this command."; exit 2; }

worker: install need-broker
	$(VENV)/bin/celery -A config worker --loglevel=INFO --concurrency=2

beat: install need-broker
	$(VENV)/bin/celery -A config beat --loglevel=INFO --schedule var/celerybeat-schedule

# Quality gates, run by `make test` before the tests: style, migrations in step with the models,
# the layers contract (no upward import, no cycle), static types, and the web UI's types and lint.
lint: install $(WEB_STAMP)
	$(VENV)/bin/ruff check .
	DATABASE_URL=sqlite:///$(CURDIR)/var/lint.sqlite3 $(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	cd web && npm run -s typecheck && npm run -s lint

# Every bench in bench/, then a table of their RESULT lines; exits 1 if any failed its goal.
bench: install
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) var web/dist web/node_modules
