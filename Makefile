# Two commands for users: `make run` and `make test`. Everything else is set up by them.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.setup-stamp
ADDR ?= 127.0.0.1:8000
EDITOR_DIR := static/editor

CHROMIUM := /usr/bin/chromium

.PHONY: setup run prod test test-unit test-integration test-frontend test-e2e test-brokers messages migrate demo frontend chromium clean

setup: $(STAMP) frontend chromium

# Reinstalls only when the dependency list changes; safe to run again and again.
$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# The editor bundle (static/editor/dist, git-ignored). `npm ci` only when the lock file
# changed since the last install; the build only when a source is newer than the bundle.
frontend:
	@if [ -f $(EDITOR_DIR)/package.json ]; then \
	  cd $(EDITOR_DIR) && \
	  { [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund; } && \
	  if [ ! -f dist/editor.js ] || [ ! -f dist/charts.js ] || [ -n "$$(find src vite.config.ts tsconfig.json package-lock.json -newer dist/editor.js 2>/dev/null | head -n1)" ]; then \
	    npm run build; \
	  else echo "editor bundle up to date"; fi; \
	fi

# Debian's Chromium for the browser tests (never a downloaded browser build).
chromium:
	@test -x $(CHROMIUM) || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium; }

migrate: setup
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py journeys_demo

run: demo
	$(PY) manage.py journeys_run $(ADDR)

# Production-like on one machine: web, two workers and a scheduler (Procfile, honcho) against the
# database, broker and channel layer named in the environment; migrations and static files first.
prod: setup
	@test -n "$$DATABASE_URL" -a -n "$$BROKER_URL" -a -n "$$CHANNEL_LAYER_URL" || { \
	  echo "make prod needs DATABASE_URL, BROKER_URL and CHANNEL_LAYER_URL (README: Production mode)" >&2; exit 2; }
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" WEB_ADDR=$(ADDR) $(VENV)/bin/honcho start -f Procfile -c worker=2

# Front-end unit tests (Vitest), then every Python test, browser tests included.
test: setup
	cd $(EDITOR_DIR) && npx vitest run
	$(PY) -m pytest tests

test-frontend: setup
	cd $(EDITOR_DIR) && npx vitest run

# Re-extract the translatable strings and recompile the catalogue (needs GNU gettext: apt-get install gettext).
# The compiled .mo is committed, so neither `make run` nor `make test` needs gettext.
messages: setup
	$(PY) manage.py makemessages -l zh_Hans --no-location -i "static/*" -i "var/*" -i "tests/*" -i ".venv/*"
	msgfmt --check -o locale/zh_Hans/LC_MESSAGES/django.mo locale/zh_Hans/LC_MESSAGES/django.po

# The tests that run real worker processes, on the broker in BROKER_URL (CI: Redis in `make test`,
# then RabbitMQ here).
test-brokers: setup
	$(PY) -m pytest tests/integration/runtime/test_crash_recovery.py tests/integration/test_make_prod.py

test-e2e: setup
	$(PY) -m pytest tests/e2e

test-unit: setup
	$(PY) -m pytest tests/unit

test-integration: setup
	$(PY) -m pytest tests/integration

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis $(EDITOR_DIR)/node_modules $(EDITOR_DIR)/dist
