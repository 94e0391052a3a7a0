#!/usr/bin/env python3
"""Build archive-twentyfourth.jsonl (z001-z060) and archive-combined-24.jsonl (560 records) from r1.py-r4.py.

The record texts live in r1.py-r4.py (15 records each, in id order).  This script assigns the ids z001-z060,
maps the signature codes to the signatures the existing records use, assigns dates (fixed seed; asked_at rising,
12-26 hours apart, starting after the last existing record, which was asked on 13 Jun 2027; answered 18-60 hours
later; Swedish local time, so +02:00 throughout, since all dates fall in summer time), and writes both files into
its parent folder.  archive-combined-22.jsonl is read from the parent folder if it is there, else from
/work/main/tests/data/heldout/; its 500 lines are copied byte for byte, then z001-z060 follow.
Run: python3 make_archive.py
"""
import json, os, random, runpy
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

SRC = os.path.dirname(os.path.abspath(__file__))
OUTDIR = os.path.dirname(SRC)
MAIN_HELDOUT = '/work/main/tests/data/heldout'
FIELDS = ['id', 'title', 'question', 'pseudonym', 'answer', 'signature', 'category', 'asked_at', 'answered_at']
SIGS = {
    'S': 'Socialrådgivningen',
    'E': 'Socialrådgivningen, team Ekonomi',
    'EB': 'Socialrådgivningen, team Ekonomi och boende',
    'B': 'Socialrådgivningen, team Barn och familj',
    'BE': 'Socialrådgivningen, team Beroende',
    'V': 'Socialrådgivningen, team Våld i nära relationer',
    'F': 'Socialrådgivningen, team Funktionsstöd',
    'A': 'Socialrådgivningen, team Äldreomsorg',
}
TZ = ZoneInfo('Europe/Stockholm')
SEED = 24024

def main():
    recs = []
    for n in range(1, 5):
        part = runpy.run_path(os.path.join(SRC, 'r%d.py' % n))['RECORDS']
        assert len(part) == 15, 'r%d.py has %d records' % (n, len(part))
        recs += part
    p22 = os.path.join(OUTDIR, 'archive-combined-22.jsonl')
    if not os.path.exists(p22):
        p22 = os.path.join(MAIN_HELDOUT, 'archive-combined-22.jsonl')
    with open(p22, encoding='utf-8') as f:
        old_lines = [l.rstrip('\n') for l in f if l.strip()]
    old = [json.loads(l) for l in old_lines]
    last = max(datetime.fromisoformat(r['asked_at']) for r in old)

    rng = random.Random(SEED)
    t = last.astimezone(TZ).replace(hour=7, minute=0, second=0, microsecond=0) + timedelta(days=2)
    t += timedelta(minutes=rng.randrange(0, 180))
    out = []
    for i, r in enumerate(recs, 1):
        if i > 1:
            t += timedelta(minutes=rng.randrange(12 * 60, 26 * 60 + 1))
        asked = t.astimezone(TZ).replace(second=0, microsecond=0)
        answered = (asked + timedelta(minutes=rng.randrange(18 * 60, 60 * 60 + 1))).astimezone(TZ)
        rec = {
            'id': 'z%03d' % i,
            'title': r['title'],
            'question': r['question'],
            'pseudonym': r['pseudonym'],
            'answer': r['answer'],
            'signature': SIGS[r['sig']],
            'category': r['category'],
            'asked_at': asked.isoformat(),
            'answered_at': answered.isoformat(),
        }
        assert list(rec) == FIELDS
        out.append(rec)
    new_lines = [json.dumps(r, ensure_ascii=False) for r in out]
    with open(os.path.join(OUTDIR, 'archive-twentyfourth.jsonl'), 'w', encoding='utf-8') as f:
        f.write('\n'.join(new_lines) + '\n')
    with open(os.path.join(OUTDIR, 'archive-combined-24.jsonl'), 'w', encoding='utf-8') as f:
        f.write('\n'.join(old_lines + new_lines) + '\n')
    print('wrote %d new records (%s .. %s) and %d combined records into %s'
          % (len(out), out[0]['asked_at'], out[-1]['asked_at'], len(old_lines) + len(out), OUTDIR))

if __name__ == '__main__':
    main()
