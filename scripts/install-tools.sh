#!/usr/bin/env bash
# Installs every tool the build and the test suites need, only where it is missing,
# so `make serve` and `make test` work on a fresh machine and cost seconds on a warm one.
# Versions are pinned: wasm-pack only uses the wasm-bindgen on PATH when its version equals
# the one in Cargo.lock, and anything it cannot find locally it tries to download (which fails here).
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = { version = "=\([0-9.]*\)".*/\1/p; s/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' Cargo.toml | head -n1)
WASM_PACK_VERSION=0.15.1
GECKODRIVER_VERSION=0.37.1

say() { printf 'install-tools: %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# `cargo install` without --locked: the lock files of these tools pin crate versions the
# registry no longer serves (wasm-bindgen-cli 0.2.130's webpki-roots 1.0.11).
installed_version() { "$1" --version 2>/dev/null | awk 'NR == 1 {print $2}'; }

if [ "$(installed_version wasm-bindgen)" != "$WASM_BINDGEN_VERSION" ]; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 5 minutes)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if [ "$(installed_version wasm-pack)" != "$WASM_PACK_VERSION" ]; then
  say "installing wasm-pack $WASM_PACK_VERSION (about 3 minutes)"
  cargo install wasm-pack --version "$WASM_PACK_VERSION"
fi

missing_debs=()
command -v chromium >/dev/null || missing_debs+=(chromium)
command -v chromedriver >/dev/null || missing_debs+=(chromium-driver)
command -v firefox-esr >/dev/null || missing_debs+=(firefox-esr)
if [ ${#missing_debs[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing_debs[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing_debs[@]}"
fi

if [ "$(installed_version geckodriver)" != "$GECKODRIVER_VERSION" ]; then
  say "installing geckodriver $GECKODRIVER_VERSION"
  cargo install geckodriver --version "$GECKODRIVER_VERSION"
fi

# wasm-opt comes from the npm package `binaryen` (Debian's wasm-opt 108 emits modules that fail
# to load). The JS tools are pinned in tools/package-lock.json.
if [ ! -x tools/node_modules/.bin/wasm-opt ] || [ tools/package-lock.json -nt tools/node_modules/.installed ]; then
  say "installing the JS tools (binaryen, playwright-core, axe-core, ajv, typescript, vite...)"
  # `npm install --no-save` rather than `npm ci`: the lock file pins every version, but npm
  # records rollup's optional per-platform packages without entries, which `npm ci` refuses.
  (cd tools && npm install --no-save --no-audit --no-fund --loglevel=error && touch node_modules/.installed)
fi
