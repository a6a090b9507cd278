# Two commands do all set-up: `make run` (talk to the skill) and `make test` (every test).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
NODE_STAMP := node_modules/.installed-stamp

.PHONY: run test serve bench soak clean

run: $(STAMP)
	$(BIN)/secure-base chat

serve: $(STAMP)
	$(BIN)/secure-base serve

test: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==24.3.1
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

bench: $(STAMP)
	$(BIN)/python bench/run.py
	$(BIN)/python bench/audio.py

# the heavy load test: 5,000 requests at 32 on gunicorn, the store hung and thawed, forged
# requests at a black-holed certificate host; loopback only; figures in bench/soak-results.txt
soak: $(STAMP) $(NODE_STAMP)
	$(BIN)/python bench/soak.py

# sam build calls this (template.yaml BuildMethod: makefile): the package holds skill/ and its pins only
build-SecureBaseFunction:
	mkdir -p "$(ARTIFACTS_DIR)"
	cp -r skill "$(ARTIFACTS_DIR)/skill"
	mkdir -p "$(ARTIFACTS_DIR)/interaction_model" && cp interaction_model/*.json "$(ARTIFACTS_DIR)/interaction_model/"  # re-hearing carrier words
	find "$(ARTIFACTS_DIR)/skill" -name __pycache__ -prune -exec rm -rf {} +
	$(PYTHON) -m pip install --quiet --target "$(ARTIFACTS_DIR)" -r requirements.txt  # x86_64 wheels: build on x86_64 or with --use-container

clean:
	rm -rf $(VENV) node_modules .pytest_cache
