#!/usr/bin/env python3
"""search-twentyeighth: held-out Swedish search queries judged over archive-combined-24.jsonl (560 records:
s001-s120, t001-t080, u001-u060, v001-v060, w001-w060, x001-x060, y001-y060, z001-z060).  No new archive.

Holds the 70 queries and their relevance judgments, checks them against the archive and writes
search-twentyeighth-queries.jsonl beside itself.  Reads archive-combined-24.jsonl beside itself if it is there,
else from /work/main/tests/data/heldout/.
Run: python3 search-twentyeighth.build.py
"""
import json, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
MAIN_HELDOUT = '/work/main/tests/data/heldout'
OUT = os.path.join(HERE, 'search-twentyeighth-queries.jsonl')
FIELDS = ['id', 'title', 'question', 'pseudonym', 'answer', 'signature', 'category', 'asked_at', 'answered_at']
KINDS = ['keyword', 'inflected', 'compound', 'synonym', 'misspelled', 'question', 'abbreviation']
PER_KIND = 10
MIN_PER_PART = 6
MIN_Z = 12
MIN_ABBREVS = 8
MIN_LOWER_ABBREVS = 4
MIN_LONG_QUESTIONS = 5                                     # added in the twenty-seventh set: question queries
LONG_QUESTION_WORDS = 10                                   # with 10 words or more
SHORT_QUESTIONS = (6, 9, 5)                                # added in the twenty-eighth set: exactly 5 question queries
LONG_QUESTIONS = (10, 16, 5)                               # of 6-9 words and exactly 5 of 10-16 words
KEYWORD_WORDS = (2, 3)                                     # added in the twenty-eighth set: keyword queries have 2-3 words
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

# grade-2 targets of the twenty-seventh set, as listed per kind in README-search-twentyseventh.md (none may repeat)
PREV27_TARGETS = set('''x054 y006 w029 t065 u021 v060 s093 y016 w057 v045
z031 z032 s017 y027 x032 v053 x011 w021 z004 u015
z028 z040 z051 z044 s008 u023 x003 u044 w020 y031
z001 z023 u039 z038 s011 t044 v036 y019 u017 v035
z033 z041 z048 t039 s109 w028 t047 v019 y025 x047
z049 y041 z043 z050 s025 x038 s088 t035 u026 w007
z054 z060 v038 t032 t029 w013 t020 u020 s019 x012'''.split())

# (kind, query, key token or '', evidence words that must occur in the grade-2 record, relevance)
Q = [
    # ---------------------------------------------------------------- keyword (2-3 words, the asker's naming)
    ('keyword', 'iskallt hemma bebis', '', [], {'z006': 2, 'w031': 1}),
    ('keyword', 'övervakningskamera gamla farsan', '', [], {'t005': 2, 'v025': 1}),
    ('keyword', 'hyresvärden snokar', '', [], {'y036': 2}),
    ('keyword', 'hackat mina konton', '', [], {'u016': 2, 's005': 1}),
    ('keyword', 'gamingberoende tonårsson', '', [], {'v005': 2, 'z034': 1}),
    ('keyword', 'dyr el vintern', '', [], {'w031': 2, 's083': 1, 'z006': 1}),
    ('keyword', 'utpressning nakenbilder', '', [], {'x034': 2, 't052': 1}),
    ('keyword', 'radera akten socialen', '', [], {'s113': 2, 't066': 1}),
    ('keyword', 'dement farsa försvinner', '', [], {'y014': 2, 's025': 1}),
    ('keyword', 'grabben kriminella kompisar', '', [], {'x053': 2, 'v015': 1, 't040': 1}),
    # ---------------------------------------------------------------- inflected (key absent; other form in target)
    ('inflected', 'vann på skraplotten har försörjningsstöd måste soc få veta', 'skraplotten', ['skraplott'],
     {'z029': 2, 't011': 1, 'w001': 1}),
    ('inflected', 'dottern kissar hela tiden av ketaminet', 'ketaminet', ['ketamin'], {'z026': 2, 'u025': 1}),
    ('inflected', 'hur sparar jag bevis på blåmärkena om jag anmäler honom senare', 'blåmärkena', ['blåmärken'],
     {'z012': 2, 'y002': 1, 'y013': 1, 's073': 1, 'y030': 1}),
    ('inflected', 'sambon sparkade hunden när han blev sur på mej', 'sparkade', ['sparkar'],
     {'z002': 2, 'x054': 1, 's092': 1}),
    ('inflected', 'soc vägrade boka tolk så min syster tolkade hela mötet', 'tolkade', ['tolka'],
     {'u031': 2, 's051': 1, 'w038': 1}),
    ('inflected', 'fick avslag på elrullstolen fast armarna inte orkar', 'elrullstolen', ['elrullstol'],
     {'y042': 2, 't045': 1}),
    ('inflected', 'maken är inte sig lik efter hjärnskadan vad får vi för hjälp', 'hjärnskadan', ['hjärnskada'],
     {'x014': 2, 'y034': 1}),
    ('inflected', 'pappa kommer inte i badkaret efter stroken vem betalar ombyggnad', 'stroken', ['stroke'],
     {'s101': 2, 'u001': 1, 't008': 1, 'z025': 1}),
    ('inflected', 'en vuxen köper skinsen åt min tolvåring och vill ha bilder', 'skinsen', ['skins'],
     {'w040': 2, 'u050': 1, 'x034': 1}),
    ('inflected', 'kompisar som adopterade säger att soc utreder en i månader vad frågar dom om', 'adopterade',
     ['adoptera'], {'t049': 2}),
    # ---------------------------------------------------------------- compound (coined; parts in target)
    ('compound', 'ingen sköter tandborstningen åt mamma på boendet', 'tandborstningen', ['borsta', 'tänderna'],
     {'z013': 2, 's096': 1}),
    ('compound', 'hemtjänsten vill sätta digitallås hos mamma hon är livrädd', 'digitallås', ['digitalt', 'lås'],
     {'z036': 2}),
    ('compound', 'hyreshöjningen efter renoveringen har inte råd bo kvar', 'hyreshöjningen', ['hyran', 'höjning'],
     {'z039': 2}),
    ('compound', 'hur funkar fängelsebesök med småbarn', 'fängelsebesök', ['fängelse', 'besök'],
     {'z010': 2, 'y001': 1}),
    ('compound', 'andrahandsvärden hotar med låsbyte på fredag', 'låsbyte', ['byter', 'lås'], {'t006': 2, 'y036': 1}),
    ('compound', 'misshandelsersättning från staten när han inte kan betala skadeståndet', 'misshandelsersättning',
     ['misshandel', 'ersättning'], {'v042': 2, 'x001': 1}),
    ('compound', 'löneglappet när jag börjar nya jobbet hur betalar jag hyran', 'löneglappet', ['lönen', 'glapp'],
     {'y043': 2}),
    ('compound', 'morgonskakningar vill sluta supa säkert', 'morgonskakningar', ['morgonen', 'skakningar'],
     {'w026': 2, 't056': 1}),
    ('compound', 'barnbarnet får inte bo i seniorlägenheten hos mej', 'seniorlägenheten', ['seniorer', 'lägenhet'],
     {'y054': 2}),
    ('compound', 'fotbollstränare ser blåmärken på en kille i laget', 'fotbollstränare', ['fotbollslag', 'tränare'],
     {'x010': 2, 't016': 1, 'w025': 1, 'w010': 1}),
    # ---------------------------------------------------------------- synonym / slang (key absent; record's wording)
    ('synonym', 'blir jag av med lappen om jag söker hjälp för spriten', 'lappen', ['körkortet'],
     {'s004': 2, 's057': 1}),
    ('synonym', 'tar koks varje helg och vill sluta utan att nån får veta', 'koks', ['kokain'],
     {'x026': 2, 'u025': 1, 'v022': 1, 's057': 1}),
    ('synonym', 'exmannen vägrar ge mej talaq fast vi är skilda', 'talaq', ['religiös', 'skilsmässa'], {'z020': 2}),
    ('synonym', 'har langat i ett år vill hoppa av men dom hotar mamma', 'langat', ['sålt'], {'y053': 2}),
    ('synonym', 'har lite krypto undanstoppat måste jag sälja innan soc ger pengar', 'krypto', ['kryptovaluta'],
     {'z009': 2, 't011': 1, 's014': 1}),
    ('synonym', 'uteliggare utan personnummer kan vi få sova nånstans', 'uteliggare', ['utomhus'],
     {'y012': 2, 'v046': 1, 's010': 1, 'z032': 1}),
    ('synonym', 'kompisen verkar suicidal på messenger vad gör jag', 'suicidal', ['leva', 'liv'], {'w060': 2, 'w019': 1}),
    ('synonym', 'har inget leg sen plånboken blev snodd', 'leg', ['legitimation'], {'v049': 2, 'x025': 1}),
    ('synonym', 'eleven ska tvångsgiftas i sommar vad gör jag som lärare', 'tvångsgiftas', ['giftas', 'tvångsäktenskap'],
     {'u007': 2, 'w034': 1, 's009': 1, 'x027': 1, 'v040': 1}),
    ('synonym', 'handläggaren säger att jag fuskat med bidraget och har polisanmält mej', 'fuskat', ['bidragsbrott'],
     {'y060': 2, 't071': 1}),
    # ---------------------------------------------------------------- misspelled (key absent; correct form in target)
    ('misspelled', 'kontakförbud mot exet som förföljer mej', 'kontakförbud', ['kontaktförbud'], {'s118': 2, 'v041': 1}),
    ('misspelled', 'aktivitetersättning eller försörjningsstöd vad är skillnaden', 'aktivitetersättning',
     ['aktivitetsersättning'], {'t031': 2}),
    ('misspelled', 'måste soc blanda sig i fadersskapet när vi är sambos', 'fadersskapet', ['faderskapet'],
     {'s056': 2, 'u012': 1}),
    ('misspelled', 'farsan har alzeimer och kör fortfarande bil', 'alzeimer', ['alzheimer'], {'z003': 2, 's028': 1}),
    ('misspelled', 'vad gör ett personigt ombud', 'personigt', ['personligt'],
     {'s069': 2, 'w035': 1, 'v044': 1, 'y018': 1}),
    ('misspelled', '15-åringen mår dåligt av könsdisfori vart vänder vi oss', 'könsdisfori', ['könsdysfori'],
     {'z017': 2}),
    ('misspelled', 'brorsan har fått förvalltare vill bli av med den', 'förvalltare', ['förvaltare'],
     {'w050': 2, 's084': 1, 'u003': 1}),
    ('misspelled', 'blev lurad i ett kärleksbedrägri har inga pengar kvar', 'kärleksbedrägri', ['kärleksbedrägeri'],
     {'v011': 2, 'z014': 1, 'v001': 1}),
    ('misspelled', 'hur får man sekretesmarkering så exet inte hittar mej', 'sekretesmarkering',
     ['sekretessmarkering'], {'u027': 2, 'z027': 1}),
    ('misspelled', 'barnens pappa skickar falska orosanmälnigar efter separationen', 'orosanmälnigar',
     ['orosanmälningar'], {'x016': 2, 'v059': 1, 't060': 1}),
    # ---------------------------------------------------------------- question (lower case, no punctuation)
    ('question', 'kan socialen se vem jag är om jag skriver här', '', [], {'s043': 2}),
    ('question', 'mamma är död nu kan jag få läsa hennes gamla akt hos soc', '', [], {'z019': 2, 's003': 1}),
    ('question', 'måste jag ta ledigt från nya jobbet varje gång soc vill ha möte', '', [], {'z057': 2, 'x050': 1}),
    ('question', 'kan dom ta bort fel saker i min akt', '', [], {'t066': 2, 's106': 1, 's053': 1}),
    ('question', 'får jag ha med mej nån på mötet', '', [], {'s054': 2, 'x052': 1, 'v056': 1}),
    ('question', 'räknas ett nej i telefon som ett beslut', '', [], {'v014': 2, 's015': 1}),
    ('question', 'måste jag skriva på att soc får ringa min hyresvärd', '', [], {'y008': 2, 's089': 1, 't043': 1}),
    ('question', 'måste jag försörja min man när han flyttar hit', '', [], {'w059': 2}),
    ('question', 'får min socialsekreterare adda mej på insta', '', [], {'z008': 2}),
    ('question', 'hur får jag pengarna från soc när ingen bank vill ge mej konto', '', [], {'z022': 2, 'v049': 1}),
    # ---------------------------------------------------------------- abbreviation
    ('abbreviation', 'sip psykiatrin beroendeenheten skyller på varandra', '', [],
     {'z058': 2, 'v044': 1, 's112': 1, 'y018': 1}),
    ('abbreviation', 'csn drog in pengarna sjuk hyran', '', [], {'z059': 2, 'x015': 1, 't054': 1}),
    ('abbreviation', 'bbic triangeln vad betyder', '', [], {'v008': 2, 't041': 1}),
    ('abbreviation', 'bup kö dottern skär sig', '', [], {'u035': 2, 'v036': 1, 't062': 1}),
    ('abbreviation', 'autism tillhör jag lss', '', [], {'s077': 2, 't050': 1, 'y015': 1}),
    ('abbreviation', 'fyller 18 måste lämna hvb', '', [], {'t033': 2, 't019': 1, 's001': 1}),
    ('abbreviation', 'placerad enligt lvu blir myndig snart', '', [], {'v039': 2, 's001': 1, 't033': 1}),
    ('abbreviation', 'FK kräver tillbaka föräldrapenning', '', [], {'v047': 2}),
    ('abbreviation', 'undersköterska kollega misshandlar boende ivo', '', [], {'t026': 2, 'v055': 1, 'y055': 1}),
    ('abbreviation', 'ifo vilken enhet ringer jag', '', [], {'u037': 2}),
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
    if kind == 'keyword' and not KEYWORD_WORDS[0] <= len(q.split()) <= KEYWORD_WORDS[1]:   # 2-3 words (28th)
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
again = sorted(set(grade2) & PREV27_TARGETS)               # added in the twenty-eighth set
if again:
    err('grade-2 targets repeat the twenty-seventh set: %s' % again)
if len(PREV25_TARGETS) != 70 or len(PREV26_TARGETS) != 70 or len(PREV27_TARGETS) != 70:
    err('previous target lists must hold 70 ids each (%d, %d, %d)'
        % (len(PREV25_TARGETS), len(PREV26_TARGETS), len(PREV27_TARGETS)))
if len(PREV25_TARGETS | PREV26_TARGETS | PREV27_TARGETS) != 210:
    err('the three previous target lists overlap')
long_q = sum(1 for k, q, *_ in Q if k == 'question' and len(q.split()) >= LONG_QUESTION_WORDS)
if long_q < MIN_LONG_QUESTIONS:                            # added in the twenty-seventh set
    err('only %d question queries have %d words or more' % (long_q, LONG_QUESTION_WORDS))
for lo, hi, n in (SHORT_QUESTIONS, LONG_QUESTIONS):        # added in the twenty-eighth set
    got = sum(1 for k, q, *_ in Q if k == 'question' and lo <= len(q.split()) <= hi)
    if got != n:
        err('%d question queries have %d-%d words (need exactly %d)' % (got, lo, hi, n))
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
