# civicase — the two commands: `make run` (set up and start everything with demo data) and
# `make test` (set up the same and run every test tier). Everything else is a step of those two.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
SERVICES := intake routing reply survey alerts eapply
export PSYCOPG_WAIT_FUNC := wait_select

.PHONY: run test venv protos infra databases migrate test-databases lint bench clean

$(VENV)/.installed: constraints.txt requirements-dev.txt libs/platform/pyproject.toml $(wildcard services/*/pyproject.toml)
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -c constraints.txt -r requirements-dev.txt -e libs/platform \
	  $(foreach s,$(SERVICES) gateway,-e services/$(s))
	@touch $@

venv: $(VENV)/.installed protos

# Python code is generated from protos/ at build time (never committed) into gen/python,
# which a .pth file puts on the venv's path.
protos: $(VENV)/.installed
	@mkdir -p gen/python
	$(PY) -m grpc_tools.protoc -Iprotos --python_out=gen/python --pyi_out=gen/python \
	  --grpc_python_out=gen/python $$(find protos -name '*.proto')
	@echo "$(CURDIR)/gen/python" > $$($(PY) -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/civicase_gen.pth

infra:
	bash scripts/ensure-infra.sh

databases: infra
	bash scripts/create-databases.sh

test-databases: infra
	bash scripts/create-databases.sh --test

# The key ring for personal data at rest on this machine (never committed; .run/ is git-ignored). In
# production FIELD_ENCRYPTION_KEYS comes from the secret store instead (docs/operations.md).
KEYS_FILE := .run/field-encryption-keys
$(KEYS_FILE): | $(VENV)/.installed
	@mkdir -p .run && umask 077 && $(PY) -m civicase_platform.sealing new-key local1 > $@.tmp && mv $@.tmp $@

migrate: venv databases $(KEYS_FILE)
	@export FIELD_ENCRYPTION_KEYS="$${FIELD_ENCRYPTION_KEYS:-$$(cat $(KEYS_FILE))}"; \
	for s in $(SERVICES); do $(VENV)/bin/alembic -c services/$$s/alembic.ini upgrade head || exit 1; done

run: venv migrate
	FIELD_ENCRYPTION_KEYS="$${FIELD_ENCRYPTION_KEYS:-$$(cat $(KEYS_FILE))}" $(PY) scripts/run_all.py

test: venv test-databases
	$(PY) -m pytest -q libs services tests

lint: venv
	$(VENV)/bin/ruff check libs services tests bench scripts

bench: venv migrate
	$(PY) bench/e2e_petitions.py

clean:
	rm -rf gen $(VENV)
