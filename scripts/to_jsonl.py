#!/usr/bin/env python3
"""Writes Markdown articles (front matter, then the body) as one JSONL corpus, for runs that
read corpora (the PySpark job): each record has the front matter's fields and `text`.

Usage: to_jsonl.py OUT.jsonl FILE.md...
"""
import json
import sys

FIELDS = ("title", "outlet", "url", "date", "lang", "event")

with open(sys.argv[1], "w", encoding="utf-8") as out:
    for path in sorted(sys.argv[2:]):
        text = open(path, encoding="utf-8").read()
        record = {}
        if text.startswith("---\n"):
            head, _, text = text[4:].partition("\n---\n")
            for line in head.splitlines():
                key, _, value = line.partition(":")
                value = value.strip().strip('"').strip("'")
                if key.strip() in FIELDS and value:
                    record[key.strip()] = value
        record["text"] = text
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
