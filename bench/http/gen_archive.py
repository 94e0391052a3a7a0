#!/usr/bin/env python3
"""Writes an N-question archive in Rådfråga's JSON Lines format by recombining the
sample archive, deterministically for a given N (seeded).

Each generated record takes its category from a sample record A and recombines, within
that category: the title of A, or A's title joined with the first clause of another
title; a question of 2-5 sentences drawn from the questions of 2-3 records; an answer
of 3-8 sentences drawn from 2-3 answers, kept in their original order; fresh ids and
dates spread over ten years. Texts therefore differ from one another, as in a real
archive, while every sentence is real Swedish from the sample. (Before 2026-11-22 the
generator repeated the 120 texts almost verbatim; see docs/performance.md.)"""
import json, random, re, sys
from collections import defaultdict
from datetime import datetime, timedelta, timezone

src, n = sys.argv[1], int(sys.argv[2])
recs = [json.loads(l) for l in open(src, encoding="utf-8")]
rng = random.Random(20261122)
split = re.compile(r"(?<=[.!?])\s+")
by_cat = defaultdict(list)
for r in recs:
    by_cat[r.get("category") or ""].append(r)
start = datetime(2015, 1, 1, tzinfo=timezone(timedelta(hours=1)))


def sentences(text):
    return [s for s in split.split(text.strip()) if s]


def mix(pool, k_recs, lo, hi, field):
    picked = rng.sample(pool, min(k_recs, len(pool)))
    sents = []
    for r in picked:
        ss = sentences(r[field])
        take = rng.randint(1, max(1, min(len(ss), hi // len(picked) + 1)))
        first = rng.randint(0, max(0, len(ss) - take))
        sents.extend(ss[first:first + take])
    return " ".join(sents[:max(lo, min(hi, len(sents)))])


for i in range(n):
    a = rng.choice(recs)
    pool = by_cat[a.get("category") or ""]
    title = a["title"]
    if rng.random() < 0.5:
        other = rng.choice(pool)["title"].rstrip("?!. ")
        clause = re.split(r",| och | men | när | om ", other)[0]
        title = title.rstrip("?!. ") + " – " + clause[0].lower() + clause[1:] + "?"
    asked = start + timedelta(minutes=i * (5_256_000 // max(n, 1)) + rng.randint(0, 40))
    answered = asked + timedelta(hours=rng.randint(2, 60))
    answer = mix(pool, rng.randint(2, 3), 3, 8, "answer")
    if not answer.startswith("Hej"):
        answer = "Hej! " + answer
    out = {
        "id": f"g{i:06d}",
        "title": title[:150],
        "question": mix(pool, rng.randint(2, 3), 2, 5, "question"),
        "pseudonym": rng.choice(recs)["pseudonym"],
        "answer": answer,
        "signature": a["signature"],
        "category": a["category"],
        "asked_at": asked.isoformat(timespec="seconds"),
        "answered_at": answered.isoformat(timespec="seconds"),
    }
    print(json.dumps(out, ensure_ascii=False))
