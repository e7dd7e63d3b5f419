# Everything a fresh machine needs: `make demo` and `make test` set themselves up.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup browser video demo test node test-fast lint bench bench-vs schemas examples clean

setup: $(STAMP) browser

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

# Finds a Chromium, or installs one (Playwright's, else Debian's chromium when root).
browser: $(STAMP)
	@$(BIN)/shoshin browser --install

# ffmpeg, which only --video needs (a run asking for videos installs it itself): the test
# suite records videos, `make demo` does not.
video: $(STAMP)
	@$(BIN)/shoshin browser --install --video || echo "ffmpeg could not be installed: the video tests will be skipped."

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
test: setup video lint node
	$(BIN)/python -m pytest -n $(TEST_WORKERS)

# Node's playwright-core in .node/, for the tests that walk over a Playwright browser
# server (ws://); without node and npm (or when npm fails twice) those tests are skipped,
# and this says so.
PLAYWRIGHT_CORE := 1.65.1
node:
	@if [ -f .node/node_modules/playwright-core/package.json ] && grep -q '"version": "$(PLAYWRIGHT_CORE)"' .node/node_modules/playwright-core/package.json; then :; \
	elif command -v node >/dev/null && command -v npm >/dev/null; then \
		npm install --prefix .node --no-save --no-audit --no-fund --silent playwright-core@$(PLAYWRIGHT_CORE) \
		|| npm install --prefix .node --no-save --no-audit --no-fund --silent playwright-core@$(PLAYWRIGHT_CORE) \
		|| echo "npm could not install playwright-core: the ws:// browser-endpoint tests will be skipped."; \
	else echo "node and npm are not on PATH: the ws:// browser-endpoint tests will be skipped."; fi

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
