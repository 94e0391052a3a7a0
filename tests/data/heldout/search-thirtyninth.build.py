"""search-thirtyninth: checks the new archive part (j001-j040) and the 80 held-out queries, and writes
search-thirtyninth-queries.jsonl beside this script.

Judged over the 680 records of archive-combined-39.jsonl (the 640 records of archive-combined-30.jsonl,
byte for byte, followed by j001-j040). Written without any look at the search code, its vocabulary or any
earlier query text; the earlier grade-2 targets were extracted by tools/prev_targets.py (relevant field
only) and are frozen below as ALLOWED_OLD.

Each query: (kind, query, relevant, key, evidence). For inflected, compound, synonym and misspelled queries
`key` is the one word of the query that occurs in no record, and `evidence` lists words that occur in the
grade-2 record (the other form, the parts, the record's own wording, the correct spelling).
"""
import collections
import datetime
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
MAIN = '/work/main/tests/data/heldout'
OUT = os.path.join(HERE, 'search-thirtyninth-queries.jsonl')
NEW = os.path.join(HERE, 'archive-thirtyninth.jsonl')
COMBINED = os.path.join(HERE, 'archive-combined-39.jsonl')
PFX = 'j'
FIELDS = ['id', 'title', 'question', 'pseudonym', 'answer', 'signature', 'category', 'asked_at', 'answered_at']
OLD_PARTS = [('s', 120), ('t', 80), ('u', 60), ('v', 60), ('w', 60), ('x', 60), ('y', 60), ('z', 60),
             ('a', 40), ('b', 40)]
# Parts written for other sets and not in this archive; their titles must not be repeated and their
# timestamps must lie before ours. Latest timestamp among them and the 640: 2028-01-15T12:09+01:00 (e part).
OTHER_PARTS = ['archive-thirtysecond.jsonl', 'archive-thirtythird.jsonl', 'archive-thirtyfourth.jsonl',
               'archive-thirtyfifth.jsonl']
LATEST_FROZEN = '2028-01-15T12:09:00+01:00'
KINDS = {'keyword': 10, 'inflected': 10, 'compound': 10, 'synonym': 10, 'misspelled': 10,
         'abbreviation': 10, 'question': 20}
ABBREVS = ['LSS', 'LVU', 'LVM', 'SoL', 'HVB', 'BUP', 'FK', 'KFM', 'CSN', 'IVO', 'BBIC', 'SIP', 'MVC', 'BVC',
           'AF', 'JO', 'SFI', 'HSL', 'DO', 'SÄBO', 'LOV', 'IFO', 'VAB', 'SIS', 'EKB', 'LPT']
CASE_SENSITIVE = {'SoL', 'JO', 'DO', 'LOV', 'AF'}    # also ordinary words: matched only as written
NOT_COUNTED_LOWER = {'SoL', 'JO', 'DO', 'LOV', 'AF', 'FK'}

# Old records graded 2 at most twice in the earlier sets (search-*-queries.jsonl in the heldout folder and
# dev-queries.jsonl, 33 files) and never in the thirtieth to thirty-fifth sets: 138 ids.
ALLOWED_OLD = set('''
t014 t018 t030 t059 t060 t067 t068 t071 t072 t073 u004 u006 u007 u012 u025 u027 u028 u029 u032 u034 u041
u047 u051 u052 u053 u056 u057 v004 v007 v012 v015 v017 v021 v024 v027 v028 v031 v046 v051 v056 v058 w001
w007 w012 w015 w019 w020 w023 w028 w029 w035 w038 w040 w042 w047 w048 w053 w058 x001 x006 x008 x010 x014
x016 x017 x021 x024 x029 x030 x033 x036 x037 x038 x046 x047 x054 y001 y002 y006 y008 y012 y014 y015 y016
y025 y026 y038 y039 y041 y043 y045 y053 z001 z002 z003 z004 z005 z006 z008 z009 z010 z012 z013 z017 z019
z020 z022 z023 z025 z026 z028 z029 z030 z031 z032 z033 z034 z035 z036 z037 z038 z039 z040 z041 z043 z044
z048 z049 z050 z051 z054 z057 z058 z059 z060 a006 a032 a033
'''.split())
assert len(ALLOWED_OLD) == 138

Q = [
    # ---- keyword (1-3 words)
    ('keyword', 'aktivitetsstöd indraget', {'j001': 2, 't020': 1, 'u020': 1}, None, None),
    ('keyword', 'räkning för slitage', {'j007': 2, 'a015': 1}, None, None),
    ('keyword', 'förlorat synen', {'j021': 2, 'y049': 1, 's093': 1}, None, None),
    ('keyword', 'peth körkort', {'j027': 2, 's004': 1}, None, None),
    ('keyword', 'lånar ut pengar', {'j038': 2, 'v011': 1, 's023': 1}, None, None),
    ('keyword', 'vinst skraplott', {'z029': 2, 'w001': 1, 't011': 1}, None, None),
    ('keyword', 'skatteåterbäring', {'w001': 2, 'z029': 1}, None, None),
    ('keyword', 'thc vape', {'x017': 2, 's017': 1, 'w041': 1}, None, None),
    ('keyword', 'religiös skilsmässa', {'z020': 2}, None, None),
    ('keyword', 'hemlig adress', {'u027': 2, 'z027': 1}, None, None),
    # ---- inflected
    ('inflected', 'utskrevs från behandlingshemmet', {'j003': 2, 's033': 1, 'v031': 1, 'x018': 1},
     'utskrevs', ['utskriven']),
    ('inflected', 'praktikanter på möten hos soc', {'j008': 2}, 'praktikanter', ['praktikant']),
    ('inflected', 'måste sambon ta studielånen', {'j009': 2, 't054': 1, 'x020': 1}, 'studielånen', ['studielån']),
    ('inflected', 'svärfars samtal till 112 på natten', {'j014': 2, 's116': 1, 's066': 1, 'v025': 1},
     'svärfars', ['svärfar']),
    ('inflected', 'mamma pratar rasistiskt med personalen', {'j022': 2, 'w021': 1}, 'rasistiskt', ['rasistiska']),
    ('inflected', 'hemtjänst i stugan på somrarna', {'j030': 2, 'x040': 1}, 'somrarna', ['sommaren', 'sommar']),
    ('inflected', 'pappa med alzheimers kör fortfarande bil', {'z003': 2, 's028': 1}, 'alzheimers', ['alzheimer']),
    ('inflected', 'får katterna följa med till skyddat boende', {'x054': 2, 's092': 1, 'z002': 1},
     'katterna', ['katten', 'katt']),
    ('inflected', 'hemtjänsten byter låsen hos mamma', {'z036': 2}, 'låsen', ['lås']),
    ('inflected', 'pojkvännen kollade min telefon', {'v024': 2, 'u016': 1}, 'kollade', ['kollar']),
    # ---- compound
    ('compound', 'teckentolk föräldramöte', {'j005': 2, 'u031': 1}, 'teckentolk', ['teckenspråkstolk']),
    ('compound', 'pappaledig och dricker', {'j011': 2, 'w033': 1}, 'pappaledig', ['föräldraledig']),
    ('compound', 'hemmaboende vuxen son hyran', {'j017': 2, 'y024': 1}, 'hemmaboende', ['bor', 'hemma']),
    ('compound', 'sexannons med mitt nummer', {'j020': 2, 'a004': 1, 't052': 1}, 'sexannons', ['sex', 'annons']),
    ('compound', 'trångbodda hos föräldrarna efter separation', {'j023': 2, 's018': 1, 'v002': 1, 'x043': 1},
     'trångbodda', ['trångt', 'bor']),
    ('compound', 'hyran under häktestiden', {'j031': 2, 's081': 1}, 'häktestiden', ['häktet', 'tiden']),
    ('compound', 'tandborstning på äldreboende', {'z013': 2}, 'tandborstning', ['borsta', 'tänderna']),
    ('compound', 'bor i ett källarförråd', {'y006': 2, 'u017': 1, 'z032': 1}, 'källarförråd', ['förråd', 'källaren']),
    ('compound', 'fotbollstränare ser blåmärken', {'x010': 2, 's074': 1, 't016': 1},
     'fotbollstränare', ['tränare', 'fotbollslag']),
    ('compound', 'hemtjänsten hundallergisk måste stänga in hunden', {'w029': 2}, 'hundallergisk', ['hunden', 'allergisk']),
    # ---- synonym
    ('synonym', 'min man är snut och slår mig', {'j004': 2, 's090': 1}, 'snut', ['polis']),
    ('synonym', 'pojkvännen tar koks varje helg', {'j019': 2, 'x026': 1, 'u025': 1}, 'koks', ['kokain']),
    ('synonym', 'löständer bistånd', {'j025': 2, 's008': 1}, 'löständer', ['protes']),
    ('synonym', 'flashbacks efter misshandel', {'j028': 2, 'x044': 1, 'x046': 1}, 'flashbacks', ['minnesbilder']),
    ('synonym', 'fått kicken från jobbet adhd', {'j037': 2, 'u032': 1}, 'kicken', ['sparken']),
    ('synonym', 'läskig granne på boendet från soc', {'j039': 2, 'x007': 1}, 'läskig', ['skrämmer']),
    ('synonym', 'ordblind fattar inte breven', {'z041': 2, 'y052': 1}, 'ordblind', ['dyslexi']),
    ('synonym', 'stämplar och får inte ihop hyran', {'t068': 2}, 'stämplar', ['arbetslöshetskassan']),
    ('synonym', 'lillebror tar partydroger', {'u025': 2, 'y044': 1, 'z026': 1, 'j019': 1},
     'partydroger', ['festdroger']),
    ('synonym', 'maken tittar på sexfilmer hela nätterna', {'z005': 2}, 'sexfilmer', ['porr']),
    # ---- misspelled
    ('misspelled', 'grannen klagar på cigeretter balkongen', {'j015': 2, 'b031': 1}, 'cigeretter', ['cigaretter']),
    ('misspelled', 'soc skrev att jag var agressiv', {'j024': 2, 't066': 1}, 'agressiv', ['aggressiv']),
    ('misspelled', 'downs flytta ihop med flickvän grupbostad', {'j029': 2, 'v003': 1}, 'grupbostad', ['gruppbostad']),
    ('misspelled', 'mormor betalar mitt abonemang', {'j033': 2, 'v012': 1, 't071': 1}, 'abonemang', ['abonnemang']),
    ('misspelled', 'pappa dricker ska han få komma på brölopet', {'j035': 2, 'x033': 1}, 'brölopet', ['bröllopet']),
    ('misspelled', 'dottern tar kettamin', {'z026': 2, 'u025': 1}, 'kettamin', ['ketamin']),
    ('misspelled', 'stöd till barn med tourett', {'z033': 2, 'x021': 1}, 'tourett', ['tourette']),
    ('misspelled', 'epelepsi anfall på natten larm', {'z048': 2}, 'epelepsi', ['epilepsi']),
    ('misspelled', 'frontalobsdemens stöd under 65', {'y025': 2, 'x014': 1}, 'frontalobsdemens', ['frontallobsdemens']),
    ('misspelled', 'gravid dotter tar droger ljuger för barnmoskan', {'z054': 2, 't009': 1},
     'barnmoskan', ['barnmorskan']),
    # ---- abbreviation (exactly one listed abbreviation + 1-5 other words)
    ('abbreviation', 'FK avslag omvårdnadsbidrag autism', {'j013': 2, 'w028': 1, 's030': 1}, None, None),
    ('abbreviation', 'bup akut barn vill inte leva', {'j018': 2, 'v036': 1, 'u035': 1}, None, None),
    ('abbreviation', 'HSL barn rätt till information cancer', {'j034': 2, 't018': 1}, None, None),
    ('abbreviation', 'anmäla till DO assistanshund', {'j032': 2, 'w053': 1, 'u031': 1, 'b016': 1}, None, None),
    ('abbreviation', 'sip möte psykiatrin beroende', {'z058': 2, 's112': 1, 'v044': 1}, None, None),
    ('abbreviation', 'csn stoppade pengarna sjuk', {'z059': 2}, None, None),
    ('abbreviation', 'kfm böter kan inte betala', {'z037': 2}, None, None),
    ('abbreviation', 'LVU familjehemmet vill ta vårdnaden', {'x024': 2, 't022': 1}, None, None),
    ('abbreviation', 'HVB tar mobilen', {'z060': 2}, None, None),
    ('abbreviation', 'säbo ska byggas om mamma flyttas', {'v028': 2}, None, None),
    # ---- question (lower case, no punctuation, 6-18 words)
    ('question', 'pappan har varit borta i flera år och vill nu träffa barnen måste jag säga ja',
     {'j002': 2, 'y057': 1, 's103': 1, 'y045': 1}, None, None),
    ('question', 'kan mina barn tvinga mig att flytta till äldreboende fast jag vill bo kvar hemma',
     {'j006': 2, 'x004': 1, 's028': 1}, None, None),
    ('question', 'vem tar hand om ungarna när jag har nattpass och är ensam förälder',
     {'j010': 2, 'v035': 1, 't072': 1}, None, None),
    ('question', 'jag slog min mamma igår och ångrar mig vem kan jag prata med',
     {'j012': 2, 's076': 1, 't076': 1}, None, None),
    ('question', 'jag fick mindre pengar från soc fast inget har ändrats kan de ha räknat fel',
     {'j016': 2, 'y016': 1, 'x041': 1}, None, None),
    ('question', 'min dotters kompis vägrar gå hem och sover hos oss ska vi ringa soc',
     {'j026': 2, 's091': 1, 's074': 1}, None, None),
    ('question', 'mina föräldrar vill tvinga mig att gifta mig men jag är kille finns det hjälp',
     {'j036': 2, 's009': 1, 'x027': 1, 'w034': 1, 'u041': 1}, None, None),
    ('question', 'får en sextonåring själv överklaga när soc bestämmer var man ska bo',
     {'j040': 2, 'x059': 1, 'u006': 1}, None, None),
    ('question', 'finns det nån som kan ta mina barn ibland så jag får vila', {'t072': 2, 'u010': 1}, None, None),
    ('question', 'vi skriker på vår sjuåring varje morgon finns det hjälp för oss föräldrar',
     {'u028': 2, 't004': 1}, None, None),
    ('question', 'vad gör man när ens femtonåring sticker hemifrån och inte svarar i telefon', {'v007': 2}, None, None),
    ('question', 'skolan gör inget åt mobbningen av min son vad gör jag', {'w015': 2}, None, None),
    ('question', 'måste min dotter åka till sin pappa varannan helg om hon inte vill',
     {'y045': 2, 's061': 1, 'j002': 1}, None, None),
    ('question', 'vår son snor pengar ur plånboken', {'z004': 2, 'z034': 1}, None, None),
    ('question', 'hur berättar man för små barn att pappa tog livet av sig', {'z050': 2, 'j034': 1}, None, None),
    ('question', 'pappa med demens vandrar ut på natten vad gör vi', {'y014': 2}, None, None),
    ('question', 'är det våld om han aldrig låter mig sova', {'z035': 2, 's026': 1}, None, None),
    ('question', 'måste jag betala min döda pappas skulder', {'x030': 2, 'v050': 1, 's109': 1}, None, None),
    ('question', 'får hyresvärden neka mig för att jag har försörjningsstöd', {'v017': 2, 'v052': 1}, None, None),
    ('question', 'han hotar att ta livet av sig om jag gör slut', {'w019': 2}, None, None),
]

W = re.compile(r'\w+')


def fail(msg):
    print('FAIL:', msg)
    sys.exit(1)


def find(name):
    """A file beside this script if present, else the heldout folder."""
    p = os.path.join(HERE, name)
    return p if os.path.exists(p) else os.path.join(MAIN, name)


def ts(s):
    return datetime.datetime.fromisoformat(s)


def load_lines(path):
    with open(path, 'rb') as f:
        data = f.read()
    recs = []
    for n, line in enumerate(data.decode('utf-8').splitlines(), 1):
        try:
            recs.append(json.loads(line, object_pairs_hook=collections.OrderedDict))
        except ValueError as e:
            fail('%s line %d does not parse: %s' % (path, n, e))
    return data, recs


def words(s):
    return [w.lower() for w in W.findall(s)]


def sentences(r):
    for f in ('title', 'question', 'answer'):
        for s in re.split(r'[.!?]', r[f]):
            ws = tuple(words(s))
            if len(ws) >= 4:
                yield ws


def abbrev_hits(q):
    hits = []
    for a in ABBREVS:
        if a in CASE_SENSITIVE:
            rx = re.compile(r'(?<!\w)%s(?!\w)' % re.escape(a))
        else:
            rx = re.compile(r'(?<!\w)%s(?!\w)' % re.escape(a), re.I)
        for m in rx.finditer(q):
            hits.append((a, m.group(0)))
    return hits


def check_archive():
    old_bytes, old = load_lines(find('archive-combined-30.jsonl'))
    want = ['%s%03d' % (p, i) for p, n in OLD_PARTS for i in range(1, n + 1)]
    if [r['id'] for r in old] != want:
        fail('archive-combined-30.jsonl does not hold exactly s001-s120 ... b001-b040 in order')
    for r in old:
        if list(r.keys()) != FIELDS:
            fail('old record %s: fields %s' % (r['id'], list(r.keys())))
    cats = collections.Counter(r['category'] for r in old)
    sigs = {r['signature'] for r in old}
    pairs = {(r['category'], r['signature']) for r in old}
    latest = max(ts(r[k]) for r in old for k in ('asked_at', 'answered_at'))
    latest = max(latest, ts(LATEST_FROZEN))
    other_titles = set()
    for name in OTHER_PARTS:
        p = find(name)
        if os.path.exists(p):
            _, recs = load_lines(p)
            latest = max([latest] + [ts(r[k]) for r in recs for k in ('asked_at', 'answered_at')])
            other_titles |= {r['title'].strip().lower() for r in recs}

    new_bytes, new = load_lines(NEW)
    if [r['id'] for r in new] != ['%s%03d' % (PFX, i) for i in range(1, 41)]:
        fail('archive-thirtyninth.jsonl must hold exactly j001-j040 in order')
    prev = None
    for r in new:
        i = r['id']
        if list(r.keys()) != FIELDS:
            fail('%s: fields %s' % (i, list(r.keys())))
        for k in FIELDS:
            if not isinstance(r[k], str) or not r[k].strip():
                fail('%s: empty or non-string %s' % (i, k))
        if not 250 <= len(r['question']) <= 600:
            fail('%s: question length %d' % (i, len(r['question'])))
        if not 700 <= len(r['answer']) <= 1400:
            fail('%s: answer length %d' % (i, len(r['answer'])))
        if not r['answer'].startswith('Hej'):
            fail('%s: answer does not start with Hej' % i)
        if r['category'] not in cats or r['signature'] not in sigs:
            fail('%s: unknown category or signature' % i)
        if (r['category'], r['signature']) not in pairs:
            fail('%s: category/signature combination not used by the old records' % i)
        for k in ('asked_at', 'answered_at'):
            if not re.fullmatch(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d', r[k]):
                fail('%s: %s not an ISO timestamp with offset' % (i, k))
        a, b = ts(r['asked_at']), ts(r['answered_at'])
        if not a < b:
            fail('%s: asked_at not before answered_at' % i)
        if a <= latest:
            fail('%s: asked_at not later than every existing timestamp' % i)
        if prev is not None and not a > prev:
            fail('%s: asked_at does not rise with the id' % i)
        prev = a
        if r['title'].strip().lower() in other_titles:
            fail('%s: title repeats a title of another part' % i)

    comb_bytes, comb = load_lines(COMBINED)
    if comb_bytes != old_bytes + new_bytes:
        fail('archive-combined-39.jsonl is not archive-combined-30.jsonl + archive-thirtyninth.jsonl')
    if len(comb) != 680:
        fail('combined archive has %d records' % len(comb))
    for r in comb:
        if list(r.keys()) != FIELDS:
            fail('combined %s: fields' % r['id'])
    titles = [r['title'].strip().lower() for r in comb]
    if len(set(titles)) != 680:
        fail('titles in the combined archive are not all different')
    newcats = collections.Counter(r['category'] for r in new)
    if set(newcats) != set(cats) or any(v != 5 for v in newcats.values()):
        fail('new records per category: %s' % dict(newcats))

    oldsent = set()
    for r in old:
        oldsent.update(sentences(r))
    for r in new:
        for s in sentences(r):
            if s in oldsent:
                fail('%s repeats an old sentence: %s' % (r['id'], ' '.join(s)))
    return old, new, comb, newcats


def check_queries(comb):
    ids = {r['id'] for r in comb}
    recs = {r['id']: r for r in comb}
    vocab = set()
    recwords = {}
    for r in comb:
        ws = set(words(' '.join([r['title'], r['question'], r['answer']])))
        recwords[r['id']] = ws
        vocab |= ws
    kinds = collections.Counter(k for k, *_ in Q)
    if dict(kinds) != KINDS:
        fail('kinds %s' % dict(kinds))
    qs = [q for _, q, *_ in Q]
    if len(set(qs)) != len(qs):
        fail('queries not unique')
    targets = []
    abbrs = collections.Counter()
    lower_abbr = 0
    long_q = short_q = 0
    for kind, q, rel, key, ev in Q:
        if not rel or any(i not in ids for i in rel) or any(g not in (1, 2) for g in rel.values()):
            fail('bad judgments for %r' % q)
        t = [i for i, g in rel.items() if g == 2]
        if len(t) != 1:
            fail('%r: %d grade-2 records' % (q, len(t)))
        targets.append(t[0])
        hits = abbrev_hits(q)
        if kind in ('inflected', 'compound', 'synonym', 'misspelled'):
            if key not in words(q):
                fail('%r: key %r not a word of the query' % (q, key))
            if key in vocab:
                fail('%r: key %r occurs in a record' % (q, key))
            for e in ev:
                if e not in recwords[t[0]]:
                    fail('%r: evidence %r not in %s' % (q, e, t[0]))
        else:
            if key is not None or ev is not None:
                fail('%r: key/evidence only for the four constrained kinds' % q)
        if kind != 'abbreviation' and hits:
            fail('%r: contains an abbreviation %s' % (q, hits))
        if kind == 'keyword' and not 1 <= len(q.split()) <= 3:
            fail('%r: keyword length' % q)
        if kind == 'abbreviation':
            if len(hits) != 1:
                fail('%r: %d abbreviations' % (q, len(hits)))
            a, written = hits[0]
            others = len(q.split()) - 1
            if not 1 <= others <= 5:
                fail('%r: %d other words' % (q, others))
            abbrs[a] += 1
            if written == written.lower() and a not in NOT_COUNTED_LOWER:
                lower_abbr += 1
        if kind == 'question':
            n = len(q.split())
            if q != q.lower() or re.search(r'[^\w\s]', q) or not 6 <= n <= 18:
                fail('%r: question form' % q)
            long_q += n >= 10
            short_q += n <= 7
    if len(set(targets)) != len(targets):
        fail('grade-2 targets not all different: %s' % [t for t, c in collections.Counter(targets).items() if c > 1])
    new_t = [t for t in targets if t.startswith(PFX)]
    if len(new_t) < 40 or set(new_t) != {'%s%03d' % (PFX, i) for i in range(1, 41)}:
        fail('every new record must be a grade-2 target once')
    bad = [t for t in targets if not t.startswith(PFX) and t not in ALLOWED_OLD]
    if bad:
        fail('old targets not allowed: %s' % bad)
    if len(abbrs) < 8:
        fail('only %d different abbreviations' % len(abbrs))
    if lower_abbr < 4:
        fail('only %d lower-case abbreviations' % lower_abbr)
    if long_q < 12:
        fail('only %d question queries of 10+ words' % long_q)
    return targets, abbrs, lower_abbr, long_q, short_q


def main():
    old, new, comb, newcats = check_archive()
    targets, abbrs, lower_abbr, long_q, short_q = check_queries(comb)
    with open(OUT, 'w', encoding='utf-8') as f:
        for kind, q, rel, _, _ in Q:
            f.write(json.dumps({'query': q, 'relevant': rel, 'kind': kind}, ensure_ascii=False) + '\n')
    pairs = sum(len(rel) for _, _, rel, _, _ in Q)
    g1 = pairs - len(Q)
    order = [p for p, _ in OLD_PARTS] + [PFX]
    g2part = collections.Counter(t[0] for t in targets)
    g1part = collections.Counter(i[0] for _, _, rel, _, _ in Q for i, g in rel.items() if g == 1)
    print('ok: 680 records (40 new: %s), %d queries, %d graded pairs (%d grade 2, %d grade 1), '
          'grade-2 by part %s, grade 1 by part %s, %d abbreviations (%d lower case), '
          '%d question queries of 10+ words, %d of 7 or fewer, wrote %s' % (
              ', '.join('%s %d' % (c, newcats[c]) for c in newcats), len(Q), pairs, len(Q), g1,
              {p: g2part[p] for p in order if g2part[p]}, {p: g1part[p] for p in order if g1part[p]},
              len(abbrs), lower_abbr, long_q, short_q, OUT))
    print()
    print('| kind | n | grade-2 %s | grade 1 | mean relevant | single-relevant queries |' % '/'.join(order))
    print('|---|---|---|---|---|---|')
    for kind in KINDS:
        rows = [(q, rel) for k, q, rel, _, _ in Q if k == kind]
        c = collections.Counter(next(i for i, g in rel.items() if g == 2)[0] for _, rel in rows)
        n1 = sum(1 for _, rel in rows for g in rel.values() if g == 1)
        mean = sum(len(rel) for _, rel in rows) / len(rows)
        single = sum(1 for _, rel in rows if len(rel) == 1)
        print('| %s | %d | %s | %d | %.1f | %d |' % (kind, len(rows), '/'.join(str(c[p]) for p in order),
                                                   n1, mean, single))


if __name__ == '__main__':
    main()
