"""search-thirtyfourth: queries and judgments over archive-combined-34.jsonl (680 records).

Checks the archive part (e001-e040) and the queries, then writes search-thirtyfourth-queries.jsonl
beside this script. Looks for archive-thirtyfourth.jsonl and archive-combined-34.jsonl only beside
itself; reads archive-combined-30.jsonl, archive-thirtysecond.jsonl and archive-thirtythird.jsonl
beside itself if present, else from /work/main/tests/data/heldout/.
"""
import collections
import datetime as dt
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
MAIN = '/work/main/tests/data/heldout'
OUT = os.path.join(HERE, 'search-thirtyfourth-queries.jsonl')
FIELDS = ['id', 'title', 'question', 'pseudonym', 'answer', 'signature', 'category',
          'asked_at', 'answered_at']
CATS = ['ekonomiskt-bistand', 'barn-och-familj', 'missbruk', 'vald-i-nara-relationer',
        'funktionsnedsattning', 'aldreomsorg', 'boende', 'rattigheter-och-bemotande']
ABBR = ['LSS', 'LVU', 'LVM', 'SoL', 'HVB', 'BUP', 'FK', 'KFM', 'CSN', 'IVO', 'BBIC', 'SIP', 'MVC',
        'BVC', 'AF', 'JO', 'SFI', 'HSL', 'DO', 'SÄBO', 'LOV', 'IFO', 'VAB', 'SIS', 'EKB', 'LPT']
CASE_EXACT = {'SoL', 'JO', 'DO', 'LOV', 'AF'}          # matched only as written
NOT_COUNTED_LOWER = {'SoL', 'JO', 'DO', 'LOV', 'AF', 'FK'}  # also ordinary words
KINDS = {'keyword': 10, 'inflected': 10, 'compound': 10, 'synonym': 10, 'misspelled': 10,
         'abbreviation': 10, 'question': 20}

# Old records graded 2 at most once in all earlier sets (search-*-queries.jsonl in tests/data/heldout
# and /work/shared/data/dev-queries.jsonl) and never in the thirtieth to thirty-third sets.
# Extracted once by tools/prev.py (ids only) and frozen here.
ALLOWED_OLD = set('''u029 u048 v003 v010 v026 v037 w002 w011 w035 w042 x002 x018 x020 x021 x022 x037
x043 y013 y015 y018 y030 y038 y047 z056 a001 a002 a003 a004 a005 a006 a007 a008 a009 a010 a011 a012
a013 a014 a015 a016 a017 a018 a019 a020 a021 a022 a023 a024 a025 a026 a027 a028 a029 a030 a031 a032
a033 a034 a035 a036 a037 a038 a039 a040'''.split())

# (kind, query, {id: grade}, key token or abbreviation, evidence words in the grade-2 record)
Q = [
    # keyword: 1-3 words
    ('keyword', 'rasistiska lappar', {'a031': 2}, None, None),
    ('keyword', 'förlorat sparpengar aktier', {'a027': 2, 's120': 1}, None, None),
    ('keyword', 'pass till barnen', {'a009': 2, 'v049': 1}, None, None),
    ('keyword', 'hissen trasig', {'a005': 2}, None, None),
    ('keyword', 'hetta lägenhet äldre', {'a014': 2}, None, None),
    ('keyword', 'olovlig andrahandsuthyrning', {'a039': 2}, None, None),
    ('keyword', 'umgängesbarn försörjningsstöd', {'e033': 2, 'v002': 1}, None, None),
    ('keyword', 'son vägrar flytta', {'e023': 2, 'b007': 1}, None, None),
    ('keyword', 'mamma slår pappa', {'e020': 2, 'x019': 1, 's073': 1}, None, None),
    ('keyword', 'syster återfall pengar', {'e027': 2}, None, None),
    # inflected: key form in no record, other form in the grade-2 record
    ('inflected', 'killarna som rånade min son', {'e002': 2}, 'rånade', ['rånad']),
    ('inflected', 'måste jag ta ut pensionsförsäkringarna först', {'e009': 2, 'z009': 1, 't011': 1},
     'pensionsförsäkringarna', ['pensionsförsäkring']),
    ('inflected', 'pappa hatar blöjorna hemtjänsten sätter på', {'e014': 2, 'y031': 1}, 'blöjorna', ['blöjor']),
    ('inflected', 'hör skriken från grannen på boendet', {'e022': 2}, 'skriken', ['skrik']),
    ('inflected', 'jobbstimulansen hur räknas den', {'e025': 2}, 'jobbstimulansen', ['jobbstimulans']),
    ('inflected', 'förlorade kötiden i bostadskön', {'e031': 2}, 'kötiden', ['kötid']),
    ('inflected', 'besökstiderna på äldreboendet', {'e038': 2}, 'besökstiderna', ['besökstider']),
    ('inflected', 'sambon äter svamparna hemma', {'a011': 2}, 'svamparna', ['svamp']),
    ('inflected', 'han ströp mig under sex', {'a012': 2, 'y002': 1}, 'ströp', ['strypa']),
    ('inflected', 'pantsatte smyckena för hyran', {'a017': 2}, 'pantsatte', ['pantsatt']),
    # compound: compound in no record, parts in the grade-2 record
    ('compound', 'bidrag mobilreparation', {'e001': 2, 'v012': 1}, 'mobilreparation', ['mobilen', 'reparation']),
    ('compound', 'dricker för mycket på krogjobbet', {'e003': 2, 's057': 1}, 'krogjobbet', ['krogen', 'jobbet']),
    ('compound', 'bostadsbrist i studentstaden', {'e007': 2}, 'bostadsbrist', ['brist', 'bostäder']),
    ('compound', 'pappa vägrar gymnasieunderhåll', {'e026': 2, 'v004': 1, 'w037': 1}, 'gymnasieunderhåll',
     ['gymnasiet', 'underhåll']),
    ('compound', 'övervakningskameror hemma maken', {'e028': 2, 'u016': 1, 's005': 1}, 'övervakningskameror',
     ['övervakning', 'kameror']),
    ('compound', 'byaffären för långt bort utan körkort', {'e030': 2, 't007': 1}, 'byaffären', ['byn', 'affären']),
    ('compound', 'badrumsombyggnad bostadsrätt föreningen säger nej', {'e037': 2, 's101': 1, 'u001': 1},
     'badrumsombyggnad', ['badrummet', 'ombyggnad']),
    ('compound', 'talhjälpmedel till barn som inte pratar', {'a021': 2}, 'talhjälpmedel', ['tal', 'hjälpmedel']),
    ('compound', 'halalmaten på äldreboendet', {'a022': 2}, 'halalmaten', ['halal', 'mat']),
    ('compound', 'gräsklippningshjälp för pensionär', {'a030': 2}, 'gräsklippningshjälp', ['gräsklippning', 'hjälp']),
    # synonym: key in no record, the record says it with other words
    ('synonym', 'farsan slår morsan kan inte koncentrera mig i skolan', {'e004': 2, 'z043': 1, 's110': 1, 'x019': 1},
     'farsan', ['pappa']),
    ('synonym', 'bonuspappa vill adoptera barnen', {'e010': 2, 't049': 1}, 'bonuspappa', ['styvpappa']),
    ('synonym', 'sjukintyg kostar pengar soc kräver', {'e016': 2, 's072': 1}, 'sjukintyg', ['läkarintyg']),
    ('synonym', 'slutat med weed sömnen', {'e019': 2, 't079': 1}, 'weed', ['cannabis', 'hasch']),
    ('synonym', 'kedjetäcke adhd barn', {'e021': 2}, 'kedjetäcke', ['tyngdtäcke']),
    ('synonym', 'får barnafadern läsa vårdnadsutredningen', {'e024': 2}, 'barnafadern', ['barnens', 'pappa']),
    ('synonym', 'ångestattacker färdtjänst', {'e029': 2, 's058': 1}, 'ångestattacker', ['panikattacker']),
    ('synonym', 'dottern har en sugardaddy', {'a010': 2, 'u050': 1}, 'sugardaddy', ['äldre', 'män', 'pengar']),
    ('synonym', 'bonusson ignorerar mig', {'a026': 2}, 'bonusson', ['styvson']),
    ('synonym', 'pissprov på jobbet efter att jag berättat', {'a035': 2}, 'pissprov', ['drogtest']),
    # misspelled: misspelling in no record, correct spelling in the grade-2 record
    ('misspelled', 'förskolan insullin diabetes', {'e005': 2, 'w028': 1}, 'insullin', ['insulin']),
    ('misspelled', 'loglista socialtjänsten vem har läst', {'e008': 2, 'x008': 1}, 'loglista', ['logglista']),
    ('misspelled', 'tinitus hörselnedsättning jobbet', {'e013': 2}, 'tinitus', ['tinnitus']),
    ('misspelled', 'överlåttelse av mammas hyreskontrakt', {'e015': 2, 'b015': 1}, 'överlåttelse', ['överlåtelse']),
    ('misspelled', 'hyresvärden överbelägning uppsägning', {'e039': 2}, 'överbelägning', ['överbeläggning']),
    ('misspelled', 'antabuss utan läkare', {'a019': 2}, 'antabuss', ['antabus']),
    ('misspelled', 'fel person i folkbokförningen på min adress', {'a024': 2}, 'folkbokförningen', ['folkbokföringen']),
    ('misspelled', 'skriva till socialnämden politikerna', {'a040': 2}, 'socialnämden', ['socialnämnden']),
    ('misspelled', 'hitta min bilogiska mamma adopterad', {'a002': 2}, 'bilogiska', ['biologiska']),
    ('misspelled', 'amoteringsfrihet villa försörjningsstöd', {'a023': 2, 'u057': 1, 'a007': 1},
     'amoteringsfrihet', ['amorteringsfrihet']),
    # abbreviation: exactly one listed abbreviation plus 1-5 other words
    ('abbreviation', 'fk föräldrapenning grundnivå räcker inte', {'e017': 2}, 'FK', None),
    ('abbreviation', 'ringa ifo anonymt', {'e032': 2, 'u037': 1, 's016': 1}, 'IFO', None),
    ('abbreviation', 'JO anmälan kontakt bara via brev', {'e040': 2, 'u030': 1}, 'JO', None),
    ('abbreviation', 'lss boende på veckorna barn', {'u048': 2, 's002': 1}, 'LSS', None),
    ('abbreviation', 'lvu umgänge två timmar i månaden', {'w002': 2, 's038': 1}, 'LVU', None),
    ('abbreviation', 'sfi jobbar gratis för mannens familj', {'a036': 2, 'v009': 1}, 'SFI', None),
    ('abbreviation', 'hvb klar snart ingen bostad missbruk', {'x018': 2, 't033': 1, 'y029': 1}, 'HVB', None),
    ('abbreviation', 'ivo larmet tog en timme', {'x022': 2}, 'IVO', None),
    ('abbreviation', 'kfm deposition hyresvärden', {'a015': 2}, 'KFM', None),
    ('abbreviation', 'csn studentlägenhet hoppat av', {'z056': 2, 'x015': 1, 'z059': 1}, 'CSN', None),
    # question: lower case, no punctuation, 5-18 words
    ('question', 'vad kan man göra så att mamma inte sitter ensam hela julen', {'e006': 2, 's095': 1}, None, None),
    ('question', 'är det farligt att dricka vin varje dag som pensionär', {'e011': 2, 's034': 1, 'w011': 1}, None, None),
    ('question', 'kan man ta tillbaka en polisanmälan', {'e012': 2, 't070': 1}, None, None),
    ('question', 'kan jag ta hand om min systers barn när hon sitter i fängelse', {'e018': 2, 'y023': 1, 'z010': 1}, None, None),
    ('question', 'kan svärmor anmäla oss till soc fast det inte är sant', {'e034': 2, 'x016': 1, 'v059': 1}, None, None),
    ('question', 'måste jag blåsa i alkoholmätare för att träffa mina barn', {'e035': 2}, None, None),
    ('question', 'vart tar man vägen med vuxen autistisk son när man flyr', {'e036': 2, 'w012': 1}, None, None),
    ('question', 'mamma har så låg pension att hyran knappt går ihop vad kan hon söka', {'v010': 2, 's020': 1, 'x047': 1}, None, None),
    ('question', 'mitt syskonbarn tar farmors pension och låser in henne', {'v026': 2, 's023': 1}, None, None),
    ('question', 'hur dricker man mindre utan att sluta helt', {'w011': 2}, None, None),
    ('question', '17 och pojkvännen slog mig', {'x002': 2, 'v020': 1}, None, None),
    ('question', 'varför räknar soc med min sambos lön', {'x020': 2, 's048': 1}, None, None),
    ('question', 'har jag rätt att bo kvar när kontraktet står på honom', {'x043': 2, 'b015': 1}, None, None),
    ('question', 'kan soc säga att jag måste gå till psykiatrin först', {'y018': 2, 'v044': 1, 's112': 1, 'z058': 1}, None, None),
    ('question', 'är det för sent att skilja sig när man är 76', {'y047': 2}, None, None),
    ('question', 'mitt ex sprider lögner om mig på facebook', {'a004': 2}, None, None),
    ('question', 'hur vet jag om mina uppgifter läckt ut vid ett dataintrång', {'a008': 2}, None, None),
    ('question', 'kan en bebis bo växelvis', {'a018': 2}, None, None),
    ('question', 'får soc lägga sig i att mitt barn är överviktigt', {'a034': 2}, None, None),
    ('question', 'får jag läsa mammas genomförandeplan', {'a038': 2}, None, None),
]


def fail(msg):
    print('FAIL:', msg)
    sys.exit(1)


def find(name, beside_only=False):
    p = os.path.join(HERE, name)
    if os.path.exists(p) or beside_only:
        return p
    return os.path.join(MAIN, name)


def load(path):
    with open(path, 'rb') as f:
        data = f.read()
    recs = []
    for n, line in enumerate(data.decode('utf-8').splitlines(), 1):
        try:
            r = json.loads(line)
        except ValueError:
            fail('%s line %d does not parse' % (path, n))
        if list(r.keys()) != FIELDS:
            fail('%s line %d: fields %s' % (path, n, list(r.keys())))
        recs.append(r)
    return data, recs


def words(s):
    return re.findall(r'\w+', s.lower())


def sentences(r):
    out = []
    for f in ('title', 'question', 'answer'):
        for s in re.split(r'[.!?]', r[f]):
            w = tuple(words(s))
            if len(w) >= 4:
                out.append(w)
    return out


def ts(s):
    t = dt.datetime.fromisoformat(s)
    if t.tzinfo is None:
        fail('timestamp without offset: ' + s)
    return t


def abbr_hits(q):
    hits = []
    for a in ABBR:
        flags = 0 if a in CASE_EXACT else re.I
        for m in re.finditer(r'(?<!\w)' + re.escape(a) + r'(?!\w)', q, flags):
            hits.append((a, m.group(0)))
    return hits


def main():
    # ---- archive ----
    base_bytes, base = load(find('archive-combined-30.jsonl'))
    exp = []
    for p, n in [('s', 120), ('t', 80), ('u', 60), ('v', 60), ('w', 60), ('x', 60), ('y', 60), ('z', 60),
                 ('a', 40), ('b', 40)]:
        exp += ['%s%03d' % (p, i) for i in range(1, n + 1)]
    if [r['id'] for r in base] != exp:
        fail('archive-combined-30.jsonl ids not as expected')
    new_bytes, new = load(find('archive-thirtyfourth.jsonl', True))
    if [r['id'] for r in new] != ['e%03d' % i for i in range(1, 41)]:
        fail('archive-thirtyfourth.jsonl ids not e001-e040')
    comb_bytes, comb = load(find('archive-combined-34.jsonl', True))
    if comb_bytes != base_bytes + new_bytes:
        fail('archive-combined-34.jsonl is not combined-30 + thirtyfourth')
    if len(comb) != 680:
        fail('combined has %d records' % len(comb))
    if len({r['title'] for r in comb}) != 680:
        fail('titles not unique')
    later = []
    for name in ('archive-thirtysecond.jsonl', 'archive-thirtythird.jsonl'):
        later += load(find(name))[1]
    latest = max(max(ts(r['asked_at']), ts(r['answered_at'])) for r in base + later)
    pairs = {(r['category'], r['signature']) for r in base}
    prev = None
    for r in new:
        for f in FIELDS:
            if not isinstance(r[f], str) or not r[f].strip():
                fail('%s: empty %s' % (r['id'], f))
        if not 250 <= len(r['question']) <= 600:
            fail('%s question length %d' % (r['id'], len(r['question'])))
        if not 700 <= len(r['answer']) <= 1400:
            fail('%s answer length %d' % (r['id'], len(r['answer'])))
        if not r['answer'].startswith('Hej'):
            fail('%s answer does not start with Hej' % r['id'])
        if (r['category'], r['signature']) not in pairs:
            fail('%s category/signature pair unused in the old records' % r['id'])
        a, b = ts(r['asked_at']), ts(r['answered_at'])
        if not a < b:
            fail('%s asked_at >= answered_at' % r['id'])
        if a <= latest:
            fail('%s asked before the latest existing timestamp' % r['id'])
        if prev and not a > prev:
            fail('%s asked_at not rising' % r['id'])
        prev = a
    cats = collections.Counter(r['category'] for r in new)
    if any(cats[c] != 5 for c in CATS) or len(cats) != 8:
        fail('categories %s' % cats)
    old_sents = set()
    for r in base:
        old_sents.update(sentences(r))
    for r in new:
        for s in sentences(r):
            if s in old_sents:
                fail('%s repeats an old sentence: %s' % (r['id'], ' '.join(s)))
    D = {r['id']: r for r in comb}
    vocab = set()
    for r in comb:
        vocab.update(words(r['title'] + ' ' + r['question'] + ' ' + r['answer']))

    # ---- queries ----
    kinds = collections.Counter(k for k, *_ in Q)
    if dict(kinds) != KINDS:
        fail('kinds %s' % kinds)
    if len({q for _, q, *_ in Q}) != len(Q):
        fail('duplicate queries')
    targets = []
    abbrs, lower_abbrs = set(), set()
    long_q = short_q = 0
    for kind, q, rel, key, ev in Q:
        for i, g in rel.items():
            if i not in D:
                fail('%r: unknown id %s' % (q, i))
            if g not in (1, 2):
                fail('%r: grade %r' % (q, g))
        t2 = [i for i, g in rel.items() if g == 2]
        if len(t2) != 1:
            fail('%r: %d grade-2 records' % (q, len(t2)))
        t = t2[0]
        targets.append(t)
        if t[0] != 'e' and t not in ALLOWED_OLD:
            fail('%r: old target %s not allowed' % (q, t))
        qw = q.split()
        hits = abbr_hits(q)
        if kind != 'abbreviation' and hits:
            fail('%r: contains abbreviation %s' % (q, hits))
        if kind in ('inflected', 'compound', 'synonym', 'misspelled'):
            if key not in words(q):
                fail('%r: key %s not a word of the query' % (q, key))
            if key in vocab:
                fail('%r: key %s occurs in the archive' % (q, key))
            tw = set(words(D[t]['title'] + ' ' + D[t]['question'] + ' ' + D[t]['answer']))
            for e in ev:
                if e not in tw:
                    fail('%r: evidence %s not in %s' % (q, e, t))
        if kind == 'keyword' and not 1 <= len(qw) <= 3:
            fail('%r: keyword length' % q)
        if kind == 'question':
            if q != q.lower() or re.search(r'[^\w\s]', q):
                fail('%r: not lower case or has punctuation' % q)
            if not 5 <= len(qw) <= 18:
                fail('%r: %d words' % (q, len(qw)))
            long_q += len(qw) >= 10
            short_q += len(qw) <= 7
        if kind == 'abbreviation':
            if len(hits) != 1 or hits[0][0] != key:
                fail('%r: abbreviation hits %s' % (q, hits))
            if not 1 <= len(qw) - 1 <= 5:
                fail('%r: %d other words' % (q, len(qw) - 1))
            abbrs.add(key)
            if hits[0][1].islower() and key not in NOT_COUNTED_LOWER:
                lower_abbrs.add(q)
    if len(set(targets)) != len(targets):
        fail('grade-2 targets repeat')
    new_t = [t for t in targets if t[0] == 'e']
    if len(new_t) < 40 or set(new_t) != {r['id'] for r in new}:
        fail('new records as targets: %d' % len(new_t))
    if len(abbrs) < 8 or len(lower_abbrs) < 4:
        fail('abbreviations %d, lower %d' % (len(abbrs), len(lower_abbrs)))
    if long_q < 10 or short_q < 5:
        fail('question lengths: %d long, %d short' % (long_q, short_q))

    with open(OUT, 'w', encoding='utf-8') as f:
        for kind, q, rel, key, ev in Q:
            f.write(json.dumps({'query': q, 'relevant': rel, 'kind': kind}, ensure_ascii=False) + '\n')

    parts = 'stuvwxyzabe'
    g2 = collections.Counter(t[0] for t in targets)
    g1 = collections.Counter(i[0] for _, _, rel, _, _ in Q for i, g in rel.items() if g == 1)
    n1 = sum(g1.values())
    print('ok: 680 records (40 new: %s), %d queries, %d graded pairs (%d grade 2, %d grade 1), '
          'grade-2 by part %s, grade 1 by part %s, %d abbreviations (%d lower case), '
          '%d question queries of 10+ words, %d of 7 or fewer, wrote %s' % (
              ', '.join('%s %d' % (c, cats[c]) for c in CATS), len(Q), len(Q) + n1, len(Q), n1,
              {p: g2[p] for p in parts if g2[p]}, {p: g1[p] for p in parts if g1[p]},
              len(abbrs), len(lower_abbrs), long_q, short_q, OUT))
    print('| kind | n | grade-2 %s | grade 1 | mean relevant | single-relevant queries |' % '/'.join(
        p for p in parts if p not in 'st' or g2[p]))
    for kind in KINDS:
        qs = [x for x in Q if x[0] == kind]
        c2 = collections.Counter([i for i, g in x[2].items() if g == 2][0][0] for x in qs)
        ones = sum(1 for x in qs for g in x[2].values() if g == 1)
        mean = sum(len(x[2]) for x in qs) / len(qs)
        single = sum(1 for x in qs if len(x[2]) == 1)
        print('| %s | %d | %s | %d | %.1f | %d |' % (kind, len(qs), '/'.join(
            str(c2[p]) for p in parts if p not in 'st' or g2[p]), ones, mean, single))
    for kind in KINDS:
        print('%s: %s' % (kind, ' '.join(sorted([i for i, g in x[2].items() if g == 2][0]
                                                for x in Q if x[0] == kind))))


if __name__ == '__main__':
    main()
