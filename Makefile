# `make serve` builds the page and serves it; `make test` runs every suite.
# Both first install whatever tool is missing (scripts/install-tools.sh), quickly when all is there.

SHELL := bash
.SHELLFLAGS := -euo pipefail -c
# wasm-pack finds wasm-opt (npm binaryen) and the pinned wasm-bindgen on PATH.
export PATH := $(CURDIR)/tools/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
PORT ?= 8080
WASM_TEST := wasm-pack test --release
BROWSER_TEST := WASM_BINDGEN_USE_BROWSER=1 $(WASM_TEST) --headless

.PHONY: all tools test test-native test-wasm test-js test-e2e test-pkg test-bench bench fuzz pkg web serve dist clean

all: web

tools:
	@scripts/install-tools.sh

test: tools test-native test-wasm test-js test-e2e test-pkg test-bench
	@echo "make test: every suite passed"

test-native:
	cargo test --all-targets

# The same wasm suite (tests/web.rs) in Node, headless Chrome and headless Firefox.
test-wasm:
	$(WASM_TEST) --node -- --test web
	$(BROWSER_TEST) --chrome -- --test web
	$(BROWSER_TEST) --firefox -- --test web

test-js:
	wasm-pack build --release --target nodejs --out-dir pkg-node
	scripts/snippets-for-node.sh pkg-node
	node --test tests/js/

# The page in headless Chromium (playwright-core); screenshots go to test-output/.
# Not on dist: tests/e2e/dist.test.mjs builds its own copies from www/ into a temporary folder
# (three versions, to test updates), so it never tests a stale dist/ or overwrites yours.
test-e2e: web test-js
	node --test tests/e2e/

# The npm package: pkg/ and target/npm/scim-preflight-VERSION.tgz; prints the wasm size.
pkg: tools
	scripts/build-package.sh

# The tarball installed into fresh Node ESM, CommonJS, TypeScript and Vite projects; the CLI.
test-pkg: pkg
	node --test tests/package/

# Speed and size side by side with plain JavaScript (JSON.parse, ajv); writes bench/results.json.
bench: pkg web
	cargo bench --bench core
	node bench/bench.mjs

# The benchmark once, small, to prove it runs; make test never fails on speed.
test-bench: pkg web
	cargo bench --bench core
	node bench/bench.mjs --smoke

# Every cargo-fuzz target for FUZZ_SECONDS each (default 60); the corpus is kept in fuzz/corpus.
fuzz:
	scripts/fuzz.sh

web: tools
	wasm-pack build --release --target web --out-dir www/pkg

serve: web
	PORT=$(PORT) python3 scripts/serve.py

# The page as static files for any host, under any sub-path: hashed names and a service worker.
dist: web
	node scripts/dist.mjs

clean:
	cargo clean
	rm -rf pkg pkg-node www/pkg test-output dist
