# firmops — `make run` starts the product on embedded defaults; `make test` runs the whole suite.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
PDF_LIBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0
TEST_TOOLS := poppler-utils chromium
HOST ?= 127.0.0.1
PORT ?= 8000

.DEFAULT_GOAL := help
.PHONY: help install sysdeps sysdeps-test run test test-fast lint format compose-check bench loadtest clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  \033[1m%-14s\033[0m %s\n", $$1, $$2}'

$(STAMP): pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -e ".[test]"
	@touch $@

install: $(STAMP) ## Create .venv with the app and its test tools (pinned by constraints.txt)

sysdeps: ## Install the system libraries WeasyPrint needs (apt-get as root; otherwise name them)
	@bash scripts/sysdeps.sh $(PDF_LIBS)

sysdeps-test: ## Install the system packages the tests need too (pdftotext, Chromium)
	@bash scripts/sysdeps.sh $(PDF_LIBS) $(TEST_TOOLS)

run: install sysdeps ## Start web + Celery worker (embedded broker, SQLite) with the demo firm at HOST:PORT; Ctrl-C stops all
	@HOST=$(HOST) PORT=$(PORT) bash scripts/run-embedded.sh

test: install sysdeps-test ## Run the whole suite (SQLite by default; DATABASE_URL/REDIS_URL switch to PostgreSQL/Redis)
	$(VENV)/bin/pytest -n $${PYTEST_WORKERS:-2} --dist loadgroup $(PYTEST_ARGS)

test-fast: install ## Run the suite without browser tests
	$(VENV)/bin/pytest -n $${PYTEST_WORKERS:-2} -m "not browser" $(PYTEST_ARGS)

lint: install ## ruff lint and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install ## ruff format and autofix
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

compose-check: install ## Validate docker-compose.yml without a Docker engine
	$(VENV)/bin/docker-compose -f docker-compose.yml config --quiet

bench: install sysdeps ## Build load data on PostgreSQL, load gunicorn, write BENCHMARKS.md (BENCH_SIZE=small|firm|platform, BENCH="hotpaths" for one part)
	@bash scripts/bench-db.sh
	$(PY) -m bench $(BENCH)

loadtest: install sysdeps ## 50 users of two firms for 60 s against gunicorn: errors, cross-firm responses, p50/p95/p99
	@bash scripts/bench-db.sh
	$(PY) -m bench loadtest

clean: ## Remove the venv, the embedded database and generated files
	rm -rf $(VENV) var staticfiles test-results
