#!/usr/bin/env python3
"""Held-out Swedish search set "thirtysecond": 80 queries judged over the 680 records of
archive-combined-32.jsonl (archive-combined-30.jsonl + c001-c040).

Checks the archive files and the queries, then writes search-thirtysecond-queries.jsonl
beside this script.  Prints one "ok: ..." line and a per-kind table, or stops with an
AssertionError naming the first failed check.
"""
import collections, glob, json, os, re, sys
from datetime import datetime

HERE = os.path.dirname(os.path.abspath(__file__))
MAIN = '/work/main/tests/data/heldout'
NEW = os.path.join(HERE, 'archive-thirtysecond.jsonl')
COMB = os.path.join(HERE, 'archive-combined-32.jsonl')
OLD = os.path.join(HERE, 'archive-combined-30.jsonl')
if not os.path.exists(OLD):
    OLD = os.path.join(MAIN, 'archive-combined-30.jsonl')
OUT = os.path.join(HERE, 'search-thirtysecond-queries.jsonl')

FIELDS = ['id', 'title', 'question', 'pseudonym', 'answer', 'signature', 'category', 'asked_at', 'answered_at']
PARTS = [('s', 120), ('t', 80), ('u', 60), ('v', 60), ('w', 60), ('x', 60), ('y', 60), ('z', 60), ('a', 40), ('b', 40)]
NEWP = 'c'
ABBR = ['LSS', 'LVU', 'LVM', 'SoL', 'HVB', 'BUP', 'FK', 'KFM', 'CSN', 'IVO', 'BBIC', 'SIP', 'MVC', 'BVC', 'AF', 'JO',
        'SFI', 'HSL', 'DO', 'SÄBO', 'LOV', 'IFO', 'VAB', 'SIS', 'EKB', 'LPT']
AS_WRITTEN = {'SoL', 'JO', 'DO', 'LOV', 'AF'}          # matched only as written
NOT_LOWER_COUNTED = {'SoL', 'JO', 'DO', 'LOV', 'AF', 'FK'}  # also ordinary words / not counted as lower case
KINDS = {'keyword': 10, 'inflected': 10, 'compound': 10, 'synonym': 10, 'misspelled': 10, 'abbreviation': 10,
         'question': 20}

# Old (a001-b040 and earlier) grade-2 targets of this set and the one earlier query file that graded
# each of them 2 (extracted by tools/prev_targets.py / prev_counts.py from the ids only).  Every one of
# the 640 old records had already been a grade-2 target at least once, so "never a target" could not be
# met; these were graded 2 exactly once before, in none of the seven most recent sets.
OLD_PREV = {
    'w018': 'twentieth', 'y024': 'twentysecond', 'z014': 'twentyfourth', 'y048': 'twentysecond',
    'x056': 'twentyfirst', 'w006': 'twentieth', 'x027': 'twentyfirst', 'w027': 'twentieth',
    'w052': 'twentieth', 'y020': 'twentysecond', 'w033': 'twentieth', 'x051': 'twentyfirst',
    'y046': 'twentysecond', 'x057': 'twentyfirst', 'y055': 'twentysecond', 'z042': 'twentyfourth',
    'w041': 'twentieth', 'x045': 'twentyfirst', 'x015': 'twentyfirst', 'y029': 'twentysecond',
    'y033': 'twentysecond', 'y023': 'twentysecond', 'w036': 'twentieth', 'y049': 'twentysecond',
    'y052': 'twentysecond', 'w004': 'twentieth', 'v050': 'sixteenth', 'w022': 'twentieth',
    'x058': 'twentyfirst', 'w055': 'twentieth', 'x040': 'twentyfirst', 'u024': 'fifteenth',
    'w025': 'twentieth', 'y057': 'twentysecond', 'v054': 'sixteenth', 'x007': 'twentyfirst',
    'w005': 'twentieth', 'z016': 'twentyfourth', 'y051': 'twentysecond', 'x039': 'twentyfirst',
}
RECENT = {'twentyfifth', 'twentysixth', 'twentyseventh', 'twentyeighth', 'twentyninth', 'thirtieth', 'thirtyfirst'}

# ---------------------------------------------------------------------------------------------
# Queries.  Q(kind, query, relevant, key=None, evidence=()) -- for inflected, compound, synonym and
# misspelled queries `key` is the word that occurs in no record and `evidence` the words of the
# grade-2 record that it stands for (other form, the compound's parts, the record's own wording,
# the correct spelling).
# ---------------------------------------------------------------------------------------------
QUERIES = []
def Q(kind, query, relevant, key=None, evidence=()):
    QUERIES.append(dict(kind=kind, query=query, relevant=relevant, key=key, evidence=tuple(evidence)))

# keyword
Q('keyword', 'matkassar räknas inkomst', {'c033': 2, 'b025': 1, 't071': 1})
Q('keyword', 'mammas sambo slår', {'c036': 2, 'x019': 1, 'w027': 1, 'x037': 1})
Q('keyword', 'lägenhet utan kötid', {'c039': 2})
Q('keyword', 'hemtjänst handla själv', {'c022': 2, 'y056': 1})
Q('keyword', 'pappa spelar trav', {'w018': 2, 'x003': 1, 's120': 1})
Q('keyword', 'inneboende försörjningsstöd', {'y024': 2, 'z023': 1})
Q('keyword', 'falsk hyresannons deposition', {'z014': 2})
Q('keyword', 'hemtjänsten pratar telefon', {'y048': 2})
Q('keyword', 'betala sonens skulder', {'x056': 2, 'w039': 1})
Q('keyword', 'god man alzheimer', {'w006': 2, 't039': 1, 'y039': 1, 's084': 1})

# inflected
Q('inflected', 'evakuering under stambytet barn med autism', {'c015': 2}, 'stambytet', ['stambyte'])
Q('inflected', 'hyresvärden kräver två borgensmän', {'c031': 2, 'v052': 1, 'v017': 1, 's022': 1, 's046': 1},
  'borgensmän', ['borgensman'])
Q('inflected', 'soc motiverade inte varför jag fick avslag', {'c016': 2, 'u054': 1, 'v014': 1, 'y052': 1},
  'motiverade', ['motivera'])
Q('inflected', 'handläggaren kommenterade min vikt', {'c024': 2, 's011': 1, 't010': 1, 'c040': 1}, 'kommenterade', ['kommentera'])
Q('inflected', 'vi skiljs hur säger vi det till barnen', {'c026': 2, 'u051': 1}, 'skiljs', ['skiljas'])
Q('inflected', 'sjukskrev mig efter att jag flydde från min man får jobbet säga upp mig',
  {'c028': 2, 'b012': 1, 's092': 1}, 'sjukskrev', ['sjukskriven'])
Q('inflected', 'koftorna kommer bort i boendets tvätt', {'c006': 2, 'v057': 1}, 'koftorna', ['koftor'])
Q('inflected', 'kan jag få breven från soc översatta', {'c032': 2, 's051': 1, 'y052': 1, 'z041': 1},
  'översatta', ['översatt'])
Q('inflected', 'familjen letade efter mig efter att jag rymt hemifrån', {'x027': 2, 'u041': 1, 'u027': 1},
  'letade', ['letar'])
Q('inflected', 'vuxna dottern blir slagen men försvarade honom', {'w027': 2, 'x037': 1, 'c020': 1, 'u038': 1},
  'försvarade', ['försvarar'])

# compound
Q('compound', 'har inte råd med barnkalaset', {'c017': 2, 'u042': 1, 'z015': 1}, 'barnkalaset', ['barn', 'kalas'])
Q('compound', 'rädd inför rättegångsdagen mot mitt ex', {'c012': 2, 't070': 1}, 'rättegångsdagen',
  ['rättegången', 'dagen'])
Q('compound', 'dövblindtolk till läkarbesök', {'c005': 2, 'u031': 1, 'z021': 1}, 'dövblindtolk', ['dövblind', 'tolk'])
Q('compound', 'mamma från äldreboendet hem över julhelgen', {'c030': 2, 'x040': 1}, 'julhelgen', ['jul', 'helgen'])
Q('compound', 'hyresvärden nekar lägenhetsbytet', {'c023': 2, 'v017': 1}, 'lägenhetsbytet', ['lägenhet', 'bytet'])
Q('compound', 'klagomålsblankett soc bemötande', {'c040': 2, 't010': 1, 'a040': 1, 's053': 1}, 'klagomålsblankett',
  ['klagomål', 'blankett'])
Q('compound', 'pappadepression efter förlossningen', {'c034': 2, 'w045': 1}, 'pappadepression', ['pappa', 'depression'])
Q('compound', 'kommunkontraktet går ut', {'w052': 2, 'v054': 1}, 'kommunkontraktet', ['kommunen', 'kontraktet'])
Q('compound', 'grannklagomålen på vår son med adhd', {'y020': 2, 's064': 1}, 'grannklagomålen', ['grannen', 'klagomål'])
Q('compound', 'helgdrickandet påverkar barnen', {'w033': 2, 't002': 1, 's104': 1}, 'helgdrickandet',
  ['helg', 'drickandet'])

# synonym / slang / officialese
Q('synonym', 'firman gick i konken och lönen kom aldrig', {'c001': 2, 's044': 1, 'y043': 1}, 'konken', ['konkurs'])
Q('synonym', 'får jag träffa bonusbarnet efter separationen', {'c002': 2, 'z024': 1, 'v034': 1}, 'bonusbarnet',
  ['styvförälder'])
Q('synonym', '13 åring har skickat nudes som spridits', {'c010': 2, 'x034': 1, 't052': 1}, 'nudes', ['nakenbilder'])
Q('synonym', 'åkte fast rattfull morgonen efter festen', {'c019': 2, 's004': 1}, 'rattfull', ['rattfylleri'])
Q('synonym', 'exet har gömt en airtag i barnens grejer', {'c004': 2, 's005': 1, 'u016': 1}, 'airtag', ['spårsändare'])
Q('synonym', 'vuxen dotter med utvecklingsstörning är kompislös', {'c037': 2, 's094': 1, 's062': 1}, 'kompislös',
  ['vänner'])
Q('synonym', 'pappa med demens handgriplig mot personalen', {'c014': 2, 'w021': 1, 'u026': 1, 'u034': 1},
  'handgriplig', ['aggressiv', 'slår'])
Q('synonym', 'grannen för oväsen hela nätterna', {'c007': 2, 'w057': 1, 's064': 1}, 'oväsen', ['störningar'])
Q('synonym', 'sonen langade från lägenheten hyresvärden säger upp oss', {'x051': 2, 's064': 1}, 'langade', ['sålde'])
Q('synonym', 'utlandssvensk flyttat hem utan bostad', {'y046': 2, 's079': 1}, 'utlandssvensk', ['utomlands'])

# misspelled
Q('misspelled', 'tvätmaskinen trasig försörjningsstöd', {'c025': 2, 'x009': 1, 'v051': 1}, 'tvätmaskinen',
  ['tvättmaskinen'])
Q('misspelled', 'sonen köper zanax på snap', {'c003': 2, 'a003': 1, 't056': 1}, 'zanax', ['xanax'])
Q('misspelled', 'pappa fått korsakov efter alkohol', {'c035': 2, 'y025': 1, 's055': 1}, 'korsakov', ['korsakoff'])
Q('misspelled', 'aktivitetersättning slutar vid 30', {'c029': 2, 't031': 1}, 'aktivitetersättning',
  ['aktivitetsersättning'])
Q('misspelled', 'mamma makuladegenration hjälpmedel', {'c038': 2, 'y049': 1}, 'makuladegenration',
  ['makuladegeneration'])
Q('misspelled', 'dotter intelektuell funktionsnedsättning pojkvän tar hennes pengar', {'x057': 2, 'u003': 1},
  'intelektuell', ['intellektuell'])
Q('misspelled', 'personliga assistenten är hårdhändt', {'y055': 2, 't025': 1, 'v055': 1}, 'hårdhändt', ['hårdhänt'])
Q('misspelled', 'nyckter men sambon dricker vin varje kväll', {'z042': 2, 'v031': 1}, 'nyckter', ['nykter'])
Q('misspelled', 'tonårsdotter röker canabis varje dag', {'w041': 2, 's017': 1, 'x017': 1}, 'canabis', ['cannabis'])
Q('misspelled', 'kurratorn säger inget till mig om min dotter', {'x045': 2, 'v020': 1, 't055': 1}, 'kurratorn',
  ['kuratorn'])

# abbreviation
Q('abbreviation', 'FK retroaktivt soc kräver tillbaka', {'c009': 2, 's027': 1, 'u020': 1, 't020': 1})
Q('abbreviation', 'ivo sjuksköterska stulit tabletter', {'c027': 2, 'a035': 1, 's057': 1})
Q('abbreviation', 'LSS gruppbostad läggs ner', {'c013': 2, 'v028': 1})
Q('abbreviation', 'csn återkrav hoppat av', {'x015': 2, 'z056': 1, 'z059': 1})
Q('abbreviation', 'utskriven efter lpt ingen bostad', {'y029': 2, 'x018': 1, 'u039': 1})
Q('abbreviation', 'frivillig placering HVB tonåring', {'y033': 2, 'u052': 1, 'v013': 1})
Q('abbreviation', 'moster familjehem lvu', {'y023': 2, 's075': 1})
Q('abbreviation', 'mamma vill hem från säbo', {'w036': 2, 's025': 1})
Q('abbreviation', 'synskadad gravid mvc', {'y049': 2, 'c021': 1})
Q('abbreviation', 'SoL avslag förstår inte beslutet', {'y052': 2, 'v051': 1, 'c016': 1, 'c032': 1, 'z041': 1, 'u054': 1})

# question
Q('question', 'kan man få prata med domaren själv istället för att skriva till förvaltningsrätten', {'c008': 2})
Q('question', 'hur säger jag till min mamma att hon inte får dricka när hon passar barnen',
  {'c011': 2, 'y011': 1, 's034': 1})
Q('question', 'måste vi fortsätta betala för vår 17 åring som flyttat ihop med sin kille',
  {'c018': 2, 'v004': 1, 'w046': 1})
Q('question', 'hur kan jag hjälpa min dotter på 16 när hennes kille kontrollerar henne hela tiden',
  {'c020': 2, 'v024': 1, 'x002': 1, 'w027': 1})
Q('question', 'kan soc ta mitt barn för att jag har autism', {'c021': 2, 's071': 1, 'y049': 1, 'u049': 1})
Q('question', 'är det våld när min man tar hela min lön och jag måste visa kvitton',
  {'w004': 2, 's026': 1, 's006': 1, 'a036': 1})
Q('question', 'måste jag betala hyran för min döda mammas lägenhet när det inte finns pengar',
  {'v050': 2, 'x030': 1, 'b030': 1})
Q('question', 'vad gör jag när sambon flyttat ut och jag inte klarar hyran ensam',
  {'w022': 2, 's105': 1, 'y001': 1, 'c023': 1})
Q('question', 'exet lämnar inte tillbaka barnen vad gör jag', {'x058': 2, 'y017': 1})
Q('question', 'har jag rätt att träffa mina syskon oftare när vi bor i olika familjehem', {'w055': 2})
Q('question', 'kan mamma få hemtjänst hos oss när hon hälsar på över sommaren', {'x040': 2, 'c030': 1})
Q('question', 'finns det nån annan behandling för alkohol än aa som man kan gå på efter jobbet',
  {'u024': 2, 'w011': 1, 's057': 1, 'a019': 1})
Q('question', 'får läraren veta vad soc gör efter anmälan', {'w025': 2, 't016': 1})
Q('question', 'hur ska sonen få träffa sin pappa som han aldrig träffat', {'y057': 2})
Q('question', 'hur länge måste man ha andrahandskontrakt via kommunen innan man får ta över det',
  {'v054': 2, 's040': 1, 'w052': 1})
Q('question', 'måste jag sova på ett härbärge fullt av män', {'x007': 2, 'u017': 1})
Q('question', 'vad gör vi när vår son med autism inte vill åka till korttidshemmet längre',
  {'w005': 2, 's002': 1, 'y059': 1, 't050': 1})
Q('question', 'hur kan vi hjälpa vår dotter som känner sig bortglömd för att hennes bror är sjuk',
  {'z016': 2, 'v029': 1})
Q('question', 'får man göra abort vid 16 utan föräldrarna', {'y051': 2, 'v020': 1})
Q('question', 'vad gör vi som familjehem när barnets mamma skickar hotfulla sms på nätterna', {'x039': 2})


# ---------------------------------------------------------------------------------------------
def load(path):
    recs = []
    for n, line in enumerate(open(path, encoding='utf-8'), 1):
        assert line.strip(), '%s: empty line %d' % (path, n)
        recs.append(json.loads(line))
    return recs

def words(text):
    return re.findall(r'\w+', text.lower())

def rec_words(r):
    return set(words(r['title'] + ' ' + r['question'] + ' ' + r['answer']))

def sentences(r):
    out = []
    for f in ('title', 'question', 'answer'):
        for s in re.split(r'[.!?]', r[f]):
            w = tuple(words(s))
            if len(w) >= 4:
                out.append(w)
    return out

def ts(s):
    assert re.fullmatch(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d', s), s
    return datetime.fromisoformat(s)

# ---- archive ------------------------------------------------------------------------------
old = load(OLD)
exp_old = ['%s%03d' % (p, i) for p, n in PARTS for i in range(1, n + 1)]
assert [r['id'] for r in old] == exp_old, 'archive-combined-30.jsonl ids'
for r in old:
    assert list(r.keys()) == FIELDS, ('old field order', r['id'])
old_cats = {r['category'] for r in old}
old_sigs = {r['signature'] for r in old}
old_pairs = {(r['category'], r['signature']) for r in old}
latest_old = max(max(ts(r['asked_at']), ts(r['answered_at'])) for r in old)

new = load(NEW)
assert [r['id'] for r in new] == ['%s%03d' % (NEWP, i) for i in range(1, 41)], 'new ids'
prev_ask = None
for r in new:
    assert list(r.keys()) == FIELDS, ('new field order', r['id'])
    for f in FIELDS:
        assert isinstance(r[f], str) and r[f].strip(), ('empty field', r['id'], f)
    assert 250 <= len(r['question']) <= 600, ('question length', r['id'], len(r['question']))
    assert 700 <= len(r['answer']) <= 1400, ('answer length', r['id'], len(r['answer']))
    assert r['answer'].startswith('Hej'), ('answer must open with Hej', r['id'])
    assert r['category'] in old_cats and r['signature'] in old_sigs, ('category/signature', r['id'])
    assert (r['category'], r['signature']) in old_pairs, ('category+signature combination unseen', r['id'])
    a, b = ts(r['asked_at']), ts(r['answered_at'])
    assert a < b, ('asked < answered', r['id'])
    assert a > latest_old, ('later than every existing timestamp', r['id'])
    assert prev_ask is None or a > prev_ask, ('asked_at rising', r['id'])
    prev_ask = a

old_bytes = open(OLD, 'rb').read()
new_bytes = open(NEW, 'rb').read()
assert old_bytes.endswith(b'\n') and new_bytes.endswith(b'\n')
assert open(COMB, 'rb').read() == old_bytes + new_bytes, 'archive-combined-32 = combined-30 + thirtysecond'
allr = load(COMB)
assert len(allr) == 680
for r in allr:
    assert list(r.keys()) == FIELDS
titles = [r['title'] for r in allr]
assert len(set(titles)) == 680, 'titles must differ'
newcats = collections.Counter(r['category'] for r in new)
assert len(newcats) == 8 and set(newcats.values()) == {5}, newcats

ALLOW = {('ta', 'hand', 'om', 'dig'), ('ta', 'hand', 'om', 'er')}
old_sent = set()
for r in old:
    old_sent.update(sentences(r))
for r in new:
    for s in sentences(r):
        assert s not in old_sent or s in ALLOW, ('sentence repeats an existing one', r['id'], ' '.join(s))

# ---- queries ------------------------------------------------------------------------------
byid = {r['id']: r for r in allr}
W = {r['id']: rec_words(r) for r in allr}
vocab = set().union(*W.values())
newids = {r['id'] for r in new}

assert len(QUERIES) == 80
assert len({q['query'] for q in QUERIES}) == 80, 'queries must be unique'
kc = collections.Counter(q['kind'] for q in QUERIES)
assert kc == collections.Counter(KINDS), kc

def abbr_hits(query):
    toks = query.split()
    hits = []
    for t in toks:
        core = re.sub(r'^\W+|\W+$', '', t)
        for a in ABBR:
            if (core == a) if a in AS_WRITTEN else (core.upper() == a):
                hits.append((a, core))
    return hits

targets = []
for q in QUERIES:
    rel = q['relevant']
    for i, g in rel.items():
        assert i in byid, ('unknown id', i, q['query'])
        assert g in (1, 2), ('grade', q['query'])
    twos = [i for i, g in rel.items() if g == 2]
    assert len(twos) == 1, ('exactly one grade 2', q['query'])
    targets.append(twos[0])
    k = q['kind']
    qw = words(q['query'])
    if k in ('inflected', 'compound', 'synonym', 'misspelled'):
        assert q['key'] and q['key'] in qw, ('key must be a word of the query', q['query'])
        assert q['key'] not in vocab, ('key occurs in a record', q['key'])
        for e in q['evidence']:
            assert e in W[twos[0]], ('evidence word missing in target', e, twos[0])
    if k == 'keyword':
        assert 1 <= len(q['query'].split()) <= 3, q['query']
    if k == 'question':
        assert q['query'] == q['query'].lower(), q['query']
        assert not re.search(r'[^\w\s]', q['query']), ('punctuation', q['query'])
        assert 6 <= len(q['query'].split()) <= 18, q['query']
    if k != 'abbreviation':
        assert not abbr_hits(q['query']), ('abbreviation outside abbreviation kind', q['query'])

assert len(set(targets)) == 80, 'grade-2 targets must differ'
new_t = [t for t in targets if t in newids]
assert len(new_t) >= 40 and set(new_t) == newids, 'every new record is a grade-2 target once'
old_t = [t for t in targets if t not in newids]
assert set(old_t) == set(OLD_PREV), 'old targets = OLD_PREV'
assert not (set(OLD_PREV.values()) & RECENT)

# live check of the earlier query files (grade-2 ids only), if they are reachable
own = os.path.basename(OUT)
files = [f for f in sorted(glob.glob(os.path.join(MAIN, 'search-*-queries.jsonl')))
         if os.path.basename(f) not in (own, 'search-thirtythird-queries.jsonl')]
dev = '/work/shared/data/dev-queries.jsonl'
if os.path.exists(dev):
    files.append(dev)
live = None
if files:
    live = collections.defaultdict(list)
    for f in files:
        name = os.path.basename(f).replace('search-', '').replace('-queries.jsonl', '').replace('.jsonl', '')
        for line in open(f, encoding='utf-8'):
            if line.strip():
                for i, g in json.loads(line).get('relevant', {}).items():
                    if g == 2:
                        live[i].append(name)
    for t in old_t:
        assert live[t] == [OLD_PREV[t]], ('earlier grade-2 use differs from OLD_PREV', t, live[t])
    for t in new_t:
        assert not live[t], ('new record already a target?', t)

q_abbr = [q for q in QUERIES if q['kind'] == 'abbreviation']
used, lower = set(), 0
for q in q_abbr:
    h = abbr_hits(q['query'])
    assert len(h) == 1, ('exactly one abbreviation', q['query'], h)
    a, written = h[0]
    assert 1 <= len(q['query'].split()) - 1 <= 5, ('1-5 other words', q['query'])
    used.add(a)
    if a not in NOT_LOWER_COUNTED and written == written.lower():
        lower += 1
assert len(used) >= 8, used
assert lower >= 4, lower
long_q = sum(1 for q in QUERIES if q['kind'] == 'question' and len(q['query'].split()) >= 10)
assert long_q >= 12, long_q

# ---- write --------------------------------------------------------------------------------
with open(OUT, 'w', encoding='utf-8') as f:
    for q in QUERIES:
        f.write(json.dumps({'query': q['query'], 'relevant': q['relevant'], 'kind': q['kind']},
                           ensure_ascii=False) + '\n')

order = [p for p, _ in PARTS] + [NEWP]
def part_count(ids):
    c = collections.Counter(i[0] for i in ids)
    return {p: c[p] for p in order if c[p]}
g2 = [i for q in QUERIES for i, g in q['relevant'].items() if g == 2]
g1 = [i for q in QUERIES for i, g in q['relevant'].items() if g == 1]
cats = ', '.join('%s %d' % (c, newcats[c]) for c in
                 ['ekonomiskt-bistand', 'barn-och-familj', 'missbruk', 'vald-i-nara-relationer',
                  'funktionsnedsattning', 'aldreomsorg', 'boende', 'rattigheter-och-bemotande'])
print('ok: 680 records (40 new: %s), 80 queries, %d graded pairs (%d grade 2, %d grade 1), grade-2 by part %s, '
      'grade 1 by part %s, %d abbreviations (%d lower case), %d question queries of 10+ words, '
      'old targets graded 2 once before (%s), wrote %s'
      % (cats, len(g2) + len(g1), len(g2), len(g1), part_count(g2), part_count(g1), len(used), lower, long_q,
         ', '.join('%s %d' % kv for kv in sorted(collections.Counter(OLD_PREV.values()).items())), OUT))
print()
print('| kind | n | grade-2 %s | grade 1 | mean relevant | single-relevant queries |' % '/'.join(order))
print('|---|---|---|---|---|---|')
for k in KINDS:
    qs = [q for q in QUERIES if q['kind'] == k]
    t2 = collections.Counter(i[0] for q in qs for i, g in q['relevant'].items() if g == 2)
    n1 = sum(1 for q in qs for g in q['relevant'].values() if g == 1)
    mean = sum(len(q['relevant']) for q in qs) / len(qs)
    single = sum(1 for q in qs if len(q['relevant']) == 1)
    print('| %s | %d | %s | %d | %.1f | %d |' % (k, len(qs), '/'.join(str(t2[p]) for p in order), n1, mean, single))
