#!/usr/bin/env python3
"""Build the twentieth archive from r1.py-r4.py (15 records each, in id order).

Assigns ids w001-w060 and dates (rising, after the last existing record of 16 Jan 2027; asked_at from
19 Jan 2027, answered_at 18-60 hours later, all +01:00), maps signature codes to the existing signatures,
and writes into the parent folder of this script:
  archive-twentieth.jsonl     the 60 new records, nine fields in the existing order;
  archive-combined-20.jsonl   the 320 lines of archive-combined-16.jsonl byte for byte, then w001-w060.
archive-combined-16.jsonl is read from the parent folder if it is there, else from
/work/main/tests/data/heldout/.  Deterministic (fixed seed).
Run: python3 make_archive.py
"""
import importlib.util, json, os, random
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
OUTDIR = os.path.dirname(HERE)
OLD = os.path.join(OUTDIR, 'archive-combined-16.jsonl')
if not os.path.exists(OLD):
    OLD = '/work/main/tests/data/heldout/archive-combined-16.jsonl'

SIGS = {
    'S': 'Socialrådgivningen',
    'E': 'Socialrådgivningen, team Ekonomi',
    'EB': 'Socialrådgivningen, team Ekonomi och boende',
    'BF': 'Socialrådgivningen, team Barn och familj',
    'B': 'Socialrådgivningen, team Beroende',
    'V': 'Socialrådgivningen, team Våld i nära relationer',
    'F': 'Socialrådgivningen, team Funktionsstöd',
    'A': 'Socialrådgivningen, team Äldreomsorg',
}
FIELDS = ['id', 'title', 'question', 'pseudonym', 'answer', 'signature', 'category', 'asked_at', 'answered_at']


def load_records(name):
    spec = importlib.util.spec_from_file_location(name, os.path.join(HERE, name + '.py'))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.RECORDS


src = []
for n in ('r1', 'r2', 'r3', 'r4'):
    recs = load_records(n)
    assert len(recs) == 15, (n, len(recs))
    src += recs

tz = timezone(timedelta(hours=1))
rng = random.Random(20270119)
t = datetime(2027, 1, 19, 7, 41, tzinfo=tz)
new = []
for i, r in enumerate(src, 1):
    if i > 1:
        t = t + timedelta(minutes=rng.randint(12 * 60, 26 * 60))
    answered = t + timedelta(minutes=rng.randint(18 * 60, 60 * 60))
    new.append({
        'id': 'w%03d' % i,
        'title': r['title'],
        'question': r['question'],
        'pseudonym': r['pseudonym'],
        'answer': r['answer'],
        'signature': SIGS[r['signature']],
        'category': r['category'],
        'asked_at': t.isoformat(timespec='seconds'),
        'answered_at': answered.isoformat(timespec='seconds'),
    })
    assert list(new[-1].keys()) == FIELDS

with open(OLD, encoding='utf-8') as f:
    old_lines = [l.rstrip('\n') for l in f if l.strip()]
assert len(old_lines) == 320, len(old_lines)

new_lines = [json.dumps(r, ensure_ascii=False) for r in new]
with open(os.path.join(OUTDIR, 'archive-twentieth.jsonl'), 'w', encoding='utf-8') as f:
    f.write('\n'.join(new_lines) + '\n')
with open(os.path.join(OUTDIR, 'archive-combined-20.jsonl'), 'w', encoding='utf-8') as f:
    f.write('\n'.join(old_lines + new_lines) + '\n')
print('wrote %d new records (%s .. %s) and %d combined records to %s'
      % (len(new), new[0]['asked_at'], new[-1]['asked_at'], len(old_lines) + len(new), OUTDIR))
