"""Assign ids v001-v060 and dates to the records in r1.py-r4.py and write
archive-sixteenth.jsonl and archive-combined-16.jsonl to the parent folder (/work/blind16).
The 260 existing records are read from /work/main/tests/data/heldout/archive-combined-15.jsonl."""
import json, os, random, sys, datetime as dt
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from r1 import R as R1
from r2 import R as R2
from r3 import R as R3
from r4 import R as R4
SRC15 = '/work/main/tests/data/heldout/archive-combined-15.jsonl'
recs = R1 + R2 + R3 + R4
assert len(recs) == 60, len(recs)
rng = random.Random(16)
tz = dt.timezone(dt.timedelta(hours=1))          # CET; all dates fall in Dec-Jan
t = dt.datetime(2026, 12, 6, 8, 14, tzinfo=tz)
out = []
for i, r in enumerate(recs, 1):
    asked = t
    answered = asked + dt.timedelta(minutes=rng.randint(16 * 60, 52 * 60))
    if answered.hour < 8:
        answered = answered.replace(hour=8 + rng.randint(0, 3))
    if answered.hour > 17:
        answered = answered.replace(hour=rng.randint(13, 16))
    assert answered > asked
    out.append({"id": "v%03d" % i, "title": r["title"], "question": r["question"],
                "pseudonym": r["pseudonym"], "answer": r["answer"], "signature": r["signature"],
                "category": r["category"],
                "asked_at": asked.isoformat(timespec="seconds"),
                "answered_at": answered.isoformat(timespec="seconds")})
    t = t + dt.timedelta(minutes=rng.randint(9 * 60, 25 * 60))
with open(os.path.join(OUT, 'archive-sixteenth.jsonl'), 'w', encoding='utf-8') as f:
    for r in out:
        f.write(json.dumps(r, ensure_ascii=False) + '\n')
old = [l for l in open(SRC15, encoding='utf-8').read().split('\n') if l.strip()]
assert len(old) == 260
with open(os.path.join(OUT, 'archive-combined-16.jsonl'), 'w', encoding='utf-8') as f:
    for l in old:
        f.write(l + '\n')
    for r in out:
        f.write(json.dumps(r, ensure_ascii=False) + '\n')
print('wrote', len(out), 'new and', len(old) + len(out), 'combined; last asked', out[-1]['asked_at'])
