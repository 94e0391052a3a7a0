"""Build archive-thirtyninth.jsonl (j001-j040) and archive-combined-39.jsonl in the parent folder.

The text of the records is in r1.py-r4.py (10 records each, in id order). Fields: t title, q question,
p pseudonym, a answer, c category, s signature code ('team' = the category's team signature,
'plain' = "Socialrådgivningen"). Dates come from a fixed seed, so the output is the same on every run.
"""
import datetime
import json
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PARENT = os.path.dirname(HERE)
sys.path.insert(0, HERE)

import r1, r2, r3, r4  # noqa: E402

SEED = 39039
PFX = 'j'
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
    'rattigheter-och-bemotande': 'Socialrådgivningen',
}
PLAIN = 'Socialrådgivningen'
TZ = datetime.timezone(datetime.timedelta(hours=1))
START = datetime.datetime(2028, 2, 10, 7, 40, tzinfo=TZ)


def old_archive_path():
    p = os.path.join(PARENT, 'archive-combined-30.jsonl')
    if os.path.exists(p):
        return p
    return '/work/main/tests/data/heldout/archive-combined-30.jsonl'


def fmt(d):
    return d.strftime('%Y-%m-%dT%H:%M:%S') + '+01:00'


def main():
    src = r1.R + r2.R + r3.R + r4.R
    assert len(src) == 40, len(src)
    for k, r in enumerate(src):
        assert set(r) == {'t', 'q', 'p', 'a', 'c', 's'}, (k, sorted(r))
        assert r['c'] == CATS[k % 8], (k, r['c'])
        assert r['s'] in ('team', 'plain'), (k, r['s'])
    rng = random.Random(SEED)
    asked = START
    out = []
    for k, r in enumerate(src):
        if k:
            asked = asked + datetime.timedelta(minutes=rng.randint(17 * 60, 25 * 60))
        answered = asked + datetime.timedelta(minutes=rng.randint(18 * 60, 58 * 60))
        assert asked.utcoffset() == answered.utcoffset()
        assert answered < datetime.datetime(2028, 3, 26, 1, 0, tzinfo=TZ)  # before summer time
        sig = TEAM[r['c']] if r['s'] == 'team' else PLAIN
        out.append({
            'id': '%s%03d' % (PFX, k + 1),
            'title': r['t'],
            'question': r['q'],
            'pseudonym': r['p'],
            'answer': r['a'],
            'signature': sig,
            'category': r['c'],
            'asked_at': fmt(asked),
            'answered_at': fmt(answered),
        })
    new_bytes = ''.join(json.dumps(o, ensure_ascii=False) + '\n' for o in out).encode('utf-8')
    with open(os.path.join(PARENT, 'archive-thirtyninth.jsonl'), 'wb') as f:
        f.write(new_bytes)
    with open(old_archive_path(), 'rb') as f:
        old_bytes = f.read()
    assert old_bytes.endswith(b'\n')
    with open(os.path.join(PARENT, 'archive-combined-39.jsonl'), 'wb') as f:
        f.write(old_bytes + new_bytes)
    print('wrote %d records; asked %s .. %s; last answer %s' % (
        len(out), out[0]['asked_at'], out[-1]['asked_at'], max(o['answered_at'] for o in out)))


if __name__ == '__main__':
    main()
