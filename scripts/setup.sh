#!/usr/bin/env bash
# Installs what the build and the tests need; skips what is already there.
# Everything comes from crates.io, Debian and npm: nothing downloads its own binaries.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

# The wasm-bindgen CLI must match the crate exactly (pinned with `=` in Cargo.toml).
wasm_bindgen_version=$(sed -n 's/^wasm-bindgen = "=\(.*\)"/\1/p' Cargo.toml)

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$wasm_bindgen_version" ]; then
  say "installing wasm-bindgen-cli $wasm_bindgen_version (about 3 minutes, once)"
  cargo install wasm-bindgen-cli --version "$wasm_bindgen_version" --force
fi

# Splits the wasm into the main module and the parts fetched when first shown (src/ui/deferred.rs);
# its version follows the split helpers Leptos uses (wasm_split_helpers in Cargo.lock).
wasm_split_version=0.2.4
if ! cargo install --list | grep -qx "wasm_split_cli_support v$wasm_split_version:"; then
  say "installing wasm-split-cli $wasm_split_version (about 2 minutes, once)"
  cargo install --locked wasm_split_cli_support --version "$wasm_split_version" --features build-binary --force
fi

if [ "${OPENFEM_SKIP_BROWSER:-}" != 1 ] && ! command -v chromium >/dev/null; then
  say "installing Debian's chromium"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # A fresh machine may have a half-configured package (seen: perl-modules upgrade), which
  # makes the install stop with a dpkg error; repair once and retry.
  if ! apt-get install -y -qq chromium chromium-driver >/dev/null; then
    say "chromium install failed; repairing dpkg state and retrying"
    dpkg --configure -a || true
    apt-get --fix-broken install -y -qq >/dev/null
    apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
fi

# wasm-opt from npm's binaryen (Debian's binaryen 108 silently breaks the wasm),
# Playwright without its browser download, axe-core, TypeScript 5 (pure JS: `make types`),
# terser (minifies the wasm glue), survey-core + survey-js-ui (`make bench-web` only).
if [ ! -x node_modules/.bin/wasm-opt ] || [ ! -x node_modules/.bin/tsc ] || [ ! -d node_modules/playwright-core ] || [ package.json -nt node_modules/.stamp ]; then
  say "installing npm packages"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
  touch node_modules/.stamp
fi
