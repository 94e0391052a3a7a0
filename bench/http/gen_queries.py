#!/usr/bin/env python3
"""Writes N distinct Swedish search queries, percent-encoded for /sok?q=, one a line:
the graded development queries (if the file exists) and 1–3 word combinations of words
from the sample's titles, as readers type them. Deterministic (seeded).
Usage: gen_queries.py SAMPLE.jsonl N [DEV_QUERIES.jsonl]"""
import json, os, random, re, sys
from urllib.parse import quote_plus

src, n = sys.argv[1], int(sys.argv[2])
dev = sys.argv[3] if len(sys.argv) > 3 else ""
rng = random.Random(5)
stop = set("och att det som en ett är jag du vi de har inte på för med till av om kan min mitt mina vad hur när man måste får ska vill".split())
words = []
for line in open(src, encoding="utf-8"):
    for w in re.findall(r"[A-Za-zÅÄÖåäöÉé]+", json.loads(line)["title"]):
        if len(w) > 3 and w.lower() not in stop:
            words.append(w.lower())
queries = []
if dev and os.path.exists(dev):
    queries += [json.loads(l)["query"] for l in open(dev, encoding="utf-8") if l.strip()]
seen = set(queries)
while len(queries) < n:
    q = " ".join(rng.sample(words, rng.choice([1, 2, 2, 2, 3])))
    if q not in seen:
        seen.add(q)
        queries.append(q)
rng.shuffle(queries)
for q in queries[:n]:
    print(quote_plus(q))
