"""Held-out Swedish search queries, thirty-fifth set.

Checks archive-thirtyfifth.jsonl (f001-f040) and archive-combined-35.jsonl (the 640 records of
archive-combined-30.jsonl followed by f001-f040), checks the 80 queries and their judgments, and writes
search-thirtyfifth-queries.jsonl beside this script.
"""
import json, os, re, sys
from collections import Counter
from datetime import datetime

HERE = os.path.dirname(os.path.abspath(__file__))
MAIN = '/work/main/tests/data/heldout/'
FIELDS = ['id', 'title', 'question', 'pseudonym', 'answer', 'signature', 'category', 'asked_at', 'answered_at']
OLD_PARTS = [('s', 120), ('t', 80), ('u', 60), ('v', 60), ('w', 60), ('x', 60), ('y', 60), ('z', 60),
             ('a', 40), ('b', 40)]
NEW = ['f%03d' % i for i in range(1, 41)]
# latest timestamp of all earlier parts, including archive-thirtysecond/-thirtythird (c040's answer)
LATEST_EXISTING = '2027-12-07T04:04:00+01:00'

# Old records allowed as grade-2 targets: graded 2 at most once in every earlier
# search-*-queries.jsonl and dev-queries.jsonl, and never in the 30th-33rd sets
# (extracted by a script that read only the "relevant" fields; frozen here).
ALLOWED_OLD = set('''u029 u048 v003 v010 v026 v037 w002 w011 w035 w042 x002 x018 x020 x021 x022 x037 x043 y013
y015 y018 y030 y038 y047 z056 a001 a002 a003 a004 a005 a006 a007 a008 a009 a010 a011 a012 a013 a014 a015 a016
a017 a018 a019 a020 a021 a022 a023 a024 a025 a026 a027 a028 a029 a030 a031 a032 a033 a034 a035 a036 a037 a038
a039 a040'''.split())

ABBR = ['LSS', 'LVU', 'LVM', 'SoL', 'HVB', 'BUP', 'FK', 'KFM', 'CSN', 'IVO', 'BBIC', 'SIP', 'MVC', 'BVC', 'AF', 'JO',
        'SFI', 'HSL', 'DO', 'SÄBO', 'LOV', 'IFO', 'VAB', 'SIS', 'EKB', 'LPT']
CASE_SENSITIVE = {'SoL', 'JO', 'DO', 'LOV', 'AF'}      # ordinary words otherwise; matched only as written
NOT_COUNTED_LOWER = {'SoL', 'JO', 'DO', 'LOV', 'AF', 'FK'}

Q = []
def q(kind, query, rel, key=None, ev=()):
    Q.append(dict(kind=kind, query=query, relevant=rel, key=key, ev=list(ev)))

# ---------------- keyword (1-3 words)
q('keyword', 'pass barnen soc', {'a009': 2})
q('keyword', 'pantbanken', {'a017': 2})
q('keyword', 'hissen trasig', {'a005': 2})
q('keyword', 'snöskottning pappa', {'a030': 2})
q('keyword', 'rasistiska lappar', {'a031': 2})
q('keyword', 'värmebölja äldre', {'a014': 2})
q('keyword', 'sälja på vinted', {'a001': 2})
q('keyword', 'kolonistuga', {'f023': 2, 'v030': 1})
q('keyword', 'naloxon', {'f035': 2, 'v006': 1, 't015': 1})
q('keyword', 'postadress hemlös', {'f031': 2, 's079': 1})

# ---------------- inflected (key form absent from all 680 records; evidence = another form in the target)
q('inflected', 'våld i samkönat förhållande', {'f004': 2, 'y013': 1}, 'samkönat', ['samkönade'])
q('inflected', 'förnyade inte bostadskön', {'f007': 2}, 'förnyade', ['förnya'])
q('inflected', 'skolan publicerade bild på barnen skyddade personuppgifter', {'f012': 2, 'u027': 1},
  'publicerade', ['publicera'])
q('inflected', 'sonen hotades av gäng måste flytta', {'f015': 2}, 'hotades', ['hotad'])
q('inflected', 'vågar inte gå ut efter rånet', {'f026': 2}, 'rånet', ['rån'])
q('inflected', 'mamma sjöng i kör förr nu inga aktiviteter på boendet', {'f030': 2}, 'sjöng', ['sjunga'])
q('inflected', 'ombildningen till bostadsrätter', {'f039': 2}, 'ombildningen', ['ombildningar'])
q('inflected', 'samtyckte inte nya kommunen läser gamla akten', {'f024': 2, 'y008': 1}, 'samtyckte', ['samtycke'])
q('inflected', 'vi slogs när vi var fulla', {'a028': 2}, 'slogs', ['slåss'])
q('inflected', 'autistisk son rymde i natt', {'a037': 2}, 'rymde', ['rymmer'])

# ---------------- compound (compound absent from all 680; its parts as the target writes them)
q('compound', 'underhållsskulden till försäkringskassan', {'f001': 2, 'z055': 1}, 'underhållsskulden',
  ['underhållsstöd', 'skulden'])
q('compound', 'skolvägen farlig adhd', {'f005': 2}, 'skolvägen', ['vägen', 'skolan'])
q('compound', 'mobilskärmen trasig bistånd', {'f009': 2, 'v012': 1, 'v060': 1}, 'mobilskärmen', ['mobil', 'skärmen'])
q('compound', 'familjehemsuppdraget går ut över vår egen son', {'f010': 2}, 'familjehemsuppdraget',
  ['familjehem', 'uppdrag'])
q('compound', 'gode mannen nekar semesterpengarna', {'f013': 2, 's084': 1}, 'semesterpengarna', ['semester', 'pengarna'])
q('compound', 'svartjobbet på restaurangen', {'f025': 2, 'y060': 1, 't071': 1}, 'svartjobbet', ['jobba', 'svart'])
q('compound', 'undersköterskeutbildning försörjningsstöd för gammal', {'f032': 2, 't054': 1},
  'undersköterskeutbildning', ['undersköterska', 'utbildningar'])
q('compound', 'polislarmet vid kontaktförbud', {'f036': 2, 'v041': 1}, 'polislarmet', ['polisen', 'larm'])
q('compound', 'pojkvännen vill ha strypsex', {'a012': 2, 'y002': 1}, 'strypsex', ['strypa', 'sex'])
q('compound', 'huslånet exet vägrar sälja', {'a020': 2}, 'huslånet', ['huset', 'lånet'])

# ---------------- synonym (key absent from all 680; the target's own wording)
q('synonym', 'sjukpengen när man är på behandlingshem', {'f003': 2}, 'sjukpengen', ['sjukpenning'])
q('synonym', 'handläggaren ignorerar mig och pratar med min man', {'f016': 2, 'y040': 1, 's051': 1},
  'ignorerar', ['osynlig', 'avbryter'])
q('synonym', 'utbränd och väntar på försäkringskassan', {'f017': 2, 'u020': 1}, 'utbränd', ['utmattning'])
q('synonym', 'assistenten gnäller om sina problem', {'f021': 2, 'y055': 1}, 'gnäller', ['pratar'])
q('synonym', 'blackouts på fester', {'f027': 2}, 'blackouts', ['minnesluckor'])
q('synonym', 'kompisens pappa har antastat vår son', {'f034': 2}, 'antastat', ['tagit', 'kittlat'])
q('synonym', 'läggdags på gruppbostad', {'f037': 2, 'v003': 1}, 'läggdags', ['lägga'])
q('synonym', 'bli besöksvän åt ensamma äldre', {'f038': 2}, 'besöksvän', ['besöksverksamhet'])
q('synonym', 'bonusson hatar mig', {'a026': 2}, 'bonusson', ['styvson', 'sambos'])
q('synonym', 'dottern har en sugardaddy', {'a010': 2}, 'sugardaddy', ['sugardejting', 'män'])

# ---------------- misspelled (misspelling absent from all 680; correct spelling in the target)
q('misspelled', 'tandhygenist hem till pappa', {'f006': 2, 'z013': 1}, 'tandhygenist', ['tandhygienist'])
q('misspelled', 'dricker wisky varje kväll 17', {'f011': 2, 'v020': 1}, 'wisky', ['whisky'])
q('misspelled', 'orosanmällan pappan barnen hungriga', {'f018': 2, 's036': 1}, 'orosanmällan', ['orosanmälan'])
q('misspelled', 'inbrot hos mamma vågar inte sova', {'f022': 2}, 'inbrot', ['inbrott'])
q('misspelled', 'omvårnadsbidrag downs syndrom', {'f029': 2, 's030': 1}, 'omvårnadsbidrag', ['omvårdnadsbidrag'])
q('misspelled', 'återkrav på bostadbidraget', {'f033': 2, 'v047': 1, 't061': 1}, 'bostadbidraget', ['bostadsbidraget'])
q('misspelled', 'bror tar lyrika', {'a003': 2}, 'lyrika', ['lyrica'])
q('misspelled', 'sambo tar psilocibin', {'a011': 2}, 'psilocibin', ['psilocybin'])
q('misspelled', 'prevetivmedel försörjningsstöd', {'a025': 2}, 'prevetivmedel', ['preventivmedel'])
q('misspelled', 'maken förlorat allt på sertifikat', {'a027': 2}, 'sertifikat', ['certifikat'])

# ---------------- abbreviation (exactly one listed abbreviation + 1-5 other words)
q('abbreviation', 'lss pojkvän får inte sova över', {'v003': 2, 'f037': 1, 'w058': 1})
q('abbreviation', 'LVU umgänge två timmar i månaden', {'w002': 2, 's038': 1})
q('abbreviation', 'csn hoppade av studentlägenheten', {'z056': 2, 'x015': 1})
q('abbreviation', 'DO fel pronomen handläggaren', {'a016': 2})
q('abbreviation', 'säbo halal mat', {'a022': 2})
q('abbreviation', 'ivo bror slagen på gruppbostaden', {'a029': 2, 'v055': 1})
q('abbreviation', 'jobbar gratis får inte gå sfi', {'a036': 2, 'v009': 1})
q('abbreviation', 'sip psykiatrin och kommunen', {'y018': 2, 'z058': 1, 's112': 1, 'v044': 1})
q('abbreviation', 'besöka pappa på lvm hem', {'f019': 2})
q('abbreviation', 'FK ersättning vara med döende mamma', {'f014': 2, 'z044': 1, 'u045': 1})

# ---------------- question (lower case, no punctuation, 5-18 words)
q('question', 'vem tar hand om mina barn när jag sitter i fängelse', {'f002': 2, 'z010': 1})
q('question', 'kan man se vem som har läst ens journal på soc', {'f008': 2, 'x008': 1})
q('question', 'kan jag ta tillbaka polisanmälan mot min kille', {'f020': 2, 't070': 1})
q('question', 'kan soc ta barnen om jag har gått tillbaka till min man som slår', {'f028': 2, 'y021': 1, 's016': 1})
q('question', 'kan man begära en kvinnlig handläggare', {'f040': 2, 's067': 1})
q('question', 'min mamma har garantipension och klarar inte hyran vad kan hon söka', {'v010': 2, 's020': 1, 'x047': 1})
q('question', 'måste jag gå på samarbetssamtal fast mitt ex är otrevligt', {'v037': 2})
q('question', 'kan man dricka mindre utan att sluta', {'w011': 2})
q('question', 'varför räknar soc med min sambos lön när han inte ger mig nåt', {'x020': 2, 's048': 1})
q('question', 'får jag bo kvar när kontraktet står på min sambo som kastat ut oss', {'x043': 2, 'b015': 1})
q('question', 'finns det hjälp om min flickvän slår mig fast jag själv är tjej', {'y013': 2, 'f004': 1})
q('question', 'är det misshandel när mamma slår mig fast jag är vuxen', {'y030': 2})
q('question', 'hur lämnar man sin man efter femtio år', {'y047': 2, 's090': 1})
q('question', 'hur hittar jag min biologiska mamma', {'a002': 2})
q('question', 'vad gör man när man inte har råd med avgiften till bostadsrätten', {'a007': 2, 'u057': 1})
q('question', 'hyresvärden behåller depositionen vad gör jag', {'a015': 2})
q('question', 'kan en bebis bo varannan vecka hos pappa', {'a018': 2})
q('question', 'hur bevisar man att någon inte bor hos en', {'a024': 2})
q('question', 'får man mejla politikerna om sitt ärende', {'a040': 2})
q('question', 'vad händer med vårt vuxna barn med funktionsnedsättning när vi dör', {'a013': 2})


def fail(msg):
    print('FAIL:', msg)
    sys.exit(1)

def load(path):
    with open(path, 'rb') as f:
        raw = f.read()
    recs = []
    for n, line in enumerate(raw.decode('utf-8').splitlines(), 1):
        try:
            recs.append(json.loads(line))
        except Exception as e:
            fail('%s line %d does not parse: %s' % (path, n, e))
    return raw, recs

def base(name):
    p = os.path.join(HERE, name)
    return p if os.path.exists(p) else MAIN + name

def words(s):
    return re.findall(r'\w+', s.lower())

def ts(s):
    if not re.match(r'^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$', s):
        fail('bad timestamp %r' % s)
    return datetime.fromisoformat(s)

def sentences(r):
    for f in ('title', 'question', 'answer'):
        for s in re.split(r'[.!?]', r[f]):
            w = tuple(words(s))
            if len(w) >= 4:
                yield w

def abbrs_in(query):
    found = []
    for tok in re.findall(r'\w+', query):
        for a in ABBR:
            if (tok == a) if a in CASE_SENSITIVE else (tok.lower() == a.lower()):
                found.append((a, tok))
    return found

def main():
    # ---------- archive
    base_raw, old = load(base('archive-combined-30.jsonl'))
    want = ['%s%03d' % (p, i) for p, n in OLD_PARTS for i in range(1, n + 1)]
    if [r['id'] for r in old] != want:
        fail('archive-combined-30.jsonl does not hold s001-s120 ... b001-b040 in order')
    for r in old:
        if list(r) != FIELDS:
            fail('old record %s has fields %s' % (r['id'], list(r)))
    cats = Counter(r['category'] for r in old)
    sigs = set(r['signature'] for r in old)
    latest = max([ts(r[k]) for r in old for k in ('asked_at', 'answered_at')] + [ts(LATEST_EXISTING)])
    other_titles = set()
    for extra in ('archive-thirtysecond.jsonl', 'archive-thirtythird.jsonl'):
        p = base(extra)
        if os.path.exists(p):
            for r in load(p)[1]:
                latest = max(latest, ts(r['asked_at']), ts(r['answered_at']))
                other_titles.add(r['title'])

    new_raw, new = load(os.path.join(HERE, 'archive-thirtyfifth.jsonl'))
    if [r['id'] for r in new] != NEW:
        fail('archive-thirtyfifth.jsonl does not hold f001-f040 in order')
    prev = None
    for r in new:
        if list(r) != FIELDS:
            fail('%s fields %s' % (r['id'], list(r)))
        for k in FIELDS:
            if not isinstance(r[k], str) or not r[k].strip():
                fail('%s empty or non-string %s' % (r['id'], k))
        if not 250 <= len(r['question']) <= 600:
            fail('%s question length %d' % (r['id'], len(r['question'])))
        if not 700 <= len(r['answer']) <= 1400 or not r['answer'].startswith('Hej'):
            fail('%s answer length %d or no Hej' % (r['id'], len(r['answer'])))
        if r['category'] not in cats or r['signature'] not in sigs:
            fail('%s category/signature not among the old ones' % r['id'])
        a, b = ts(r['asked_at']), ts(r['answered_at'])
        if not a < b or a <= latest or (prev and a <= prev):
            fail('%s timestamps' % r['id'])
        prev = a
        if r['title'] in other_titles:
            fail('%s title repeats a title of the thirty-second/thirty-third parts' % r['id'])
    comb_raw, comb = load(os.path.join(HERE, 'archive-combined-35.jsonl'))
    if comb_raw != base_raw + new_raw:
        fail('archive-combined-35.jsonl is not archive-combined-30.jsonl + archive-thirtyfifth.jsonl')
    if len(comb) != 680 or any(list(r) != FIELDS for r in comb):
        fail('combined archive: 680 records with nine fields expected')
    if len(set(r['title'] for r in comb)) != 680:
        fail('titles not unique')
    newcats = Counter(r['category'] for r in new)
    if set(newcats.values()) != {5} or len(newcats) != 8:
        fail('categories of new records: %s' % newcats)
    oldsent = set(s for r in old for s in sentences(r))
    for r in new:
        for s in sentences(r):
            if s in oldsent:
                fail('%s repeats an old sentence: %s' % (r['id'], ' '.join(s)))

    # ---------- queries
    R = {r['id']: r for r in comb}
    W = {r['id']: set(words(r['title'] + ' ' + r['question'] + ' ' + r['answer'])) for r in comb}
    allwords = set().union(*W.values())
    kinds = Counter(x['kind'] for x in Q)
    if kinds != Counter({'keyword': 10, 'inflected': 10, 'compound': 10, 'synonym': 10, 'misspelled': 10,
                         'abbreviation': 10, 'question': 20}):
        fail('kinds %s' % kinds)
    if len(set(x['query'] for x in Q)) != len(Q) or len(Q) != 80:
        fail('80 unique queries expected')
    targets = []
    for x in Q:
        rel = x['relevant']
        for i, g in rel.items():
            if i not in R or g not in (1, 2):
                fail('%r: bad id or grade %s %s' % (x['query'], i, g))
        t = [i for i, g in rel.items() if g == 2]
        if len(t) != 1:
            fail('%r: %d grade-2 records' % (x['query'], len(t)))
        targets.append(t[0])
        if t[0][0] != 'f' and t[0] not in ALLOWED_OLD:
            fail('%r: old target %s not allowed' % (x['query'], t[0]))
        qw = words(x['query'])
        k = x['kind']
        if k in ('inflected', 'compound', 'synonym', 'misspelled'):
            if x['key'] not in qw:
                fail('%r: key %r not a word of the query' % (x['query'], x['key']))
            if x['key'] in allwords:
                fail('%r: key %r occurs in the archive' % (x['query'], x['key']))
            for e in x['ev']:
                if e not in W[t[0]]:
                    fail('%r: evidence %r not in %s' % (x['query'], e, t[0]))
        if k != 'abbreviation' and abbrs_in(x['query']):
            fail('%r: abbreviation in a %s query' % (x['query'], k))
        if k == 'keyword' and not 1 <= len(x['query'].split()) <= 3:
            fail('%r: keyword length' % x['query'])
        if k == 'question':
            if x['query'] != x['query'].lower() or re.search(r'[^\w\s]', x['query']) or not 5 <= len(qw) <= 18:
                fail('%r: question form' % x['query'])
        if k == 'abbreviation':
            ab = abbrs_in(x['query'])
            if len(ab) != 1 or not 1 <= len(x['query'].split()) - 1 <= 5:
                fail('%r: abbreviation form' % x['query'])
            x['abbr'] = ab[0]
    if len(set(targets)) != 80:
        fail('grade-2 targets not all different')
    newt = [t for t in targets if t[0] == 'f']
    if len(newt) < 40 or set(newt) != set(NEW):
        fail('every new record must be a grade-2 target once (%d)' % len(newt))
    qs = [x for x in Q if x['kind'] == 'question']
    long_q = sum(len(words(x['query'])) >= 10 for x in qs)
    short_q = sum(len(words(x['query'])) <= 7 for x in qs)
    if long_q < 10 or short_q < 5:
        fail('question lengths: %d of 10+ words, %d of 7 or fewer' % (long_q, short_q))
    ab = [x['abbr'] for x in Q if x['kind'] == 'abbreviation']
    distinct = set(a for a, _ in ab)
    lower = sum(1 for a, tok in ab if a not in NOT_COUNTED_LOWER and tok == tok.lower())
    if len(distinct) < 8 or lower < 4:
        fail('abbreviations: %d different, %d lower case' % (len(distinct), lower))

    out = os.path.join(HERE, 'search-thirtyfifth-queries.jsonl')
    with open(out, 'w', encoding='utf-8') as f:
        for x in Q:
            f.write(json.dumps({'query': x['query'], 'relevant': x['relevant'], 'kind': x['kind']},
                               ensure_ascii=False) + '\n')

    pairs = sum(len(x['relevant']) for x in Q)
    g1 = [i for x in Q for i, g in x['relevant'].items() if g == 1]
    order = 'stuvwxyzabf'
    byp2 = Counter(t[0] for t in targets)
    byp1 = Counter(i[0] for i in g1)
    print('ok: 680 records (40 new: %s), 80 queries, %d graded pairs (80 grade 2, %d grade 1), grade-2 by part %s, '
          'grade 1 by part %s, %d abbreviations (%d lower case), %d question queries of 10+ words, %d of 7 or fewer, '
          'wrote %s' % (', '.join('%s %d' % (c, newcats[c]) for c in newcats), pairs, len(g1),
                        {p: byp2[p] for p in order if byp2[p]}, {p: byp1[p] for p in order if byp1[p]},
                        len(distinct), lower, long_q, short_q, out))
    print('| kind | n | grade-2 ' + '/'.join(order) + ' | grade 1 | mean relevant | single-relevant queries |')
    print('|---|---|---|---|---|---|')
    for k in ('keyword', 'inflected', 'compound', 'synonym', 'misspelled', 'abbreviation', 'question'):
        xs = [x for x in Q if x['kind'] == k]
        c2 = Counter(i[0] for x in xs for i, g in x['relevant'].items() if g == 2)
        n1 = sum(1 for x in xs for g in x['relevant'].values() if g == 1)
        print('| %s | %d | %s | %d | %.1f | %d |' % (k, len(xs), '/'.join(str(c2[p]) for p in order), n1,
              sum(len(x['relevant']) for x in xs) / len(xs), sum(len(x['relevant']) == 1 for x in xs)))

if __name__ == '__main__':
    main()
