# Everything a fresh machine needs: `make demo` and `make test` set themselves up.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup browser demo test test-fast lint bench bench-vs schemas examples clean

setup: $(STAMP) browser

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

# Finds a Chromium, or installs one (Playwright's, else Debian's chromium when root).
browser: $(STAMP)
	@$(BIN)/shoshin browser --install

demo: setup
	$(BIN)/shoshin demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports --no-logo

# One worker per core (xdist): the fault suite's browsers and subprocesses wait more than
# they compute. TEST_WORKERS=0 runs the suite in one process.
TEST_WORKERS ?= auto
test: setup lint
	$(BIN)/python -m pytest -n $(TEST_WORKERS)

# The pure part alone, in seconds: no browser launched.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not browser"

# Figures on demand, never asserted in tests: every benchmark, then one table against the
# goals. `make bench BENCH=--write-results` keeps them in benchmarks/RESULTS.md;
# `BENCH="--only scaling --write-results"` reruns one.
BENCH ?=
bench: setup
	$(BIN)/python benchmarks/run_all.py $(BENCH)

# The JSON Schemas in schemas/, generated from the models; a test keeps them in sync.
schemas: $(STAMP)
	$(BIN)/python -m harness.scenario.schema && $(BIN)/python -m harness.record.schema

# shoshin against a plain Playwright script walking the same seven steps.
bench-vs: setup
	$(BIN)/python benchmarks/versus_playwright.py

# shoshin on real open-source apps (JupyterLab, Datasette) from PyPI, in examples/.venv;
# never part of `make test`. Reports in examples/reports/, summary in examples/reports/summary.md.
examples: setup
	examples/setup.sh
	$(BIN)/python examples/run.py

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache .import_linter_cache
