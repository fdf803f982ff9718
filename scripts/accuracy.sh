#!/usr/bin/env bash
# The figures of docs/accuracy.md: `crosscheck score` on the devset and on fixtures/gold/, per
# language and kind, and what the misses and extras come from (by the first words of their why).
# usage: scripts/accuracy.sh [BINARY]   (default target/release/crosscheck)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${1:-target/release/crosscheck}
for set in "../shared/devset" "fixtures/gold"; do
  echo "#### $set"
  echo
  echo '```'
  echo "crosscheck --default-rules score $set/gold-*.yaml -q"
  echo '```'
  echo
  # shellcheck disable=SC2086
  "$bin" --default-rules score $set/gold-*.yaml -q --format markdown 2>/dev/null | tail -n +3
  echo
  echo "What the findings come from:"
  echo
  # shellcheck disable=SC2086
  "$bin" --default-rules score $set/gold-*.yaml --format json 2>/dev/null | python3 -c '
import collections, json, re, sys
v = json.load(sys.stdin)
c = collections.Counter()
for f in v["findings"]:
    w, blame = f["why"], f["claim"].startswith("blame")
    if f["kind"] == "trap":
        k = "trap taken"
    elif f["kind"] == "extra":
        k = "extra blame" if blame else "extra casualty claim (no gold claim fits it even leniently)"
    elif blame:
        k = ("blame missed: " + ("found with other camps" if w.startswith("found as")
             else "dropped (" + w.split(":")[1].split("[")[0].strip() + ")" if w.startswith("dropped")
             else "no blame pattern matched on the line"))
    elif w.startswith("found as"):
        parts = [p for p, words in (("speaker", ("speaker not found", "credited to")), ("bound", ("bound read",))) if any(x in w for x in words)]
        k = "casualty missed: found leniently, wrong " + (" and ".join(parts) or "match (taken by another gold claim)")
    elif w.startswith("side unresolved"):
        k = "casualty missed: figure read, side unresolved"
    elif w.startswith(("side read as", "read as")):
        k = "casualty missed: figure read, other side or kind"
    elif w.startswith("no rule read the figure"):
        k = "casualty missed: no pattern read the figure"
    elif w.startswith("no figure on the line"):
        k = "casualty missed: no figure the rules know (a word, a dual, a singular noun)"
    elif w.startswith("dropped"):
        k = "casualty missed: dropped (" + w.split(":")[1].split("[")[0].strip() + ")"
    else:
        k = "casualty missed: " + w.split(":")[0]
    c[re.sub(r"line \d+", "line N", k)] += 1
print("| findings | why |")
print("|---|---|")
for k, n in sorted(c.items(), key=lambda x: (-x[1], x[0])):
    print(f"| {n} | {k} |")
'
  echo
done
