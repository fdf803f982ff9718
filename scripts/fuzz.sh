#!/usr/bin/env bash
# Runs each fuzz target for SECONDS (default 60) on the stable toolchain (no sanitizer) and
# prints the executions libFuzzer reports. Findings land in fuzz/artifacts/TARGET/.
#   scripts/fuzz.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz
for target in rules ingest extract; do
  mkdir -p "fuzz/corpus/$target"
  # Seed each corpus with the fixtures (and the rule files for the loader).
  if [ "$target" = rules ]; then cp rules/*.yaml rules/*/*.yaml "fuzz/corpus/$target/" 2>/dev/null || true
  else find fixtures -type f ! -name '*.yaml' -exec cp {} "fuzz/corpus/$target/" \; ; fi
  cargo fuzz run --sanitizer none "$target" "fuzz/corpus/$target" -- -max_total_time="$secs" -max_len=20000 \
    2>&1 | grep -E "^#[0-9]+.*(DONE|pulse)|Done [0-9]+ runs|ERROR|panicked" | tail -n 2
done
