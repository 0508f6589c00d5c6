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
TERSER := node_modules/.bin/terser
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
WASM_RUSTFLAGS := --cfg erase_components -Clink-args=--emit-relocs
# Splits the wasm at the parts src/ui/deferred.rs marks (their code is fetched when first shown);
# it reads the linker's relocations (--emit-relocs above) to know which code each part reaches.
WASM_SPLIT := wasm-split-cli

# Where build.rs writes the data files (src/ui/data.rs) for the wasm build.
WASM_BUILD_DIR := $(TARGET_DIR)/$(WASM_TARGET)/wasm-release/build

# Everything the wasm depends on (build.rs turns the bank into a data file).
SOURCES := Cargo.toml Cargo.lock $(shell find src -type f \( -name '*.rs' -o -name '*.json' -o -name '*.ftl' \) 2>/dev/null)
SITE := index.html $(shell find www -type f 2>/dev/null)
# The npm package's committed sources (pkg/ is build output).
NPM_SOURCES := $(shell find npm -type f 2>/dev/null)

.PHONY: help setup build web pkg dist serve test test-rust lint types e2e bench bench-web size clean FORCE

help:
	@echo "make serve   build the site and serve it on http://127.0.0.1:$(PORT)/"
	@echo "make test    unit tests, clippy, fmt, the npm types, browser tests"
	@echo "other: setup build web pkg dist e2e lint types bench bench-web size clean"

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
	# The deferred parts (src/ui/deferred.rs): pkg/split_*.wasm and their loader
	# pkg/__wasm_split.js; the main module then goes through wasm-bindgen as usual (keeping the
	# exports the parts import from it).
	rm -rf pkg/split.tmp pkg/*.wasm pkg/__wasm_split.js
	$(WASM_SPLIT) $(WASM_RAW) pkg/split.tmp --out-name openfem --target web
	wasm-bindgen --target web --no-typescript --keep-lld-exports --out-dir pkg --out-name openfem pkg/split.tmp/openfem.wasm
	rm pkg/split.tmp/openfem.wasm
	mv pkg/split.tmp/* pkg/ && rmdir pkg/split.tmp
	# The glue minified (names of its exports kept): 62 KB → 27 KB raw, 11.2 → 7.5 KB gzipped.
	$(TERSER) pkg/openfem.js --module --ecma 2020 -c passes=2 -m -o pkg/openfem.min.js
	mv pkg/openfem.min.js pkg/openfem.js
	for f in pkg/*.wasm; do \
	  $(WASM_OPT) -Oz --converge $(WASM_OPT_ASSUME) $(WASM_FEATURES) $$f -o $$f.opt && mv $$f.opt $$f; \
	done
	# The data files the wasm fetches (the bank, the languages): copied from build.rs's output by the
	# content-hashed names the wasm holds as strings, each checked against its name's hash.
	rm -rf pkg/data && mkdir -p pkg/data
	for f in $$(grep -aoE 'data/[A-Za-z0-9_-]+\.[0-9a-f]{16}\.json' pkg/openfem_bg.wasm | sort -u); do \
	  src=$$(ls -t $(WASM_BUILD_DIR)/openfem-*/out/$$f | head -1); \
	  hash=$${f%.json}; hash=$${hash##*.}; \
	  test "$$(sha256sum <"$$src" | cut -c1-16)" = "$$hash" || { echo "$$src: hash mismatch" >&2; exit 1; }; \
	  cp "$$src" pkg/$$f; \
	done
	test -n "$$(ls pkg/data)"
	@touch pkg/openfem_bg.wasm

pkg/openfem.js: pkg/openfem_bg.wasm

## pkg/: the npm package `openfem` (<openfem-assessment>): the wasm and its glue, plus npm/'s
## element, types, package.json and README; widget.css = npm/widget.css + www/styles.css.
pkg: pkg/.stamp

pkg/.stamp: pkg/openfem_bg.wasm pkg/openfem.js $(NPM_SOURCES) www/styles.css
	cp npm/package.json npm/README.md npm/openfem.d.ts pkg/
	# The data files' names (content-hashed) stamped in, each other than the bank and the test-only
	# pseudo-locale's as a `new URL(…, import.meta.url)` a bundler emits.
	bank=$$(cd pkg && ls data/bank.*.json); \
	  urls=$$(cd pkg && ls data/*.json | grep -v -e '^data/bank\.' -e 'qps' \
	    | sed "s|.*|['&', new URL('./&', import.meta.url)],|" | tr -d '\n'); \
	  sed -e "s|__OPENFEM_BANK_FILE__|$$bank|" -e "s|/\* __OPENFEM_DATA_URLS__ \*/|$$urls|" \
	    npm/openfem-element.js > pkg/openfem-element.js
	cp npm/react.d.ts npm/react.js pkg/
	cat npm/widget.css www/styles.css > pkg/widget.css
	touch pkg/.stamp

## dist/: the self-contained static site
dist: dist/.stamp

dist/.stamp: pkg/.stamp $(SITE)
	rm -rf dist.tmp
	mkdir -p dist.tmp/pkg
	bank=$$(cd pkg && ls data/bank.*.json); \
	  sed "s|__OPENFEM_BANK_FILE__|$$bank|" index.html > dist.tmp/index.html
	cp -R www dist.tmp/www
	cp pkg/openfem.js pkg/*.wasm pkg/__wasm_split.js pkg/openfem-element.js pkg/widget.css dist.tmp/pkg/
	cp -R pkg/data dist.tmp/pkg/data
	# The service worker goes to the root (its scope is the page), stamped with the SHA-256 of
	# every file shipped, which it checks at install, and a build id (docs/offline.md).
	rm dist.tmp/www/sw.js
	$(NODE) scripts/stamp-sw.mjs www/sw.js dist.tmp
	# Brotli and gzip copies beside each text and wasm file, for hosts that serve them as they
	# are (scripts/serve.mjs does; docs/web-build.md, "Hosting").
	$(NODE) scripts/precompress.mjs dist.tmp
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
	# No module import circle in src/ (the script first checks itself on a tree with one).
	python3 scripts/import-cycles.py --self-test
	python3 scripts/import-cycles.py src

# The npm package's types (npm/openfem.d.ts), checked with tsc --strict against tests/types/usage.ts,
# which uses the API as npm/README.md shows (and holds @ts-expect-error lines for mistakes).
types:
	node_modules/.bin/tsc -p tests/types

e2e: dist build  # the tests compare with the native CLI, so it must be current
	$(NODE) tests/e2e/run.mjs

bench:
	$(CARGO) bench

# OpenFEM's page beside SurveyJS rendering the same bank, in one headless Chromium run: download,
# cold loads (normal, and slow link + 4x CPU), answer -> repainted score, memory (bench/web/).
bench-web: setup dist
	$(NODE) bench/web/run.mjs

## sizes of what the browser downloads (raw and gzipped)
size: dist
	@for f in dist/pkg/openfem_bg.wasm dist/pkg/openfem.js dist/pkg/openfem-element.js dist/pkg/widget.css dist/pkg/data/*.json dist/index.html dist/sw.js $$(ls dist/www/* | grep -vE '\.(br|gz)$$'); do \
	  printf '%-40s %9d bytes  %8d gzipped  %8d brotli\n' "$$f" "$$(wc -c <"$$f")" "$$(gzip -9c "$$f" | wc -c)" \
	    "$$( [ -f "$$f.br" ] && wc -c <"$$f.br" || echo 0)"; \
	done

clean:
	$(CARGO) clean
	rm -rf pkg dist dist.tmp test-results
	rm -rf examples/react-portal/node_modules examples/react-portal/dist

FORCE:
