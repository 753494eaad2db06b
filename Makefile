# The README's commands. CI (.ci/run) calls the same targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
HOST ?= 127.0.0.1

.PHONY: run test lint format messages demo migrate check clean checkers

# The virtual environment is rebuilt whenever a requirements file changes.
$(BIN)/activate: requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(BIN)/activate

venv: $(BIN)/activate

# The checkers the tests and audits run (package.json: the Nu Html Checker, Lighthouse),
# reinstalled whenever the lock file changes. --ignore-scripts: vnu-jar's install script would
# download a Java runtime from GitHub when there is no java; we use the system's.
node_modules/.package-lock.json: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --ignore-scripts --no-audit --no-fund; \
	else echo "No npm: the HTML validity test will be skipped (Debian: apt-get install nodejs npm default-jre-headless)."; fi

checkers: node_modules/.package-lock.json

var:
	mkdir -p var

migrate: venv var
	$(BIN)/python manage.py migrate --noinput

# Demo content only into an empty database, so staff edits are never reverted.
demo: migrate
	$(BIN)/python manage.py load_demo --if-empty --with-demo-admin

run: demo
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: venv checkers
	$(BIN)/python -m pytest

lint: venv var
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

format: venv
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Extract interface strings into the .po files, then compile the .mo files that are committed.
messages: venv
	$(BIN)/python manage.py makemessages --all --no-obsolete --ignore=.venv --ignore=var --ignore=tests
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache node_modules
