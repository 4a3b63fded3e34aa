# The two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
# The services that `docker/services.sh start` brings up on loopback for the tests.
TEST_ENV := DJANGO_SETTINGS_MODULE=civic_platform.settings.test \
	DATABASE_URL=postgres://civic:civic@127.0.0.1:5432/civic \
	REDIS_URL=redis://127.0.0.1:6379/1 \
	ELASTICSEARCH_URL=http://127.0.0.1:9200

.PHONY: run test install install-test services services-stop lint format migrate demo bench messages clean

$(BIN)/python:
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)." >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[test]"
	@touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

migrate: install
	@mkdir -p var
	$(BIN)/python manage.py migrate --noinput

demo: migrate
	$(BIN)/python manage.py import_action_plan
	$(BIN)/python manage.py load_demo_content

run: demo
	@echo "Serving http://$(HOST):$(PORT)/ (embedded: SQLite, in-memory channel layer, database search)"
	$(BIN)/daphne -b $(HOST) -p $(PORT) civic_platform.asgi:application

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
	$(TEST_ENV) $(BIN)/pytest $(PYTEST_ARGS)

messages: install
	$(BIN)/python manage.py makemessages --all --ignore='.venv/*' --ignore='.services/*'
	$(BIN)/python manage.py compilemessages --ignore='.venv/*' --ignore='.services/*'

bench: install-test services
	$(TEST_ENV) $(BIN)/python -m bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache static_collected
