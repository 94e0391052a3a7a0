"""Build archive-thirtyfifth.jsonl (f001-f040) and archive-combined-35.jsonl
(= bytes of archive-combined-30.jsonl followed by the 40 new records) in the parent folder."""
import json, os, random, sys
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import r1, r2, r3, r4

SIG = {
    'ekonomiskt-bistand': 'Socialrådgivningen, team Ekonomi',
    'barn-och-familj': 'Socialrådgivningen, team Barn och familj',
    'missbruk': 'Socialrådgivningen, team Beroende',
    'vald-i-nara-relationer': 'Socialrådgivningen, team Våld i nära relationer',
    'funktionsnedsattning': 'Socialrådgivningen, team Funktionsstöd',
    'aldreomsorg': 'Socialrådgivningen, team Äldreomsorg',
    'boende': 'Socialrådgivningen, team Ekonomi och boende',
    'rattigheter-och-bemotande': 'Socialrådgivningen',
}
CATS = ['ekonomiskt-bistand', 'barn-och-familj', 'missbruk', 'vald-i-nara-relationer',
        'funktionsnedsattning', 'aldreomsorg', 'boende', 'rattigheter-och-bemotande']

def base_path():
    p = os.path.join(OUT, 'archive-combined-30.jsonl')
    return p if os.path.exists(p) else '/work/main/tests/data/heldout/archive-combined-30.jsonl'

def main():
    recs = r1.RECORDS + r2.RECORDS + r3.RECORDS + r4.RECORDS
    assert len(recs) == 40
    rng = random.Random(35035)
    tz = timezone(timedelta(hours=1))  # winter time, CET
    # latest existing timestamp (incl. thirty-second and thirty-third parts): 2027-12-07T04:04+01:00
    t = datetime(2027, 12, 8, 9, 0, tzinfo=tz)
    out = []
    for i, r in enumerate(recs):
        assert r['c'] == CATS[i % 8], (i, r['c'])
        t = t + timedelta(minutes=rng.randint(17 * 60, 25 * 60))
        ans = t + timedelta(minutes=rng.randint(18 * 60, 58 * 60))
        sig = SIG[r['c']] if r['s'] == 'team' else 'Socialrådgivningen'
        out.append({
            'id': 'f%03d' % (i + 1),
            'title': r['t'], 'question': r['q'], 'pseudonym': r['p'], 'answer': r['a'],
            'signature': sig, 'category': r['c'],
            'asked_at': t.isoformat(timespec='seconds'),
            'answered_at': ans.isoformat(timespec='seconds'),
        })
    new = ''.join(json.dumps(o, ensure_ascii=False) + '\n' for o in out).encode('utf-8')
    with open(os.path.join(OUT, 'archive-thirtyfifth.jsonl'), 'wb') as f:
        f.write(new)
    with open(base_path(), 'rb') as f:
        base = f.read()
    assert base.endswith(b'\n')
    with open(os.path.join(OUT, 'archive-combined-35.jsonl'), 'wb') as f:
        f.write(base + new)
    print('wrote', len(out), 'records;', out[0]['asked_at'], '...', out[-1]['answered_at'])

if __name__ == '__main__':
    main()
