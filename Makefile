# The README's commands. Needs only Python 3.11+ and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.run-installed
DEV_STAMP := $(VENV)/.dev-installed
HOST ?= 127.0.0.1:8000
# One test process per processor; TEST_WORKERS=0 runs them in this process.
# Tests are handed out one at a time, longest first (tests/conftest.py).
TEST_WORKERS ?= auto
# More arguments for pytest, e.g. PYTEST_ARGS="tests/letters" or "--ignore=tests/browser".
PYTEST_ARGS ?=

.PHONY: run test lint check assets bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(RUN_STAMP): requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	touch $@

$(DEV_STAMP): requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	touch $@ $(RUN_STAMP)

## run: install, migrate, load the seed content and serve on http://127.0.0.1:8000
run: $(RUN_STAMP)
	DEBUG=1 $(BIN)/python manage.py migrate --no-input
	DEBUG=1 $(BIN)/python manage.py createcachetable
	DEBUG=1 $(BIN)/python manage.py seed_content
	@echo "Serving on http://$(HOST)/ (staff admin at /admin/; make a user with: DEBUG=1 $(BIN)/python manage.py createsuperuser)"
	DEBUG=1 $(BIN)/python manage.py runserver $(HOST)

## lint: ruff, the import contract and the migrations check
lint: $(DEV_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python manage.py makemigrations --check --dry-run

## test: the whole suite; browser tests run when Chromium is found
test: lint
	@if command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; then \
		echo "Chromium found: browser tests will run."; \
	else \
		echo "************************************************************"; \
		echo "* NO CHROMIUM FOUND: THE BROWSER TESTS WILL BE SKIPPED.     *"; \
		echo "* Install it (Debian: apt-get install chromium) to run them. *"; \
		echo "************************************************************"; \
	fi
	$(BIN)/pytest -n $(TEST_WORKERS) --maxschedchunk 1 --durations=10 $(PYTEST_ARGS)

## assets: rebuild the committed CSS and JS from govuk-frontend (needs Node)
assets:
	npm ci --no-audit --no-fund
	npm run build

## bench: time the public pages under load on a scratch database (docs/performance.md)
# More arguments, e.g. BENCH_ARGS="--experiences 100000 --letters 500".
BENCH_ARGS ?=
bench: $(RUN_STAMP)
	$(BIN)/python manage.py bench $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis .ruff_cache
