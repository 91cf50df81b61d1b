# ServiceLab's two entry points are `make serve` and `make test`. Every other
# target is a step they share. Each set-up step installs only what is missing
# or at the wrong version, so a second run starts straight away.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
export PATH := $(HOME)/.cargo/bin:$(PATH)

TRUNK_VERSION := 0.21.14
# wasm-bindgen-cli must match the wasm-bindgen crate exactly; read it from the lock file.
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/ { getline; gsub(/"/, "", $$3); print $$3; exit }' Cargo.lock)
CHROMIUM ?= /usr/bin/chromium
CHROMEDRIVER ?= /usr/bin/chromedriver
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := nodejs npm chromium chromium-driver sqlite3
ADDRESS ?= 127.0.0.1
PORT ?= 8080

.PHONY: serve test build setup setup-rust setup-node setup-system \
	test-native test-browser test-e2e lint clean

## Serve the app at http://127.0.0.1:8080, rebuilding on change.
serve: setup-rust setup-node
	trunk serve --address $(ADDRESS) --port $(PORT)

## Run every test: native core, sql.js conformance in Chromium, end to end.
test: setup test-native test-browser test-e2e

## The release build in dist/, with relative paths (serve it from any folder).
build: setup-rust setup-node
	trunk build --release

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

# Node and npm come from Debian when missing; the packages from the lock file.
setup-node: node_modules/.package-lock.json

node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { $(SUDO) apt-get update && \
		$(SUDO) DEBIAN_FRONTEND=noninteractive apt-get install -y nodejs npm; }
	npm ci --no-audit --no-fund
	@touch $@

# Chromium, ChromeDriver and the sqlite3 shell, from Debian.
setup-system:
	@missing=""; \
	for tool in node npm $(CHROMIUM) $(CHROMEDRIVER) sqlite3; do \
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

# The release build served from a sub-path and driven by Playwright.
test-e2e: build
	CHROMIUM_PATH=$(CHROMIUM) node --test tests/e2e/

lint:
	cargo fmt --all -- --check
	cargo clippy --workspace --all-targets -- -D warnings

clean:
	rm -rf dist target/browser-tests.log test-results
