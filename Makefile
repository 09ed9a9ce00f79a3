# The two commands: `make site` builds the demo site, `make test` runs the whole test suite.
# Each sets up its own virtual environment in .venv (Python >= 3.11 and git are all they need).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: site test serve validate clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

site: $(BIN)/.installed ## build the demo site from content/ into site/
	$(BIN)/reporter demo

test: $(BIN)/.installed ## install what the tests need and run them all
	$(BIN)/python -m pytest

serve: $(BIN)/.installed ## preview at http://127.0.0.1:8000, rebuilding on change
	$(BIN)/reporter serve

validate: $(BIN)/.installed ## check content/ and report every problem
	$(BIN)/reporter validate

clean:
	rm -rf $(VENV) site .pytest_cache
