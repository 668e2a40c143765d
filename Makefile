# Two commands for a newcomer: `make run` and `make test`.
PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
# The default local run is a development server: DEBUG on, SQLite under var/, no Redis.
RUN_ENV := DEBUG=$${DEBUG:-true}

.PHONY: run test install migrate demo lint format migrations-check check worker beat bench faults backup restore clean

$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "$(PYTHON) not found: install Python 3.11"; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

migrate: install
	mkdir -p var
	$(RUN_ENV) $(PY) manage.py migrate --noinput

demo: migrate
	$(RUN_ENV) $(PY) manage.py load_reference_data
	$(RUN_ENV) $(PY) manage.py load_demo_data
	@# A database made before the obligations table existed gets it filled (idempotent).
	$(RUN_ENV) $(PY) manage.py rebuild_obligations

run: demo
	@echo ""
	@echo "  AALCO Follow-up is starting on http://$(HOST):$(PORT)/ (links in emails point there too)"
	@echo "  Sign in as secretariat@aalco.example (or focal.ind@aalco.example), password aalco-demo"
	@echo ""
	$(RUN_ENV) SITE_URL=$${SITE_URL:-http://$(HOST):$(PORT)} $(PY) manage.py runserver $(HOST):$(PORT)

test: install
	$(VENV)/bin/pytest $(PYTEST_ARGS)

# Style, the import boundaries (contracts in pyproject.toml) and the types.
lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	@# No function above cyclomatic grade C: radon lists any that is (and the step fails).
	! $(VENV)/bin/radon cc -n D -s aalco resolutions memberstates | grep .

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

migrations-check: install
	$(RUN_ENV) $(PY) manage.py makemigrations --check --dry-run

check: lint migrations-check
	$(RUN_ENV) $(PY) manage.py check

worker: install
	$(VENV)/bin/celery -A aalco worker --loglevel=info

beat: install
	$(VENV)/bin/celery -A aalco beat --loglevel=info --schedule var/celerybeat-schedule

# Set DATABASE_URL to a PostgreSQL database filled by `manage.py generate_bench_data` (the
# figures in docs/bench.md); without it a throwaway SQLite database is generated first.
bench: install
	$(RUN_ENV) $(PY) bench/run.py

faults: install
	$(PY) bench/faults.py

# PostgreSQL only (DATABASE_URL): a custom-format pg_dump and a manifest of row counts.
BACKUP_DIR ?= var/backups
backup: install
	@case "$$DATABASE_URL" in postgres*) ;; *) echo "make backup: set DATABASE_URL to the PostgreSQL database"; exit 2;; esac
	@mkdir -p $(BACKUP_DIR)
	@stamp=$$(date -u +%Y%m%dT%H%M%SZ); \
	pg_dump --format=custom --no-owner --no-privileges --file="$(BACKUP_DIR)/aalco-$$stamp.dump" "$$DATABASE_URL" && \
	$(PY) manage.py check_consistency --skip-files --write-manifest "$(BACKUP_DIR)/aalco-$$stamp.json" >/dev/null && \
	echo "$(BACKUP_DIR)/aalco-$$stamp.dump"

# make restore BACKUP=var/backups/aalco-....dump: into DATABASE_URL (an empty database, or
# one whose tables are replaced), then the consistency check against the backup's manifest.
restore: install
	@test -n "$(BACKUP)" || { echo "make restore BACKUP=path/to/aalco-....dump"; exit 2; }
	@case "$$DATABASE_URL" in postgres*) ;; *) echo "make restore: set DATABASE_URL to the PostgreSQL database"; exit 2;; esac
	pg_restore --clean --if-exists --no-owner --no-privileges --exit-on-error --dbname="$$DATABASE_URL" "$(BACKUP)"
	$(PY) manage.py check_consistency --manifest "$(basename $(BACKUP)).json"

clean:
	rm -rf $(VENV) var/aalco.sqlite3 var/static test-artifacts
