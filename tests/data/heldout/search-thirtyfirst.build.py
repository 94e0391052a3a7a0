#!/usr/bin/env python3
"""search-thirtyfirst: a held-out query set over the existing 640 records (no new archive).

Holds 70 queries with judgments, checks them against archive-combined-30.jsonl and writes
search-thirtyfirst-queries.jsonl beside this script.  The archive is read beside this script if it
is there, else from /work/main/tests/data/heldout/.  See README-search-thirtyfirst.md.
"""
import collections, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
ARCHIVE_NAME = 'archive-combined-30.jsonl'
OUT = os.path.join(HERE, 'search-thirtyfirst-queries.jsonl')
FIELDS = ['id', 'title', 'question', 'pseudonym', 'answer', 'signature', 'category', 'asked_at', 'answered_at']
PARTS = [('s', 120), ('t', 80), ('u', 60), ('v', 60), ('w', 60), ('x', 60), ('y', 60), ('z', 60), ('a', 40), ('b', 40)]

# Grade-2 targets listed in the per-kind lists of the 27th-30th READMEs (t078, named in the 30th README
# as an ungraded record, is left out).
PREV27 = """s008 s011 s017 s019 s025 s088 s093 s109 t020 t029 t032 t035 t039 t044 t047 t065 u015 u017 u020 u021
u023 u026 u039 u044 v019 v035 v036 v038 v045 v053 v060 w007 w013 w020 w021 w028 w029 w057 x003 x011 x012 x032 x038
x047 x054 y006 y016 y019 y025 y027 y031 y041 z001 z004 z023 z028 z031 z032 z033 z038 z040 z041 z043 z044 z048 z049
z050 z051 z054 z060""".split()
PREV28 = """s004 s043 s054 s056 s069 s077 s101 s113 s118 t005 t006 t026 t031 t033 t049 t066 u007 u016 u027 u031
u035 u037 v005 v008 v011 v014 v039 v042 v047 v049 w026 w031 w040 w050 w059 w060 x010 x014 x016 x026 x034 x053 y008
y012 y014 y036 y042 y043 y053 y054 y060 z002 z003 z006 z008 z009 z010 z012 z013 z017 z019 z020 z022 z026 z029 z036
z039 z057 z058 z059""".split()
PREV29 = ["a%03d" % i for i in range(1, 41)] + """s077 s089 t055 t074 u033 u036 u059 u060 v008 v009 v018 v034
v056 w017 w043 w048 w050 w059 x026 x031 x049 y005 y009 y011 y028 y042 y044 y045 y054 y060""".split()
PREV30 = ["b%03d" % i for i in range(1, 41)] + """s053 s066 s067 s082 s083 s087 s119 t015 t019 t024 t027 t037
t061 u010 u013 u022 u030 v030 v044 v052 w009 w024 w030 w039 w054 x004 x009 y037 y050 z045""".split()

ABBREVS = ['LSS', 'LVU', 'LVM', 'SoL', 'HVB', 'BUP', 'FK', 'KFM', 'CSN', 'IVO', 'BBIC', 'SIP', 'MVC', 'BVC', 'AF',
           'JO', 'SFI', 'HSL', 'DO', 'SÄBO', 'LOV', 'IFO', 'VAB', 'SIS', 'EKB', 'LPT']
EXACT_CASE = {'SoL', 'JO', 'DO', 'LOV', 'AF'}
WORDLIKE = {'SoL', 'JO', 'DO', 'LOV', 'AF', 'FK'}
KINDS = {'keyword': 8, 'inflected': 8, 'compound': 8, 'synonym': 9, 'misspelled': 9, 'question': 20,
         'abbreviation': 8}
KEYED = ('inflected', 'compound', 'synonym', 'misspelled')

# (kind, query, relevant, key, evidence) -- key/evidence only for the four keyed kinds.
Q = [
    # keyword (1-3 words)
    ('keyword', 'eldsvåda ingen försäkring', {'z047': 2}, None, None),
    ('keyword', 'fuktfläckar sovrummet', {'u058': 2}, None, None),
    ('keyword', 'hund härbärge', {'s021': 2, 'x054': 1}, None, None),
    ('keyword', 'trasiga glasögon pengar', {'t021': 2, 's015': 1}, None, None),
    ('keyword', 'katten till äldreboendet', {'v023': 2}, None, None),
    ('keyword', 'städhjälp bor ihop', {'w051': 2}, None, None),
    ('keyword', 'promenader hemtjänst trappor', {'y056': 2, 'z025': 1, 't008': 1}, None, None),
    ('keyword', 'hemskickad nattetid taxi', {'x055': 2, 's035': 1}, None, None),
    # inflected (form absent from all 640 records; another form in the target)
    ('inflected', 'hittade patronerna och ballonger hos min femtonåring', {'u055': 2, 'z011': 1},
     'patronerna', ['patroner']),
    ('inflected', 'han påstod att grannarna spionerade på oss och sov inte alls', {'z018': 2, 'w013': 1},
     'spionerade', ['spionerar']),
    ('inflected', 'pappa klättrar över grindarna på sängen på nätterna', {'y022': 2, 's025': 1},
     'grindarna', ['grindar']),
    ('inflected', 'farfar brände en kastrull igen kan han bo kvar', {'v016': 2}, 'brände', ['bränt']),
    ('inflected', 'kvällsmaten kommer halv fem på mammas boende', {'y004': 2, 'v021': 1},
     'kvällsmaten', ['kvällsmat']),
    ('inflected', 'mamma duschade varje dag nu får hon bara en gång i veckan', {'s096': 2, 'w014': 1, 'a038': 1},
     'duschade', ['duschat']),
    ('inflected', 'personalen tappade hörapparaten vem betalar', {'v057': 2, 'a032': 1},
     'hörapparaten', ['hörapparat', 'hörapparaterna']),
    ('inflected', 'kontanterna tar slut i mormors plånbok efter hemtjänstens besök', {'x013': 2},
     'kontanterna', ['kontanter']),
    # compound (coined by the asker; parts in the target)
    ('compound', 'julklappspengar från soc till tre barn', {'u042': 2, 'z015': 1},
     'julklappspengar', ['julklappar', 'pengar']),
    ('compound', 'möbelbidrag till första egna lägenheten', {'s013': 2, 's024': 1}, 'möbelbidrag', ['möbler', 'bidrag']),
    ('compound', 'har inte råd med bebisutrustningen hjälper socialen', {'v048': 2},
     'bebisutrustningen', ['bebisen', 'utrustning']),
    ('compound', 'begravningsresan till hemlandet kan soc betala', {'y032': 2},
     'begravningsresan', ['begravningen', 'resa']),
    ('compound', 'vem betalar rampbygget till farfars rullstol', {'t008': 2, 'u001': 1, 's101': 1, 'z025': 1, 'y042': 1},
     'rampbygget', ['ramp', 'bygga']),
    ('compound', 'spelade bort hyrespengarna på nätet', {'w003': 2, 't078': 1}, 'hyrespengarna', ['hyran', 'pengarna']),
    ('compound', 'studentfirandet för dottern när vi har bidrag', {'z015': 2, 'u042': 1},
     'studentfirandet', ['studenten', 'firanden']),
    ('compound', 'fick matpengarna stulna på bussen', {'x025': 2}, 'matpengarna', ['mat', 'pengarna']),
    # synonym / slang (absent from all records; the target's own wording as evidence)
    ('synonym', 'tror dottern sniffar deo i sitt rum', {'z011': 2, 'u055': 1}, 'sniffar', ['andas', 'inhalera']),
    ('synonym', 'dottern i sexan snusar vad gör vi', {'y007': 2}, 'snusar', ['nikotinpåsar']),
    ('synonym', 'tror grabben juicar han är arg jämt', {'u040': 2}, 'juicar', ['anabola', 'steroider']),
    ('synonym', 'pappa på demensboendet är förälskad i en dam där', {'x048': 2}, 'förälskad', ['kär']),
    ('synonym', 'frun shoppar på nätet hela tiden och gömmer fakturorna', {'v032': 2}, 'shoppar',
     ['köpberoende', 'handlar']),
    ('synonym', 'jag gapar på min bebis när han inte somnar', {'t004': 2}, 'gapar', ['skriker', 'skrika']),
    ('synonym', 'exet stalkar mig vid jobbet och gymmet', {'v041': 2, 's118': 1, 'u016': 1}, 'stalkar', ['förföljer']),
    ('synonym', 'tror jag har ptsd efter flykten kan inte sova', {'x044': 2}, 'ptsd', ['trauma', 'mardrömmar']),
    ('synonym', 'rädd att sonen håller på att bli nazist på nätet', {'z046': 2}, 'nazist',
     ['extremism', 'radikaliseras']),
    # misspelled (absent from all records; correct spelling in the target)
    ('misspelled', 'pappa fick tryksår på boendet ingen sa nåt', {'w044': 2, 'y031': 1}, 'tryksår', ['trycksår']),
    ('misspelled', 'hemtjänsten får inte ge farsan insolin sprutor', {'u002': 2, 'z028': 1}, 'insolin', ['insulin']),
    ('misspelled', 'hemtjänst som kan teckenspåk till döv pappa', {'z021': 2, 'u031': 1, 'b006': 1},
     'teckenspåk', ['teckenspråk']),
    ('misspelled', 'frun fick afaci efter stroke vilket stöd finns', {'y034': 2, 'x014': 1}, 'afaci', ['afasi']),
    ('misspelled', 'bidrag till asistanshund när man har ms', {'z007': 2}, 'asistanshund', ['assistanshund']),
    ('misspelled', 'kontraksvård istället för fängelse hur funkar det', {'t034': 2}, 'kontraksvård', ['kontraktsvård']),
    ('misspelled', 'dotter med utvecklingstörning har fått bebis', {'u049': 2, 'y049': 1},
     'utvecklingstörning', ['utvecklingsstörning']),
    ('misspelled', 'rädd för könstympning av systerdotter i sommar', {'v040': 2, 'u007': 1},
     'könstympning', ['könsstympning']),
    ('misspelled', 'beroende av bensodiazipiner som läkaren skrev ut', {'t056': 2, 'y019': 1, 'u015': 1},
     'bensodiazipiner', ['bensodiazepiner']),
    # question, 6-9 words
    ('question', 'tar soc bort mitt bidrag om killen flyttar in', {'s048': 2, 'x020': 1}, None, None),
    ('question', 'kan jag anmäla grannen till soc utan mitt namn', {'s074': 2, 's114': 1, 'w010': 1, 'v059': 1},
     None, None),
    ('question', 'vad gör jag när handläggaren aldrig ringer tillbaka', {'t042': 2, 's042': 1, 'u030': 1}, None, None),
    ('question', 'räknar soc in grabbens lön från sommarjobbet', {'u019': 2, 's014': 1, 'w046': 1}, None, None),
    ('question', 'får jag veta vem som anmälde oss till socialen', {'v059': 2, 's074': 1}, None, None),
    ('question', 'är det kört om jag missade överklagandet', {'w008': 2}, None, None),
    ('question', 'måste jag släppa in soc i min lägenhet', {'x060': 2, 's040': 1}, None, None),
    ('question', 'vad gör jag när exet inte betalar för barnen', {'z055': 2, 'b033': 1}, None, None),
    ('question', 'har jag som farmor nån rätt att se ungarna', {'z024': 2, 's068': 1, 'x059': 1}, None, None),
    ('question', 'mina föräldrar slängde ut mej när jag blev arton', {'w037': 2, 'w046': 1, 'u017': 1, 'v004': 1},
     None, None),
    # question, 10-18 words
    ('question', 'hur får man hjälp från socialen utan att dom tar ens ungar ifrån en',
     {'s016': 2, 's049': 1, 't072': 1}, None, None),
    ('question', 'kan jag bli anställd av kommunen för att ta hand om mamma själv istället för personalen',
     {'t064': 2}, None, None),
    ('question', 'måste nån lyssna på vad min tolvåring vill i vårdnadstvisten innan rätten bestämmer',
     {'u005': 2, 's061': 1, 'v037': 1, 'y045': 1}, None, None),
    ('question', 'maken har bara månader kvar och vill somna in hemma vem hjälper oss på nätterna',
     {'u045': 2, 'z044': 1}, None, None),
    ('question', 'jag är pappa utan egen bostad och barnen ska vara hos mej varannan vecka kan soc hjälpa',
     {'v002': 2}, None, None),
    ('question', 'jag är femton kan jag prata med socialen utan att mamma och pappa får reda på det',
     {'v020': 2}, None, None),
    ('question', 'hur ska jag söka jobb när min tvååring inte har nån plats på dagis', {'w016': 2, 't029': 1},
     None, None),
    ('question', 'dom drog av pengar från mitt bidrag för att jag glömde ett möte får dom göra så',
     {'x035': 2, 't029': 1}, None, None),
    ('question', 'varför ringer socialsekreteraren bara till mamman när jag också har vårdnaden om vår dotter',
     {'y040': 2}, None, None),
    ('question', 'får jag skicka pengar hem till mamma i afghanistan när jag lever på bidrag', {'y058': 2},
     None, None),
    # abbreviation (one listed abbreviation plus 1-5 other words)
    ('abbreviation', 'brorsan har rymt från lvm', {'v033': 2}, None, None),
    ('abbreviation', 'säbo långt bort tacka nej', {'z053': 2, 's098': 1}, None, None),
    ('abbreviation', 'bvc anmälde oss bebisens vikt', {'y010': 2, 'a034': 1}, None, None),
    ('abbreviation', 'dricker fast gravid berätta för mvc', {'t009': 2, 'z054': 1}, None, None),
    ('abbreviation', 'csn räcker inte till hyran', {'t054': 2, 's100': 1, 'x015': 1}, None, None),
    ('abbreviation', 'ivo personal låser in boende', {'v055': 2, 't026': 1, 'a029': 1}, None, None),
    ('abbreviation', 'LOV byta utförare hemtjänst', {'s085': 2, 's107': 1, 'v043': 1}, None, None),
    ('abbreviation', 'ekb fyllt 18 vem hjälper', {'x023': 2, 't019': 1}, None, None),
]

errors = []
def err(msg):
    errors.append(msg)

def load_archive():
    p = os.path.join(HERE, ARCHIVE_NAME)
    if not os.path.exists(p):
        p = os.path.join('/work/main/tests/data/heldout', ARCHIVE_NAME)
    recs = []
    with open(p, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            try:
                r = json.loads(line)
            except ValueError as e:
                err('archive line %d does not parse: %s' % (n, e)); continue
            if list(r) != FIELDS:
                err('archive line %d: fields %s' % (n, list(r)))
            recs.append(r)
    return recs

def words(text):
    return re.findall(r'\w+', text.lower())

def abbrevs_in(query):
    found = []
    for tok in re.findall(r'\w+', query):
        for a in ABBREVS:
            if (tok == a) if a in EXACT_CASE else (tok.upper() == a):
                found.append((a, tok))
    return found

recs = load_archive()
expected = ['%s%03d' % (p, i) for p, n in PARTS for i in range(1, n + 1)]
ids = [r.get('id') for r in recs]
if ids != expected:
    err('archive ids are not s001-s120, t001-t080, u001-u060, v001-v060, w001-w060, x001-x060, y001-y060, '
        'z001-z060, a001-a040, b001-b040 in order')
byid = {r['id']: r for r in recs}
vocab = collections.Counter()
recwords = {}
for r in recs:
    ws = set(words(r['title'] + ' ' + r['question'] + ' ' + r['answer']))
    recwords[r['id']] = ws
    vocab.update(ws)

for name, lst in (('PREV27', PREV27), ('PREV28', PREV28), ('PREV29', PREV29), ('PREV30', PREV30)):
    if len(lst) != 70 or len(set(lst)) != 70:
        err('%s must hold 70 different ids (has %d)' % (name, len(set(lst))))
    for i in lst:
        if i not in byid:
            err('%s id %s not in archive' % (name, i))
PREV = set(PREV27) | set(PREV28) | set(PREV29) | set(PREV30)

# queries
queries = [q[1] for q in Q]
if len(Q) != 70:
    err('%d queries, want 70' % len(Q))
if len(set(queries)) != len(queries):
    err('duplicate queries')
kc = collections.Counter(q[0] for q in Q)
if dict(kc) != KINDS:
    err('kind counts %s, want %s' % (dict(kc), KINDS))
targets = []
for kind, query, rel, key, ev in Q:
    for i, g in rel.items():
        if i not in byid:
            err('%r: unknown id %s' % (query, i))
        if g not in (1, 2):
            err('%r: grade %r' % (query, g))
    t2 = [i for i, g in rel.items() if g == 2]
    if len(t2) != 1:
        err('%r: %d grade-2 records' % (query, len(t2))); continue
    t = t2[0]
    targets.append(t)
    if t in PREV:
        err('%r: target %s is a grade-2 target of the 27th-30th sets' % (query, t))
    qwords = words(query)
    if kind in KEYED:
        if not key or key.lower() not in qwords:
            err('%r: key %r is not a word of the query' % (query, key))
        if vocab.get(key.lower(), 0):
            err('%r: key %r occurs in %d records' % (query, key, vocab[key.lower()]))
        for e in ev:
            if e.lower() not in recwords.get(t, ()):
                err('%r: evidence %r not a word of %s' % (query, e, t))
    else:
        if key or ev:
            err('%r: key/evidence given for kind %s' % (query, kind))
    ab = abbrevs_in(query)
    n = len(query.split())
    if kind == 'abbreviation':
        if len(ab) != 1:
            err('%r: %d listed abbreviations' % (query, len(ab)))
        if not 2 <= n <= 6:
            err('%r: %d other words' % (query, n - 1))
    elif ab:
        err('%r: abbreviation %s in a %s query' % (query, ab, kind))
    if kind == 'keyword' and not 1 <= n <= 3:
        err('%r: keyword query of %d words' % (query, n))
    if kind == 'question':
        if query != query.lower():
            err('%r: question not lower case' % query)
        if re.search(r'[^\w ]', query):
            err('%r: punctuation in question' % query)
        if not 6 <= n <= 18:
            err('%r: question of %d words' % (query, n))
if len(set(targets)) != len(targets):
    err('grade-2 targets repeat: %s' % [t for t, c in collections.Counter(targets).items() if c > 1])

qn = [len(q[1].split()) for q in Q if q[0] == 'question']
short = sum(1 for n in qn if 6 <= n <= 9)
long_ = sum(1 for n in qn if 10 <= n <= 18)
if short != 10 or long_ != 10:
    err('question lengths: %d of 6-9 words, %d of 10-18, want 10 and 10' % (short, long_))

abq = [abbrevs_in(q[1])[0] for q in Q if q[0] == 'abbreviation' and len(abbrevs_in(q[1])) == 1]
distinct = len(set(a for a, tok in abq))
lower = sum(1 for a, tok in abq if tok == tok.lower() and a not in WORDLIKE)
if distinct < 8:
    err('%d different abbreviations, want at least 8' % distinct)
if lower < 4:
    err('%d lower-case abbreviations, want at least 4' % lower)

# every part: at least 3 grade-2 targets, or as many as the part has records outside the 27th-30th targets
by2 = collections.Counter(t[0] for t in targets)
eligible = {p: sum(1 for i in expected if i[0] == p and i not in PREV) for p, n in PARTS}
for p, n in PARTS:
    need = min(3, eligible[p])
    if by2.get(p, 0) < need:
        err('part %s: %d grade-2 targets, want at least %d' % (p, by2.get(p, 0), need))

if errors:
    for e in errors:
        print('ERROR:', e)
    sys.exit(1)

with open(OUT, 'w', encoding='utf-8') as f:
    for kind, query, rel, key, ev in Q:
        f.write(json.dumps({'query': query, 'relevant': rel, 'kind': kind}, ensure_ascii=False) + '\n')

pairs = sum(len(q[2]) for q in Q)
g1 = collections.Counter(i[0] for q in Q for i, g in q[2].items() if g == 1)
order = [p for p, n in PARTS]
print('ok: %d records, %d queries, %d graded pairs (70 grade 2, %d grade 1), grade-2 by part %s, grade 1 by part %s, '
      'no eligible grade-2 record left in part a or b (all 80 were 29th/30th targets), %d abbreviations (%d lower case), '
      '%d question queries of 6-9 words and %d of 10-18, wrote %s'
      % (len(recs), len(Q), pairs, pairs - 70, {p: by2[p] for p in order if by2[p]},
         {p: g1[p] for p in order if g1[p]}, distinct, lower, short, long_, OUT))
print()
print('| kind | n | grade-2 s/t/u/v/w/x/y/z/a/b | grade 1 | mean relevant | single-relevant queries |')
print('|---|---|---|---|---|---|')
for kind in KINDS:
    qs = [q for q in Q if q[0] == kind]
    c2 = collections.Counter(i[0] for q in qs for i, g in q[2].items() if g == 2)
    n1 = sum(1 for q in qs for g in q[2].values() if g == 1)
    mean = sum(len(q[2]) for q in qs) / len(qs)
    single = sum(1 for q in qs if len(q[2]) == 1)
    print('| %s | %d | %s | %d | %.1f | %d |' % (kind, len(qs), '/'.join(str(c2[p]) for p in order), n1, mean, single))
