"""Held-out search set, thirty-eighth: 80 Swedish queries judged over archive-combined-38.jsonl.

Checks the archive (archive-combined-30.jsonl + archive-thirtyeighth.jsonl = archive-combined-38.jsonl)
and the queries, then writes search-thirtyeighth-queries.jsonl beside this script.
Written from the description in README-search-thirtyfifth.md; no earlier build script was read.
"""
import datetime as dt
import json
import os
import re
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
HELDOUT = '/work/main/tests/data/heldout'
OUT = os.path.join(HERE, 'search-thirtyeighth-queries.jsonl')

FIELDS = ['id', 'title', 'question', 'pseudonym', 'answer', 'signature', 'category',
          'asked_at', 'answered_at']
OLD_PARTS = [('s', 120), ('t', 80), ('u', 60), ('v', 60), ('w', 60), ('x', 60), ('y', 60),
             ('z', 60), ('a', 40), ('b', 40)]
NEW_PREFIX = 'i'
CATS = ['ekonomiskt-bistand', 'barn-och-familj', 'missbruk', 'vald-i-nara-relationer',
        'funktionsnedsattning', 'aldreomsorg', 'boende', 'rattigheter-och-bemotande']
# other heldout parts that are not in this archive; the new records must be later than all of them
# and must not repeat their titles (latest timestamp seen: e040's answer, 15 Jan 2028)
OTHER_PARTS = ['archive-thirtysecond.jsonl', 'archive-thirtythird.jsonl',
               'archive-thirtyfourth.jsonl', 'archive-thirtyfifth.jsonl']
LATEST_FROZEN = '2028-01-15T12:09:00+01:00'

# Old records that may be grade-2 targets: graded 2 at most twice in every earlier
# search-*-queries.jsonl and /work/shared/data/dev-queries.jsonl, and never in the
# thirtieth to thirty-fifth sets (tools/prev_targets.py; 138 ids, frozen here).
ALLOWED_OLD = set('''
t014 t018 t030 t059 t060 t067 t068 t071 t072 t073 u004 u006 u007 u012 u025 u027 u028 u029 u032 u034
u041 u047 u051 u052 u053 u056 u057 v004 v007 v012 v015 v017 v021 v024 v027 v028 v031 v046 v051 v056
v058 w001 w007 w012 w015 w019 w020 w023 w028 w029 w035 w038 w040 w042 w047 w048 w053 w058 x001 x006
x008 x010 x014 x016 x017 x021 x024 x029 x030 x033 x036 x037 x038 x046 x047 x054 y001 y002 y006 y008
y012 y014 y015 y016 y025 y026 y038 y039 y041 y043 y045 y053 z001 z002 z003 z004 z005 z006 z008 z009
z010 z012 z013 z017 z019 z020 z022 z023 z025 z026 z028 z029 z030 z031 z032 z033 z034 z035 z036 z037
z038 z039 z040 z041 z043 z044 z048 z049 z050 z051 z054 z057 z058 z059 z060 a006 a032 a033
'''.split())
assert len(ALLOWED_OLD) == 138

ABBREVS = ['LSS', 'LVU', 'LVM', 'SoL', 'HVB', 'BUP', 'FK', 'KFM', 'CSN', 'IVO', 'BBIC', 'SIP', 'MVC',
           'BVC', 'AF', 'JO', 'SFI', 'HSL', 'DO', 'SÄBO', 'LOV', 'IFO', 'VAB', 'SIS', 'EKB', 'LPT']
AS_WRITTEN = {'SoL', 'JO', 'DO', 'LOV', 'AF'}        # matched only as written
NOT_LOWER_COUNTED = {'SoL', 'JO', 'DO', 'LOV', 'AF', 'FK'}  # also ordinary words / not counted

KINDS = {'keyword': 10, 'inflected': 10, 'compound': 10, 'synonym': 10, 'misspelled': 10,
         'abbreviation': 10, 'question': 20}

# (kind, query, relevant, key, evidence)
# key/evidence only for inflected, compound, synonym, misspelled:
#   key: one \w+ word of the query that occurs in no record of the 680;
#   evidence: words of the grade-2 record (other form / parts / own wording / correct spelling).
Q = [
    # ---- keyword
    ('keyword', 'uppsagd utan a-kassa', {'i001': 2, 't068': 1}, None, None),
    ('keyword', 'tjänstebostad uppsägning', {'i015': 2}, None, None),
    ('keyword', 'rösta på äldreboendet', {'i022': 2}, None, None),
    ('keyword', 'restskatt', {'z001': 2}, None, None),
    ('keyword', 'matbud inkomst varierar', {'y016': 2}, None, None),
    ('keyword', 'skraplott vinst försörjningsstöd', {'z029': 2}, None, None),
    ('keyword', 'ärva skulder', {'x030': 2, 'v050': 1}, None, None),
    ('keyword', 'röka inne hemtjänsten', {'a006': 2}, None, None),
    ('keyword', 'klippa tånaglar', {'z028': 2}, None, None),
    ('keyword', 'kallt i lägenheten', {'z006': 2}, None, None),
    # ---- inflected
    ('inflected', 'utlånade pengar räknas som tillgång', {'i009': 2},
     'utlånade', ['lånade']),
    ('inflected', 'måste jag sälja hästarna för att få bidrag', {'i017': 2, 'y009': 1},
     'hästarna', ['hästen', 'häst']),
    ('inflected', 'slitaget efter elva år flyttbesiktning', {'i031': 2, 'a015': 1},
     'slitaget', ['slitage']),
    ('inflected', 'praktikanten satt med på mötet med soc', {'i040': 2},
     'praktikanten', ['praktikant']),
    ('inflected', 'örfilade min kille hjälp för tjejer som slår', {'i020': 2, 's076': 1, 'a028': 1},
     'örfilade', ['örfilar']),
    ('inflected', 'resor till döttrarna varannan helg försörjningsstöd', {'i033': 2},
     'döttrarna', ['döttrar']),
    ('inflected', 'ingen borstade mammas tänder på boendet', {'z013': 2},
     'borstade', ['borsta']),
    ('inflected', 'benet amputerades och vi bor utan hiss', {'z025': 2, 't080': 1, 'y056': 1},
     'amputerades', ['amputera', 'amputerat']),
    ('inflected', 'soc glömde utbetalningen vem betalar påminnelseavgifterna', {'a032': 2, 'z049': 1},
     'påminnelseavgifterna', ['påminnelseavgift']),
    ('inflected', 'sambon sparkade hunden för att straffa mig', {'z002': 2},
     'sparkade', ['sparkar']),
    # ---- compound
    ('compound', 'licenslösa casinon trots spelpaus', {'i003': 2, 't078': 1},
     'licenslösa', ['licens', 'utan']),
    ('compound', 'höftbrott ingen träning hemma', {'i006': 2, 's035': 1},
     'höftbrott', ['höften', 'bröt']),
    ('compound', 'kolikbebis skriker jag orkar inte', {'i010': 2, 'z031': 1, 't004': 1},
     'kolikbebis', ['kolik', 'bebisen']),
    ('compound', 'kopieringsavgift för min akt', {'i032': 2, 's003': 1},
     'kopieringsavgift', ['kopior', 'avgift']),
    ('compound', 'behålla hyresrätten under fängelsetiden', {'i039': 2, 's081': 1, 'u039': 1},
     'fängelsetiden', ['fängelse', 'tiden']),
    ('compound', 'tältboende i skogen när det blir kallt', {'z032': 2, 'v030': 1, 't014': 1},
     'tältboende', ['tält', 'boende']),
    ('compound', 'sover i ett källarförråd hos en kompis', {'y006': 2, 'u017': 1},
     'källarförråd', ['källaren', 'förråd']),
    ('compound', 'vuxen son med epilepsi får nattanfall', {'z048': 2},
     'nattanfall', ['anfall', 'nätterna']),
    ('compound', 'pappa med alzheimer gömmer bilnycklarna', {'z003': 2},
     'bilnycklarna', ['bil', 'nycklarna']),
    ('compound', 'hemtjänsten vill ha mobillås på mammas dörr', {'z036': 2},
     'mobillås', ['mobilen', 'lås']),
    # ---- synonym
    ('synonym', 'nattis för ensamstående undersköterska', {'i002': 2, 'v035': 1, 't072': 1},
     'nattis', ['obekväm', 'kvällar']),
    ('synonym', 'tvångsauktion på huset kronofogden', {'i007': 2, 'a023': 1},
     'tvångsauktion', ['exekutiv', 'auktion']),
    ('synonym', 'jobba som peer efter missbruk', {'i011': 2},
     'peer', ['kamratstöd', 'erfarenhet']),
    ('synonym', 'jag är änkeman och ensam på kvällarna', {'i014': 2, 's095': 1},
     'änkeman', ['fru', 'dog']),
    ('synonym', 'pojkvännen röker weed och jag är gravid', {'i019': 2, 'y035': 1},
     'weed', ['cannabis']),
    ('synonym', 'ungdomar langar i trappuppgången', {'i023': 2},
     'langar', ['säljer', 'droger']),
    ('synonym', '15 åring däckade på festen och hamnade på akuten', {'i027': 2, 't044': 1},
     'däckade', ['medvetslös']),
    ('synonym', 'självmedicinerar med cannabis adhd utredning', {'i035': 2, 'z058': 1},
     'självmedicinerar', ['dämpa']),
    ('synonym', 'lootboxar köpta med mitt kort', {'z034': 2},
     'lootboxar', ['lådor', 'slumpmässigt']),
    ('synonym', 'anställd kommer bakfull till jobbet', {'y026': 2, 'a035': 1},
     'bakfull', ['alkohol', 'luktar']),
    # ---- misspelled
    ('misspelled', 'gode mannen svarar inte överformyndaren', {'i021': 2},
     'överformyndaren', ['överförmyndaren']),
    ('misspelled', 'hur går en vårnadsutredning till', {'i026': 2, 'u005': 1},
     'vårnadsutredning', ['vårdnadsutredning']),
    ('misspelled', 'mamma har alsheimer och banken har spärrat', {'i030': 2, 'w006': 1},
     'alsheimer', ['alzheimer']),
    ('misspelled', 'ungdomsmotagningen gav p-piller till 15-åring', {'i034': 2, 'y051': 1},
     'ungdomsmotagningen', ['ungdomsmottagningen']),
    ('misspelled', 'schitzofreni och vill ha riktigt jobb', {'i037': 2, 'u032': 1, 't030': 1},
     'schitzofreni', ['schizofreni']),
    ('misspelled', 'pappa flyttar utomlands försvinner bostadstilägg', {'i038': 2},
     'bostadstilägg', ['bostadstillägg']),
    ('misspelled', 'turette 11 åring inget stöd', {'z033': 2},
     'turette', ['tourette']),
    ('misspelled', 'frontlobsdemens pappa 58', {'y025': 2},
     'frontlobsdemens', ['frontallobsdemens']),
    ('misspelled', 'könsdisfori 15 åring mår dåligt', {'z017': 2},
     'könsdisfori', ['könsdysfori']),
    ('misspelled', 'måste jag sälja mina bitkoin', {'z009': 2},
     'bitkoin', ['bitcoin']),
    # ---- abbreviation
    ('abbreviation', 'lss boende kö två år', {'i013': 2, 's059': 1, 's062': 1}, None, None),
    ('abbreviation', 'ivo vill inte utreda min anmälan', {'i024': 2, 's053': 1, 'u030': 1}, None, None),
    ('abbreviation', 'csn drog in studiebidraget skolk', {'i025': 2, 'z059': 1}, None, None),
    ('abbreviation', 'DO lägerskola rullstol', {'i029': 2, 'x021': 1}, None, None),
    ('abbreviation', 'hvb tar mobilen varje kväll', {'z060': 2}, None, None),
    ('abbreviation', 'mamma skrivs ut från LVM snart', {'w048': 2}, None, None),
    ('abbreviation', 'vad är sip egentligen', {'z058': 2, 'v044': 1, 's112': 1}, None, None),
    ('abbreviation', 'LVU advokat gratis', {'v058': 2, 's038': 1, 't038': 1}, None, None),
    ('abbreviation', 'ekb vill flytta till min kusin', {'u006': 2, 'i018': 1}, None, None),
    ('abbreviation', 'bvc tvillingar orkar inte', {'z031': 2, 'w045': 1, 'i010': 1}, None, None),
    # ---- question
    ('question', 'kan mitt ex ta barnen till sitt hemland och inte komma tillbaka om jag skriver under passen',
     {'i004': 2, 'y017': 1}, None, None),
    ('question', 'fick veta att jag är autistisk först i medelåldern finns det hjälp för vuxna',
     {'i005': 2, 's077': 1, 'w035': 1}, None, None),
    ('question', 'varför bokar soc tolk åt mig när jag kan svenska',
     {'i008': 2}, None, None),
    ('question', 'kan man få gå före i bostadskön om ens ex vet var man bor',
     {'i012': 2, 'u027': 1}, None, None),
    ('question', 'kan man överklaga att soc startar en utredning om ens barn',
     {'i016': 2, 'v059': 1, 'x016': 1, 't041': 1}, None, None),
    ('question', 'får jag bo kvar hos en kompis familj om mina föräldrar flyttar utomlands',
     {'i018': 2, 'u006': 1}, None, None),
    ('question', 'får jag veta när min före detta sambo kommer ut från fängelset efter misshandeln',
     {'i028': 2, 'z027': 1}, None, None),
    ('question', 'vår dotter har blivit avskärmad från familjen av sin nya kille vad gör man',
     {'i036': 2, 'w027': 1, 'x037': 1}, None, None),
    ('question', 'pappa med demens vandrar iväg mitt i natten vad ska vi göra',
     {'y014': 2, 't005': 1}, None, None),
    ('question', 'vad gör jag när han hotar med självmord om jag gör slut',
     {'w019': 2}, None, None),
    ('question', 'finns det någon föräldrakurs när det blir bråk hemma varje dag',
     {'u028': 2, 't004': 1}, None, None),
    ('question', 'vad gör man när tioåringen snor pengar',
     {'z004': 2}, None, None),
    ('question', 'min dotter på 15 sticker hemifrån och sover borta vad gör man',
     {'v007': 2}, None, None),
    ('question', 'hur stoppar man ett ex som anmäler en till soc för påhittade saker',
     {'x016': 2, 'i016': 1, 'v059': 1, 'b036': 1}, None, None),
    ('question', 'kan jag få hem min son från familjehemmet nu när jag mår bättre',
     {'u052': 2}, None, None),
    ('question', 'är det våld när min man håller mig vaken varje natt',
     {'z035': 2, 's026': 1}, None, None),
    ('question', 'hur klarar man sig tills lönen kommer',
     {'y043': 2}, None, None),
    ('question', 'får hyresvärden neka mig för att jag har försörjningsstöd',
     {'v017': 2, 'v052': 1}, None, None),
    ('question', 'min dotter vill inte åka till sin pappa på helgerna måste hon',
     {'y045': 2, 's061': 1}, None, None),
    ('question', 'kan någon sitta hos pappa på nätterna när han ligger för döden på hemmet',
     {'z044': 2, 'u045': 1}, None, None),
]


def fail(msg):
    print('FAIL:', msg)
    sys.exit(1)


def find(name, here_only=False):
    p = os.path.join(HERE, name)
    if os.path.exists(p) or here_only:
        return p
    return os.path.join(HELDOUT, name)


def load(path):
    recs = []
    with open(path, encoding='utf-8') as f:
        for n, line in enumerate(f, 1):
            try:
                recs.append(json.loads(line))
            except ValueError:
                fail('%s line %d does not parse' % (path, n))
    return recs


def ts(s):
    if not re.match(r'^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d)?[+-]\d\d:\d\d$', s):
        fail('not an ISO timestamp with UTC offset: %r' % s)
    return dt.datetime.fromisoformat(s)


def words(text):
    return re.findall(r'\w+', text.lower())


def sentences(r):
    for f in ('title', 'question', 'answer'):
        for s in re.split(r'[.!?]', r[f]):
            w = tuple(words(s))
            if len(w) >= 4:
                yield w


def abbrevs_in(q):
    found = []
    for tok in re.findall(r'\w+', q):
        for a in ABBREVS:
            if (tok == a) if a in AS_WRITTEN else (tok.lower() == a.lower()):
                found.append((a, tok))
    return found


def check_archive():
    old_path = find('archive-combined-30.jsonl')
    old_bytes = open(old_path, 'rb').read()
    old = load(old_path)
    want = ['%s%03d' % (p, k) for p, n in OLD_PARTS for k in range(1, n + 1)]
    if [r.get('id') for r in old] != want:
        fail('archive-combined-30.jsonl does not hold s001-b040 in order')
    for r in old:
        if list(r) != FIELDS:
            fail('old record %s has other fields or order' % r['id'])
    new_path = find('archive-thirtyeighth.jsonl', here_only=True)
    comb_path = find('archive-combined-38.jsonl', here_only=True)
    new_bytes = open(new_path, 'rb').read()
    new = load(new_path)
    if [r.get('id') for r in new] != ['%s%03d' % (NEW_PREFIX, k) for k in range(1, 41)]:
        fail('archive-thirtyeighth.jsonl does not hold i001-i040 in order')
    pairs = {(r['category'], r['signature']) for r in old}
    latest = ts(LATEST_FROZEN)
    other_titles = set()
    for r in old:
        for k in ('asked_at', 'answered_at'):
            latest = max(latest, ts(r[k]))
    for name in OTHER_PARTS:
        p = find(name)
        if os.path.exists(p):
            for r in load(p):
                other_titles.add(r['title'])
                for k in ('asked_at', 'answered_at'):
                    latest = max(latest, ts(r[k]))
    prev = None
    for r in new:
        i = r['id']
        if list(r) != FIELDS:
            fail('%s: fields or order differ' % i)
        for k in FIELDS:
            if not isinstance(r[k], str) or not r[k].strip():
                fail('%s: empty or non-string %s' % (i, k))
        if not 250 <= len(r['question']) <= 600:
            fail('%s: question length %d' % (i, len(r['question'])))
        if not 700 <= len(r['answer']) <= 1400:
            fail('%s: answer length %d' % (i, len(r['answer'])))
        if not r['answer'].startswith('Hej'):
            fail('%s: answer does not start with Hej' % i)
        if (r['category'], r['signature']) not in pairs:
            fail('%s: category/signature pair not used by old records' % i)
        a, b = ts(r['asked_at']), ts(r['answered_at'])
        if not a < b:
            fail('%s: asked_at not before answered_at' % i)
        if a <= latest:
            fail('%s: asked_at not after every earlier timestamp' % i)
        if prev is not None and not a > prev:
            fail('%s: asked_at does not rise' % i)
        prev = a
        if r['title'] in other_titles:
            fail('%s: title repeats a title of another part' % i)
    comb_bytes = open(comb_path, 'rb').read()
    if comb_bytes != old_bytes + new_bytes:
        fail('archive-combined-38.jsonl is not combined-30 followed by thirtyeighth')
    comb = load(comb_path)
    if len(comb) != 680:
        fail('combined archive has %d records' % len(comb))
    for r in comb:
        if list(r) != FIELDS:
            fail('combined record %s: fields or order differ' % r['id'])
    titles = [r['title'] for r in comb]
    if len(set(titles)) != 680:
        fail('titles repeat in the combined archive')
    cats = Counter(r['category'] for r in new)
    if set(cats) != set(CATS) or any(v != 5 for v in cats.values()):
        fail('new records per category: %s' % cats)
    oldsent = set()
    for r in old:
        oldsent.update(sentences(r))
    for r in new:
        for w in sentences(r):
            if w in oldsent:
                fail('%s repeats an old sentence: %s' % (r['id'], ' '.join(w)))
    return old, new, comb, cats


def check_queries(new, comb):
    byid = {r['id']: r for r in comb}
    vocab = set()
    recwords = {}
    for r in comb:
        w = set(words(r['title'] + ' ' + r['question'] + ' ' + r['answer']))
        recwords[r['id']] = w
        vocab |= w
    kinds = Counter(k for k, *_ in Q)
    if dict(kinds) != KINDS:
        fail('kinds: %s' % kinds)
    qs = [q for _, q, *_ in Q]
    if len(set(qs)) != len(qs):
        fail('queries repeat')
    targets = []
    for kind, q, rel, key, ev in Q:
        if not rel or any(i not in byid for i in rel):
            fail('unknown id in %r' % q)
        if any(g not in (1, 2) for g in rel.values()):
            fail('bad grade in %r' % q)
        t2 = [i for i, g in rel.items() if g == 2]
        if len(t2) != 1:
            fail('%r: %d grade-2 records' % (q, len(t2)))
        t = t2[0]
        targets.append(t)
        if not t.startswith(NEW_PREFIX) and t not in ALLOWED_OLD:
            fail('%r: old target %s not allowed' % (q, t))
        ab = abbrevs_in(q)
        if kind in ('inflected', 'compound', 'synonym', 'misspelled'):
            if key is None or key not in words(q):
                fail('%r: key %r is not a word of the query' % (q, key))
            if key in vocab:
                fail('%r: key %r occurs in a record' % (q, key))
            for e in ev:
                if e.lower() not in recwords[t]:
                    fail('%r: evidence %r not in %s' % (q, e, t))
        else:
            if key is not None or ev is not None:
                fail('%r: key/evidence only for the four constrained kinds' % q)
        if kind == 'keyword' and not 1 <= len(q.split()) <= 3:
            fail('%r: keyword query with %d words' % (q, len(q.split())))
        if kind == 'question':
            n = len(q.split())
            if q != q.lower() or re.search(r'[^\w\s-]', q) or not 6 <= n <= 18:
                fail('%r: question query shape' % q)
            if ab:
                fail('%r: abbreviation in a question query' % q)
        if kind in ('keyword', 'inflected', 'compound', 'synonym', 'misspelled') and ab:
            fail('%r: abbreviation %s in a %s query' % (q, ab, kind))
        if kind == 'abbreviation':
            if len(ab) != 1:
                fail('%r: %d listed abbreviations' % (q, len(ab)))
            others = len(q.split()) - 1
            if not 1 <= others <= 5:
                fail('%r: %d other words' % (q, others))
    if len(set(targets)) != len(targets):
        fail('a grade-2 record repeats: %s' % [t for t, c in Counter(targets).items() if c > 1])
    newt = [t for t in targets if t.startswith(NEW_PREFIX)]
    if len(newt) < 40:
        fail('only %d new grade-2 targets' % len(newt))
    missing = [r['id'] for r in new if r['id'] not in targets]
    if missing:
        fail('new records never grade 2: %s' % missing)
    abq = [abbrevs_in(q)[0] for k, q, *_ in Q if k == 'abbreviation']
    distinct = {a for a, _ in abq}
    lower = [a for a, tok in abq if tok == tok.lower() and a not in NOT_LOWER_COUNTED]
    if len(distinct) < 8:
        fail('only %d different abbreviations' % len(distinct))
    if len(lower) < 4:
        fail('only %d lower-case abbreviations' % len(lower))
    qlen = [len(q.split()) for k, q, *_ in Q if k == 'question']
    long_q = sum(1 for n in qlen if n >= 10)
    short_q = sum(1 for n in qlen if n <= 7)
    if long_q < 12:
        fail('only %d question queries of 10+ words' % long_q)
    return targets, distinct, lower, long_q, short_q


def main():
    old, new, comb, cats = check_archive()
    targets, distinct, lower, long_q, short_q = check_queries(new, comb)
    with open(OUT, 'w', encoding='utf-8') as f:
        for kind, q, rel, key, ev in Q:
            f.write(json.dumps({'query': q, 'relevant': rel, 'kind': kind}, ensure_ascii=False) + '\n')
    g2 = Counter(t[0] for t in targets)
    g1 = Counter(i[0] for _, _, rel, *_ in Q for i, g in rel.items() if g == 1)
    pairs = sum(len(rel) for _, _, rel, *_ in Q)
    order = 'stuvwxyzabi'
    g2s = {p: g2[p] for p in order if g2[p]}
    g1s = {p: g1[p] for p in order if g1[p]}
    print('ok: 680 records (40 new: %s), 80 queries, %d graded pairs (80 grade 2, %d grade 1), '
          'grade-2 by part %s, grade 1 by part %s, %d abbreviations (%d lower case), '
          '%d question queries of 10+ words, %d of 7 or fewer, wrote %s'
          % (', '.join('%s %d' % (c, cats[c]) for c in CATS), pairs, pairs - 80, g2s, g1s,
             len(distinct), len(lower), long_q, short_q, OUT))
    print()
    print('| kind | n | grade-2 %s | grade 1 | mean relevant | single-relevant queries |' % '/'.join(order))
    print('|---|---|---|---|---|---|')
    for kind in KINDS:
        rows = [(q, rel) for k, q, rel, *_ in Q if k == kind]
        c2 = Counter(next(i for i, g in rel.items() if g == 2)[0] for _, rel in rows)
        n1 = sum(1 for _, rel in rows for g in rel.values() if g == 1)
        mean = sum(len(rel) for _, rel in rows) / len(rows)
        single = sum(1 for _, rel in rows if len(rel) == 1)
        print('| %s | %d | %s | %d | %.1f | %d |' % (kind, len(rows), '/'.join(str(c2[p]) for p in order),
                                                   n1, mean, single))


if __name__ == '__main__':
    main()
