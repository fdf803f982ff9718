#!/usr/bin/env python3
"""Deterministic benchmark corpus: mixed Arabic and English news-like articles (JSONL).

Most sentences carry no claim; about one in twelve is a casualty or blame claim in the forms the
default rules read. Usage: gen_corpus.py MEGABYTES OUT.jsonl [SEED] [--rewrites]

With --news-mix one article in twenty is about fighting (as above) and the others are news
without a casualty or blame claim (filler with numbers and years).

With --rewrites the corpus is duplicate-heavy: a dozen stories, each rewritten over and over
(sentences reordered within paragraphs, paragraphs moved, figures changed, page furniture added
before the text), the way one wire story spreads through hundreds of outlets.
"""
import json
import random
import re
import sys

EN_WORDS = """talks border region government minister officials villages road ceasefire peace process
negotiations meeting capital statement president parliament economy trade energy pipeline
corridor convoy checkpoint observers mission humanitarian aid refugees shelter winter harvest
market prices bridge river mountain valley district town school hospital reporters journalists
analysts diplomats envoy summit agenda treaty framework monitoring patrol drills exercise
weapons supplies fuel electricity water network schedule delay report review inquiry court
election campaign protest rally opposition coalition budget reform agency council committee
""".split()
AR_WORDS = """المحادثات الحدود المنطقة الحكومة الوزير المسؤولون القرى الطريق الهدنة السلام المفاوضات
الاجتماع العاصمة البيان الرئيس البرلمان الاقتصاد التجارة الطاقة الممر القافلة المراقبون
البعثة المساعدات اللاجئين الشتاء الحصاد الأسواق الأسعار الجسر النهر الجبل الوادي المدينة
المدرسة المستشفى الصحفيون المحللون الدبلوماسيون المبعوث القمة الاتفاقية الدوريات التدريبات
الإمدادات الوقود الكهرباء المياه الشبكة التقرير المحكمة الانتخابات الحملة الاحتجاج المعارضة
الميزانية الإصلاح الوكالة المجلس اللجنة""".split()
EN_VERBS = "discussed reviewed announced postponed criticised welcomed examined planned described rejected".split()
AR_VERBS = "ناقش راجع أجل انتقد رحب درس خطط وصف رفض".split()

EN_CLAIMS = [
    "Azerbaijan's defence ministry said {n} of its soldiers were killed.",
    "The Armenian defence ministry said {n} soldiers were wounded.",
    "According to the Armenian defence ministry, at least {n} soldiers were killed.",
    "Azerbaijan accused Armenia of a large-scale provocation.",
    "Armenia reported {n} soldiers missing.",
]
AR_CLAIMS = [
    "أعلنت وزارة الدفاع الأذربيجانية مقتل {n} من جنودها.",
    "قالت أرمينيا إن {n} جنود أرمن قتلوا.",
    "وبحسب وزارة الدفاع الأرمينية، أصيب {n} جنود.",
    "وحملت أذربيجان أرمينيا مسؤولية الهجوم.",
]


def sentence(rng, words, verbs, full_stop):
    n = rng.randint(8, 22)
    body = [rng.choice(words) for _ in range(n)]
    body.insert(rng.randint(1, n - 1), rng.choice(verbs))
    if rng.random() < 0.3:
        body.insert(rng.randint(1, n), str(rng.randint(2, 2025)))
    s = " ".join(body)
    return s[0].upper() + s[1:] + full_stop


def article(rng, i, claim_share=1 / 12):
    arabic = rng.random() < 0.5
    words, verbs, claims = (AR_WORDS, AR_VERBS, AR_CLAIMS) if arabic else (EN_WORDS, EN_VERBS, EN_CLAIMS)
    paragraphs = []
    for _ in range(rng.randint(6, 14)):
        sents = []
        for _ in range(rng.randint(2, 5)):
            if rng.random() < claim_share:
                sents.append(rng.choice(claims).format(n=rng.randint(2, 60)))
            else:
                sents.append(sentence(rng, words, verbs, "."))
        paragraphs.append(" ".join(sents))
    day = 1 + i % 28
    return {
        "text": "\n\n".join(paragraphs) + "\n",
        "outlet": f"Outlet {i % 97}",
        "date": f"2022-09-{day:02d}" if day <= 30 else "2022-09-01",
        "lang": "ar" if arabic else "en",
    }


STORIES = 12
FURNITURE = ["Home | World | Caucasus", "Menu Search Subscribe", "Breaking news", "Updated 10:42 GMT",
             "Share on social media", "Listen to this article"]


def rewrite(rng, story, i):
    """One outlet's copy of a story: reordered, figures changed, furniture before the text."""
    paragraphs = []
    for p in story["paragraphs"]:
        sents = list(p)
        if rng.random() < 0.5:
            rng.shuffle(sents)
        sents = [re.sub(r"\b\d+\b", lambda m: str(max(2, int(m.group()) + rng.randint(-3, 3))), x)
                 if rng.random() < 0.3 else x for x in sents]
        paragraphs.append(" ".join(sents))
    if rng.random() < 0.5 and len(paragraphs) > 2:
        j = rng.randrange(1, len(paragraphs))
        paragraphs.insert(0, paragraphs.pop(j))
    head = [rng.choice(FURNITURE) for _ in range(rng.randint(0, 3))]
    day = 1 + i % 28
    return {
        "text": "\n\n".join(head + paragraphs) + "\n",
        "outlet": f"Outlet {i % 97}",
        "date": f"2022-09-{day:02d}",
        "lang": story["lang"],
    }


def stories(rng):
    out = []
    for k in range(STORIES):
        a = article(rng, k)
        paras = [p.split(". ") for p in a["text"].strip().split("\n\n")]
        paras = [[x if x.endswith(".") else x + "." for x in p] for p in paras]
        out.append({"paragraphs": paras, "lang": a["lang"]})
    return out


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    rewrites = "--rewrites" in sys.argv
    mix = "--news-mix" in sys.argv
    megabytes = float(args[0])
    out = args[1]
    rng = random.Random(int(args[2]) if len(args) > 2 else 7)
    base = stories(rng) if rewrites else None
    limit = int(megabytes * 1024 * 1024)
    written = 0
    with open(out, "w", encoding="utf-8") as f:
        i = 0
        while written < limit:
            if rewrites:
                doc = rewrite(rng, base[i % STORIES], i)
            elif mix:
                doc = article(rng, i, 1 / 12 if rng.random() < 1 / 20 else 0)
            else:
                doc = article(rng, i)
            line = json.dumps(doc, ensure_ascii=False) + "\n"
            f.write(line)
            written += len(line.encode("utf-8"))
            i += 1
    print(f"{out}: {i} articles, {written / 1024 / 1024:.1f} MB", file=sys.stderr)


if __name__ == "__main__":
    main()
