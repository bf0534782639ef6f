# Two commands do all set-up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUN_STAMP := $(VENV)/.run-installed
TEST_STAMP := $(VENV)/.test-installed

.PHONY: run run-deps serve test lint bench browser-deps clean demo screenshots
# apt-get needs root: use sudo unless make already runs as root.
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(RUN_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(TEST_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e ".[test]"
	touch $@ $(RUN_STAMP)

## run: install Pango if missing, create the venv, the SQLite store, load the demo data and
##   serve on :8050 (sign in as demo / demo)
run: run-deps $(RUN_STAMP)
	$(BIN)/scorecard init-db
	$(BIN)/scorecard demo
	$(BIN)/scorecard serve

serve: $(RUN_STAMP)
	$(BIN)/scorecard serve

## run-deps: Pango and a font for WeasyPrint's PDF board pack (Debian or Ubuntu packages;
##   elsewhere it says what to install, and everything but the PDF works without it)
run-deps:
	@ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 || { \
	  if command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing Pango for the PDF board pack"; \
	    $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	      libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core >/dev/null; \
	  else \
	    echo "Install Pango for the PDF board pack (macOS: brew install pango); see README.md"; \
	  fi; }

## browser-deps: Debian Chromium for the browser tests, axe-core for accessibility checks,
##   poppler (PDF text and page images) and Pango (WeasyPrint's PDF board pack)
browser-deps: run-deps
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Chromium from Debian packages"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver poppler-utils >/dev/null; }
	@command -v pdftoppm >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null
	@[ -f node_modules/axe-core/axe.min.js ] || npm install --no-audit --no-fund --no-package-lock --silent

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy

## test: lint, then every test (unit, SQLite and PostgreSQL store tests, browser tests)
test: $(TEST_STAMP) browser-deps lint
	$(BIN)/pytest

## bench: benchmark scripts; each prints ratios against a baseline measured in the same run
bench: $(TEST_STAMP)
	@for script in benchmarks/bench_*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done
	@echo "== benchmarks/load_test.py (60 s, gunicorn with 2 workers on loopback)"
	$(BIN)/python benchmarks/load_test.py --seconds 60

## screenshots: run the browser tests and copy their 1366x768 screenshots to docs/screenshots
screenshots: $(TEST_STAMP) browser-deps
	$(BIN)/pytest -m browser -q
	mkdir -p docs/screenshots
	cp test-output/screenshots/*.png docs/screenshots/

clean:
	rm -rf $(VENV) instance demo-workbooks test-output node_modules
