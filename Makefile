# LiNK English. `make run` serves the demo; `make test` runs the whole suite.
PYTHON ?= python3
PORT ?= 5000
VENV := .venv
PY := $(VENV)/bin/python
FLASK := FLASK_DEBUG=1 $(VENV)/bin/flask --app linkenglish
PYTEST_ARGS ?=

.PHONY: run install icu chromium vnu wrk bench test test-pg lint format messages clean

$(VENV)/.installed: pyproject.toml | icu
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

# PyICU (look-alike names, consent/lookalike.py) compiles against Debian's ICU: libicu-dev and
# pkg-config are installed here when root or password-less sudo allows (about 3 minutes of
# compiling on the first install).
HAVE_ICU = { command -v pkg-config >/dev/null && pkg-config --exists icu-i18n; }
icu:
	@$(HAVE_ICU) && exit 0; \
	if [ "$$(id -u)" = 0 ]; then sudo=""; \
	elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo -n"; \
	else echo "ERROR: PyICU needs Debian's libicu-dev and pkg-config:" \
	  "sudo apt-get install libicu-dev pkg-config" >&2; exit 1; fi; \
	echo "Installing Debian's libicu-dev and pkg-config for PyICU..."; \
	$$sudo apt-get update -qq && \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libicu-dev pkg-config >/dev/null

# Compiled message catalogues (.mo) are built from the .po files, not kept in git.
CATALOGUES := $(patsubst %.po,%.mo,$(wildcard linkenglish/translations/*/LC_MESSAGES/messages.po))

%.mo: %.po $(VENV)/.installed
	$(VENV)/bin/pybabel compile -i $< -o $@

install: $(VENV)/.installed $(CATALOGUES)

run: install
	$(PY) -m linkenglish.keys instance
	$(FLASK) db upgrade
	$(FLASK) seed-demo --if-empty
	@echo "Serving LiNK English on http://localhost:$(PORT)/"
	PUBLIC_URL=http://localhost:$(PORT) $(FLASK) run --host 127.0.0.1 --port $(PORT)

# Browser journeys drive Debian's chromium through Playwright (no browser download). When it
# is missing and cannot be installed (not root, no password-less sudo), `make test` runs
# everything else and says so loudly, before and after the tests; with REQUIRE_CHROMIUM=1
# (CI) that is an error instead. CHROMIUM=/path/to/chromium uses another build.
REQUIRE_CHROMIUM ?=
HAVE_CHROMIUM = { [ -n "$$CHROMIUM" ] || command -v chromium >/dev/null; }
SAY_NO_CHROMIUM = printf '\n%s\n%s\n%s\n%s\n\n' \
	'!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!' \
	'!!  BROWSER TESTS SKIPPED: Debian chromium is not installed.              !!' \
	'!!  Install it (sudo apt-get install chromium), then run make test again. !!' \
	'!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!' >&2
# $(call RUN_PYTEST,command,skip): the suite, without the browser journeys when there is no
# chromium, and without the tests marked skip (a pytest marker) when one is given.
RUN_PYTEST = if $(HAVE_CHROMIUM); then $(1) -n auto $(if $(2),-m "not $(2)") $(PYTEST_ARGS); else \
	status=0; $(1) -n auto -m "not browser$(if $(2), and not $(2))" $(PYTEST_ARGS) || status=$$?; \
	$(SAY_NO_CHROMIUM); exit $$status; fi
# Root, password-less sudo, or "none": how an install target may call apt-get.
SUDO = if [ "$$(id -u)" = 0 ]; then sudo=""; \
	elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo -n"; \
	else sudo=none; fi

chromium:
	@$(HAVE_CHROMIUM) && exit 0; \
	$(SUDO); \
	if [ "$$sudo" != none ]; then \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  $$sudo apt-get update -qq && \
	  $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	fi; \
	$(HAVE_CHROMIUM) && exit 0; \
	if [ -n "$(REQUIRE_CHROMIUM)" ]; then \
	  echo "ERROR: the browser tests need Debian's chromium and it could not be installed." >&2; \
	  exit 1; \
	fi; \
	$(SAY_NO_CHROMIUM)

# The HTML check (tests/test_sweep_html.py) runs the Nu Html Checker: the jar of the npm
# package vnu-jar, kept in .vnu/, on Java (Debian's default-jre-headless when java is missing).
VNU_VERSION := 26.9.27
VNU_JAR := .vnu/node_modules/vnu-jar/build/dist/vnu.jar

vnu:
	@command -v java >/dev/null && command -v npm >/dev/null && exit 0; \
	$(SUDO); \
	if [ "$$sudo" = none ]; then \
	  echo "ERROR: the HTML check needs java and npm: apt-get install default-jre-headless npm." >&2; \
	  exit 1; \
	fi; \
	echo "Installing Java (and npm if missing) for the HTML check..."; \
	$$sudo apt-get update -qq && \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless \
	  $$(command -v npm >/dev/null || echo npm) >/dev/null
	@test -f $(VNU_JAR) || npm install --silent --no-audit --no-fund --prefix .vnu vnu-jar@$(VNU_VERSION)

# The benchmark (bench/, issue 17): fills a bench-only database with SCALE times the issue's
# volume through the services, serves it with gunicorn (4 sync workers) beside a bare Flask
# "hello", and loads each page with Debian's wrk. DB=postgres uses a throwaway PostgreSQL;
# BENCH_SECONDS sets the length of each wrk run. Results land in bench/results/.
SCALE ?= 1
DB ?= sqlite
BENCH_SECONDS ?= 3

wrk:
	@command -v wrk >/dev/null && exit 0; \
	$(SUDO); \
	if [ "$$sudo" = none ]; then \
	  echo "ERROR: the benchmark needs Debian's wrk: sudo apt-get install wrk" >&2; exit 1; \
	fi; \
	echo "Installing Debian's wrk for the benchmark..."; \
	$$sudo apt-get update -qq && \
	$$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null

bench: install wrk
	$(if $(filter postgres,$(DB)),bash .ci/with-postgres) \
	  $(PY) -m bench --scale $(SCALE) --seconds $(BENCH_SECONDS)

# The accessibility and HTML sweeps (marker "sweep") do not depend on the database: test-pg
# leaves them to make test.
test: install chromium vnu
	@$(call RUN_PYTEST,$(PY) -m pytest)

test-pg: install chromium
	@$(call RUN_PYTEST,bash .ci/with-postgres $(PY) -m pytest,sweep)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Collect every _() string into the catalogue template and merge it into each language's
# .po (new strings arrive empty or marked fuzzy: translate them, then `make install`).
messages: install
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -o linkenglish/translations/messages.pot .
	$(VENV)/bin/pybabel update -i linkenglish/translations/messages.pot -d linkenglish/translations -w 100

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
