# Two commands do all set-up: `make run` (talk to the skill) and `make test` (every test).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
NODE_STAMP := node_modules/.installed-stamp

.PHONY: run test serve bench clean

run: $(STAMP)
	$(BIN)/secure-base chat

serve: $(STAMP)
	$(BIN)/secure-base serve

test: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==24.3.1
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) node_modules .pytest_cache
