#!/usr/bin/env bash
# Runs every cargo-fuzz target for FUZZ_SECONDS each (default 60) on the corpus in fuzz/corpus,
# and prints the executions and crashes of each. Needs the nightly toolchain (installed here)
# and cargo-fuzz, which it installs when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-60}
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
targets=(validate_bytes validate_shaped_json validate_csv apply_suggestions evaluate_expression stream_pieces)
for target in "${targets[@]}"; do
  log=$(mktemp)
  status=0
  cargo +nightly fuzz run "$target" "fuzz/corpus/$target" -- -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=4096 >"$log" 2>&1 || status=$?
  runs=$(grep -o 'Done [0-9]* runs' "$log" | tail -n1 | awk '{print $2}')
  crashes=$(find "fuzz/artifacts/$target" -type f 2>/dev/null | wc -l)
  printf 'fuzz %-22s %6ss  %10s executions  %s crash files  exit %s\n' "$target" "$seconds" "${runs:-?}" "$crashes" "$status"
  if [ "$status" -ne 0 ]; then tail -n 40 "$log"; fi
  rm -f "$log"
done
