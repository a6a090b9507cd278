# Two commands do all set-up: `make run` (talk to the skill) and `make test` (every test).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
NODE_STAMP := node_modules/.installed-stamp

.PHONY: run test serve bench soak clean skill-package build-SecureBaseFunction

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

# skill-package/ for the ASK CLI (`ask deploy --target skill-metadata`), from deploy/skill.toml and
# interaction_model/*.json. Set once: FUNCTION_ARN (or ENDPOINT=https://...), PRIVACY_POLICY_URL.
skill-package:
	$(PYTHON) deploy/package.py build $(if $(FUNCTION_ARN),--endpoint "$(FUNCTION_ARN)") \
		$(if $(ENDPOINT),--endpoint "$(ENDPOINT)") $(if $(SSL),--ssl "$(SSL)") \
		$(if $(PRIVACY_POLICY_URL),--privacy-policy-url "$(PRIVACY_POLICY_URL)")

# The Lambda package (sam build calls this: template.yaml BuildMethod: makefile; samconfig.toml builds
# in source). skill/, the models for re-hearing, the templates compiled ahead, and requirements.txt's
# pins only, as wheels for the function's platform and Python, so it builds the same on any machine.
# LAMBDA_PLATFORM= (empty) builds for this machine instead (the tests run the package here).
LAMBDA_PLATFORM ?= manylinux2014_aarch64
LAMBDA_PYTHON ?= 3.13
LAMBDA_WHEELS = --only-binary=:all: $(if $(LAMBDA_PLATFORM),--platform $(LAMBDA_PLATFORM) --python-version $(LAMBDA_PYTHON) --implementation cp)
build-SecureBaseFunction:
	test -n "$(ARTIFACTS_DIR)"
	mkdir -p "$(ARTIFACTS_DIR)"
	cp -r skill "$(ARTIFACTS_DIR)/skill"
	find "$(ARTIFACTS_DIR)/skill" -name __pycache__ -prune -exec rm -rf {} +
	mkdir -p "$(ARTIFACTS_DIR)/interaction_model" && cp interaction_model/*.json "$(ARTIFACTS_DIR)/interaction_model/"
	$(PYTHON) -m pip install --quiet --no-compile $(LAMBDA_WHEELS) --target "$(ARTIFACTS_DIR)" -r requirements.txt
	rm -rf "$(ARTIFACTS_DIR)/bin"
	PYTHONPATH="$(ARTIFACTS_DIR)" $(PYTHON) -m skill.speech compile "$(ARTIFACTS_DIR)/skill/_templates"
	# bytecode ahead of time (/var/task is read-only: without it every cold start compiles every
	# module), only by an interpreter of the function's own version (sam build --use-container)
	if $(PYTHON) -c 'import sys; sys.exit(sys.version_info[:2] != tuple(map(int, "$(LAMBDA_PYTHON)".split("."))))'; \
	then $(PYTHON) -m compileall -q -j 0 --invalidation-mode unchecked-hash "$(ARTIFACTS_DIR)"; \
	else echo "note: no $(LAMBDA_PYTHON) here, so no .pyc in the package (sam build --use-container adds them)"; fi

clean:
	rm -rf $(VENV) node_modules .pytest_cache
