"""Build archive-thirtyseventh.jsonl (h001-h040) and archive-combined-37.jsonl in the parent folder.

Reads the record text from r1.py-r4.py (10 records each, in id order), checks the category order,
assigns ids, maps signature codes, assigns dates (fixed seed 37037) and writes the two files.
archive-combined-37.jsonl = the bytes of archive-combined-30.jsonl followed by the 40 new lines.
"""
import json, os, random, sys
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
from r1 import R as R1
from r2 import R as R2
from r3 import R as R3
from r4 import R as R4

CATS = ['ekonomiskt-bistand', 'barn-och-familj', 'missbruk', 'vald-i-nara-relationer',
        'funktionsnedsattning', 'aldreomsorg', 'boende', 'rattigheter-och-bemotande']
TEAM = {
    'ekonomiskt-bistand': 'Socialrådgivningen, team Ekonomi',
    'barn-och-familj': 'Socialrådgivningen, team Barn och familj',
    'missbruk': 'Socialrådgivningen, team Beroende',
    'vald-i-nara-relationer': 'Socialrådgivningen, team Våld i nära relationer',
    'funktionsnedsattning': 'Socialrådgivningen, team Funktionsstöd',
    'aldreomsorg': 'Socialrådgivningen, team Äldreomsorg',
    'boende': 'Socialrådgivningen, team Ekonomi och boende',
}
PLAIN = 'Socialrådgivningen'

SRC = R1 + R2 + R3 + R4
assert len(R1) == len(R2) == len(R3) == len(R4) == 10
assert len(SRC) == 40
for i, r in enumerate(SRC):
    assert r['c'] == CATS[i % 8], (i, r['c'])
    assert set(r) == {'t', 'q', 'p', 'a', 'c', 's'}, r.keys()
    assert r['s'] in ('team', 'plain')
    assert not (r['c'] == 'rattigheter-och-bemotande' and r['s'] == 'team')

# latest timestamp of every archive part present in the heldout folder on 2028 writing day:
# e040 answered 2028-01-15T12:09+01:00 (thirty-fourth part); start clearly after it.
TZ = timezone(timedelta(hours=1))
rng = random.Random(37037)
t = datetime(2028, 1, 19, 7, 0, tzinfo=TZ)
recs = []
for i, r in enumerate(SRC):
    t = t + timedelta(minutes=rng.randint(17 * 60, 25 * 60))
    ans = t + timedelta(minutes=rng.randint(18 * 60, 58 * 60))
    recs.append({
        'id': 'h%03d' % (i + 1),
        'title': r['t'],
        'question': r['q'],
        'pseudonym': r['p'],
        'answer': r['a'],
        'signature': TEAM[r['c']] if r['s'] == 'team' else PLAIN,
        'category': r['c'],
        'asked_at': t.isoformat(timespec='seconds'),
        'answered_at': ans.isoformat(timespec='seconds'),
    })

new = ''.join(json.dumps(r, ensure_ascii=False) + '\n' for r in recs)
base = os.path.join(OUT, 'archive-combined-30.jsonl')
if not os.path.exists(base):
    base = '/work/main/tests/data/heldout/archive-combined-30.jsonl'
old = open(base, 'rb').read()
assert old.endswith(b'\n')
with open(os.path.join(OUT, 'archive-thirtyseventh.jsonl'), 'w', encoding='utf-8') as f:
    f.write(new)
with open(os.path.join(OUT, 'archive-combined-37.jsonl'), 'wb') as f:
    f.write(old + new.encode('utf-8'))
print('wrote %d new records (%s .. %s), asked %s .. %s, last answer %s' % (
    len(recs), recs[0]['id'], recs[-1]['id'], recs[0]['asked_at'], recs[-1]['asked_at'],
    max(r['answered_at'] for r in recs)))
