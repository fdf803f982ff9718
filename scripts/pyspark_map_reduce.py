#!/usr/bin/env python3
"""crosscheck as a stage of Spark, in local mode: map and reduce both run in Spark, so no single
process holds every claim. The result equals `crosscheck report` on the whole corpus.

- Map: each partition of a JSONL corpus goes to one `crosscheck claims --provenance` process
  through RDD.pipe; claims come back with their article's sketch.
- Syndication, keyed by sketch band: one sketch per article is keyed by each of its band
  buckets (`crosscheck syndication bands`); each bucket's members meet in one partition, where
  `crosscheck syndication pairs` confirms the copies among them. Only those pairs (article
  names) reach the driver, which joins them into clusters named by their smallest member, as a
  single run names them.
- Reconciliation, keyed by event: claims go to the group of their event (a named event, a year,
  or a run of days no more than 31 days apart: reports of one incident are at most a few days
  apart, so a run holds every day they can join), and each group is reconciled on its own
  (`crosscheck reconcile --keep-clusters`). The driver orders the groups' event sections by
  event id, as `report` does.

A bucket of more than 32 members (hundreds of rewrites of one story) is compared pair by pair
here, but against its clusters' first members in a single run: on such a corpus the clusters
may differ (docs/scale.md).

Usage: pyspark_map_reduce.py CORPUS.jsonl OUT_DIR [PARTITIONS]
Needs: pip install pyspark (and Java); the crosscheck binary on PATH, in $CROSSCHECK_BIN, or in
target/release.
"""
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile

from pyspark.sql import SparkSession

corpus, out_dir = sys.argv[1], sys.argv[2]
partitions = int(sys.argv[3]) if len(sys.argv) > 3 else 4
binary = (
    os.environ.get("CROSSCHECK_BIN")
    or shutil.which("crosscheck")
    or os.path.abspath("target/release/crosscheck")
)
ESTIMATE_NOTE = "estimate = low/best/high (report --explain-estimates says how)\n"
DAYS_APART = 31

spark = SparkSession.builder.master(f"local[{partitions}]").appName("crosscheck").getOrCreate()
sc = spark.sparkContext
sc.setLogLevel("ERROR")

# Map: each partition's records go to one crosscheck process on stdin (a JSONL corpus), which
# streams claim records with their provenance back on stdout. Each record gets an `id` naming
# it by its corpus line, as `crosscheck report CORPUS` names it, so names stay global.
lines = sc.textFile(corpus, minPartitions=partitions).zipWithIndex()


def named(pair):
    record, index = pair
    return json.dumps({**json.loads(record), "id": f"{corpus}:{index + 1}"}, ensure_ascii=False)


claims = (
    lines.filter(lambda pair: pair[0].strip())
    .map(named)
    .pipe(f"{binary} --default-rules claims - --format jsonl --provenance")
    .map(json.loads)
    .cache()
)

# Syndication: one sketch per article (every claim of an article carries the same), keyed by
# band bucket; each bucket's members are confirmed where the bucket is.
sketches = claims.map(lambda c: (c["file"], c["provenance"]["sketch"])).reduceByKey(lambda a, b: a)
bucketed = sketches.map(
    lambda fs: json.dumps({"file": fs[0], "sketch": fs[1]}, ensure_ascii=False)
).pipe(f"{binary} --default-rules syndication bands -")
pairs = (
    bucketed.map(lambda line: (json.loads(line)["bucket"], line))
    .partitionBy(partitions)
    .values()
    .pipe(f"{binary} --default-rules syndication pairs -")
    .map(json.loads)
    .map(lambda p: (p["a"], p["b"]))
    .distinct()
    .collect()
)

# Clusters from the confirmed pairs (article names only), named by their smallest member.
parent = {}


def root(x):
    parent.setdefault(x, x)
    while parent[x] != x:
        parent[x] = parent[parent[x]]
        x = parent[x]
    return x


for a, b in pairs:
    ra, rb = root(a), root(b)
    if ra != rb:
        parent[max(ra, rb)] = min(ra, rb)
cluster = sc.broadcast({x: root(x) for x in list(parent)})


def clustered(c):
    c["provenance"]["cluster"] = cluster.value.get(c["file"], c["file"])
    return c


# Events: a day's reports may join reports of other days nearby (one incident), so days are
# grouped in runs; any other event is its own group.
def is_day(key):
    return isinstance(key, str) and len(key) == 10 and key[4] == "-" and key[7] == "-"


days = sorted(claims.map(lambda c: c.get("event")).filter(is_day).distinct().collect())
run_of = {}
start = prev = None
for d in days:
    ordinal = datetime.date.fromisoformat(d).toordinal()
    if prev is None or ordinal - prev > DAYS_APART:
        start = d
    run_of[d] = "days from " + start
    prev = ordinal
runs = sc.broadcast(run_of)


def group_of(c):
    key = c.get("event")
    return runs.value.get(key, f"event {key}") if key is not None else "unassigned"


def reconciled(path, fmt):
    """`crosscheck reconcile --keep-clusters` of a claims file, in a format."""
    return subprocess.run(
        [binary, "--default-rules", "reconcile", "--keep-clusters", path, "--format", fmt],
        capture_output=True, text=True, check=True,
    ).stdout


def reconcile_groups(groups):
    """Each group's claims reconciled on their own: (event id, section) for each event."""
    for _, members in groups:
        with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False) as f:
            for c in members:
                f.write(json.dumps(c, ensure_ascii=False) + "\n")
            path = f.name
        try:
            ids = [e["event"] for e in json.loads(reconciled(path, "json"))["events"]]
            text = reconciled(path, "table")
        finally:
            os.unlink(path)
        noted = text.endswith(ESTIMATE_NOTE)
        if noted:
            text = text[: -len(ESTIMATE_NOTE)]
        sections, current = [], None
        for line in text.splitlines(keepends=True):
            if line.startswith("== "):
                current = []
                sections.append(current)
            if current is not None:
                current.append(line)
        assert len(sections) == len(ids), (ids, text)
        for event, lines_ in zip(ids, sections):
            yield event, "".join(lines_), noted


sections = (
    claims.map(clustered)
    .map(lambda c: (group_of(c), c))
    .groupByKey(numPartitions=partitions)
    .mapPartitions(reconcile_groups)
    .collect()
)
spark.stop()

# The report: events in the order of their ids, then the note on estimates when a table has them.
sections.sort(key=lambda s: s[0].encode("utf-8"))
report = "".join(s[1] for s in sections) if sections else "no claims found\n"
if any(s[2] for s in sections):
    report += ESTIMATE_NOTE
os.makedirs(out_dir, exist_ok=True)
with open(os.path.join(out_dir, "report.txt"), "w", encoding="utf-8") as f:
    f.write(report)
print(f"wrote {os.path.join(out_dir, 'report.txt')}: {len(sections)} events, {len(pairs)} pairs of copies")
