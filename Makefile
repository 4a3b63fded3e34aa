# The two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
LOCK := requirements.lock
# `make test` runs the suite in this many processes (pytest-xdist), one per core of the machine
# CI runs on; each gets services of its own (civic_platform/settings/test.py). 0: one process.
TEST_WORKERS ?= 2

# The URLs of the services `docker/services.sh start` runs for this checkout, from their one
# source, given to the test and bench commands only. Read as text rather than `include`d: as
# make variables they would also reach `make run`'s commands, replacing a DATABASE_URL the
# developer exported. Placed before each command, they win over the shell's, so `make test`
# always talks to this checkout's services.
TEST_ENV := DJANGO_SETTINGS_MODULE=civic_platform.settings.test \
	$(shell grep -E '^[A-Z_][A-Z0-9_]*=' docker/services.env)

.PHONY: run test install install-test lock services services-stop lint format migrate \
	site-structure demo bench messages clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -c $(LOCK) --upgrade pip

# Every package, direct or indirect, at the version the lock file pins; reinstalled when
# pyproject.toml or the lock changes.
$(VENV)/.installed: pyproject.toml $(LOCK) | $(BIN)/python
	$(BIN)/pip install --quiet -c $(LOCK) -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(LOCK) $(VENV)/.installed
	$(BIN)/pip install --quiet -c $(LOCK) -e ".[test]"
	@touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Regenerate the lock after changing a dependency in pyproject.toml (see README). It needs
# only pip-tools (at the version the lock pins), not the installed test environment, which
# may no longer match a changed pyproject.toml. Existing pins are kept where they still fit;
# `make lock LOCK_ARGS=--upgrade` moves every indirect dependency to its newest release.
# --strip-extras keeps the output usable as a pip constraints file; --allow-unsafe pins pip
# and setuptools too.
lock: $(BIN)/python
	$(BIN)/pip install --quiet -c $(LOCK) pip-tools
	$(BIN)/pip-compile --quiet --extra test --strip-extras --allow-unsafe --no-emit-index-url \
		--no-emit-find-links $(LOCK_ARGS) --output-file $(LOCK) pyproject.toml

migrate: install
	@mkdir -p var
	$(BIN)/python manage.py migrate --noinput

# What every installation needs (also run by compose's migrate step), then the plan; both
# are idempotent and keep what editors changed.
site-structure: migrate
	$(BIN)/python manage.py ensure_site_structure
	$(BIN)/python manage.py import_action_plan

demo: site-structure
	$(BIN)/python manage.py load_demo_content

# The worker runs beside daphne: Ctrl-C stops both, and if either ends the other is stopped.
run: demo
	@echo "Serving http://$(HOST):$(PORT)/ (embedded: SQLite, in-memory channel layer, database search) and the worker"
	@$(BIN)/python manage.py worker --no-reload & worker=$$!; \
	$(BIN)/daphne -b $(HOST) -p $(PORT) civic_platform.asgi:application & web=$$!; \
	trap 'kill $$worker $$web 2>/dev/null; wait' INT TERM; \
	wait -n $$worker $$web; status=$$?; kill $$worker $$web 2>/dev/null; wait; exit $$status

services:
	docker/services.sh start

services-stop:
	docker/services.sh stop

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: install-test services
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	$(TEST_ENV) $(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

# The msgids are the English text, so the English catalogue is filled, not translated: every
# msgstr becomes its msgid again (GNU gettext's msgen, which ships with the xgettext that
# makemessages needs), and makemessages' fuzzy guesses and obsolete entries go. Then
# tests/civic_platform/test_translations.py passes for English by construction.

messages: install
	$(BIN)/python manage.py makemessages --all --ignore='.venv/*' --ignore='.services/*'
	@set -o pipefail; for po in locale/en/LC_MESSAGES/*.po; do \
		msgattrib --clear-fuzzy --no-obsolete "$$po" | msgfilter --keep-header -i - sed -e d \
			| msgen -o "$$po" - || exit 1; \
	done
	$(BIN)/python manage.py compilemessages --ignore='.venv/*' --ignore='.services/*'

bench: install-test services
	$(TEST_ENV) $(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache static_collected
