# menkyo — developer entry points.
#
#   make run     set up, migrate, load demo data, serve http://127.0.0.1:8000/
#   make test    set up, lint, then the whole test suite on SQLite and on PostgreSQL 15,
#                and the replica proof on a PostgreSQL primary + streaming replica
#
# Both work on a fresh Debian 12 machine with Python 3.11: `make setup`
# installs the Debian packages menkyo needs (only those missing), creates
# .venv, installs menkyo with its pinned dependencies and creates the
# development keys. Every step is skipped when already done.
#
# Variables: HOST, PORT (make run), PYTEST_ARGS (every test run),
# PYTEST_PG_ARGS (the PostgreSQL run only), BENCH_ARGS, PYTHON.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
.NOTPARALLEL:

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3 2>/dev/null)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.menkyo-installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# Browser and schemathesis tests drive their own server process with its own SQLite file
# (docs/adr/0003-test-databases.md), so the PostgreSQL run leaves them out.
PYTEST_PG_ARGS ?= -m "not browser and not server"
BENCH_ARGS ?=

# Debian packages: PostgreSQL 15 (tests), chromium (browser tests),
# Noto CJK fonts and the Pango/HarfBuzz libraries WeasyPrint loads (PDF forms),
# oathtool (TOTP codes for the demo logins).
APT_PACKAGES := postgresql-15 chromium fonts-noto-cjk libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 oathtool
SUDO := $(shell [ "$$(id -u)" -eq 0 ] || echo sudo)

export DEBIAN_FRONTEND := noninteractive
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: help setup system-packages venv keys run migrate demo test test-sqlite \
	test-postgres test-replica lint bench bench-rules bench-inquiry bench-centre bench-notices bench-renewal bench-violations \
	clean distclean

help:
	@echo "menkyo make targets:"
	@echo "  make run            set up, migrate, load demo data, serve http://$(HOST):$(PORT)/"
	@echo "  make test           set up, lint, run the tests on SQLite and on PostgreSQL 15"
	@echo "  make setup          Debian packages, .venv, pinned dependencies, development keys"
	@echo "  make lint           ruff; mypy on the law engine; import-linter (the layers, ADR 0005)"
	@echo "  make test-sqlite    the test suite on SQLite only"
	@echo "  make test-postgres  the test suite on a throw-away PostgreSQL 15 only"
	@echo "  make test-replica   inquiries read from a streaming replica, audit on the primary"
	@echo "  make bench          benchmarks (bench/seed)"
	@echo "  make bench-rules    law engine throughput on one core (bench/rules)"
	@echo "  make bench-inquiry  inquiries on 10M holders behind menkyo serve (bench/inquiry)"
	@echo "  make bench-centre   a large centre's day, 2,000 applicants on 1M holders (bench/centre)"
	@echo "  make bench-notices  a month's 更新連絡書 for a 10M-holder commission (bench/notices)"
	@echo "  make bench-renewal  1,000 renewals through the API on 1M holders (bench/renewal)"
	@echo "  make bench-violations  17,000 violations in batches through the API on 1M holders (bench/violations)"
	@echo "  make clean          remove caches and build output"
	@echo "  make distclean      clean, and remove .venv and the development database"

# ---------------------------------------------------------------- setup

setup: system-packages venv keys

system-packages:
	@missing=""; \
	if [ -z "$(PYTHON)" ]; then echo "make: Python 3.11 (python3.11 or python3) not found" >&2; exit 1; fi; \
	for pkg in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' "$$pkg" 2>/dev/null | grep -q "install ok installed" \
	    || missing="$$missing $$pkg"; \
	done; \
	if [ ! -x $(BIN)/python ] && ! "$(PYTHON)" -c "import ensurepip, venv" 2>/dev/null; then \
	  missing="$$missing python3-venv"; \
	fi; \
	if [ -n "$$missing" ]; then \
	  echo "==> installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -q; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	fi

venv:
	@if [ ! -x $(BIN)/python ]; then \
	  "$(PYTHON)" -c 'import sys; assert sys.version_info[:2] == (3, 11), "menkyo needs Python 3.11, found " + sys.version.split()[0]'; \
	  echo "==> creating $(VENV) with $$("$(PYTHON)" --version)"; \
	  "$(PYTHON)" -m venv $(VENV); \
	fi
	@want="$$(sha256sum pyproject.toml | cut -d' ' -f1)"; \
	if [ "$$(cat $(STAMP) 2>/dev/null)" != "$$want" ]; then \
	  echo "==> installing menkyo and its pinned dependencies into $(VENV)"; \
	  $(BIN)/pip install -q -e '.[dev]'; \
	  echo "$$want" > $(STAMP); \
	fi

keys: venv
	@$(BIN)/menkyo keys init

# ---------------------------------------------------------------- run

migrate: setup
	$(BIN)/menkyo migrate

demo: migrate
	$(BIN)/menkyo demo

run: demo
	@echo
	@echo "==> menkyo is running at http://$(HOST):$(PORT)/  (API: http://$(HOST):$(PORT)/api/v1/docs)  Ctrl-C stops it"
	@echo
	$(BIN)/menkyo serve --bind $(HOST):$(PORT)

# ---------------------------------------------------------------- checks

lint: setup
	$(BIN)/ruff check src tests
	$(BIN)/mypy src/menkyo/rules
	$(BIN)/lint-imports

# The SQLite run ignores any DATABASE_URL in the environment.
test-sqlite: setup
	env -u DATABASE_URL $(BIN)/pytest $(PYTEST_ARGS)

test-postgres: setup
	scripts/with-postgres $(BIN)/pytest $(PYTEST_PG_ARGS) $(PYTEST_ARGS)

# A real primary and streaming replica on loopback (scripts/with-postgres --replica): the
# tests marked "replica" prove that inquiries are served by the replica and audited on the primary.
test-replica: setup
	scripts/with-postgres --replica $(BIN)/pytest tests/replica -m replica -v -s -p no:cacheprovider

# Both databases run even when the first fails, so one CI run shows both;
# `make test` fails when lint or any run fails (pytest exit 5, "no tests
# collected", counts as a failure, except in the browser run when PYTEST_ARGS
# picks tests that have no browser test). The SQLite and PostgreSQL runs of the
# tests that need no server go side by side (each with its own MENKYO_VAR and
# pytest temp dir; their output is printed when both end), then the browser and
# server tests run alone, so the production server and chromium have the CPUs.
TEST_OUT := $(CURDIR)/test-results
UNIT_ARGS := -p no:cacheprovider -m "not browser and not server"

test: setup lint
	@sqlite=0; postgres=0; browser=0; replica=0; \
	rm -rf $(TEST_OUT); \
	for run in sqlite postgres; do \
	  mkdir -p $(TEST_OUT)/$$run/var; ln -s $(CURDIR)/var/keys $(TEST_OUT)/$$run/var/keys; \
	done; \
	echo "==> tests without a server, on SQLite and on PostgreSQL 15 side by side"; \
	MENKYO_VAR=$(TEST_OUT)/sqlite/var env -u DATABASE_URL $(BIN)/pytest $(UNIT_ARGS) \
	  --basetemp=$(TEST_OUT)/sqlite/tmp $(PYTEST_ARGS) >$(TEST_OUT)/sqlite.log 2>&1 & sqlite_pid=$$!; \
	MENKYO_VAR=$(TEST_OUT)/postgres/var scripts/with-postgres $(BIN)/pytest $(UNIT_ARGS) \
	  --basetemp=$(TEST_OUT)/postgres/tmp $(PYTEST_ARGS) >$(TEST_OUT)/postgres.log 2>&1 & postgres_pid=$$!; \
	wait $$sqlite_pid || sqlite=$$?; wait $$postgres_pid || postgres=$$?; \
	echo "==> tests on SQLite"; cat $(TEST_OUT)/sqlite.log; \
	echo "==> tests on PostgreSQL 15"; cat $(TEST_OUT)/postgres.log; \
	echo "==> browser and server tests (the production server on its own SQLite file)"; \
	env -u DATABASE_URL $(BIN)/pytest -p no:cacheprovider -m "browser or server" $(PYTEST_ARGS) || browser=$$?; \
	$(if $(strip $(PYTEST_ARGS)),[ "$$browser" -ne 5 ] || browser=0;) \
	echo "==> inquiry reads on a PostgreSQL 15 streaming replica"; \
	scripts/with-postgres --replica $(BIN)/pytest tests/replica -m replica -v -s -p no:cacheprovider \
	  || replica=$$?; \
	echo "==> pytest exit status: SQLite $$sqlite, PostgreSQL $$postgres, browser $$browser, replica $$replica"; \
	[ "$$sqlite" -eq 0 ] && [ "$$postgres" -eq 0 ] && [ "$$browser" -eq 0 ] && [ "$$replica" -eq 0 ]

bench: setup
	PATH="$(CURDIR)/$(BIN):$$PATH" bench/seed $(BENCH_ARGS)

# Inquiries behind the production server on PostgreSQL (default 10,000,000 holders; BENCH_ARGS="--holders 1000000").
bench-inquiry: setup
	PATH="$(CURDIR)/$(BIN):$$PATH" bench/inquiry $(BENCH_ARGS)

# A large centre's day through the API on PostgreSQL: 2,000 applicants from intake to hand-over on
# 1,000,000 holders (BENCH_ARGS="--holders 20000 --applicants 200" for a quick run).
bench-centre: setup
	PATH="$(CURDIR)/$(BIN):$$PATH" bench/centre $(BENCH_ARGS)

# A month's 更新連絡書 for one commission on PostgreSQL (default 10,000,000 holders; the data in under 5 minutes).
bench-notices: setup
	PATH="$(CURDIR)/$(BIN):$$PATH" bench/notices $(BENCH_ARGS)

# Renewals through the API on PostgreSQL: 1,000 renewals on 1,000,000 holders.
bench-renewal: setup
	PATH="$(CURDIR)/$(BIN):$$PATH" bench/renewal $(BENCH_ARGS)

# Violation batches from the other police systems through the API on PostgreSQL: 17,000 on 1,000,000 holders.
bench-violations: setup
	PATH="$(CURDIR)/$(BIN):$$PATH" bench/violations $(BENCH_ARGS)

# Assessments and renewals per second on one core (targets 20,000 and 50,000).
bench-rules: setup
	bench/rules $(BENCH_ARGS)

# ---------------------------------------------------------------- cleaning

clean:
	rm -rf build dist src/*.egg-info .pytest_cache .ruff_cache .hypothesis test-results
	find src tests bench -name __pycache__ -type d -prune -exec rm -rf {} + 2>/dev/null || true

# Keeps var/keys: the audit signing key is not something to lose by accident.
distclean: clean
	rm -rf $(VENV) var/menkyo.sqlite3 var/menkyo.sqlite3-wal var/menkyo.sqlite3-shm var/static
