# The two commands of the README: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint pg-test bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

## Start the portal on the embedded default (SQLite under var/, demo data) at http://127.0.0.1:8000
run: $(VENV)/.installed
	$(BIN)/portal migrate
	$(BIN)/portal seed --demo --if-empty
	$(BIN)/portal serve

## Run the whole test suite (SQLite). .ci/run adds the PostgreSQL leg.
test: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

## The same suite against a fresh PostgreSQL database (127.0.0.1:5432, user postgres).
pg-test: $(VENV)/.installed-test
	bash .ci/pg-test

bench: $(VENV)/.installed-test
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var
