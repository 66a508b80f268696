# The two commands: `make run` and `make test` (see README.md).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test venv clean-var lint format messages

# Django 6.1 needs Python 3.12+, and the embedded PostgreSQL (pgserver) ships wheels up to 3.12.
$(PY):
	@PYTHON=$$(scripts/find-python) || exit 1; \
	echo "Creating $(VENV) with $$PYTHON"; \
	"$$PYTHON" -m venv $(VENV)

$(STAMP): requirements.txt | $(PY)
	$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -r requirements.txt
	@touch $(STAMP)

node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --loglevel=error && touch $@; \
	else echo "npm not found: accessibility checks (axe-core) will be skipped. Install Node.js 20+ to run them."; fi

venv: $(STAMP)

run: $(STAMP) node_modules/.installed
	$(PY) scripts/portal.py run

test: $(STAMP) node_modules/.installed
	$(PY) scripts/portal.py test $(ARGS)

lint:
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

format:
	$(VENV)/bin/ruff check --fix . && $(VENV)/bin/ruff format .

# Backups (README, "Backups"): make backup [ARGS=folder]; make restore ARGS="<backup dir> [--force]"
.PHONY: backup restore
backup: $(STAMP)
	$(PY) scripts/portal.py backup $(ARGS)

restore: $(STAMP)
	$(PY) scripts/portal.py restore $(ARGS)

# Regenerate the translation catalogs after changing user-facing strings.
messages: $(STAMP)
	$(PY) scripts/portal.py messages

# Deletes the local data (embedded PostgreSQL and Redis, uploads, static files) but keeps the
# backups in var/backups: restoring one is what comes after a clean.
clean-var:
	@if [ -d var ]; then find var -mindepth 1 -maxdepth 1 ! -name backups -exec rm -rf {} +; fi
