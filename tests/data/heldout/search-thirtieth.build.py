#!/usr/bin/env python3
"""Held-out search set 'thirtieth': checks archive-thirtieth.jsonl / archive-combined-30.jsonl
(beside this script) and 70 queries, then writes search-thirtieth-queries.jsonl beside itself."""
import json, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
FIELDS = ['id', 'title', 'question', 'pseudonym', 'answer', 'signature', 'category', 'asked_at', 'answered_at']
CATS = ['ekonomiskt-bistand', 'barn-och-familj', 'missbruk', 'vald-i-nara-relationer',
        'funktionsnedsattning', 'aldreomsorg', 'boende', 'rattigheter-och-bemotande']
OLD_PARTS = [('s', 120), ('t', 80), ('u', 60), ('v', 60), ('w', 60), ('x', 60), ('y', 60), ('z', 60), ('a', 40)]
KINDS = ['keyword', 'inflected', 'compound', 'synonym', 'misspelled', 'question', 'abbreviation']
ABBR = ['LSS', 'LVU', 'LVM', 'SoL', 'HVB', 'BUP', 'FK', 'KFM', 'CSN', 'IVO', 'BBIC', 'SIP', 'MVC', 'BVC', 'AF',
        'JO', 'SFI', 'HSL', 'DO', 'SÄBO', 'LOV', 'IFO', 'VAB', 'SIS', 'EKB', 'LPT']
CASE_EXACT = {'SoL', 'JO', 'DO', 'LOV', 'AF'}
WORDLIKE = {'SoL', 'JO', 'DO', 'LOV', 'AF', 'FK'}

# grade-2 targets listed in README-search-twentyseventh/-twentyeighth/-twentyninth.md (per-kind lists)
PREV27 = set('''x054 y006 w029 t065 u021 v060 s093 y016 w057 v045 z031 z032 s017 y027 x032 v053 x011 w021 z004 u015
z028 z040 z051 z044 s008 u023 x003 u044 w020 y031 z001 z023 u039 z038 s011 t044 v036 y019 u017 v035
z033 z041 z048 t039 s109 w028 t047 v019 y025 x047 z049 y041 z043 z050 s025 x038 s088 t035 u026 w007
z054 z060 v038 t032 t029 w013 t020 u020 s019 x012'''.split())
PREV28 = set('''z006 t005 y036 u016 v005 w031 x034 s113 y014 x053 z029 z026 z012 z002 u031 y042 x014 s101 w040 t049
z013 z036 z039 z010 t006 v042 y043 w026 y054 x010 s004 x026 z020 y053 z009 y012 w060 v049 u007 y060
s118 t031 s056 z003 s069 z017 w050 v011 u027 x016 t066 s054 v014 w059 z008 s043 z019 z057 y008 z022
z058 z059 v008 u035 s077 t033 v039 v047 t026 u037'''.split())
PREV29 = set(['a%03d' % i for i in range(1, 41)] + '''y044 t074 u060 w043 y011 x031 y054 x049 v018 y009 x026
w050 y042 s089 u059 y060 w059 v056 t055 y045 v034 y005 v009 w017 v008 u033 w048 s077 u036 y028'''.split())
PREV = PREV27 | PREV28 | PREV29

# (kind, query, {id: grade}, key, evidence words in the grade-2 record)
Q = [
 # keyword
 ('keyword', 'kompis vägrar flytta', {'b007': 2, 't006': 1}, None, None),
 ('keyword', 'insamling leukemi försörjningsstöd', {'b025': 2, 't071': 1}, None, None),
 ('keyword', 'pappa demens jaktvapen', {'b038': 2}, None, None),
 ('keyword', 'elbolaget stänger strömmen', {'s083': 2, 'w031': 1}, None, None),
 ('keyword', 'rena sprutor gratis', {'t015': 2}, None, None),
 ('keyword', 'husvagn camping vintern', {'v030': 2}, None, None),
 ('keyword', 'vinterkläder barnen försörjningsstöd', {'w054': 2}, None, None),
 ('keyword', 'kylskåpet gick sönder', {'x009': 2}, None, None),
 ('keyword', 'glutenfri kost bistånd', {'z045': 2, 't073': 1}, None, None),
 ('keyword', 'klassresa inga pengar', {'y050': 2, 'b009': 1, 't027': 1}, None, None),
 # inflected: key absent from all 640 records; evidence = another form in the target
 ('inflected', 'kompisen dog av en överdos och jag har inte sörjt', {'b011': 2}, 'sörjt', ['sörja']),
 ('inflected', 'mamma trillade på boendet och låg på golvet hela natten', {'b014': 2, 'x004': 1, 'x022': 1}, 'trillade', ['trillar']),
 ('inflected', 'sambon avled och kontraktet stod på honom', {'b015': 2, 'x043': 1, 'v050': 1}, 'avled', ['avlidit']),
 ('inflected', 'jag uteslöts ur församlingen och familjen pratar inte med mig', {'b020': 2}, 'uteslöts', ['utesluten']),
 ('inflected', 'kronofogden magasinerade mina möbler efter vräkningen', {'b023': 2, 's050': 1}, 'magasinerade', ['magasineras']),
 ('inflected', 'vi tömde mammas rum på boendet men ska betala hyra en månad till', {'b030': 2, 'v050': 1}, 'tömde', ['tömma', 'töms']),
 ('inflected', 'handläggaren googlade mig och hittade gamla bilder', {'b032': 2, 'z008': 1}, 'googlade', ['googla']),
 ('inflected', 'dottern bet tre barn på förskolan', {'b034': 2}, 'bet', ['biter']),
 ('inflected', 'son med asperger fick inte feriejobbet', {'b037': 2}, 'feriejobbet', ['feriejobb']),
 ('inflected', 'hörde socialsekreterare som skvallrade om mig på bussen', {'b040': 2, 'x008': 1}, 'skvallrade', ['skvallra']),
 # compound: coined by the asker, absent from all 640; parts as the record writes them
 ('compound', 'får jag ha kvar sjukhusassistansen när jag opereras', {'b005': 2}, 'sjukhusassistansen', ['sjukhuset', 'assistansen']),
 ('compound', 'språkproblemen i pappas hemtjänst', {'b006': 2, 'u046': 1, 'z021': 1}, 'språkproblemen', ['språket', 'problem']),
 ('compound', 'vill ha pappersbreven från soc i stället för en app', {'b008': 2, 'z040': 1, 'v060': 1}, 'pappersbreven', ['papper', 'breven']),
 ('compound', 'sjukhusräkningen efter blindtarmen när man har försörjningsstöd', {'b017': 2, 'u044': 1}, 'sjukhusräkningen', ['sjukhuset', 'räkningen']),
 ('compound', 'elvaåringen har sett porrfilmerna i gruppchatten', {'b018': 2}, 'porrfilmerna', ['porr', 'filmerna']),
 ('compound', 'energibristen vid me gör att jag inte klarar hemmet', {'b029': 2, 'b013': 1, 'v027': 1}, 'energibristen', ['energi', 'brist']),
 ('compound', 'balkongröken från grannen och barnet har astma', {'b031': 2}, 'balkongröken', ['balkongen', 'röken']),
 ('compound', 'exet tar barnbidragspengarna fast barnen bor hos mig', {'b033': 2}, 'barnbidragspengarna', ['barnbidraget', 'pengarna']),
 ('compound', 'advokatkostnaderna när exet stämmer mig om vårdnaden igen', {'b036': 2, 't060': 1}, 'advokatkostnaderna', ['advokat', 'kostnaderna']),
 ('compound', 'fotbollsavgiften för sonen har vi inte råd med', {'t027': 2, 'b009': 1, 'y050': 1}, 'fotbollsavgiften', ['fotboll', 'avgiften']),
 # synonym: everyday / slang word absent from all 640; the record's own wording as evidence
 ('synonym', 'behöver dojor till nya jobbet', {'b001': 2, 'y043': 1}, 'dojor', ['skor', 'skyddsskor']),
 ('synonym', 'killen höll på med stealthing är det ett brott', {'b004': 2}, 'stealthing', ['kondomen']),
 ('synonym', 'kan soc betala kollo för dottern', {'b009': 2, 'y050': 1, 't027': 1}, 'kollo', ['sommarläger']),
 ('synonym', 'storebror och lillasyster fajtas hela tiden', {'b010': 2}, 'fajtas', ['slåss']),
 ('synonym', 'har longcovid och orkar inte städa', {'b013': 2, 'b029': 1, 'v027': 1}, 'longcovid', ['postcovid']),
 ('synonym', 'ska vi låta sextonåringen kröka hemma', {'b019': 2, 't044': 1}, 'kröka', ['dricka', 'alkohol']),
 ('synonym', 'är det en muta att ge socialsekreteraren blommor', {'b024': 2}, 'muta', ['gåva', 'gåvor']),
 ('synonym', 'pappa har torrfylla sen han slutade supa', {'b035': 2, 'v031': 1}, 'torrfylla', ['humörsvängningar', 'nykter']),
 ('synonym', 'köpte ett svartkontrakt och nu vill värden säga upp mig', {'b039': 2, 'a039': 1}, 'svartkontrakt', ['köpte', 'kontrakt']),
 ('synonym', 'snabblånen växer och inkasso skickar brev', {'w024': 2, 't012': 1}, 'snabblånen', ['sms', 'lån']),
 # misspelled: misspelling absent from all 640; correct spelling in the target
 ('misspelled', 'kratum pulver från nätet', {'b003': 2, 'a003': 1, 'y019': 1}, 'kratum', ['kratom']),
 ('misspelled', 'kommunens e-tjänst saknar tillgängelighet för blinda', {'b016': 2, 'v060': 1}, 'tillgängelighet', ['tillgänglighet']),
 ('misspelled', 'kokleaimplantat och teckenspråk för bebisen', {'b021': 2}, 'kokleaimplantat', ['cochleaimplantat']),
 ('misspelled', 'pappa 86 har depresion och vill inte leva', {'b022': 2, 's095': 1, 'w060': 1}, 'depresion', ['depression']),
 ('misspelled', 'kemsex och G på helgerna', {'b027': 2, 'y044': 1, 'u025': 1}, 'kemsex', ['chemsex']),
 ('misspelled', 'min killes ex trakaserar mig varje dag', {'b028': 2, 'a004': 1, 'v041': 1, 's118': 1}, 'trakaserar', ['trakasserar']),
 ('misspelled', 'betalningsanmärkingar ingen hyresvärd vill ha mig', {'v052': 2, 's022': 1}, 'betalningsanmärkingar', ['betalningsanmärkningar']),
 ('misspelled', 'tryggetslarm utan hemtjänst', {'s066': 2, 'x022': 1}, 'tryggetslarm', ['trygghetslarm']),
 ('misspelled', 'avslag på skuldsannering söka igen', {'w009': 2, 'u004': 1, 't012': 1}, 'skuldsannering', ['skuldsanering']),
 ('misspelled', 'hur blir man kontaktfamilij', {'u010': 2, 't072': 1, 'w047': 1}, 'kontaktfamilij', ['kontaktfamilj']),
 # question
 ('question', 'vad gör jag när mammas nya kille skriker på mig och mamma säger ingenting', {'b002': 2, 's091': 1, 'a026': 1}, None, None),
 ('question', 'vad kan jag som chef göra när en anställd kommer till jobbet med blåmärken', {'b012': 2, 'x037': 1, 't036': 1}, None, None),
 ('question', 'har jag rätt att få en annan handläggare om vi inte kommer överens', {'s067': 2, 's065': 1, 'a016': 1}, None, None),
 ('question', 'får jag flytta till en annan stad med barnen om pappan säger nej', {'t037': 2}, None, None),
 ('question', 'vad är skillnaden mellan trygghetsboende och äldreboende och hur söker man', {'u022': 2, 'y054': 1}, None, None),
 ('question', 'kan kronofogden ta mina pengar för skulder som min man har tagit', {'w039': 2}, None, None),
 ('question', 'kan vi syskon tvinga mamma att flytta till ett äldreboende när hon ramlar hemma', {'x004': 2, 's028': 1}, None, None),
 ('question', 'måste jag sälja bilen för att få försörjningsstöd när vi bor på landet', {'s119': 2, 'z051': 1}, None, None),
 ('question', 'säger socialtjänsten till migrationsverket var jag bor om jag ber om hjälp', {'u013': 2, 't013': 1}, None, None),
 ('question', 'kan jag få bostadsbidrag när jag är 22 och jobbar deltid', {'t061': 2}, None, None),
 # abbreviation
 ('abbreviation', 'lss insatser flytta till annan kommun', {'s082': 2}, None, None),
 ('abbreviation', 'lvm utredning på min bror', {'t024': 2, 'x012': 1, 's055': 1}, None, None),
 ('abbreviation', 'kfm tar nästan hela lönen', {'s087': 2, 'u004': 1}, None, None),
 ('abbreviation', 'anmäla soc till ivo', {'s053': 2, 'u030': 1}, None, None),
 ('abbreviation', 'sip psykiatrin och kommunen samarbetar inte', {'v044': 2, 'z058': 1, 's112': 1}, None, None),
 ('abbreviation', 'AF praktik resekostnad', {'y037': 2}, None, None),
 ('abbreviation', 'anmäla socialnämnden till JO', {'u030': 2, 's053': 1}, None, None),
 ('abbreviation', 'ekb fyller 18 måste flytta', {'t019': 2, 'x023': 1}, None, None),
 ('abbreviation', 'bup utredning adhd skolpsykologen', {'w030': 2, 'u035': 1}, None, None),
 ('abbreviation', 'FK föräldrapenning medmamma', {'b026': 2, 's056': 1}, None, None),
]

def fail(msg):
    print('FAIL:', msg); sys.exit(1)

def load(path):
    out = []
    for n, line in enumerate(open(path, encoding='utf-8'), 1):
        try:
            r = json.loads(line)
        except Exception as e:
            fail('%s line %d does not parse: %s' % (path, n, e))
        if list(r.keys()) != FIELDS:
            fail('%s line %d: fields %s' % (path, n, list(r.keys())))
        out.append(r)
    return out

def words(r):
    return set(re.findall(r'\w+', (r['title'] + ' ' + r['question'] + ' ' + r['answer']).lower()))

def sentences(r):
    out = []
    for f in ('title', 'question', 'answer'):
        for s in re.split(r'[.!?]', r[f]):
            w = tuple(re.findall(r'\w+', s.lower()))
            if len(w) >= 4:
                out.append(w)
    return out

# ---------------- archive ----------------
src29 = os.path.join(HERE, 'archive-combined-29.jsonl')
if not os.path.exists(src29):
    src29 = '/work/main/tests/data/heldout/archive-combined-29.jsonl'
old = load(src29)
want = ['%s%03d' % (p, i) for p, n in OLD_PARTS for i in range(1, n + 1)]
if [r['id'] for r in old] != want:
    fail('archive-combined-29.jsonl ids are not s001..a040 in order')
new = load(os.path.join(HERE, 'archive-thirtieth.jsonl'))
if [r['id'] for r in new] != ['b%03d' % i for i in range(1, 41)]:
    fail('archive-thirtieth.jsonl ids are not b001..b040 in order')
old_cats = {r['category'] for r in old}
old_sigs = {r['signature'] for r in old}
latest_old = max(max(r['asked_at'], r['answered_at']) for r in old)
from datetime import datetime
def ts(s):
    if not re.match(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$', s):
        fail('timestamp without offset: %s' % s)
    return datetime.fromisoformat(s)
latest_old_t = max(max(ts(r['asked_at']), ts(r['answered_at'])) for r in old)
prev = None
for r in new:
    for f in FIELDS:
        if not isinstance(r[f], str) or not r[f].strip():
            fail('%s: empty or non-string %s' % (r['id'], f))
    if not 250 <= len(r['question']) <= 600:
        fail('%s: question length %d' % (r['id'], len(r['question'])))
    if not 700 <= len(r['answer']) <= 1400:
        fail('%s: answer length %d' % (r['id'], len(r['answer'])))
    if not r['answer'].startswith('Hej'):
        fail('%s: answer does not start with Hej' % r['id'])
    if r['category'] not in old_cats or r['signature'] not in old_sigs:
        fail('%s: unknown category or signature' % r['id'])
    a, b = ts(r['asked_at']), ts(r['answered_at'])
    if not a < b:
        fail('%s: asked_at not before answered_at' % r['id'])
    if a <= latest_old_t:
        fail('%s: asked_at not after all old timestamps' % r['id'])
    if prev is not None and not a > prev:
        fail('%s: asked_at not rising' % r['id'])
    prev = a
comb_path = os.path.join(HERE, 'archive-combined-30.jsonl')
if open(comb_path, 'rb').read() != open(src29, 'rb').read() + open(os.path.join(HERE, 'archive-thirtieth.jsonl'), 'rb').read():
    fail('archive-combined-30.jsonl is not archive-combined-29.jsonl + archive-thirtieth.jsonl byte for byte')
allr = load(comb_path)
if len(allr) != 640:
    fail('combined has %d records' % len(allr))
if len({r['title'] for r in allr}) != 640:
    fail('titles not unique')
catcount = Counter(r['category'] for r in new)
for c in CATS:
    if catcount[c] != 5:
        fail('category %s has %d new records' % (c, catcount[c]))
oldsent = set()
for r in old:
    oldsent.update(sentences(r))
allowed = {('ta', 'hand', 'om', 'dig'), ('ta', 'hand', 'om', 'er')}
for r in new:
    for s in sentences(r):
        if s in oldsent and s not in allowed:
            fail('%s repeats an old sentence: %s' % (r['id'], ' '.join(s)))

# ---------------- queries ----------------
byid = {r['id']: r for r in allr}
W = {r['id']: words(r) for r in allr}
allwords = set().union(*W.values())
if len(Q) != 70 or len({q[1] for q in Q}) != 70:
    fail('need 70 unique queries')
kc = Counter(q[0] for q in Q)
if any(kc[k] != 10 for k in KINDS) or set(kc) != set(KINDS):
    fail('kinds: %s' % kc)

def abbr_hits(query):
    hits = []
    for a in ABBR:
        if a in CASE_EXACT:
            if re.search(r'(?<!\w)' + re.escape(a) + r'(?!\w)', query):
                hits.append((a, a))
        else:
            for m in re.finditer(r'(?<!\w)' + re.escape(a) + r'(?!\w)', query, re.I):
                hits.append((a, m.group(0)))
    return hits

targets = []
abbrs_used, lower_abbr, q10 = set(), 0, 0
for kind, query, rel, key, ev in Q:
    if not rel or any(i not in byid for i in rel) or any(g not in (1, 2) for g in rel.values()):
        fail('bad judgments: %s' % query)
    t2 = [i for i, g in rel.items() if g == 2]
    if len(t2) != 1:
        fail('not exactly one grade 2: %s' % query)
    t = t2[0]
    if t in PREV:
        fail('grade-2 target %s was a target of the 27th/28th/29th set: %s' % (t, query))
    targets.append(t)
    qwords = re.findall(r'\w+', query.lower())
    if kind in ('inflected', 'compound', 'synonym', 'misspelled'):
        if key not in qwords:
            fail('key %s not a word of %s' % (key, query))
        if key in allwords:
            fail('key %s occurs in the archive' % key)
        for e in ev:
            if e.lower() not in W[t]:
                fail('evidence %s not in %s' % (e, t))
    if kind == 'keyword' and not 1 <= len(query.split()) <= 3:
        fail('keyword length: %s' % query)
    if kind != 'abbreviation' and abbr_hits(query):
        fail('abbreviation in non-abbreviation query: %s %s' % (query, abbr_hits(query)))
    if kind == 'question':
        n = len(query.split())
        if query != query.lower() or re.search(r'[^\w\s]', query) or not 6 <= n <= 16:
            fail('question format: %s' % query)
        q10 += n >= 10
    if kind == 'abbreviation':
        h = abbr_hits(query)
        if len(h) != 1:
            fail('abbreviation query needs exactly one abbreviation: %s %s' % (query, h))
        a, written = h[0]
        others = len(query.split()) - 1
        if not 1 <= others <= 5:
            fail('abbreviation query other words: %s' % query)
        abbrs_used.add(a)
        if a not in WORDLIKE and written == written.lower():
            lower_abbr += 1
if len(set(targets)) != 70:
    fail('grade-2 targets not all different')
newt = sum(t.startswith('b') for t in targets)
if newt < 30:
    fail('only %d new grade-2 targets' % newt)
if q10 < 5:
    fail('only %d question queries of 10+ words' % q10)
if len(abbrs_used) < 8 or lower_abbr < 4:
    fail('abbreviations: %d different, %d lower case' % (len(abbrs_used), lower_abbr))

out = os.path.join(HERE, 'search-thirtieth-queries.jsonl')
with open(out, 'w', encoding='utf-8') as f:
    for kind, query, rel, key, ev in Q:
        f.write(json.dumps({'query': query, 'relevant': rel, 'kind': kind}, ensure_ascii=False) + '\n')

pairs = sum(len(q[2]) for q in Q)
g1 = pairs - 70
part = lambda i: i[0]
g2p = Counter(part(t) for t in targets)
g1p = Counter(part(i) for q in Q for i, g in q[2].items() if g == 1)
order = 'stuvwxyzab'
fmt = lambda c: '{' + ', '.join("'%s': %d" % (p, c[p]) for p in order if c[p]) + '}'
print('ok: 640 records (40 new: %s), 70 queries, %d graded pairs (70 grade 2, %d grade 1), grade-2 by part %s, '
      'grade 1 by part %s, %d abbreviations (%d lower case), %d question queries of 10+ words, wrote %s'
      % (', '.join('%s %d' % (c, catcount[c]) for c in CATS), pairs, g1, fmt(g2p), fmt(g1p),
         len(abbrs_used), lower_abbr, q10, out))
print('| kind | n | grade-2 ' + '/'.join(order) + ' | grade 1 | mean relevant | single-relevant queries |')
print('|---|---|---|---|---|---|')
for k in KINDS:
    qs = [q for q in Q if q[0] == k]
    c2 = Counter(part([i for i, g in q[2].items() if g == 2][0]) for q in qs)
    n1 = sum(1 for q in qs for g in q[2].values() if g == 1)
    mean = sum(len(q[2]) for q in qs) / len(qs)
    single = sum(1 for q in qs if len(q[2]) == 1)
    print('| %s | %d | %s | %d | %.1f | %d |' % (k, len(qs), '/'.join(str(c2[p]) for p in order), n1, mean, single))
