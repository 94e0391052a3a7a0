"""Build archive-thirtyfourth.jsonl (e001-e040) and archive-combined-34.jsonl.

Reads the text of the 40 records from r1.py-r4.py (fields t title, q question, p pseudonym,
a answer, c category, s signature code: 'team' = the category's team signature,
'plain' = "Socialrådgivningen"), assigns ids and dates (fixed seed 34034) and writes both
files into the parent folder of this script. archive-combined-34.jsonl = the bytes of
archive-combined-30.jsonl followed by the 40 new records.
"""
import datetime as dt
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import r1, r2, r3, r4  # noqa: E402

BASE_NAME = 'archive-combined-30.jsonl'
BASE = os.path.join(OUT, BASE_NAME)
if not os.path.exists(BASE):
    BASE = os.path.join('/work/main/tests/data/heldout', BASE_NAME)

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
TZ = dt.timezone(dt.timedelta(hours=1))  # winter time


def main():
    src = r1.R + r2.R + r3.R + r4.R
    assert len(src) == 40, len(src)
    rnd = random.Random(34034)
    asked = dt.datetime(2027, 12, 9, 9, 17, tzinfo=TZ)
    recs = []
    for i, r in enumerate(src, 1):
        if i > 1:
            asked += dt.timedelta(minutes=rnd.randint(17 * 60, 26 * 60))
        answered = asked + dt.timedelta(minutes=rnd.randint(18 * 60, 58 * 60))
        sig = TEAM[r['c']] if r['s'] == 'team' else 'Socialrådgivningen'
        recs.append({
            'id': 'e%03d' % i,
            'title': r['t'],
            'question': r['q'],
            'pseudonym': r['p'],
            'answer': r['a'],
            'signature': sig,
            'category': r['c'],
            'asked_at': asked.isoformat(timespec='minutes'),
            'answered_at': answered.isoformat(timespec='minutes'),
        })
    new = ''.join(json.dumps(r, ensure_ascii=False) + '\n' for r in recs).encode('utf-8')
    with open(os.path.join(OUT, 'archive-thirtyfourth.jsonl'), 'wb') as f:
        f.write(new)
    with open(BASE, 'rb') as f:
        base = f.read()
    assert base.endswith(b'\n')
    with open(os.path.join(OUT, 'archive-combined-34.jsonl'), 'wb') as f:
        f.write(base + new)
    print('wrote', len(recs), 'records; asked', recs[0]['asked_at'], '-', recs[-1]['asked_at'],
          '; last answer', max(r['answered_at'] for r in recs))


if __name__ == '__main__':
    main()
