#!/usr/bin/env bash
# wasm-bindgen writes the JS snippets of `inline_js` as ES modules even for its `nodejs`
# target, whose glue loads them with require(): Node 20 refuses that. Each snippet ends with
# one `export { name, ... };` line, which this turns into `module.exports = { name, ... };`.
# Usage: scripts/snippets-for-node.sh DIR (a wasm-pack --target nodejs output directory).
set -euo pipefail
dir=$1
[ -d "$dir/snippets" ] || exit 0
while IFS= read -r -d '' snippet; do
  sed -i 's/^export { \(.*\) };$/module.exports = { \1 };/' "$snippet"
  if grep -qE '^\s*(export|import)\b' "$snippet"; then
    echo "snippets-for-node: $snippet still has an ES module statement" >&2
    exit 1
  fi
done < <(find "$dir/snippets" -name '*.js' -print0)
