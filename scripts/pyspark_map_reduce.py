#!/usr/bin/env python3
"""crosscheck as a stage of Spark, in local mode: the map step runs `crosscheck claims` on each
partition of a JSONL corpus through RDD.pipe, the reduce step runs `crosscheck reconcile` on
the collected claims. The result equals `crosscheck report` on the whole corpus.

Usage: pyspark_map_reduce.py CORPUS.jsonl OUT_DIR [PARTITIONS]
Needs: pip install pyspark (and Java); the crosscheck binary on PATH or in target/release.
"""
import os
import shutil
import subprocess
import sys

from pyspark.sql import SparkSession

corpus, out_dir = sys.argv[1], sys.argv[2]
partitions = int(sys.argv[3]) if len(sys.argv) > 3 else 4
binary = shutil.which("crosscheck") or os.path.abspath("target/release/crosscheck")

spark = SparkSession.builder.master(f"local[{partitions}]").appName("crosscheck").getOrCreate()
sc = spark.sparkContext

# Map: each partition's records go to one crosscheck process on stdin (a JSONL corpus), which
# streams claim records with their provenance back on stdout. Each record gets an `id` naming
# it by its corpus line, as `crosscheck report CORPUS` names it, so names stay global.
lines = sc.textFile(corpus, minPartitions=partitions).zipWithIndex()


def named(pair):
    import json

    record, index = pair
    return json.dumps({**json.loads(record), "id": f"{corpus}:{index + 1}"}, ensure_ascii=False)


claims = (
    lines.filter(lambda pair: pair[0].strip())
    .map(named)
    .pipe(f"{binary} --default-rules claims - --format jsonl --provenance")
)

os.makedirs(out_dir, exist_ok=True)
claims_path = os.path.join(out_dir, "claims.jsonl")
with open(claims_path, "w", encoding="utf-8") as f:
    for line in claims.collect():
        f.write(line + "\n")
spark.stop()

# Reduce: one process over all claims.
with open(os.path.join(out_dir, "report.txt"), "w", encoding="utf-8") as f:
    subprocess.run([binary, "--default-rules", "reconcile", claims_path], stdout=f, check=True)
print(f"wrote {claims_path} and {os.path.join(out_dir, 'report.txt')}")
