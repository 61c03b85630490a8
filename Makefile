# LiNK English. `make run` serves the demo; `make test` runs the whole suite.
PYTHON ?= python3
PORT ?= 5000
VENV := .venv
PY := $(VENV)/bin/python
FLASK := FLASK_DEBUG=1 $(VENV)/bin/flask --app linkenglish
PYTEST_ARGS ?=

.PHONY: run install chromium test test-pg lint format messages clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

run: install
	$(PY) -m linkenglish.keys instance
	$(FLASK) db upgrade
	$(FLASK) seed-demo --if-empty
	@echo "Serving LiNK English on http://127.0.0.1:$(PORT)/"
	$(FLASK) run --host 127.0.0.1 --port $(PORT)

# Browser journeys drive Debian's chromium through Playwright (no browser download).
chromium:
	@command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing Debian's chromium for the browser tests..."; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Browser tests need Debian's chromium: sudo apt-get install chromium"; exit 1; fi; }

test: install chromium
	$(PY) -m pytest -n auto $(PYTEST_ARGS)

test-pg: install chromium
	bash .ci/with-postgres $(PY) -m pytest -n auto $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Collect every _() string into the catalogue translators work from.
messages: install
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -o linkenglish/translations/messages.pot .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
