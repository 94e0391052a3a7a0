#!/usr/bin/env python3
"""search-twentyseventh: held-out Swedish search queries judged over archive-combined-24.jsonl (560 records:
s001-s120, t001-t080, u001-u060, v001-v060, w001-w060, x001-x060, y001-y060, z001-z060).  No new archive.

Holds the 70 queries and their relevance judgments, checks them against the archive and writes
search-twentyseventh-queries.jsonl beside itself.  Reads archive-combined-24.jsonl beside itself if it is there,
else from /work/main/tests/data/heldout/.
Run: python3 search-twentyseventh.build.py
"""
import json, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
MAIN_HELDOUT = '/work/main/tests/data/heldout'
OUT = os.path.join(HERE, 'search-twentyseventh-queries.jsonl')
FIELDS = ['id', 'title', 'question', 'pseudonym', 'answer', 'signature', 'category', 'asked_at', 'answered_at']
KINDS = ['keyword', 'inflected', 'compound', 'synonym', 'misspelled', 'question', 'abbreviation']
PER_KIND = 10
MIN_PER_PART = 6
MIN_Z = 12
MIN_ABBREVS = 8
MIN_LOWER_ABBREVS = 4
MIN_LONG_QUESTIONS = 5                                     # added in the twenty-seventh set: question queries
LONG_QUESTION_WORDS = 10                                   # with 10 words or more
ABBREVS = ['LSS', 'LVU', 'LVM', 'SoL', 'HVB', 'BUP', 'FK', 'KFM', 'CSN', 'IVO', 'BBIC', 'SIP', 'MVC', 'BVC',
           'AF', 'JO', 'SFI', 'HSL', 'DO', 'SÄBO', 'LOV', 'IFO', 'VAB', 'SIS', 'EKB', 'LPT']
ORDINARY_WORDS = {'SoL', 'JO', 'DO', 'LOV', 'AF', 'FK'}   # lower case does not count for these
CASE_SENSITIVE = {'SoL', 'JO', 'DO', 'LOV', 'AF'}          # also Swedish words: only matched as written
PARTS = [('s', 120), ('t', 80), ('u', 60), ('v', 60), ('w', 60), ('x', 60), ('y', 60), ('z', 60)]
COMB_FILE = 'archive-combined-24.jsonl'
# grade-2 targets of the twenty-fifth set, as listed in the twenty-sixth build script's PREV_TARGETS (none may repeat)
PREV25_TARGETS = set('''s070 t008 v030 w001 x030 x013 v018 t074 u022 w024 s009 t021 u058 w012 t077 s022 y022 t071
u003 v029 s083 s013 t027 y050 x029 u001 y032 u002 v012 w043 y001 y007 u043 v001 v059 x033 y028 w016 w054 v041
s058 w009 s041 t013 s117 t023 u012 x044 x046 u009 u054 s065 x060 u013 x008 y040 w038 v020 x052 t055 u034 u033
t009 y010 y005 w017 v013 x024 y037 s085'''.split())
# grade-2 targets of the twenty-sixth set, as listed in README-search-twentysixth.md (none may repeat)
PREV26_TARGETS = set('''s005 x009 t015 w014 u055 x048 w053 s021 v016 u018
z025 z024 z046 v057 y002 t004 w034 y044 s108 x025
z005 z015 z047 u042 v048 y004 y009 x001 s046 w051
z018 z011 z034 y003 y011 v040 v032 s047 t052 x049
z021 z045 s066 u040 v006 t034 w032 y034 u045 w044
z035 z030 t003 w019 x006 s089 t017 y026 u059 w045
z053 z037 v009 v033 t019 u030 x036 u036 s096 t062'''.split())

# (kind, query, key token or '', evidence words that must occur in the grade-2 record, relevance)
Q = [
    # ---------------------------------------------------------------- keyword (1-3 words)
    ('keyword', 'katt skyddat boende', '', [], {'x054': 2, 's092': 1, 'z002': 1}),
    ('keyword', 'sova i källarförråd', '', [], {'y006': 2}),
    ('keyword', 'hemtjänst hund allergisk', '', [], {'w029': 2}),
    ('keyword', 'parterapi hos kommunen', '', [], {'t065': 2}),
    ('keyword', 'vandrarhem med barnen', '', [], {'u021': 2}),
    ('keyword', 'ansöka utan bankid', '', [], {'v060': 2, 'z040': 1}),
    ('keyword', 'synskadad ledsagare konsert', '', [], {'s093': 2}),
    ('keyword', 'matbud ojämn inkomst', '', [], {'y016': 2}),
    ('keyword', 'grannen skriker nätterna', '', [], {'w057': 2, 'x031': 1, 's074': 1, 't036': 1}),
    ('keyword', 'hbtq äldreboende', '', [], {'v045': 2}),
    # ---------------------------------------------------------------- inflected
    ('inflected', 'tvillingarna skriker hela nätterna och jag orkar inte mer', 'tvillingarna', ['tvillingar'],
     {'z031': 2, 'w045': 1}),
    ('inflected', 'tältet läcker och nätterna blir kalla vart ska jag ta vägen', 'tältet', ['tält'],
     {'z032': 2, 't014': 1, 'v030': 1}),
    ('inflected', 'hittade haschet i sonens ficka ska jag ringa polisen', 'haschet', ['hasch'],
     {'s017': 2, 'w041': 1, 'x017': 1}),
    ('inflected', 'sonen på 8 tände eld på papperskorgen på skoltoan', 'papperskorgen', ['papperskorg'],
     {'y027': 2}),
    ('inflected', 'hemtjänsten köper ut vodkan åt morfar varje vecka', 'vodkan', ['vodka'],
     {'x032': 2, 's034': 1, 'u015': 1}),
    ('inflected', 'ohyran kommer tillbaka vem ska betala saneringen', 'ohyran', ['ohyra'], {'v053': 2}),
    ('inflected', 'en kille våldtog mig när jag sov på en fest', 'våldtog', ['våldtagen'], {'x011': 2}),
    ('inflected', 'pappa med demens tafsade på personalen nu vill dom sluta komma', 'tafsade', ['tafsar'],
     {'w021': 2}),
    ('inflected', 'tioåringen snodde pengar ur plånboken och ljög om det', 'ljög', ['ljuger'], {'z004': 2}),
    ('inflected', 'pappa blandar sömntabletterna med vin varje kväll', 'sömntabletterna', ['sömntabletter'],
     {'u015': 2, 'x032': 1, 's034': 1}),
    # ---------------------------------------------------------------- compound
    ('compound', 'tånaglarna växer in och hemtjänsten vägrar klippa', 'tånaglarna', ['tårna', 'naglarna'],
     {'z028': 2}),
    ('compound', 'soc kör bara videomöten och jag har ingen dator', 'videomöten', ['video', 'möten'],
     {'z040': 2, 'v060': 1}),
    ('compound', 'bidrag till bilreparation så jag kan ta mig till jobbet', 'bilreparation',
     ['bilen', 'reparationen'], {'z051': 2, 's119': 1}),
    ('compound', 'extravak så pappa inte dör ensam på boendet', 'extravak', ['extra', 'vakar'], {'z044': 2}),
    ('compound', 'akuttandvård svullen kind och har försörjningsstöd', 'akuttandvård', ['akut', 'tandvård'],
     {'s008': 2}),
    ('compound', 'hemtjänsten gör ingen fönsterstädning längre', 'fönsterstädning', ['fönster', 'städning'],
     {'u023': 2}),
    ('compound', 'mamma har bingoskulder hos hela släkten', 'bingoskulder', ['bingo', 'skulder'],
     {'x003': 2, 'w018': 1, 's120': 1}),
    ('compound', 'läkemedelskostnaderna går inte ihop med sjukersättningen', 'läkemedelskostnaderna',
     ['läkemedel', 'kostnader'], {'u044': 2}),
    ('compound', 'dagersättning 45 kr på daglig verksamhet är det lagligt', 'dagersättning', ['dag', 'ersättning'],
     {'w020': 2, 's086': 1}),
    ('compound', 'mamma ligger i nattblöjan tills hemtjänsten kommer', 'nattblöjan', ['natten', 'blöjor'],
     {'y031': 2}),
    # ---------------------------------------------------------------- synonym / slang
    ('synonym', 'kvarskatt på 18 tusen kan soc hjälpa mig', 'kvarskatt', ['restskatt'], {'z001': 2}),
    ('synonym', 'ockerhyra för ett rum i andra hand vad gör jag', 'ockerhyra', ['oskäligt', 'hyra'],
     {'z023': 2, 's039': 1}),
    ('synonym', 'muckar om två månader och har ingenstans att bo', 'muckar', ['friges', 'anstalten'], {'u039': 2}),
    ('synonym', 'exets nya kille är pedofil vågar inte skicka dit dottern', 'pedofil', ['sexbrott', 'ofredande'],
     {'z038': 2}),
    ('synonym', 'handläggaren sa åt mig att ta av min hijab', 'hijab', ['slöjan'], {'s011': 2, 'y028': 1}),
    ('synonym', 'dottern på 15 kom hem aspackad från en fest', 'aspackad', ['full', 'berusad'], {'t044': 2}),
    ('synonym', 'min dotter cuttar sig i armarna vad gör jag', 'cuttar', ['skär', 'sår'], {'v036': 2, 'u035': 1}),
    ('synonym', 'maken knaprar smärtstillande sen ryggoperationen', 'knaprar', ['tabletterna', 'smärtstillande'],
     {'y019': 2, 't056': 1}),
    ('synonym', 'soffsurfar hos polare sen morsan slängde ut mig', 'soffsurfar', ['soffor', 'kompisar'],
     {'u017': 2, 'w037': 1}),
    ('synonym', 'nyckelbarn 9 år ensam efter skolan får man det', 'nyckelbarn', ['ensam', 'hemma'], {'v035': 2}),
    # ---------------------------------------------------------------- misspelled
    ('misspelled', 'turette tics blir värre stöd från kommunen', 'turette', ['Tourette'], {'z033': 2}),
    ('misspelled', 'har dislexi och fattar inte breven från soc', 'dislexi', ['dyslexi'],
     {'z041': 2, 'y052': 1, 'x023': 1}),
    ('misspelled', 'epelepsi larm när sonen bor ensam', 'epelepsi', ['epilepsi'], {'z048': 2, 's066': 1}),
    ('misspelled', 'framtidsfulmakt till dottern innan jag blir dement', 'framtidsfulmakt', ['framtidsfullmakt'],
     {'t039': 2}),
    ('misspelled', 'har inte råd med pappas begravnig', 'begravnig', ['begravning'],
     {'s109': 2, 'x030': 1, 'v050': 1}),
    ('misspelled', 'barn med diabetis nattkontroller ersättning', 'diabetis', ['diabetes'],
     {'w028': 2, 's030': 1, 't073': 1}),
    ('misspelled', 'hur får man subotex istället för heroin', 'subotex', ['Subutex'], {'t047': 2}),
    ('misspelled', 'billstöd för att bygga om bilen till rullstol', 'billstöd', ['bilstöd'], {'v019': 2}),
    ('misspelled', 'pappa frontalobsdemens 58 för ung för äldreomsorgen', 'frontalobsdemens', ['frontallobsdemens'],
     {'y025': 2}),
    ('misspelled', 'äldreförsörjningstöd mamma 72 ingen pension', 'äldreförsörjningstöd', ['äldreförsörjningsstöd'],
     {'x047': 2, 's020': 1, 'v010': 1}),
    # ---------------------------------------------------------------- question (lower case, no punctuation)
    ('question', 'varför tappar soc hela tiden bort mina papper och vem betalar förseningsavgiften på hyran', '', [],
     {'z049': 2, 's067': 1}),
    ('question', 'får handläggaren straffa mig för att jag klagade på henne till chefen', '', [],
     {'y041': 2, 's067': 1, 't010': 1}),
    ('question', 'om jag berättar för skolkuratorn att pappa slår mamma åker han i fängelse då', '', [],
     {'z043': 2, 'v020': 1}),
    ('question', 'hur säger man till små barn att deras pappa tog livet av sig', '', [], {'z050': 2}),
    ('question', 'får dom låsa in min pappa på demensboendet fast han vill gå ut', '', [],
     {'s025': 2, 'w036': 1, 'y022': 1}),
    ('question', 'hur länge ska man behöva vänta på svar när man har överklagat', '', [], {'x038': 2, 's037': 1}),
    ('question', 'är det olagligt att spela in med mobilen när jag träffar min socialsekreterare', '', [],
     {'s088': 2}),
    ('question', 'vad gör jag när socialen har skickat mina papper till grannen', '', [], {'t035': 2, 'x008': 1}),
    ('question', 'vad gör man när ens gubbe med alzheimer slår en', '', [], {'u026': 2, 'x019': 1}),
    ('question', 'vart kan man ta vägen på dagen när härbärget stänger', '', [], {'w007': 2}),
    # ---------------------------------------------------------------- abbreviation
    ('abbreviation', 'dottern gravid knarkar mvc vet inget', '', [], {'z054': 2, 't009': 1, 's114': 1}),
    ('abbreviation', 'hvb tar mobilen varje kväll', '', [], {'z060': 2}),
    ('abbreviation', 'bvc frågade om våld hemma', '', [], {'v038': 2}),
    ('abbreviation', 'kfm krav gymkort redan uppsagt', '', [], {'t032': 2}),
    ('abbreviation', 'tvingas läsa sfi för bidraget', '', [], {'t029': 2}),
    ('abbreviation', 'lpt sonen psykotisk vägrar vård', '', [], {'w013': 2, 'z018': 1}),
    ('abbreviation', 'pengarna från AF har inte kommit', '', [], {'t020': 2}),
    ('abbreviation', 'FK drog in sjukpenningen', '', [], {'u020': 2}),
    ('abbreviation', 'flytta med maken till säbo', '', [], {'s019': 2}),
    ('abbreviation', 'soc utreder lvm på mig', '', [], {'x012': 2, 't024': 1}),
]


errors = []
def err(msg):
    errors.append(msg)

def load(path):
    out = []
    with open(path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    out.append(json.loads(line))
                except ValueError as e:
                    err('%s line %d does not parse: %s' % (os.path.basename(path), n, e))
    return out

def word_re(w):
    return re.compile(r'(?<!\w)' + re.escape(w) + r'(?!\w)', re.I)

def text(r):
    return r['title'] + '\n' + r['question'] + '\n' + r['answer']

def abbrevs_in(q):
    found = []
    for a in ABBREVS:
        flags = 0 if a in CASE_SENSITIVE else re.I
        for m in re.finditer(r'(?<!\w)' + re.escape(a) + r'(?!\w)', q, flags):
            found.append((a, m.group(0)))
    return found

# ------------------------------------------------------------------ archive
p_comb = os.path.join(HERE, COMB_FILE)
if not os.path.exists(p_comb):
    p_comb = os.path.join(MAIN_HELDOUT, COMB_FILE)
comb = load(p_comb)
all_ids = ['%s%03d' % (p, i) for p, n in PARTS for i in range(1, n + 1)]
if [r.get('id') for r in comb] != all_ids:
    err('%s must hold s001-s120, t001-t080, u001-u060, v001-v060, w001-w060, x001-x060, y001-y060, z001-z060 '
        'in order' % COMB_FILE)
for r in comb:
    if list(r.keys()) != FIELDS:
        err('%s: fields/order %s' % (r.get('id'), list(r.keys())))
ids = {r['id']: r for r in comb}
texts = {i: text(r) for i, r in ids.items()}

# ------------------------------------------------------------------ queries
kinds = Counter(k for k, *_ in Q)
for k in KINDS:
    if kinds[k] != PER_KIND:
        err('kind %s has %d queries' % (k, kinds[k]))
if set(kinds) - set(KINDS):
    err('unknown kinds %s' % sorted(set(kinds) - set(KINDS)))
qs = [q for _, q, *_ in Q]
if len({q.lower() for q in qs}) != len(qs):
    err('duplicate queries')
grade2 = []
abbr_used = []
lower_abbr = 0
for kind, q, key, evidence, rel in Q:
    ql = q.lower()
    for i, g in rel.items():
        if i not in ids:
            err('%r: unknown id %s' % (q, i))
        if g not in (1, 2):
            err('%r: bad grade %r' % (q, g))
    g2 = [i for i, g in rel.items() if g == 2]
    if len(g2) != 1:
        err('%r: %d grade-2 records' % (q, len(g2)))
    grade2 += g2
    found = abbrevs_in(q)
    if kind in ('inflected', 'compound', 'synonym', 'misspelled'):
        if not key or key.lower() not in re.findall(r'\w+', ql):
            err('%r: key token %r is not a word of the query' % (q, key))
        hits = [i for i, t in texts.items() if word_re(key).search(t)]
        if hits:
            err('%r: key token %r occurs in %s' % (q, key, hits))
        if not evidence:
            err('%r: no evidence words' % q)
        for w in evidence:
            if g2 and not word_re(w).search(texts.get(g2[0], '')):
                err('%r: evidence %r not in grade-2 record %s' % (q, w, g2[0]))
    elif key or evidence:
        err('%r: key/evidence given for a %s query' % (q, kind))
    if kind == 'keyword' and not 1 <= len(q.split()) <= 3:
        err('%r: keyword query with %d words' % (q, len(q.split())))
    if kind == 'question':
        n = len(q.split())
        if q != ql or not 6 <= n <= 18 or re.search(r'[^\w\s-]', q):
            err('%r: question must be lower case, 6-18 words, no punctuation (%d words)' % (q, n))
    if kind != 'abbreviation' and found:
        err('%r: abbreviation %s in a %s query' % (q, found, kind))
    if kind == 'abbreviation':
        if len(found) != 1:
            err('%r: %d listed abbreviations' % (q, len(found)))
        else:
            a, written = found[0]
            abbr_used.append(a)
            others = len(q.split()) - 1
            if not 1 <= others <= 5:
                err('%r: %d other words' % (q, others))
            if written == written.lower() and a not in ORDINARY_WORDS:
                lower_abbr += 1
if len(set(grade2)) != len(grade2):
    err('grade-2 records repeat: %s' % [i for i, n in Counter(grade2).items() if n > 1])
by_part = Counter(i[0] for i in grade2)
for p, _ in PARTS:
    if by_part[p] < MIN_PER_PART:
        err('part %s has only %d grade-2 records' % (p, by_part[p]))
if by_part['z'] < MIN_Z:
    err('part z has only %d grade-2 records (need %d)' % (by_part['z'], MIN_Z))
again = sorted(set(grade2) & PREV25_TARGETS)
if again:
    err('grade-2 targets repeat the twenty-fifth set: %s' % again)
again = sorted(set(grade2) & PREV26_TARGETS)               # added in the twenty-seventh set
if again:
    err('grade-2 targets repeat the twenty-sixth set: %s' % again)
if len(PREV25_TARGETS) != 70 or len(PREV26_TARGETS) != 70:
    err('previous target lists must hold 70 ids each (%d, %d)' % (len(PREV25_TARGETS), len(PREV26_TARGETS)))
long_q = sum(1 for k, q, *_ in Q if k == 'question' and len(q.split()) >= LONG_QUESTION_WORDS)
if long_q < MIN_LONG_QUESTIONS:                            # added in the twenty-seventh set
    err('only %d question queries have %d words or more' % (long_q, LONG_QUESTION_WORDS))
if len(set(abbr_used)) < MIN_ABBREVS:
    err('abbreviation queries use only %d different abbreviations' % len(set(abbr_used)))
if lower_abbr < MIN_LOWER_ABBREVS:
    err('only %d abbreviation queries write a non-word abbreviation in lower case' % lower_abbr)

if errors:
    print('\n'.join('ERROR: ' + e for e in errors))
    sys.exit(1)

with open(OUT, 'w', encoding='utf-8') as f:
    for kind, q, key, evidence, rel in Q:
        f.write(json.dumps({"query": q, "relevant": rel, "kind": kind}, ensure_ascii=False) + '\n')
pairs = sum(len(r) for *_, r in Q)
g1 = [i for *_, r in Q for i, g in r.items() if g == 1]
by_kind = {k: dict(sorted(Counter(i[0] for kk, _, _, _, r in Q if kk == k
                                  for i, g in r.items() if g == 2).items())) for k in KINDS}
print('ok: %d queries, %d graded pairs (%d grade 2, %d grade 1), grade-2 by part %s, grade 1 by part %s, '
      '%d abbreviations (%d lower case), wrote %s'
      % (len(Q), pairs, len(grade2), len(g1), dict(sorted(by_part.items())),
         dict(sorted(Counter(i[0] for i in g1).items())), len(set(abbr_used)), lower_abbr, OUT))
print('grade-2 by kind and part: %s' % by_kind)
print('grade 1 by kind: %s' % {k: sum(1 for kk, *_, r in Q if kk == k for g in r.values() if g == 1) for k in KINDS})
print('mean relevant per query by kind: %s' % {k: round(sum(len(r) for kk, *_, r in Q if kk == k) / PER_KIND, 2)
                                               for k in KINDS})
print('queries with exactly one relevant record by kind: %s'
      % {k: sum(1 for kk, *_, r in Q if kk == k and len(r) == 1) for k in KINDS})
