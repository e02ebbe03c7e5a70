# Samlas — the two set-up commands are `make demo` and `make test` (see README.md).
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
export DJANGO_SETTINGS_MODULE := samlas.settings

.PHONY: demo test test-sqlite test-postgres lint format messages assets bench clean

$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is needed ($(PYTHON) not found)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

# The demo runs the background worker (queued e-mail) beside the server; both stop together.
demo: $(VENV)/.installed
	mkdir -p var
	$(PY) -m samlas migrate --no-input
	$(PY) -m samlas createcachetable
	$(PY) -m samlas demo
	@echo "Samlas demo: http://127.0.0.1:$(PORT)/  (stop with Ctrl-C; e-mail is printed here)"
	$(PY) -m samlas db_worker --queue-name '*' --no-reload & worker=$$!; \
		trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(PY) -m samlas runserver 127.0.0.1:$(PORT)

test: $(VENV)/.installed
	$(VENV)/bin/ruff check src tests bench scripts
	$(VENV)/bin/ruff format --check src tests bench scripts
	$(PY) -m samlas makemigrations --check --dry-run
	$(PY) scripts/check_translations.py
	$(MAKE) --no-print-directory test-sqlite
	$(MAKE) --no-print-directory test-postgres

test-sqlite:
	@echo "=== Test suite on SQLite ==="
	DATABASE_URL= $(PY) -m pytest $(PYTEST_ARGS)

test-postgres:
	@if $(PY) scripts/postgres_reachable.py; then \
		echo "=== Test suite on PostgreSQL ($${SAMLAS_TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/samlas}) ==="; \
		DATABASE_URL=$${SAMLAS_TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/samlas} \
			$(PY) -m pytest -m "not browser" $(PYTEST_ARGS); \
	else \
		echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
		echo "!!! PostgreSQL NOT REACHABLE: the PostgreSQL test run was SKIPPED.          !!!"; \
		echo "!!! Set SAMLAS_TEST_DATABASE_URL or start PostgreSQL on 127.0.0.1:5432.    !!!"; \
		echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!"; \
	fi

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check src tests bench scripts
	$(VENV)/bin/ruff format --check src tests bench scripts

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix src tests bench scripts
	$(VENV)/bin/ruff format src tests bench scripts

# Each app keeps its catalogue in its own locale/ (so work on one app never clashes with
# another's). Needs GNU gettext (Debian `gettext`); the compiled .mo files are committed.
messages: $(VENV)/.installed
	for app in src/samlas/*/locale; do \
		(cd $$(dirname $$app) && ../../../$(PY) -m samlas makemessages -l sv -l en --no-obsolete \
			&& ../../../$(PY) -m samlas compilemessages) || exit 1; \
	done

# Rebuilds the vendored design system from the npm registry (needs node and npm).
assets:
	bash scripts/build_assets.sh

bench: $(VENV)/.installed
	$(VENV)/bin/pip install --quiet -e '.[test,bench]'
	for b in bench/*.py; do $(PY) $$b || exit 1; done

clean:
	rm -rf $(VENV) var/*.sqlite3*
