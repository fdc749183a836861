# Two commands: `make demo` sets everything up and runs dateline on the bundled examples;
# `make test` sets everything up and runs the tests. Both create .venv when it is missing.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_DB := out/demo.db
CHROMIUM := /usr/bin/chromium
PG_MARK := $(VENV)/.postgresql-checked

.PHONY: demo test lint serve bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[serve,export,ray,postgres,test]'
	touch $(STAMP)

# Debian's chromium for the browser tests (Playwright never downloads a browser of its own).
$(CHROMIUM):
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing chromium for the browser tests (apt-get) ..."; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
	    >/dev/null 2>&1 || echo "warning: chromium install failed; browser tests will skip"; \
	else \
	  echo "note: $(CHROMIUM) missing and not root: browser tests will skip"; \
	fi

# A real PostgreSQL server for the store's PostgreSQL tests (they skip, saying why, without one).
$(PG_MARK): | $(BIN)/python
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] \
	    && command -v apt-get >/dev/null 2>&1; then \
	  echo "installing postgresql for the store tests (apt-get) ..."; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql) \
	    >/dev/null 2>&1 || echo "warning: postgresql install failed; its tests will skip"; \
	fi
	@touch $(PG_MARK)

demo: $(STAMP)
	@mkdir -p out
	$(BIN)/dateline extract examples/ --format table
	$(BIN)/dateline extract examples/ --format jsonl -o out/examples.jsonl
	$(BIN)/dateline ingest examples/ --db $(DEMO_DB)
	@echo
	@echo "Wrote out/examples.jsonl (one JSON record per article) and the store $(DEMO_DB)."
	@echo "To see the events on a table, timeline and map: make serve, then open http://127.0.0.1:8000/"

serve: $(STAMP)
	@mkdir -p out
	$(BIN)/dateline ingest examples/ --db $(DEMO_DB)
	@echo "Open http://127.0.0.1:8000/ in a browser (API docs: http://127.0.0.1:8000/docs). Ctrl-C stops."
	$(BIN)/dateline serve --db $(DEMO_DB) --port 8000

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy

test: $(STAMP) | $(CHROMIUM) $(PG_MARK)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/python -m pytest

clean:
	rm -rf out build *.egg-info src/*.egg-info
