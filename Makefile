# People Plan Tracker — see README.md.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/peopleplan

.PHONY: run test lint test-postgres test-browser setup deps system-deps fixtures bench check-deploy clean

run: setup ## Set everything up and serve the demo on http://127.0.0.1:8000
	$(PY) manage.py runserver $(HOST):$(PORT)

setup: deps system-deps .env
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo --if-empty

test: deps lint ## Lint, then the whole test suite (SQLite by default; DATABASE_URL switches it)
	$(PY) -m pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed ## Ruff (lint and format) and the layering contract (import-linter, .importlinter)
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(VENV)/bin/lint-imports

test-postgres: deps ## The whole suite against PostgreSQL (lint runs in `make test`)
	DATABASE_URL=$(PG_URL) $(PY) -m pytest $(PYTEST_ARGS)

test-browser: deps ## Only the browser (Playwright + Chromium) tests
	$(PY) -m pytest -m browser $(PYTEST_ARGS)

deps: $(VENV)/.installed node_modules/.installed

# The app's one system package: LibreOffice writer makes the board paper's PDF from its Word file.
# Installed when run as root on Debian/Ubuntu; otherwise a note says how (Word papers work without it).
system-deps: ## LibreOffice writer (board paper PDFs) and calc (workbooks re-saved in the tests), apt-get when root, else a note
	@missing=""; \
	dpkg -s libreoffice-writer-nogui >/dev/null 2>&1 || dpkg -s libreoffice-writer >/dev/null 2>&1 || missing="$$missing libreoffice-writer-nogui"; \
	dpkg -s libreoffice-calc-nogui >/dev/null 2>&1 || dpkg -s libreoffice-calc >/dev/null 2>&1 || missing="$$missing libreoffice-calc-nogui"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	  else \
	    echo "NOTE: board paper PDFs and the LibreOffice tests need: sudo apt-get install -y$$missing"; \
	  fi; \
	fi

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -c "import tomllib; p = tomllib.load(open('pyproject.toml', 'rb'))['project']; print('\n'.join(p['dependencies'] + p['optional-dependencies']['dev']))" > $(VENV)/requirements.txt
	$(PY) -m pip install --quiet -r $(VENV)/requirements.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

# A development key in .env (never committed); real deployments set the environment.
.env:
	sed "s/^DJANGO_SECRET_KEY=.*/DJANGO_SECRET_KEY=dev-$$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')/" sample.env > .env

fixtures: deps ## Regenerate fixtures/*.json and the 2023 plans' import files from the source tables in fixtures/source/
	DJANGO_SECRET_KEY=fixtures $(PY) manage.py build_fixtures

bench: $(VENV)/.installed ## Benchmarks: own database (DATABASE_URL, else PG_URL if it answers, else SQLite), metric lines, rewrites BENCHMARKS.md
	PG_URL="$(PG_URL)" $(PY) -m tests.bench $(BENCH_ARGS)

check-deploy: deps ## Production settings pass Django's deployment checks
	DJANGO_DEBUG=false DJANGO_SECRET_KEY=$$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n') DJANGO_ALLOWED_HOSTS=tracker.example.nhs.uk \
		EMAIL_URL=smtp+tls://tracker:secret@smtp.example.nhs.uk:587 SITE_URL=https://tracker.example.nhs.uk \
		$(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) node_modules staticfiles db.sqlite3
