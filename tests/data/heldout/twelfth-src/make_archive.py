"""Assemble archive-twelfth.jsonl (t001-t080) from r1-r4.py, and archive-combined.jsonl."""
import datetime, json, os, random, sys
from zoneinfo import ZoneInfo
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from r1 import R as R1
from r2 import R as R2
from r3 import R as R3
from r4 import R as R4
RECS = R1 + R2 + R3 + R4
assert len(RECS) == 80
tz = ZoneInfo('Europe/Stockholm')
rng = random.Random(12)
start = datetime.datetime(2019, 2, 1, tzinfo=tz)
span = (datetime.datetime(2026, 11, 20, tzinfo=tz) - start).days
days = sorted(rng.sample(range(span), 80))
# shuffle which record gets which date so ids stay in date order but categories are mixed
order = list(range(80))
rng.shuffle(order)
out = []
for n, i in enumerate(order):
    cat, sig, pseud, title, q, a = RECS[i]
    asked = start + datetime.timedelta(days=days[n], hours=rng.randint(6, 23), minutes=rng.randint(0, 59))
    ans = asked + datetime.timedelta(days=rng.randint(1, 8))
    while ans.weekday() >= 5:
        ans += datetime.timedelta(days=1)
    ans = ans.replace(hour=rng.randint(8, 16), minute=rng.randint(0, 59))
    out.append({"id": f"t{n+1:03d}", "title": title, "question": q, "pseudonym": pseud, "answer": a,
                "signature": sig, "category": cat,
                "asked_at": asked.isoformat(timespec='seconds'), "answered_at": ans.isoformat(timespec='seconds')})
top = os.path.dirname(HERE)
with open(os.path.join(top, 'archive-twelfth.jsonl'), 'w', encoding='utf-8') as f:
    for d in out:
        f.write(json.dumps(d, ensure_ascii=False) + '\n')
sample = open('/work/shared/data/sample-archive.jsonl', encoding='utf-8').read()
if not sample.endswith('\n'):
    sample += '\n'
with open(os.path.join(top, 'archive-combined.jsonl'), 'w', encoding='utf-8') as f:
    f.write(sample)
    for d in out:
        f.write(json.dumps(d, ensure_ascii=False) + '\n')
print('wrote', len(out))
