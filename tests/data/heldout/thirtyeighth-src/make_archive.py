"""Build archive-thirtyeighth.jsonl (i001-i040) and archive-combined-38.jsonl.

Reads the record text from r1.py-r4.py beside this script, checks the category
order, assigns ids, maps signature codes, assigns dates (fixed seed 38038) and
writes both files into the parent folder of this script.
"""
import datetime as dt
import importlib.util
import json
import os
import random

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)
HELDOUT = '/work/main/tests/data/heldout'
SEED = 38038

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
FIELDS = ['id', 'title', 'question', 'pseudonym', 'answer', 'signature', 'category',
          'asked_at', 'answered_at']
# first question is asked after every timestamp of the earlier heldout archives
# (latest seen: 2028-01-15T12:09, e040's answer); winter time throughout
START = dt.datetime(2028, 2, 2, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=1)))


def load(name):
    spec = importlib.util.spec_from_file_location(name, os.path.join(HERE, name + '.py'))
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.RECORDS


def iso(t):
    return t.strftime('%Y-%m-%dT%H:%M:%S+01:00')


def main():
    recs = []
    for n in ('r1', 'r2', 'r3', 'r4'):
        part = load(n)
        assert len(part) == 10, (n, len(part))
        recs.extend(part)
    assert len(recs) == 40
    rng = random.Random(SEED)
    t = START
    out = []
    for k, r in enumerate(recs):
        assert r['c'] == CATS[k % 8], (k + 1, r['c'])
        assert r['s'] in ('team', 'plain')
        if k:
            t = t + dt.timedelta(minutes=rng.randint(17 * 60, 25 * 60))
        ans = t + dt.timedelta(minutes=rng.randint(18 * 60, 58 * 60))
        rec = {
            'id': 'i%03d' % (k + 1),
            'title': r['t'],
            'question': r['q'],
            'pseudonym': r['p'],
            'answer': r['a'],
            'signature': TEAM[r['c']] if r['s'] == 'team' else PLAIN,
            'category': r['c'],
            'asked_at': iso(t),
            'answered_at': iso(ans),
        }
        assert list(rec) == FIELDS
        out.append(rec)
    new_bytes = ''.join(json.dumps(r, ensure_ascii=False) + '\n' for r in out).encode('utf-8')
    base = os.path.join(OUT, 'archive-combined-30.jsonl')
    if not os.path.exists(base):
        base = os.path.join(HELDOUT, 'archive-combined-30.jsonl')
    old = open(base, 'rb').read()
    assert old.endswith(b'\n') and old.count(b'\n') == 640
    with open(os.path.join(OUT, 'archive-thirtyeighth.jsonl'), 'wb') as f:
        f.write(new_bytes)
    with open(os.path.join(OUT, 'archive-combined-38.jsonl'), 'wb') as f:
        f.write(old + new_bytes)
    print('wrote 40 records (%s .. %s) to %s' % (out[0]['asked_at'], out[-1]['answered_at'], OUT))


if __name__ == '__main__':
    main()
