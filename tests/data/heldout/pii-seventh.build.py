#!/usr/bin/env python3
"""Build pii-seventh.jsonl from pii-seventh.src.txt.

Source format: texts separated by a line '@@@'. A detail is marked «c|text»
where c is a one-letter type code. Personnummer check digits are set by Luhn
(the last digit of each marked number is recomputed) unless the code is 'P'
(deliberate typo, kept as written; annotated as personnummer). pii-seventh
uses no 'P' mark: every personnummer in it passes the Luhn check.
Adapted from pii-sixth.build.py: ids y001-y200, and the set must hold 200 texts.
"""
import json, re, sys, os
HERE = os.path.dirname(os.path.abspath(__file__))
CODES = {'n':'name','p':'personnummer','P':'personnummer','t':'phone','e':'email','a':'address',
         'z':'postal_code','r':'plate','b':'bank','c':'case_number','u':'url','i':'ip'}
ALLOWED = set(CODES.values())
MARK = re.compile(r'«([a-zA-Z])\|(.*?)»', re.S)

def luhn_fix(s):
    pos = [i for i,ch in enumerate(s) if ch.isdigit()]
    digs = [s[i] for i in pos]
    ten = digs[-10:]
    tot = 0
    for k,d in enumerate(ten[:9]):
        v = int(d)*(2 if k%2==0 else 1)
        tot += v//10 + v%10
    c = (10 - tot%10) % 10
    i = pos[-1]
    return s[:i] + str(c) + s[i+1:]

def luhn_ok(s):
    d = [c for c in s if c.isdigit()][-10:]
    tot = 0
    for k,x in enumerate(d):
        v = int(x)*(2 if k%2==0 else 1)
        tot += v//10+v%10
    return tot%10==0

def build(src):
    raw = open(src, encoding='utf-8').read()
    blocks = [b.strip('\n') for b in re.split(r'\n@@@\n', raw)]
    blocks = [b for b in blocks if b.strip()]
    out = []
    for n,b in enumerate(blocks, 1):
        text = ''; spans = []; last = 0
        for m in MARK.finditer(b):
            text += b[last:m.start()]
            code, val = m.group(1), m.group(2)
            if code not in CODES: sys.exit(f'bad code {code} in block {n}')
            if code == 'p': val = luhn_fix(val)
            st = len(text); text += val
            spans.append({'start':st,'end':len(text),'type':CODES[code],'text':val})
            last = m.end()
        text += b[last:]
        if '«' in text or '»' in text: sys.exit(f'stray marker in block {n}: {text[:80]}')
        out.append({'id':f'y{n:03d}','text':text,'spans':spans})
    return out

def verify(rows):
    ids=set()
    for r in rows:
        assert r['id'] not in ids; ids.add(r['id'])
        prev=-1
        for s in sorted(r['spans'], key=lambda s:s['start']):
            assert r['text'][s['start']:s['end']]==s['text'], (r['id'],s)
            assert s['type'] in ALLOWED
            assert s['start']>=prev, ('overlap',r['id'],s)
            assert s['text']==s['text'].strip() and s['text'], (r['id'],s)
            prev=s['end']
            if s['type']=='personnummer' and not luhn_ok(s['text']):
                print('note: luhn-fail (intended typo?)', r['id'], s['text'])

if __name__=='__main__':
    rows = build(os.path.join(HERE,'pii-seventh.src.txt'))
    assert len(rows)==200, ('expected 200 texts', len(rows))
    verify(rows)
    with open(os.path.join(HERE,'pii-seventh.jsonl'),'w',encoding='utf-8') as f:
        for r in rows: f.write(json.dumps(r, ensure_ascii=False)+'\n')
    from collections import Counter
    c=Counter(s['type'] for r in rows for s in r['spans'])
    print(len(rows),'texts;', sum(1 for r in rows if not r['spans']),'without spans')
    for k,v in c.most_common(): print(k,v)
    print('total',sum(c.values()))
