# The two commands: `make site` builds the demo site, `make test` runs the whole test suite.
# Each sets up its own virtual environment in .venv (Python >= 3.11 and git are all they need;
# `make test` also installs Debian's chromium for the browser tests when it runs as root).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
CHROMIUM ?= /usr/bin/chromium

.PHONY: site test lint java serve validate clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

site: $(BIN)/.installed ## build the demo site from content/ into site/
	$(BIN)/reporter demo

test: $(BIN)/.installed $(CHROMIUM) java lint ## install what the tests need and run them all
	REPORTER_CHROMIUM=$(CHROMIUM) $(BIN)/python -m pytest

# The committed configuration (pyproject.toml) decides: lint, format and types must be clean.
lint: $(BIN)/.installed ## ruff (lint and format) and mypy, as CI runs them
	$(BIN)/ruff check reporter tests benchmarks
	$(BIN)/ruff format --check reporter tests benchmarks
	$(BIN)/mypy

# The browser tests (tests/test_browser.py) drive Debian's chromium through Playwright; Playwright's
# own browser download is never used. When it is missing, root (CI) installs it; anyone else is told to.
$(CHROMIUM):
	@if [ "$$(id -u)" != 0 ]; then \
		echo "make test: the browser tests need Chromium at $@, and there is none." >&2; \
		echo "  Install Debian's package:  sudo apt-get install chromium" >&2; \
		echo "  (or name another Chromium: make test CHROMIUM=/path/to/chromium)" >&2; \
		exit 1; \
	fi
	@command -v apt-get >/dev/null || { echo "make test: no apt-get to install chromium; install Chromium at $@" >&2; exit 1; }
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
	@test -x $@ || { echo "make test: apt-get installed chromium, but there is no $@" >&2; exit 1; }

# The Nu HTML checker (tests/test_browser.py) runs on Java: root (CI) installs Debian's headless JRE.
java:
	@if ! command -v java >/dev/null; then \
		if [ "$$(id -u)" != 0 ]; then echo "make test: the Nu HTML checker needs Java: sudo apt-get install default-jre-headless" >&2; exit 1; fi; \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y default-jre-headless; \
	fi

serve: $(BIN)/.installed ## preview at http://127.0.0.1:8000, rebuilding on change
	$(BIN)/reporter serve

validate: $(BIN)/.installed ## check content/ and report every problem
	$(BIN)/reporter validate

clean:
	rm -rf $(VENV) site .pytest_cache
