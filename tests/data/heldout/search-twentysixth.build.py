#!/usr/bin/env python3
"""search-twentysixth: held-out Swedish search queries judged over archive-combined-24.jsonl (560 records:
s001-s120, t001-t080, u001-u060, v001-v060, w001-w060, x001-x060, y001-y060, z001-z060).  No new archive.

Holds the 70 queries and their relevance judgments, checks them against the archive and writes
search-twentysixth-queries.jsonl beside itself.  Reads archive-combined-24.jsonl beside itself if it is there,
else from /work/main/tests/data/heldout/.
Run: python3 search-twentysixth.build.py
"""
import json, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
MAIN_HELDOUT = '/work/main/tests/data/heldout'
OUT = os.path.join(HERE, 'search-twentysixth-queries.jsonl')
FIELDS = ['id', 'title', 'question', 'pseudonym', 'answer', 'signature', 'category', 'asked_at', 'answered_at']
KINDS = ['keyword', 'inflected', 'compound', 'synonym', 'misspelled', 'question', 'abbreviation']
PER_KIND = 10
MIN_PER_PART = 6
MIN_Z = 12                                                 # added in the twenty-sixth set: the new z part
MIN_ABBREVS = 8
MIN_LOWER_ABBREVS = 4
ABBREVS = ['LSS', 'LVU', 'LVM', 'SoL', 'HVB', 'BUP', 'FK', 'KFM', 'CSN', 'IVO', 'BBIC', 'SIP', 'MVC', 'BVC',
           'AF', 'JO', 'SFI', 'HSL', 'DO', 'SÄBO', 'LOV', 'IFO', 'VAB', 'SIS', 'EKB', 'LPT']
ORDINARY_WORDS = {'SoL', 'JO', 'DO', 'LOV', 'AF', 'FK'}   # lower case does not count for these
CASE_SENSITIVE = {'SoL', 'JO', 'DO', 'LOV', 'AF'}          # also Swedish words: only matched as written
PARTS = [('s', 120), ('t', 80), ('u', 60), ('v', 60), ('w', 60), ('x', 60), ('y', 60), ('z', 60)]
COMB_FILE = 'archive-combined-24.jsonl'
# grade-2 targets of the twenty-fifth set, as listed in README-search-twentyfifth.md (none may repeat here)
PREV_TARGETS = set('''s070 t008 v030 w001 x030 x013 v018 t074 u022 w024 s009 t021 u058 w012 t077 s022 y022 t071
u003 v029 s083 s013 t027 y050 x029 u001 y032 u002 v012 w043 y001 y007 u043 v001 v059 x033 y028 w016 w054 v041
s058 w009 s041 t013 s117 t023 u012 x044 x046 u009 u054 s065 x060 u013 x008 y040 w038 v020 x052 t055 u034 u033
t009 y010 y005 w017 v013 x024 y037 s085'''.split())

# (kind, query, key token or '', evidence words that must occur in the grade-2 record, relevance)
Q = [
    # ---------------------------------------------------------------- keyword (1-3 words)
    ('keyword', 'gps under bilen', '', [], {'s005': 2, 'u016': 1}),
    ('keyword', 'trasigt kylskåp bidrag', '', [], {'x009': 2}),
    ('keyword', 'byta sprutor anonymt', '', [], {'t015': 2}),
    ('keyword', 'kvinnlig personal duschen', '', [], {'w014': 2}),
    ('keyword', 'lustgas ballonger', '', [], {'u055': 2}),
    ('keyword', 'dement pappa förälskad', '', [], {'x048': 2}),
    ('keyword', 'rullstol socialkontoret trappor', '', [], {'w053': 2}),
    ('keyword', 'hund akutboende', '', [], {'s021': 2, 'x054': 1}),
    ('keyword', 'spisvakt', '', [], {'v016': 2}),
    ('keyword', 'färdtjänst medresenär', '', [], {'u018': 2}),
    # ---------------------------------------------------------------- inflected
    ('inflected', 'dom amputerade benet på min man och vi har ingen hiss', 'amputerade', ['amputerat'],
     {'z025': 2, 't008': 1, 't080': 1, 'y056': 1}),
    ('inflected', 'har farmödrar ingen rätt alls att träffa barnbarnen efter separationen', 'farmödrar', ['farmor'],
     {'z024': 2, 's068': 1}),
    ('inflected', 'rädd att vår 16 åring blir radikaliserad i chattar på nätet', 'radikaliserad', ['radikaliseras'],
     {'z046': 2}),
    ('inflected', 'personalen tappade hörapparaten i toan vem ska ersätta den', 'hörapparaten', ['hörapparat'],
     {'v057': 2}),
    ('inflected', 'han strypte mig nästan när vi bråkade men säger förlåt hela tiden', 'strypte', ['strypa'],
     {'y002': 2, 't070': 1, 'x037': 1, 'z012': 1}),
    ('inflected', 'jag ruskar min bebis när han inte somnar och skäms', 'ruskar', ['ruskade'],
     {'t004': 2, 'z031': 1}),
    ('inflected', 'pappa har tagit passet och jag tror jag ska giftas bort i hemlandet', 'passet', ['pass'],
     {'w034': 2, 's009': 1, 'x027': 1}),
    ('inflected', 'kompisen svimmade av ghb igen på efterfesten', 'svimmade', ['svimmat'],
     {'y044': 2, 'u025': 1}),
    ('inflected', 'polisen ringde om snatteriet och nu vill soc träffa oss', 'snatteriet', ['snatteri'],
     {'s108': 2, 't040': 1}),
    ('inflected', 'min plånbok har stulits med alla pengar till mat', 'stulits', ['stal'],
     {'x025': 2, 's044': 1}),
    # ---------------------------------------------------------------- compound
    ('compound', 'maken har porrberoende och sitter uppe varje natt', 'porrberoende', ['porr', 'beroende'],
     {'z005': 2}),
    ('compound', 'har inte råd med studentmössa åt dottern', 'studentmössa', ['studenten', 'mössa'],
     {'z015': 2, 'u042': 1}),
    ('compound', 'lägenhetsbrand och vi har ingen hemförsäkring vad gör vi', 'lägenhetsbrand', ['lägenheten', 'brand'],
     {'z047': 2}),
    ('compound', 'kan man söka julklappspengar från soc till barnen', 'julklappspengar', ['julklappar', 'pengar'],
     {'u042': 2, 'z015': 1}),
    ('compound', 'bidrag till bebisutrustning när man lever på försörjningsstöd', 'bebisutrustning',
     ['bebisen', 'utrustning'], {'v048': 2}),
    ('compound', 'nattfasta på äldreboendet och mamma går ner i vikt', 'nattfasta', ['natten', 'fasta'],
     {'y004': 2, 'v021': 1}),
    ('compound', 'veterinärräkning på 14000 kan soc hjälpa', 'veterinärräkning', ['veterinären', 'räkningen'],
     {'y009': 2}),
    ('compound', 'måste skadeståndspengarna gå till hyran när man har försörjningsstöd', 'skadeståndspengarna',
     ['skadestånd', 'pengarna'], {'x001': 2}),
    ('compound', 'depositionslån från soc hyresvärden vill ha tre hyror', 'depositionslån', ['deposition', 'lån'],
     {'s046': 2, 's024': 1, 'z032': 1}),
    ('compound', 'pappa nekad tvätthjälp för att jag bor hemma hos honom', 'tvätthjälp', ['tvätt', 'hjälp'],
     {'w051': 2}),
    # ---------------------------------------------------------------- synonym / slang
    ('synonym', 'sambon har kört tjack i flera dygn och blivit helt paranoid', 'tjack', ['amfetamin'],
     {'z018': 2, 'w013': 1}),
    ('synonym', 'min 13 åring sniffar deo på rummet', 'sniffar', ['inhalera'], {'z011': 2, 'u055': 1}),
    ('synonym', 'sonen har köpt lootboxar för tusentals kronor på mitt kort', 'lootboxar', ['paket'],
     {'z034': 2, 'u008': 1}),
    ('synonym', 'morfar tycker lite aga är okej när barnen inte lyder', 'aga', ['bestraffning'], {'y003': 2}),
    ('synonym', 'svärfar körde rattfull med barnen i baksätet', 'rattfull', ['berusad'], {'y011': 2}),
    ('synonym', 'omskärelse av flickor när de åker till hemlandet på sommarlovet', 'omskärelse', ['könsstympning'],
     {'v040': 2}),
    ('synonym', 'frun shoppar på nätet hela tiden och gömmer fakturorna', 'shoppar', ['köpberoende'], {'v032': 2}),
    ('synonym', 'flickvännen hotar att outa mig för min familj om jag gör slut', 'outa', ['avslöja'],
     {'s047': 2, 'y013': 1}),
    ('synonym', 'exet hotar att sprida mina nudes', 'nudes', ['nakenbilder'], {'t052': 2, 'x034': 1}),
    ('synonym', 'tror vår tonårsdotter har fått anorexi', 'anorexi', ['ätstörning'], {'x049': 2}),
    # ---------------------------------------------------------------- misspelled
    ('misspelled', 'pappa är döv och ingen i hemtjänsten kan teckensprak', 'teckensprak', ['teckenspråk'],
     {'z021': 2, 'u046': 1, 'u031': 1}),
    ('misspelled', 'får man mer matpengar när barnet har seliaki', 'seliaki', ['celiaki'], {'z045': 2, 't073': 1}),
    ('misspelled', 'kan mormor få tryghetslarm fast hon inte har hemtjänst', 'tryghetslarm', ['trygghetslarm'],
     {'s066': 2}),
    ('misspelled', 'sonen tar annabola och blir så arg', 'annabola', ['anabola'], {'u040': 2}),
    ('misspelled', 'var får man tag på nalaxon om brorsan tar en överdos', 'nalaxon', ['naloxon'],
     {'v006': 2, 't015': 1}),
    ('misspelled', 'vad innebär kontrakstvård istället för fängelse', 'kontrakstvård', ['kontraktsvård'], {'t034': 2}),
    ('misspelled', 'sonen dömdes till ungdomstjenst vad händer om han skiter i det', 'ungdomstjenst', ['ungdomstjänst'],
     {'w032': 2, 't040': 1}),
    ('misspelled', 'frun har afasi efter en strok vilket stöd finns', 'strok', ['stroke'], {'y034': 2, 'x014': 1}),
    ('misspelled', 'paliativ vård hemma maken har cancer', 'paliativ', ['palliativ'], {'u045': 2, 'z044': 1}),
    ('misspelled', 'pappa fick tryksår på boendet vart anmäler jag', 'tryksår', ['trycksår'], {'w044': 2}),
    # ---------------------------------------------------------------- question
    ('question', 'är det misshandel när han inte låter mig sova utan väcker mig varenda natt', '', [],
     {'z035': 2, 's026': 1}),
    ('question', 'om jag säger till soc att jag röker gräs ibland ringer dom snuten då', '', [],
     {'z030': 2, 't079': 1}),
    ('question', 'vad kan man göra när mamma samlar på sig så mycket skräp att hon kan bli vräkt', '', [],
     {'t003': 2, 'x031': 1}),
    ('question', 'hur ska jag kunna lämna honom när han hotar att ta livet av sig', '', [], {'w019': 2, 's090': 1}),
    ('question', 'kan socialen verkligen ta min bebis på bb fast jag har varit drogfri i över ett år', '', [],
     {'x006': 2, 's071': 1, 'v058': 1}),
    ('question', 'får socialtjänsten ringa min chef och berätta att jag har kontakt med dom', '', [],
     {'s089': 2, 's057': 1, 'y008': 1, 'z030': 1}),
    ('question', 'kan jag bli utvisad om jag flyr från min man som slår mig', '', [],
     {'t017': 2, 'z052': 1, 'v009': 1}),
    ('question', 'vad ska jag som chef göra när en anställd kommer till jobbet och luktar alkohol', '', [],
     {'y026': 2}),
    ('question', 'kan jag få nej på medborgarskapet för att jag har fått bidrag från kommunen', '', [], {'u059': 2}),
    ('question', 'om jag skriver i formuläret att jag mår dåligt efter förlossningen anmäler dom mig då', '', [],
     {'w045': 2, 'z031': 1}),
    # ---------------------------------------------------------------- abbreviation
    ('abbreviation', 'mamma fick säbo för långt bort', '', [], {'z053': 2, 's098': 1, 'v028': 1}),
    ('abbreviation', 'kfm dagsböter försörjningsstöd', '', [], {'z037': 2}),
    ('abbreviation', 'maken stoppar mig från sfi', '', [], {'v009': 2, 'z052': 1}),
    ('abbreviation', 'brorsan har rymt från lvm', '', [], {'v033': 2}),
    ('abbreviation', 'ekb fyller 18 måste flytta', '', [], {'t019': 2, 't033': 1, 's001': 1}),
    ('abbreviation', 'anmäla socialnämnden till JO', '', [], {'u030': 2, 's053': 1}),
    ('abbreviation', 'downs syndrom lss 18 år', '', [], {'x036': 2, 's086': 1, 's059': 1}),
    ('abbreviation', 'fk vill sänka assistanstimmarna', '', [], {'u036': 2, 's041': 1}),
    ('abbreviation', 'ivo dusch en gång i veckan', '', [], {'s096': 2}),
    ('abbreviation', 'hemmasittare bup kö', '', [], {'t062': 2, 'u035': 1}),
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
if by_part['z'] < MIN_Z:                                   # added in the twenty-sixth set
    err('part z has only %d grade-2 records (need %d)' % (by_part['z'], MIN_Z))
again = sorted(set(grade2) & PREV_TARGETS)                 # added in the twenty-sixth set
if again:
    err('grade-2 targets repeat the twenty-fifth set: %s' % again)
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
