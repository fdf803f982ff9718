#!/usr/bin/env python3
"""Grows a rule pack tenfold for benchmarks: generated sources with aliases, and generated
claim patterns with lexicon words and examples, for English and Arabic.

Usage: grow_rules.py RULES_DIR FACTOR   (RULES_DIR is a copy made with `crosscheck rules dump`)
"""
import os
import random
import sys

import yaml

rules_dir, factor = sys.argv[1], int(sys.argv[2])
rng = random.Random(11)
LATIN = "bcdfghklmnprstvz"
VOWELS = "aeiou"
ARABIC = "بتثجحخدذرزسشصضطظعغفقكلمنهوي"


def latin_word():
    return "".join(rng.choice(LATIN) + rng.choice(VOWELS) for _ in range(rng.randint(3, 5)))


def arabic_word():
    return "".join(rng.choice(ARABIC) for _ in range(rng.randint(5, 8)))


# Sources: (factor - 1) times as many as the pack has, each with two aliases per language.
with open(os.path.join(rules_dir, "sources.yaml"), encoding="utf-8") as f:
    base = yaml.safe_load(f)["sources"]
extra = []
for i in range(len(base) * (factor - 1)):
    extra.append({
        "id": f"gen_src_{i}",
        "kind": "media",
        "aliases": {"en": [f"{latin_word()} {latin_word()}", latin_word()], "ar": [f"{arabic_word()} {arabic_word()}", arabic_word()]},
    })
with open(os.path.join(rules_dir, "generated_sources.yaml"), "w", encoding="utf-8") as f:
    yaml.safe_dump({"sources": extra}, f, allow_unicode=True)

# Patterns: (factor - 1) times as many claim rules per language, each with its own trigger word.
for lang, word, noun, speaker in [("en", latin_word, "soldiers", "Azerbaijan's defence ministry said"),
                                  ("ar", arabic_word, "جنود", "قالت وزارة الدفاع الأذربيجانية إن")]:
    n_base = 0
    for name in os.listdir(os.path.join(rules_dir, lang)):
        with open(os.path.join(rules_dir, lang, name), encoding="utf-8") as f:
            n_base += len((yaml.safe_load(f) or {}).get("rules", []))
    lexicon, rules = {}, []
    for i in range(n_base * (factor - 1)):
        trig = word()
        lexicon[f"gen_trigger_{i}"] = [trig]
        rules.append({
            "id": f"{lang}.gen.{i}",
            "kind": "killed",
            "pattern": f"{{count:soldier}} {{gen_trigger_{i}}}",
            "examples": [
                {"text": f"{speaker} 7 {noun} {trig}", "expect": {"kind": "killed", "value": 7}},
                {"text": f"{trig}", "expect": "none"},
            ],
        })
    with open(os.path.join(rules_dir, lang, "generated.yaml"), "w", encoding="utf-8") as f:
        yaml.safe_dump({"lang": lang, "lexicon": lexicon, "rules": rules}, f, allow_unicode=True)
print(f"{rules_dir}: grown x{factor}", file=sys.stderr)
