# Rightthere: `make demo` to try it, `make test` to check it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
PG_URL ?= postgres://postgres@127.0.0.1:5432/rightthere
DEMO_DB ?= sqlite:///$(CURDIR)/var/demo.sqlite3
# The demo's business, as in src/rightthere/demo/cast.py (customers see it in mail and on
# their pages); BUSINESS_NAME in the environment names a real desk.
DEMO_BUSINESS_NAME ?= Brightside Home Repairs
DEMO_ENV = DEBUG=1 DATABASE_URL=$(DEMO_DB) BUSINESS_NAME='$(DEMO_BUSINESS_NAME)'

.PHONY: demo test test-sqlite test-postgres lint test-services translations install worker clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

# Customers' mails and pages in their language: GNU gettext's tools, then the .po files in
# src/rightthere/locale compiled to .mo (committed too; this keeps them in step). After
# marking new strings: cd src/rightthere && DEBUG=1 ../../$(BIN)/rightthere makemessages -l de
# --no-location --no-obsolete, translate, then make translations. The staff screens' strings
# are in each app's own locale/ (run the same makemessages inside the app's folder; the
# project templates' and inbox.py's catalogue is src/rightthere/templates/locale, see
# tests/core/test_staff_translations_a.py); compilemessages finds every locale/ folder.
translations: $(STAMP)
	@command -v msgfmt >/dev/null 2>&1 || (echo "Installing Debian's gettext for the translations..." && \
		(apt-get install -y -q gettext >/dev/null 2>&1 || (apt-get update -q >/dev/null && apt-get install -y -q gettext >/dev/null)))
	@command -v msgfmt >/dev/null 2>&1 || (echo "ERROR: could not install gettext (apt-get install gettext)"; exit 1)
	cd src/rightthere && DEBUG=1 ../../$(BIN)/rightthere compilemessages --verbosity 0

install: $(STAMP) translations

demo: $(STAMP) translations
	$(DEMO_ENV) $(BIN)/rightthere migrate --no-input
	$(DEMO_ENV) $(BIN)/rightthere seed-demo
	@echo ""
	@echo "  Rightthere demo: http://127.0.0.1:8000/"
	@echo "  Log in as owner 'olivia', agents 'adam'/'anna', technician 'tom', subcontractor 'sam'"
	@echo "  Password for all demo users: rightthere-demo"
	@echo ""
	@# The background worker runs beside the web server and stops with it.
	$(DEMO_ENV) $(BIN)/rightthere worker --verbosity 0 & worker=$$!; \
	trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	$(DEMO_ENV) $(BIN)/rightthere runserver --noreload 127.0.0.1:8000

worker: $(STAMP)
	$(BIN)/rightthere worker

# Services the tests talk to for real: Chromium (browser tests) and Dovecot (IMAP polling tests).
test-services:
	@command -v chromium >/dev/null 2>&1 || (echo "Installing Debian's chromium for the browser tests..." && \
		(apt-get install -y -q chromium >/dev/null 2>&1 || (apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null)))
	@command -v chromium >/dev/null 2>&1 || (echo "ERROR: could not install chromium (apt-get install chromium)"; exit 1)
	@command -v dovecot >/dev/null 2>&1 || (echo "Installing Debian's dovecot-imapd for the IMAP tests..." && \
		(apt-get install -y -q dovecot-imapd >/dev/null 2>&1 || (apt-get update -q >/dev/null && apt-get install -y -q dovecot-imapd >/dev/null)))
	@command -v dovecot >/dev/null 2>&1 || (echo "ERROR: could not install dovecot (apt-get install dovecot-imapd)"; exit 1)

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	PYTHONPATH=src $(BIN)/lint-imports --no-cache
	RIGHTTHERE_TESTING=1 $(BIN)/mypy
	RIGHTTHERE_TESTING=1 $(BIN)/rightthere makemigrations --check --dry-run

test-sqlite: $(STAMP) test-services translations
	$(BIN)/pytest -q

test-postgres: $(STAMP) test-services translations
	$(PY) scripts/ensure_postgres.py "$(PG_URL)"
	DATABASE_URL=$(PG_URL) $(BIN)/pytest -q

test: lint test-sqlite test-postgres

clean:
	rm -rf $(VENV) var
