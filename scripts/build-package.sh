#!/usr/bin/env bash
# Builds the npm package into pkg/ and packs it into target/npm/: one package for Node
# (import and require), browsers (native ES modules) and bundlers, chosen by the exports map.
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)
rm -rf pkg target/npm
mkdir -p pkg/bin target/npm

# wasm-pack runs wasm-opt (npm binaryen) on each build.
wasm-pack build --release --target nodejs --out-dir pkg/node --no-pack
scripts/snippets-for-node.sh pkg/node
wasm-pack build --release --target web --out-dir pkg/web --no-pack
rm -f pkg/node/.gitignore pkg/web/.gitignore
# wasm-bindgen types BatchChecker's `[Symbol.dispose]()`, which only TypeScript projects whose
# lib includes esnext.disposable can read; a consumer on lib es2022 with --strict would fail
# to compile. The method is still there at run time; `free()` is the typed way to release.
sed -i '/\[Symbol\.dispose\]()/d' pkg/node/scim_preflight.d.ts pkg/web/scim_preflight.d.ts

cp npm/node/index.mjs pkg/node/
cp npm/bin/scim-preflight.mjs pkg/bin/
mkdir -p pkg/cli
cp npm/cli/*.mjs pkg/cli/
cp npm/README.md LICENSE pkg/
node -e '
  const fs = require("fs");
  const manifest = JSON.parse(fs.readFileSync("npm/package.json", "utf8"));
  manifest.version = process.argv[1];
  fs.writeFileSync("pkg/package.json", JSON.stringify(manifest, null, 2) + "\n");
' "$version"

(cd pkg && npm pack --silent --pack-destination ../target/npm >/dev/null)

size() { printf '%8d bytes raw, %7d bytes gzipped  %s\n' "$(wc -c < "$1")" "$(gzip -9 -c "$1" | wc -c)" "$1"; }
echo "make pkg: target/npm/scim-preflight-$version.tgz"
size pkg/web/scim_preflight_bg.wasm
size pkg/web/scim_preflight.js
cat pkg/web/scim_preflight_bg.wasm pkg/web/scim_preflight.js | gzip -9 | wc -c | xargs printf '%8s bytes gzipped: the wasm and its JS glue together\n'
