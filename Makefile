# Two entry points for a fresh machine:  `make run`  and  `make test`.
# Everything is installed from the lock (constraints.txt) with the pip that `python3.11 -m venv` ships.
PY ?= python3.11
VENV ?= .venv
BIN := $(VENV)/bin
LOCK := constraints.txt
RUN_STAMP := $(VENV)/.installed-run
DEV_STAMP := $(VENV)/.installed-dev
# The tool that compiles the lock, pinned so that a refresh is itself reproducible.
UV_VERSION ?= 0.13.9

.PHONY: install install-dev run test test-fast first-run check lint typecheck eval bench schema golden report lock clean

$(BIN)/python:
	$(PY) -m venv $(VENV)

# What running needs: the package and its runtime dependencies.
$(RUN_STAMP): pyproject.toml $(LOCK) | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c $(LOCK) -e .
	touch $(RUN_STAMP)

# What testing needs besides: the dev extras (pytest, ruff, mypy, Dask, pandas, Playwright, Jupyter kernel).
$(DEV_STAMP): pyproject.toml $(LOCK) | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c $(LOCK) -e '.[dev]'
	touch $(RUN_STAMP) $(DEV_STAMP)

install: $(RUN_STAMP)

install-dev: $(DEV_STAMP)

## Install what running needs, run the main job on the bundled articles and write the review report.
run: install
	$(BIN)/infclaims extract data/raw -o data/out --format sqlite
	$(BIN)/infclaims report data/out/statements.jsonl -o data/out/report.html

## Install everything (a headless browser too, where the system allows), lint, type-check and run the full suite,
## with Hypothesis derandomised so that a run is reproducible.
test: install-dev check
	bash scripts/install-browser.sh
	HYPOTHESIS_PROFILE=ci $(BIN)/python -m pytest -q

## The fast tier, after every change: no browser, notebook, Dask, SIGKILL or whole data sets (under a minute).
test-fast: install-dev
	$(BIN)/python -m pytest -q -m "not slow"

## The first run of a new user: a fresh venv with its own pip, the package from the lock, extract on a folder
## with a good .txt, a good .html and a broken file (exit 1, the good ones written, the broken one reported).
first-run:
	PY=$(PY) bash scripts/first-run-check.sh

check: lint typecheck

lint: install-dev
	$(BIN)/ruff check src tests benchmarks examples
	$(BIN)/ruff format --check src tests benchmarks examples

typecheck: install-dev
	$(BIN)/mypy src

eval: install
	$(BIN)/infclaims eval data/out/statements.jsonl --gold data/gold/statements.jsonl

schema: install
	$(BIN)/python -m infclaims.schema schemas

golden: install-dev
	$(BIN)/python -m pytest -q tests/test_golden.py --update-golden

bench: install-dev
	$(BIN)/python benchmarks/throughput.py

report: install
	$(BIN)/infclaims report data/out/statements.jsonl -o data/out/report.html

## Recompile the lock from pyproject.toml (all extras, Python 3.11, Linux) with a pinned uv in a tool venv.
lock:
	$(PY) -m venv .lock-tool
	.lock-tool/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	# Start from the current pins, so that uv keeps them and only what the change needs moves.
	sed '1,3d' $(LOCK) > .lock-tool/body.txt
	.lock-tool/bin/uv pip compile pyproject.toml --all-extras --python-version 3.11 --python-platform linux \
	    --no-header --annotation-style line --quiet -o .lock-tool/body.txt
	{ sed -n '1,3p' $(LOCK); cat .lock-tool/body.txt; } > $(LOCK).new
	mv $(LOCK).new $(LOCK)
	rm -rf .lock-tool

clean:
	rm -rf $(VENV) .lock-tool build *.egg-info .pytest_cache .mypy_cache .ruff_cache
