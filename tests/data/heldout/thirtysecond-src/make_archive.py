#!/usr/bin/env python3
"""Write archive-thirtysecond.jsonl (c001-c040) and archive-combined-32.jsonl
(archive-combined-30.jsonl byte for byte, then the 40 new records) into the
parent folder of this script."""
import json, os, random, sys
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import r1, r2, r3, r4

TEAM = {
    'ekonomiskt-bistand': 'Socialrådgivningen, team Ekonomi',
    'barn-och-familj': 'Socialrådgivningen, team Barn och familj',
    'missbruk': 'Socialrådgivningen, team Beroende',
    'vald-i-nara-relationer': 'Socialrådgivningen, team Våld i nära relationer',
    'funktionsnedsattning': 'Socialrådgivningen, team Funktionsstöd',
    'aldreomsorg': 'Socialrådgivningen, team Äldreomsorg',
    'boende': 'Socialrådgivningen, team Ekonomi och boende',
    'rattigheter-och-bemotande': 'Socialrådgivningen',
}
SRC30 = os.path.join(OUT, 'archive-combined-30.jsonl')
if not os.path.exists(SRC30):
    SRC30 = '/work/main/tests/data/heldout/archive-combined-30.jsonl'

recs = r1.R + r2.R + r3.R + r4.R
assert len(recs) == 40, len(recs)
rng = random.Random(32032)
tz = timezone(timedelta(hours=1))  # winter time: all dates fall between 1 Nov and mid-Dec 2027
t = datetime(2027, 11, 1, 6, 0, tzinfo=tz) + timedelta(minutes=rng.randint(0, 600))
lines = []
for i, r in enumerate(recs, 1):
    if i > 1:
        t = t + timedelta(minutes=rng.randint(17 * 60, 25 * 60))
    ans = t + timedelta(minutes=rng.randint(18 * 60, 58 * 60))
    sig = 'Socialrådgivningen' if r['s'] == 'plain' else TEAM[r['c']]
    obj = {
        'id': 'c%03d' % i, 'title': r['t'], 'question': r['q'], 'pseudonym': r['p'],
        'answer': r['a'], 'signature': sig, 'category': r['c'],
        'asked_at': t.isoformat(timespec='seconds'), 'answered_at': ans.isoformat(timespec='seconds'),
    }
    lines.append(json.dumps(obj, ensure_ascii=False))
new = ('\n'.join(lines) + '\n').encode('utf-8')
old = open(SRC30, 'rb').read()
assert old.endswith(b'\n')
open(os.path.join(OUT, 'archive-thirtysecond.jsonl'), 'wb').write(new)
open(os.path.join(OUT, 'archive-combined-32.jsonl'), 'wb').write(old + new)
print('wrote', os.path.join(OUT, 'archive-thirtysecond.jsonl'), 'and archive-combined-32.jsonl',
      '(%d + 40 records)' % old.count(b'\n'))
