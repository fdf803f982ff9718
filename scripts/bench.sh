#!/usr/bin/env bash
# Benchmark harness: generates deterministic corpora (20 MB and 200 MB by default), a rule pack
# grown tenfold, and measures `claims` (streaming JSONL) and `report` with the release binary,
# and ripgrep over the pack's trigger words as the floor. Wall time, MB/s and peak RSS come
# from /usr/bin/time -v; a rewrites corpus and a news mix of each size too. Results go to
# target/bench/results.tsv.
#   scripts/bench.sh [SIZES_MB...]
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-20 200}")
[ $# -gt 0 ] || sizes=(20 200)
command -v rg >/dev/null || { apt-get update >/dev/null && apt-get install -y ripgrep time >/dev/null; }
[ -x /usr/bin/time ] || { apt-get update >/dev/null && apt-get install -y time >/dev/null; }
cargo build --release --quiet
bin=target/release/crosscheck
out=target/bench
mkdir -p "$out"
[ -d "$out/rules10" ] || { "$bin" rules dump "$out/rules10" 2>/dev/null; python3 scripts/grow_rules.py "$out/rules10" 10; }
"$bin" rules triggers > "$out/triggers.txt"
echo -e "run\tcorpus_mb\twall_s\tmb_per_s\tpeak_rss_mb" > "$out/results.tsv"

measure() { # name size_mb command...
  local name=$1 size=$2; shift 2
  /usr/bin/time -v "$@" > /dev/null 2> "$out/time.log"
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$out/time.log")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$out/time.log")
  echo -e "$name\t$size\t$wall\t$(awk -v s="$size" -v w="$wall" 'BEGIN{printf "%.1f", s/w}')\t$rss" | tee -a "$out/results.tsv"
}

for size in "${sizes[@]}"; do
  corpus="$out/corpus-$size.jsonl"
  [ -f "$corpus" ] || python3 scripts/gen_corpus.py "$size" "$corpus"
  measure "rg floor (trigger words)" "$size" rg -c -F -f "$out/triggers.txt" "$corpus"
  measure "claims jsonl (streaming)" "$size" "$bin" --default-rules claims "$corpus" --format jsonl
  measure "claims jsonl, rules x10" "$size" "$bin" --rules "$out/rules10" claims "$corpus" --format jsonl
  measure "report" "$size" "$bin" --default-rules report "$corpus"
  # The same size of rewrites of a dozen stories: syndication's worst case.
  rewrites="$out/rewrites-$size.jsonl"
  [ -f "$rewrites" ] || python3 scripts/gen_corpus.py "$size" "$rewrites" 7 --rewrites
  measure "report, rewrites of 12 stories" "$size" "$bin" --default-rules report "$rewrites"
  # A news mix: one article in twenty about fighting, the rest news with figures but no claim.
  mix="$out/news-mix-$size.jsonl"
  [ -f "$mix" ] || python3 scripts/gen_corpus.py "$size" "$mix" 7 --news-mix
  measure "rg floor, news mix" "$size" rg -c -F -f "$out/triggers.txt" "$mix"
  measure "claims jsonl, news mix" "$size" "$bin" --default-rules claims "$mix" --format jsonl
done
