# OpenFEM build and test entry points. Newcomers need two: `make serve` and `make test`.
# Second runs are fast: setup skips what is installed, cargo and make skip what is up to date.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-builtin-rules
# A recipe that fails half-way (e.g. wasm-opt missing) must not leave a target that looks done.
.DELETE_ON_ERROR:

CARGO ?= cargo
NODE ?= node
TARGET_DIR := $(or $(CARGO_TARGET_DIR),target)
WASM_TARGET := wasm32-unknown-unknown
WASM_RAW := $(TARGET_DIR)/$(WASM_TARGET)/wasm-release/openfem.wasm
CLI := $(TARGET_DIR)/release/openfem
WASM_OPT := node_modules/.bin/wasm-opt
# rustc >= 1.82 emits these post-MVP features by default (they are listed in the wasm's
# target_features section); wasm-opt must accept them or it rejects or mangles the module.
WASM_FEATURES := --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
                 --enable-mutable-globals --enable-reference-types --enable-multivalue
# rustc links the 1 MiB stack first (it grows down towards 0; data starts at 1 MiB), so the low
# 1 KiB of memory is only reached by a stack overflow: wasm-opt may then fold constant address
# offsets into loads and stores (-10 KB wasm, -3.4 KB gzipped).
WASM_OPT_ASSUME := --low-memory-unused
PORT ?= 8080
# Leptos erases each component's and view's type (AnyView, shared closures) instead of
# monomorphising render code per view: -5% wasm gzipped (docs/performance.md, "Size").
WASM_RUSTFLAGS := --cfg erase_components

# Everything the wasm depends on (the bank JSON is embedded at build time).
SOURCES := Cargo.toml Cargo.lock $(shell find src -type f \( -name '*.rs' -o -name '*.json' -o -name '*.ftl' \) 2>/dev/null)
SITE := index.html $(shell find www -type f 2>/dev/null)
# The npm package's committed sources (pkg/ is build output).
NPM_SOURCES := $(shell find npm -type f 2>/dev/null)

.PHONY: help setup build web pkg dist serve test test-rust lint types e2e bench size clean FORCE

help:
	@echo "make serve   build the site and serve it on http://127.0.0.1:$(PORT)/"
	@echo "make test    unit tests, clippy, fmt, the npm types, browser tests"
	@echo "other: setup build web pkg dist e2e lint types bench size clean"

setup:
	@bash scripts/setup.sh

## native CLI and library (release: the e2e tests compare the widget with `openfem score`)
build:
	$(CARGO) build --release

## wasm: cargo -> wasm-bindgen -> wasm-opt, into pkg/
web: pkg/openfem_bg.wasm

# cargo decides whether anything changed; the file's mtime only moves when it did.
$(WASM_RAW): FORCE
	RUSTFLAGS="$(WASM_RUSTFLAGS) $${RUSTFLAGS:-}" $(CARGO) build --lib --profile wasm-release --target $(WASM_TARGET)

pkg/openfem_bg.wasm: $(WASM_RAW)
	@mkdir -p pkg
	wasm-bindgen --target web --no-typescript --out-dir pkg --out-name openfem $(WASM_RAW)
	$(WASM_OPT) -Oz $(WASM_OPT_ASSUME) $(WASM_FEATURES) pkg/openfem_bg.wasm -o pkg/openfem_bg.opt.wasm
	mv pkg/openfem_bg.opt.wasm pkg/openfem_bg.wasm
	@touch pkg/openfem_bg.wasm

pkg/openfem.js: pkg/openfem_bg.wasm

## pkg/: the npm package `openfem` (<openfem-assessment>): the wasm and its glue, plus npm/'s
## element, types, package.json and README; widget.css = npm/widget.css + www/styles.css.
pkg: pkg/.stamp

pkg/.stamp: pkg/openfem_bg.wasm pkg/openfem.js $(NPM_SOURCES) www/styles.css
	cp npm/package.json npm/README.md npm/openfem-element.js npm/openfem.d.ts pkg/
	# Data files (languages): build.rs wrote them, named after their content, to its OUT_DIR;
	# ship those this wasm names (older builds' OUT_DIRs hold stale ones).
	rm -rf pkg/data && mkdir -p pkg/data
	for f in $(TARGET_DIR)/$(WASM_TARGET)/wasm-release/build/openfem-*/out/data/*.json; do \
	  name=$$(basename "$$f"); \
	  if grep -qF "data/$$name" pkg/openfem_bg.wasm; then cp "$$f" pkg/data/; fi; \
	done
	cat npm/widget.css www/styles.css > pkg/widget.css
	touch pkg/.stamp

## dist/: the self-contained static site
dist: dist/.stamp

dist/.stamp: pkg/.stamp $(SITE)
	rm -rf dist.tmp
	mkdir -p dist.tmp/pkg
	cp index.html dist.tmp/
	cp -R www dist.tmp/www
	cp pkg/openfem.js pkg/openfem_bg.wasm pkg/openfem-element.js pkg/widget.css dist.tmp/pkg/
	cp -R pkg/data dist.tmp/pkg/data
	# The service worker goes to the root (its scope is the page), its cache named after a hash of
	# everything else shipped: a new build is a new cache (docs/offline.md).
	rm dist.tmp/www/sw.js
	build=$$(cd dist.tmp && find . -type f | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-12); \
	  languages=$$(cd dist.tmp && ls pkg/data | grep '^locale-' | grep -v '^locale-qps' | sed 's|.*|"pkg/data/&"|' | paste -sd, -); \
	  sed -e "s/__OPENFEM_BUILD__/$$build/" -e "s|__OPENFEM_LANGUAGES__|[$$languages]|" www/sw.js > dist.tmp/sw.js
	rm -rf dist
	mv dist.tmp dist
	touch dist/.stamp

serve: setup dist
	$(NODE) scripts/serve.mjs dist --port $(PORT)

## tests
test: setup test-rust lint types dist build e2e

test-rust:
	$(CARGO) test

lint:
	$(CARGO) clippy --all-targets -- -D warnings
	# The wasm lint uses the flags the release build ships with (type-erased views).
	RUSTFLAGS="$(WASM_RUSTFLAGS) $${RUSTFLAGS:-}" $(CARGO) clippy --lib --target $(WASM_TARGET) -- -D warnings
	$(CARGO) fmt --check

# The npm package's types (npm/openfem.d.ts), checked with tsc --strict against tests/types/usage.ts,
# which uses the API as npm/README.md shows (and holds @ts-expect-error lines for mistakes).
types:
	node_modules/.bin/tsc -p tests/types

e2e: dist build  # the tests compare with the native CLI, so it must be current
	$(NODE) tests/e2e/run.mjs

bench:
	$(CARGO) bench

## sizes of what the browser downloads (raw and gzipped)
size: dist
	@for f in dist/pkg/openfem_bg.wasm dist/pkg/openfem.js dist/pkg/openfem-element.js dist/pkg/widget.css dist/www/* dist/pkg/data/*; do \
	  printf '%-28s %9d bytes  %8d gzipped\n' "$$f" "$$(wc -c <"$$f")" "$$(gzip -9c "$$f" | wc -c)"; \
	done

clean:
	$(CARGO) clean
	rm -rf pkg dist dist.tmp test-results

FORCE:
