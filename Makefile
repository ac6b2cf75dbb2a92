# Two entry points for a fresh machine:  `make run`  and  `make test`.
PY ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test check lint typecheck eval bench schema golden clean

$(BIN)/python:
	$(PY) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Install everything and run the main job on the bundled articles.
run: install
	$(BIN)/infclaims extract data/raw -o data/out

## Install everything, lint, type-check and run the tests.
test: install check
	$(BIN)/python -m pytest -q

check: lint typecheck

lint: install
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: install
	$(BIN)/mypy src

eval: install
	$(BIN)/infclaims eval data/out/statements.jsonl --gold data/gold/statements.jsonl

schema: install
	$(BIN)/python -m infclaims.schema schemas

golden: install
	$(BIN)/python -m pytest -q tests/test_golden.py --update-golden

bench: install
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
