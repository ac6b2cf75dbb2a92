# Two entry points for a fresh machine:  `make run`  and  `make test`.
PY ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install run test check lint typecheck eval bench schema golden report clean

$(BIN)/python:
	$(PY) -m venv $(VENV) || python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

## Install everything, run the main job on the bundled articles and write the review report.
run: install
	$(BIN)/infclaims extract data/raw -o data/out
	$(BIN)/infclaims report data/out/statements.jsonl -o data/out/report.html

## Install everything (a headless browser too, where the system allows), lint, type-check and run the tests.
test: install check
	bash scripts/install-browser.sh
	$(BIN)/python -m pytest -q

check: lint typecheck

lint: install
	$(BIN)/ruff check src tests benchmarks examples
	$(BIN)/ruff format --check src tests benchmarks examples

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

report: install
	$(BIN)/infclaims report data/out/statements.jsonl -o data/out/report.html

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
