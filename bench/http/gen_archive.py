#!/usr/bin/env python3
"""Writes an N-question archive in Rådfråga's JSON Lines format by recombining the
sample archive: titles, question paragraphs and answers from different records, with
fresh ids and spread-out dates. Deterministic for a given N (seeded)."""
import json, random, sys
from datetime import datetime, timedelta, timezone

src, n = sys.argv[1], int(sys.argv[2])
recs = [json.loads(l) for l in open(src, encoding="utf-8")]
rng = random.Random(20261122)
start = datetime(2015, 1, 1, tzinfo=timezone(timedelta(hours=1)))
for i in range(n):
    a, b, c = rng.choice(recs), rng.choice(recs), rng.choice(recs)
    asked = start + timedelta(minutes=i * 50 + rng.randint(0, 40))
    answered = asked + timedelta(hours=rng.randint(2, 60))
    out = {
        "id": f"g{i:06d}",
        "title": a["title"],
        "question": a["question"] + " " + b["question"].split(". ")[0] + ".",
        "pseudonym": b["pseudonym"],
        "answer": c["answer"] if rng.random() < 0.5 else a["answer"],
        "signature": a["signature"],
        "category": a["category"],
        "asked_at": asked.isoformat(timespec="seconds"),
        "answered_at": answered.isoformat(timespec="seconds"),
    }
    print(json.dumps(out, ensure_ascii=False))
