# Entry points. `make test` and `make plan EXAMPLE=<name>` set everything up themselves.
SHELL := /bin/bash
# Python may cache byte code (a machine that sets PYTHONDONTWRITEBYTECODE, as this one does, would otherwise compile
# apigwkit, the tests and pytest's assertion rewriting of every test module again in every process of every run:
# ~10 s of CPU per `make test`). The caches are __pycache__ folders, ignored by git and by the Lambda build.
export PYTHONDONTWRITEBYTECODE :=
.DEFAULT_GOAL := help

# Python 3.12 (the Lambda runtime): from PATH, or from pyenv's versions when the shim hides it.
PYTHON ?= $(shell for p in python3.12 $$HOME/.pyenv/versions/3.12*/bin/python3.12; do \
             $$p -c 'import sys; assert sys.version_info[:2] == (3, 12)' 2>/dev/null && { echo $$p; break; }; done)
VENV      := .venv
BIN       := $(VENV)/bin
UV        := $(BIN)/uv
TERRAFORM := $(BIN)/terraform
CHECKOV_VENV := .venv-checkov
PROVIDER_DIR := build/provider
SCHEMA_WHEEL_DIR := build/downloads
TF_DIRS = $(wildcard modules examples tests/fixtures)
EXAMPLE ?=
PORT ?= 8080

STAMP_DEPS    := $(VENV)/.deps.stamp
STAMP_ENGINE  := $(VENV)/.engine.stamp
STAMP_SCHEMA  := $(PROVIDER_DIR)/.schema.stamp
STAMP_CHECKOV := $(CHECKOV_VENV)/.deps.stamp
STAMP_TESTS   := $(VENV)/.tests.stamp
SCHEMA_SOURCES := $(wildcard apigwkit/provider_double/schema/*.py) tools/requirements-provider-schema.lock
# What the served schema adds to the bindings' (block item limits from the rules, provider_meta, functions).
SERVED_SCHEMA_SOURCES := apigwkit/provider_double/schema_store.py apigwkit/provider_double/functions.py \
                         $(wildcard apigwkit/provider_double/rules/*.py)

ENV ?= dev
PLAN_FILE ?= build/deploy/tfplan
URL ?=
NAME ?=
SMOKE_RESULT ?=
# Values a caller chooses (the deploy workflow's inputs among them) reach recipes only as environment variables,
# quoted there ("$$EXAMPLE"), never pasted into the recipe's shell text: `make plan EXAMPLE='x; id'` runs no `id`.
export EXAMPLE ENV PLAN_FILE URL NAME SMOKE_RESULT PORT

.PHONY: help setup system-packages build test fmt fmt-check validate pytest lint plan run token plan-summary plan-out \
        apply output smoke canary lambda-canary policy provider-schema docs cost bench clean test-module

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | sort | column -t -s $$'\t'

setup: $(STAMP_DEPS) $(STAMP_ENGINE) $(STAMP_SCHEMA) $(STAMP_CHECKOV) build system-packages ## virtualenvs, engine, provider double, tools, Lambda packages, Debian packages (idempotent)

# Debian packages: chromium for the browser tests (tests/local/browser_testkit.py), wrk as make bench's load generator.
# Installed with apt-get when missing, as root or through sudo -n; without either, say what is missing (the browser
# tests then fail, saying so).
SYSTEM_PACKAGES := chromium wrk
system-packages:
	@missing="$$(for p in $(SYSTEM_PACKAGES); do command -v $$p >/dev/null 2>&1 || echo $$p; done | xargs)"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then sudo=""; elif command -v sudo >/dev/null 2>&1; then sudo="sudo -n"; else sudo=none; fi; \
	  if [ "$$sudo" = none ]; then echo "missing Debian packages: $$missing (apt-get install -y $$missing as root)"; \
	  else echo "installing Debian packages: $$missing"; \
	    $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq $$missing >/dev/null \
	      || echo "could not install $$missing (apt-get install -y $$missing as root)"; fi; \
	fi

# pytest's assertion rewriting of every test module, done once and cached in __pycache__: each xdist worker would
# otherwise rewrite all of them (~3 s of CPU each) before it runs a test.
TEST_SOURCES := $(shell git ls-files 'tests/*.py' 'lambda_src/*/tests/*.py' 2>/dev/null)
$(STAMP_TESTS): $(STAMP_DEPS) $(TEST_SOURCES)
	$(BIN)/python -m pytest --collect-only -q -n 0 -p no:cacheprovider > /dev/null
	@touch $@

build: $(STAMP_DEPS) ## package every function of lambda_src/ into build/lambda (skips unchanged ones)
	$(BIN)/python -m apigwkit.lambda_build

# The virtualenv gets no pip of its own (ensurepip costs ~2.5 s): $(PYTHON)'s pip installs uv into it (pip >= 22.3
# takes --python), and uv everything else; a $(PYTHON) without a pip that can gives the virtualenv one instead.
$(BIN)/python:
	@test -n "$(PYTHON)" || { echo "Python 3.12 not found: install it or pass PYTHON=/path/to/python3.12"; exit 1; }
	$(PYTHON) -m venv --without-pip $(VENV)

BOOTSTRAP := install -q --disable-pip-version-check --require-hashes -r tools/requirements-bootstrap.lock
$(UV): $(BIN)/python tools/requirements-bootstrap.lock
	$(PYTHON) -m pip --python $(BIN)/python $(BOOTSTRAP) 2>/dev/null \
	  || { $(BIN)/python -m ensurepip >/dev/null && $(BIN)/python -m pip $(BOOTSTRAP); }
	@touch $@

# No --compile-bytecode: compiling every installed module costs ~8 s of set-up (~5 s for checkov's), and most are never
# imported. Each module is compiled when a process first imports it, and cached (PYTHONDONTWRITEBYTECODE is unset above).
$(STAMP_DEPS): $(UV) requirements.lock pyproject.toml
	$(UV) pip sync -q --python $(BIN)/python requirements.lock
	$(UV) pip install -q --python $(BIN)/python --no-deps -e .
	@touch $@

$(STAMP_ENGINE): $(STAMP_DEPS) apigwkit/engine/install.py apigwkit/provider_double/tls.py
	$(BIN)/python -m apigwkit.engine.install --schema-dir $(PROVIDER_DIR)
	@touch $@

$(SCHEMA_WHEEL_DIR)/.stamp: $(UV) tools/requirements-provider-schema.lock
	$(PYTHON) -m pip download -q --disable-pip-version-check --no-deps --require-hashes \
	  -r tools/requirements-provider-schema.lock -d $(SCHEMA_WHEEL_DIR) 2>/dev/null \
	  || $(BIN)/python -m pip download -q --disable-pip-version-check --no-deps --require-hashes \
	  -r tools/requirements-provider-schema.lock -d $(SCHEMA_WHEEL_DIR)
	@touch $@

$(PROVIDER_DIR)/schema.json: $(STAMP_DEPS) $(SCHEMA_WHEEL_DIR)/.stamp $(SCHEMA_SOURCES)
	@mkdir -p $(PROVIDER_DIR)
	set -o pipefail; $(BIN)/python -m apigwkit.provider_double.schema.generate \
	  --wheel $$(ls $(SCHEMA_WHEEL_DIR)/cdktn_provider_aws-*.whl) --out $(PROVIDER_DIR)/schema.json \
	  | tee $(PROVIDER_DIR)/schema.summary  # what it printed: tests/provider_double/test_schema_generation.py reads it

$(STAMP_SCHEMA): $(PROVIDER_DIR)/schema.json $(SERVED_SCHEMA_SOURCES)
	$(BIN)/python -m apigwkit.provider_double.schema_store $(PROVIDER_DIR)/schema.json --out $(PROVIDER_DIR)
	@touch $@

provider-schema: $(STAMP_SCHEMA) ## regenerate the provider double's schema from the pinned bindings

$(STAMP_CHECKOV): $(UV) tools/requirements-checkov.lock
	@test -x $(CHECKOV_VENV)/bin/python || $(PYTHON) -m venv --without-pip $(CHECKOV_VENV)  # uv installs into it
	$(UV) pip sync -q --python $(CHECKOV_VENV)/bin/python tools/requirements-checkov.lock
	@touch $@

fmt: setup ## rewrite Terraform and Python files in canonical format
	$(TERRAFORM) fmt -recursive $(or $(TF_DIRS),.)
	$(BIN)/ruff format apigwkit tests lambda_src

fmt-check: setup ## fail on unformatted Terraform
	@if [ -n "$(TF_DIRS)" ]; then for d in $(TF_DIRS); do $(TERRAFORM) fmt -check -recursive -diff $$d || exit 1; done; fi
	@echo "fmt-check: ok"

lint: setup ## ruff over the Python code, actionlint and zizmor (security, offline) over the workflows
	$(BIN)/ruff check apigwkit tests lambda_src
	$(BIN)/ruff format --check apigwkit tests lambda_src
	$(BIN)/actionlint
	$(BIN)/zizmor --offline --quiet .github

validate: setup ## terraform validate every directory under modules/ and examples/
	$(BIN)/python -m apigwkit.cli validate-all

# --durations and the JUnit report feed `make bench` (the slowest tests, seconds per file).
pytest: setup $(STAMP_TESTS) ## the Python test suite (its output, with the 15 slowest tests, also in build/bench/pytest.log)
	@mkdir -p build/bench
	set -o pipefail; $(BIN)/python -m pytest -n 2 -q --durations=15 --junitxml=build/bench/pytest-junit.xml \
	  | tee build/bench/pytest.log

TEST_PHASES := setup fmt-check lint validate policy pytest

# Each phase's wall time goes to build/bench/make-test-phases.tsv (milliseconds) for `make bench`, the total
# to build/bench/make-test-seconds.
# After set-up, a phase that passed with nothing changed since (apigwkit/incremental.py: the working tree, the installed
# packages, the environment) is not run again, and says so; FORCE=1 runs every phase.
test: ## everything CI runs, phase by phase (set-up, fmt-check, lint, validate, policy, pytest); FORCE=1: even unchanged ones
	@mkdir -p build/bench; : > build/bench/make-test-phases.tsv; \
	for phase in $(TEST_PHASES); do \
	  started=$$(date +%s%N); \
	  if [ $$phase = setup ]; then \
	    $(MAKE) --no-print-directory -j2 --output-sync=target $(STAMP_TESTS) setup || exit 1; tree=$$($(BIN)/python -m apigwkit.incremental fingerprint) || exit 1; \
	  elif [ -z "$(FORCE)" ] && $(BIN)/python -m apigwkit.incremental unchanged $$phase $$tree; then :; \
	  else $(MAKE) --no-print-directory $$phase || exit 1; $(BIN)/python -m apigwkit.incremental passed $$phase $$tree; fi; \
	  echo -e "$$phase\t$$(( ($$(date +%s%N) - started) / 1000000 ))" >> build/bench/make-test-phases.tsv; \
	done; awk -F'\t' '{ printf "  %-10s %6.1f s\n", $$1, $$2 / 1000; t += $$2 } END { printf "make test: %.1f s\n", t / 1000 }' \
	  build/bench/make-test-phases.tsv; \
	awk -F'\t' '{ t += $$2 } END { printf "%d\n", t / 1000 }' build/bench/make-test-phases.tsv > build/bench/make-test-seconds

MODULE ?=
# Only a module's directory name (one word, with a test file) is let through: MODULE is never pasted into a shell.
MODULE_NAMES := $(filter $(notdir $(wildcard modules/*)),$(patsubst tests/modules/test_%.py,%,$(wildcard tests/modules/test_*.py)))
MODULE_NAME = $(if $(filter 1,$(words $(MODULE))),$(filter $(MODULE_NAMES),$(MODULE)))
MODULE_EXAMPLES = $(sort $(foreach f,$(shell grep -l 'modules/$(MODULE_NAME)"' examples/*/*.tf 2>/dev/null),$(word 2,$(subst /, ,$(f)))))

test-module: setup ## one module's tests, and the examples calling it applied, re-planned and destroyed: make test-module MODULE=<name>
	@test -n "$(MODULE_NAME)" || { echo "usage: make test-module MODULE=<name>; modules: $(MODULE_NAMES)"; exit 2; }
	$(BIN)/python -m pytest -n 2 -q tests/modules/test_$(MODULE_NAME).py \
	  $(foreach e,$(MODULE_EXAMPLES),"tests/examples/test_examples_apply.py::test_the_example_applies_on_a_new_account_plans_empty_and_destroys[$(e)]")

plan: setup ## plan an example offline: make plan EXAMPLE=<name>
	@test -n "$$EXAMPLE" || { echo "usage: make plan EXAMPLE=<name>; examples: $$(ls examples 2>/dev/null | tr '\n' ' ')"; exit 2; }
	$(BIN)/python -m apigwkit.cli plan "examples/$$EXAMPLE"

# VARS: Terraform variables, name=value words (a value that parses as JSON is used as such); like the values above they
# reach the recipe as an environment variable only, split into words there with globbing off.
VARS ?=
export VARS
run: setup ## apply an example offline and serve it on 127.0.0.1:8080 (demo client on PORT-1): make run EXAMPLE=<name> [PORT=8080] [VARS='name=value ...']
	@test -n "$$EXAMPLE" || { echo "usage: make run EXAMPLE=<name>; examples: $$(ls examples 2>/dev/null | tr '\n' ' ')"; exit 2; }
	@set -f; options=(); for v in $$VARS; do options+=(--var "$$v"); done; \
	  $(BIN)/python -m apigwkit.local "examples/$$EXAMPLE" --port "$$PORT" "$${options[@]}"

# USER counts only when given on the command line (the environment's USER is the login name). Like the values
# above, these reach the recipe as environment variables only.
TOKEN_USER = $(if $(filter command line,$(origin USER)),$(USER),local-user@example.com)
SCOPES ?=
TOKEN ?= access
export TOKEN_USER SCOPES TOKEN
token: $(STAMP_DEPS) ## a Cognito token of a running make run: make -s token EXAMPLE=<name> USER=<email> [SCOPES="a b"] [TOKEN=id]
	@test -n "$$EXAMPLE" || { echo "usage: make -s token EXAMPLE=<name> USER=<email> [SCOPES=...] [TOKEN=id]"; exit 2; }
	@options=(); for scope in $$SCOPES; do options+=(--scope "$$scope"); done; \
	  if [ "$$TOKEN" = id ]; then options+=(--id-token); fi; \
	  $(BIN)/python -m apigwkit.local.token "examples/$$EXAMPLE" --user "$$TOKEN_USER" "$${options[@]}"

plan-summary: setup ## plan every example offline; print a Markdown table
	@$(BIN)/python -m apigwkit.cli plan-summary

plan-out: setup ## deploy step 1: make plan-out EXAMPLE=<name> ENV=<env> [PLAN_FILE=…] (saved plan)
	$(BIN)/python -m apigwkit.deploy plan --example "$$EXAMPLE" --env "$$ENV" --plan-file "$$PLAN_FILE"

apply: setup ## deploy step 2: apply exactly the saved plan: make apply EXAMPLE=<name> ENV=<env>
	$(BIN)/python -m apigwkit.deploy apply --example "$$EXAMPLE" --env "$$ENV" --plan-file "$$PLAN_FILE"

output: ## print one output of a deployed example: make output EXAMPLE=<name> NAME=<output>
	@$(BIN)/python -m apigwkit.deploy output --example "$$EXAMPLE" --name "$$NAME"

smoke: $(STAMP_DEPS) ## GET a URL until 2xx (fails otherwise): make smoke URL=https://…
	$(BIN)/python -m apigwkit.deploy smoke "$$URL"

canary: setup ## promote (SMOKE_RESULT=success, 5XX alarm quiet) or roll back a REST canary: make canary EXAMPLE=<name> ENV=<env> SMOKE_RESULT=...
	$(BIN)/python -m apigwkit.deploy canary --example "$$EXAMPLE" --env "$$ENV" --smoke-result "$$SMOKE_RESULT"

lambda-canary: setup ## shift each function's alias to its new version with CodeDeploy (smoke test, alarm rollback), promote what succeeded: make lambda-canary EXAMPLE=<name> ENV=<env>
	$(BIN)/python -m apigwkit.deploy lambda-canary --example "$$EXAMPLE" --env "$$ENV"

policy: setup ## the checkov gate over modules, examples and example plans (fails on a failed check; SARIF in build/checkov; unchanged scans reused)
	$(BIN)/python -m apigwkit.policy --sarif build/checkov/results.sarif

docs: $(STAMP_DEPS) ## write the API modules' stage_inputs.tf from modules/_shared, then every module README's inputs/outputs tables
	$(BIN)/python -m apigwkit.docs

cost: $(STAMP_DEPS) ## compare HTTP/REST/WebSocket monthly cost: make cost ARGS="--requests 4e8 --response-kb 10"
	@$(BIN)/python -m apigwkit.cost $(ARGS)

# Interface changes (variables, outputs, resource addresses, requirements) of every module between two refs,
# computed from the code; FROM defaults to the last vX.Y.Z tag. The release workflow checks versions with it.
.PHONY: release-notes
FROM ?=
TO ?= HEAD
release-notes: $(STAMP_DEPS) ## interface changes between two refs: make release-notes FROM=<ref> [TO=<ref>]
	@$(BIN)/python -m apigwkit.release notes $(if $(FROM),--from "$(FROM)") --to "$(TO)"

bench: setup ## benchmarks of the engine, the provider double and the Lambdas' cold start: make bench [ARGS="--only handlers"]
	$(BIN)/python -m apigwkit.bench $(ARGS)

clean: ## remove build outputs (keeps the virtualenvs)
	rm -rf build .pytest_cache .ruff_cache
