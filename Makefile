# The few commands everyone needs. `make run` serves the demo network; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
LAUNCHER := neo4j-local/target/neo4j-local.jar
NODE_MODULES := node_modules/.package-lock.json
# The graph browser's tests drive Debian's Chromium (Playwright never downloads a browser here).
CHROMIUM := /usr/bin/chromium
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
PEER_MODULES := bench/peer/node_modules/.package-lock.json
# `make bench` empties the database it runs on: by default its own local Neo4j, not `make run`'s.
BENCH_SIZE ?= full
BENCH_ENV := GRAPH_SERVICE_DATA_DIR=$${GRAPH_SERVICE_DATA_DIR:-.data-bench} NEO4J_LOCAL_PORT=$${NEO4J_LOCAL_PORT:-7697}

.PHONY: setup run test test-large lint typecheck unit bench fuzz soak clean

setup: $(INSTALLED) $(LAUNCHER) $(NODE_MODULES) $(CHROMIUM)

$(INSTALLED): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[dev]'
	touch $@

$(LAUNCHER): neo4j-local/pom.xml $(wildcard neo4j-local/src/main/java/graphservice/neo4jlocal/*.java)
	mvn --quiet --batch-mode -f neo4j-local/pom.xml package
	touch $@

$(NODE_MODULES): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

$(CHROMIUM):
	$(SUDO) apt-get update -qq
	$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core

$(PEER_MODULES): bench/peer/package.json bench/peer/package-lock.json
	npm ci --prefix bench/peer --no-audit --no-fund --loglevel=error
	touch $@

run: setup
	$(BIN)/graph-service serve

lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: setup
	$(BIN)/mypy

unit: setup
	$(BIN)/pytest tests/unit

test: lint typecheck
	$(BIN)/pytest

# schemathesis at volume: 1,000 generated GraphQL operations per role, no 5xx.
fuzz: setup
	GRAPH_SERVICE_FUZZ_OPERATIONS=1000 $(BIN)/pytest -s tests/integration/test_graphql_fuzzing.py -k generated

# The adversarial suite at full size: the 1,000-trial id races through the API and Neo4j, and
# 200 MB loads of CSV and of JSON under 500 MB of peak memory (about half an hour in all).
soak: setup
	GRAPH_SERVICE_SOAK=1 $(BIN)/pytest tests/adversarial
	FEED_TEST_MUTATIONS=5000 $(BIN)/pytest tests/integration/test_change_feed.py

# Minutes, not seconds: the graph browser on the 80,000-firm synthetic network (loaded first).
test-large: setup
	$(BIN)/pytest tests_large -s

bench: setup $(PEER_MODULES)
	$(BENCH_ENV) $(BIN)/python bench/run_all.py $(if $(filter quick,$(BENCH_SIZE)),--quick) $(if $(filter scale,$(BENCH_SIZE)),--scale)

# The change feed at ten times the size `make test` runs it: 5,000 mutations from 8 writers.
clean:
	rm -rf $(VENV) node_modules bench/peer/node_modules neo4j-local/target .mypy_cache .ruff_cache .pytest_cache
