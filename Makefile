# Two commands for users: `make run` and `make test`. Everything else is set up by them.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.setup-stamp
ADDR ?= 127.0.0.1:8000
EDITOR_DIR := static/editor

.PHONY: setup run test test-unit test-integration migrate demo frontend clean

setup: $(STAMP) frontend

# Reinstalls only when the dependency list changes; safe to run again and again.
$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# The editor bundle, once the editor exists; skipped when there is no front-end yet.
frontend:
	@if [ -f $(EDITOR_DIR)/package.json ]; then \
	  (cd $(EDITOR_DIR) && { [ -d node_modules ] && [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund; } && npm run build); \
	fi

migrate: setup
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py journeys_demo

run: demo
	$(PY) manage.py journeys_run $(ADDR)

test: setup
	$(PY) -m pytest tests

test-unit: setup
	$(PY) -m pytest tests/unit

test-integration: setup
	$(PY) -m pytest tests/integration

clean:
	rm -rf $(VENV) var .pytest_cache .hypothesis $(EDITOR_DIR)/node_modules $(EDITOR_DIR)/dist
