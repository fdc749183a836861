# Two commands: `make demo` sets everything up and runs dateline on the bundled examples;
# `make test` sets everything up and runs the tests. Both create .venv when it is missing.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
DEMO_DB := out/demo.db

.PHONY: demo test lint serve clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[serve,export,ray,test]'
	touch $(STAMP)

demo: $(STAMP)
	@mkdir -p out
	$(BIN)/dateline extract examples/ --format table
	$(BIN)/dateline extract examples/ --format jsonl -o out/examples.jsonl
	@echo
	@echo "Wrote out/examples.jsonl (one JSON record per article)."

lint: $(STAMP)
	$(BIN)/ruff check src tests bench

test: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/python -m pytest

clean:
	rm -rf out build *.egg-info src/*.egg-info
