#!/usr/bin/env python3
"""search-twentieth: held-out Swedish search queries judged over archive-combined-20.jsonl (380 records:
s001-s120, t001-t080, u001-u060, v001-v060 from archive-combined-16.jsonl, then the new w001-w060).

Holds the 98 queries and their relevance judgments, checks the new archive and the queries, and writes
search-twentieth-queries.jsonl beside itself.  Needs archive-twentieth.jsonl and archive-combined-20.jsonl
beside itself; archive-combined-16.jsonl is read beside itself if it is there, else from
/work/main/tests/data/heldout/.

Earlier query sets are checked (exact repeats, word overlap, key tokens) only when they can be found: every
search-*-queries.jsonl beside this script (this set's own output excluded) plus ../../search/*queries*.jsonl
relative to this folder, or the folder given with --earlier DIR.  In /work/blind20 there are none, and the
script says so; the writer of this set did not read the earlier sets.
Run: python3 search-twentieth.build.py [--earlier DIR]
"""
import glob, json, os, re, sys
from collections import Counter
from datetime import datetime

HERE = os.path.dirname(os.path.abspath(__file__))
MAIN_HELDOUT = '/work/main/tests/data/heldout'
OUT = os.path.join(HERE, 'search-twentieth-queries.jsonl')
OWN_OUT = os.path.basename(OUT)
FIELDS = ['id', 'title', 'question', 'pseudonym', 'answer', 'signature', 'category', 'asked_at', 'answered_at']
KINDS = ['keyword', 'inflected', 'compound', 'synonym', 'misspelled', 'question', 'abbreviation']
PER_KIND = 14
ABBREVS = ['LSS', 'LVU', 'LVM', 'SoL', 'HVB', 'BUP', 'FK', 'KFM', 'CSN', 'IVO', 'BBIC', 'SIP', 'MVC', 'BVC',
           'AF', 'JO', 'SFI', 'HSL', 'DO', 'SÄBO', 'LOV', 'IFO', 'VAB', 'SIS', 'EKB', 'LPT']
ORDINARY_WORDS = {'SoL', 'JO', 'DO', 'LOV', 'AF', 'FK'}   # lower case does not count for these
CASE_SENSITIVE = {'SoL', 'JO', 'DO', 'LOV', 'AF'}          # also Swedish words: only matched as written
STOCK = {'ta hand om dig!', 'ta hand om er!'}              # closing phrases shared with the old records
OLD_PARTS = [('s', 120), ('t', 80), ('u', 60), ('v', 60)]
NEW_PREFIX, N_NEW = 'w', 60

# (kind, query, key token or '', evidence words that must occur in the grade-2 record, relevance)
Q = [
# ---- keyword (1-3 words)
('keyword', 'härbärge dagtid', '', [], {'w007': 2, 's032': 1, 't051': 1}),
('keyword', 'psykotisk son tvångsvård', '', [], {'w013': 2, 't057': 1}),
('keyword', 'dement pappa tafsar', '', [], {'w021': 2, 'u026': 1}),
('keyword', 'hushållsel elvärme', '', [], {'w031': 2, 's083': 1}),
('keyword', 'ungdomstjänst påföljd', '', [], {'w032': 2, 's108': 1, 't040': 1}),
('keyword', 'grooming spel presenter', '', [], {'w040': 2, 'u050': 1}),
('keyword', 'gps sändare ex', '', [], {'s005': 2, 'u016': 1, 'v041': 1}),
('keyword', 'inspelning möte soc', '', [], {'s088': 2}),
('keyword', 'arbetsgivare sekretess soc', '', [], {'s089': 2, 's113': 1, 's057': 1}),
('keyword', 'utelåst andrahandsrum', '', [], {'t006': 2}),
('keyword', 'medling grannens bil', '', [], {'u011': 2, 's108': 1}),
('keyword', 'hemlös med hund', '', [], {'s021': 2, 's092': 1}),
('keyword', 'jäv handläggare granne', '', [], {'s065': 2, 's067': 1, 'w038': 1}),
('keyword', 'papperslös migrationsverket', '', [], {'u013': 2, 't013': 1}),
# ---- inflected (key form absent from all 380 records, another form present in the grade-2 record)
('inflected', 'tonårssonen nekas skyddat boende', 'tonårssonen', ['tonårssöner'], {'w012': 2, 's092': 1}),
('inflected', 'habiliteringsersättningen för låg', 'habiliteringsersättningen', ['habiliteringsersättning'], {'w020': 2, 's086': 1}),
('inflected', 'tolkarna känner min mans släkt', 'tolkarna', ['tolkar'], {'w038': 2, 'v009': 1, 's051': 1, 'u031': 1}),
('inflected', 'makens skulder kronofogden', 'makens', ['makarna'], {'w039': 2, 's006': 1, 'v032': 1}),
('inflected', 'trycksåret upptäcktes för sent', 'trycksåret', ['trycksår'], {'w044': 2}),
('inflected', 'jourhemmets arvode', 'jourhemmets', ['jourhem'], {'w047': 2, 's075': 1, 'u010': 1}),
('inflected', 'snatteriet kallelse till soc', 'snatteriet', ['snatteri'], {'s108': 2, 't040': 1, 'u011': 1}),
('inflected', 'elbolagets avstängning barn hemma', 'elbolagets', ['elbolaget'], {'s083': 2, 'w031': 1}),
('inflected', 'studieskulderna ensamstående kronofogden', 'studieskulderna', ['studieskulder'], {'u033': 2}),
('inflected', 'sambons lön räknas in bidraget', 'sambons', ['sambo'], {'s048': 2}),
('inflected', 'farföräldrarnas rätt träffa placerat barnbarn', 'farföräldrarnas', ['farföräldrar'], {'s068': 2, 'w055': 1}),
('inflected', 'laglighetsprövningen vad är det', 'laglighetsprövningen', ['laglighetsprövning'], {'s117': 2}),
('inflected', 'ballongerna i sonens rum', 'ballongerna', ['ballonger'], {'u055': 2}),
('inflected', 'begravningsbyråns räkning pappa dog', 'begravningsbyråns', ['begravningsbyrån'], {'s109': 2, 'v050': 1}),
# ---- compound (key compound absent, its parts present in the grade-2 record)
('compound', 'hyrespengarna spelade bort på nätet', 'hyrespengarna', ['hyran', 'pengarna'], {'w003': 2, 't078': 1, 's120': 1}),
('compound', 'missat överklagandetiden tandvård', 'överklagandetiden', ['överklagandet', 'tiden'], {'w008': 2, 's037': 1}),
('compound', 'inkassobrev från fem långivare', 'inkassobrev', ['inkasso', 'brev'], {'w024': 2, 't012': 1, 't032': 1}),
('compound', 'alkoholabstinens kramper hjälp', 'alkoholabstinens', ['alkoholen', 'abstinensen'], {'w026': 2}),
('compound', 'haschrökande son 31 hotar mig', 'haschrökande', ['hasch', 'röker'], {'w042': 2, 't076': 1, 'v026': 1, 't036': 1}),
('compound', 'semesterresa utomlands assistenterna', 'semesterresa', ['semester', 'resan'], {'w043': 2}),
('compound', 'hemtjänstbeslutet nej städning bor med pappa', 'hemtjänstbeslutet', ['hemtjänst', 'beslut'], {'w051': 2}),
('compound', 'besöksregler socialt kontrakt flickvän', 'besöksregler', ['besök', 'regler'], {'w058': 2, 's040': 1, 'v054': 1, 'v003': 1}),
('compound', 'depositionslån förstahandskontrakt soc', 'depositionslån', ['deposition', 'lån'], {'s046': 2, 's024': 1}),
('compound', 'barnens sparkonton bistånd', 'sparkonton', ['sparat', 'konton'], {'s014': 2, 't011': 1}),
('compound', 'flytthjälp till billigare bostad soc betala', 'flytthjälp', ['flytten', 'hjälp'], {'t058': 2, 's105': 1}),
('compound', 'faderskapsbekräftelse ogifta sambo', 'faderskapsbekräftelse', ['faderskapet', 'bekräfta'], {'s056': 2, 'u012': 1}),
('compound', 'lång färdtjänstresa till jul', 'färdtjänstresa', ['färdtjänst', 'resa'], {'t048': 2}),
('compound', 'handläggarbyte nedlåtande bemötande', 'handläggarbyte', ['byta', 'handläggare'], {'s067': 2, 't010': 1, 's065': 1}),
# ---- synonym (key word absent; the grade-2 record says it with the evidence words)
('synonym', 'gubben tar hela lönen och ger mig veckopeng', 'gubben', ['min man'], {'w004': 2, 's090': 1, 'v009': 1, 's006': 1, 's026': 1}),
('synonym', 'vill inte bli helnykter bara minska på vinet', 'helnykter', ['sluta helt'], {'w011': 2, 's057': 1, 'u024': 1}),
('synonym', 'farsan spelar på hästarna och lånar pengar av oss', 'farsan', ['pappa'], {'w018': 2, 's120': 1, 'u008': 1}),
('synonym', 'exet har flyttat och jag har inte råd att bo kvar', 'exet', ['sambo'], {'w022': 2, 's105': 1}),
('synonym', 'svärsonen slår vår dotter men hon förnekar allt', 'svärsonen', ['pojkvän'], {'w027': 2, 'u038': 1}),
('synonym', 'hemtjänsten kräver att jycken stängs in', 'jycken', ['hunden'], {'w029': 2}),
('synonym', 'rädd att bli tvångsgift på semestern i hemlandet', 'tvångsgift', ['gifta sig'], {'w034': 2, 's009': 1, 'u007': 1}),
('synonym', 'dottern 17 är stenad varje dag', 'stenad', ['cannabis'], {'w041': 2, 's017': 1, 't079': 1}),
('synonym', 'täckbyxor och kängor till barnen bistånd', 'täckbyxor', ['vinterkläder'], {'w054': 2, 'v048': 1}),
('synonym', 'kompis suicidal svarar inte i telefon', 'suicidal', ['ta sitt liv'], {'w060': 2, 'w019': 1}),
('synonym', 'familjeåterförening måste jag försörja maken', 'familjeåterförening', ['anhöriginvandring'], {'w059': 2, 't020': 1}),
('synonym', 'flickvännen hotar att outa mig för familjen', 'outa', ['avslöja'], {'s047': 2, 'u041': 1, 'w049': 1}),
('synonym', 'sonen dopar sig och har blivit aggressiv', 'dopar', ['anabola'], {'u040': 2}),
('synonym', 'larmknapp till mormor utan hemtjänst', 'larmknapp', ['trygghetslarm'], {'s066': 2}),
# ---- misspelled (key = realistic typo of the evidence word)
('misspelled', 'sonen mobad i skolan rektorn gör inget', 'mobad', ['mobbad'], {'w015': 2}),
('misspelled', 'ingen återkopling efter orosanmälan lärare', 'återkopling', ['återkoppling'], {'w025': 2, 't016': 1}),
('misspelled', 'dåligt samvte mamma vill hem från demensboendet', 'samvte', ['samvete'], {'w036': 2, 's025': 1}),
('misspelled', 'ta bort förvalltare bror bipolär', 'förvalltare', ['förvaltare'], {'w050': 2, 's084': 1}),
('misspelled', 'tidsbegrensat kontrakt kommunen går ut', 'tidsbegrensat', ['tidsbegränsat'], {'w052': 2, 'v054': 1}),
('misspelled', 'måste syster betala godmanen själv', 'godmanen', ['gode mannen'], {'w056': 2, 's084': 1}),
('misspelled', 'kvinnojoren kostar det pengar', 'kvinnojoren', ['kvinnojour'], {'t075': 2}),
('misspelled', 'palativ vård hemma cancer', 'palativ', ['palliativ'], {'u045': 2}),
('misspelled', 'färdjänst avslag artros', 'färdjänst', ['färdtjänst'], {'s058': 2}),
('misspelled', 'orosanmällan anonymt granne', 'orosanmällan', ['orosanmälan'], {'s074': 2, 'v059': 1, 'w057': 1, 'w010': 1, 's114': 1}),
('misspelled', 'bostadsanpasning badkar stroke', 'bostadsanpasning', ['bostadsanpassning'], {'s101': 2, 't008': 1, 'u001': 1}),
('misspelled', 'spelberonde sambo skulder', 'spelberonde', ['spelberoende'], {'s120': 2, 't078': 1, 'w018': 1, 'w039': 1, 'v032': 1}),
('misspelled', 'soc ringde min pykiatriker utan lov', 'pykiatriker', ['psykiatriker'], {'t043': 2, 's089': 1}),
('misspelled', 'ansöka behandlinshem missbruk', 'behandlinshem', ['behandlingshem'], {'s052': 2, 's057': 1, 'w026': 1}),
# ---- question (lower case, 6-18 words, no punctuation, no abbreviation)
('question', 'mamma har alzheimer och klarar inte sina räkningar längre hur får vi ta över hennes ekonomi', '', [], {'w006': 2, 't039': 1, 's084': 1, 's028': 1}),
('question', 'min dotter super när hon har barnen ska jag som mormor ringa soc', '', [], {'w010': 2, 's074': 1, 's068': 1}),
('question', 'hur gör man slut med någon som säger att han ska döda sig själv', '', [], {'w019': 2, 'w060': 1, 's090': 1, 't075': 1}),
('question', 'domstolen gav mig rätt för flera månader sen men soc har fortfarande inte betalat ut pengarna', '', [], {'w023': 2, 's062': 1, 'u014': 1, 's059': 1}),
('question', 'min kille super varje helg och barnen har börjat fatta det vad gör jag', '', [], {'w033': 2, 't002': 1, 'v018': 1, 's036': 1, 's104': 1}),
('question', 'föräldrarna slängde ut mig när jag fyllde arton fast jag fortfarande går i gymnasiet', '', [], {'w037': 2, 'w046': 1, 'u017': 1, 'v004': 1, 's091': 1}),
('question', 'finns det skyddat boende för killar som blir slagna av sin man', '', [], {'w049': 2, 's073': 1, 'u038': 1, 's047': 1, 'u041': 1}),
('question', 'har man rätt att träffa sina syskon om man är placerad på olika ställen', '', [], {'w055': 2, 's068': 1}),
('question', 'grannen verkar psykiskt sjuk och skriker hela nätterna vem ska man ringa', '', [], {'w057': 2, 's114': 1, 't036': 1, 'v026': 1, 's064': 1}),
('question', 'handläggaren vill att jag tar mig uppför trappor fast jag sitter i rullstol är det diskriminering', '', [], {'w053': 2, 'u031': 1, 's011': 1}),
('question', 'dottern fick kontaktperson enligt lagen om stöd och service för ett år sen men ingen har kommit', '', [], {'s062': 2, 'w023': 1, 'u014': 1, 's059': 1, 's012': 1}),
('question', 'den gamla damen bredvid verkar bli slagen av sin son som bor hos henne vad ska jag göra', '', [], {'t036': 2, 'v026': 1, 's114': 1, 'w042': 1, 'w057': 1}),
('question', 'hur länge sparar socialen det de skrivit om en och kan en framtida arbetsgivare se det', '', [], {'s113': 2, 's003': 1, 's089': 1}),
('question', 'mina föräldrar ska skiljas och jag är tretton får jag själv bestämma var jag ska bo', '', [], {'s061': 2, 'u005': 1}),
# ---- abbreviation (exactly one listed abbreviation + 1-5 other words)
('abbreviation', 'ekb skatten tillbaka i april', '', [], {'w001': 2, 't011': 1}),
('abbreviation', 'lvu umgänge med övervakning föräldrar', '', [], {'w002': 2, 's038': 1, 's068': 1, 'u029': 1, 'v013': 1}),
('abbreviation', 'LSS korttids 12-åring vägrar', '', [], {'w005': 2, 's002': 1, 't050': 1, 'u048': 1, 'v029': 1}),
('abbreviation', 'kfm avslag skuldsanering söka om', '', [], {'w009': 2, 'u004': 1, 't012': 1}),
('abbreviation', 'säbo manlig personal duschar mamma', '', [], {'w014': 2, 's096': 1}),
('abbreviation', 'AF inskrivning utan förskoleplats', '', [], {'w016': 2, 't029': 1, 's072': 1}),
('abbreviation', 'sis låst ungdomshem son 16', '', [], {'w017': 2}),
('abbreviation', 'FK bidrag diabetes barn nattkoll', '', [], {'w028': 2, 's030': 1, 't073': 1}),
('abbreviation', 'bup utredning adhd skolpsykolog', '', [], {'w030': 2, 'u035': 1}),
('abbreviation', 'SoL boendestöd räkningar tvätt', '', [], {'w035': 2, 's078': 1}),
('abbreviation', 'bvc formulär mår dåligt efter förlossningen', '', [], {'w045': 2, 't004': 1, 's071': 1}),
('abbreviation', 'csn extra tillägg 19 år bistånd', '', [], {'w046': 2, 'v004': 1, 'w037': 1, 'u019': 1}),
('abbreviation', 'lvm slut vad händer sen', '', [], {'w048': 2, 's102': 1, 'v033': 1, 'v031': 1}),
('abbreviation', 'hvb dottern placerad långt hemifrån', '', [], {'s038': 2, 'v013': 1, 'w002': 1, 'w017': 1}),
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
p16 = os.path.join(HERE, 'archive-combined-16.jsonl')
if not os.path.exists(p16):
    p16 = os.path.join(MAIN_HELDOUT, 'archive-combined-16.jsonl')
old = load(p16)
new = load(os.path.join(HERE, 'archive-twentieth.jsonl'))
comb = load(os.path.join(HERE, 'archive-combined-20.jsonl'))
old_ids = ['%s%03d' % (p, i) for p, n in OLD_PARTS for i in range(1, n + 1)]
new_ids = ['%s%03d' % (NEW_PREFIX, i) for i in range(1, N_NEW + 1)]
if [r.get('id') for r in old] != old_ids:
    err('archive-combined-16.jsonl must hold exactly s001-s120, t001-t080, u001-u060, v001-v060 in order')
if [r.get('id') for r in new] != new_ids:
    err('archive-twentieth.jsonl must hold exactly w001-w060 in order')
if [r.get('id') for r in comb] != old_ids + new_ids:
    err('archive-combined-20.jsonl must hold s001-s120, t001-t080, u001-u060, v001-v060, w001-w060 in order')
else:
    with open(p16, encoding='utf-8') as f:
        old_lines = [l.rstrip('\n') for l in f if l.strip()]
    with open(os.path.join(HERE, 'archive-combined-20.jsonl'), encoding='utf-8') as f:
        comb_lines = [l.rstrip('\n') for l in f if l.strip()]
    if comb_lines[:len(old_lines)] != old_lines:
        err('first 320 lines of archive-combined-20.jsonl differ from archive-combined-16.jsonl')
    if comb[len(old):] != new:
        err('last 60 records of archive-combined-20.jsonl differ from archive-twentieth.jsonl')
cats = {r['category'] for r in old}
sigs = {r['signature'] for r in old}
last_old = max(datetime.fromisoformat(r['asked_at']) for r in old)
prev_asked = None
for r in new:
    rid = r.get('id')
    if list(r.keys()) != FIELDS:
        err('%s: fields/order %s' % (rid, list(r.keys())))
        continue
    for k in FIELDS:
        if not isinstance(r[k], str) or not r[k].strip():
            err('%s: empty or non-string %s' % (rid, k))
    if not 250 <= len(r['question']) <= 600:
        err('%s: question length %d' % (rid, len(r['question'])))
    if not 700 <= len(r['answer']) <= 1400:
        err('%s: answer length %d' % (rid, len(r['answer'])))
    if not r['answer'].startswith('Hej'):
        err('%s: answer does not start with Hej' % rid)
    if r['category'] not in cats:
        err('%s: unknown category %s' % (rid, r['category']))
    if r['signature'] not in sigs:
        err('%s: unknown signature %s' % (rid, r['signature']))
    try:
        a = datetime.fromisoformat(r['asked_at']); b = datetime.fromisoformat(r['answered_at'])
        if a.utcoffset() is None or b.utcoffset() is None:
            err('%s: timestamp without UTC offset' % rid)
        elif not a < b:
            err('%s: asked_at >= answered_at' % rid)
        if prev_asked is not None and not a > prev_asked:
            err('%s: asked_at not rising' % rid)
        if not a > last_old:
            err('%s: asked_at not after the existing records' % rid)
        prev_asked = a
    except (ValueError, TypeError) as e:
        err('%s: bad timestamp %s' % (rid, e))
titles = [r['title'] for r in comb]
if len(set(titles)) != len(titles):
    err('duplicate titles in the 380 records')
cc = Counter(r['category'] for r in new)
for c in cats:
    if cc[c] < 4:
        err('category %s has only %d new records' % (c, cc[c]))

def sentences(r):
    out = []
    for f in ('title', 'question', 'answer'):
        for s in re.split(r'(?<=[.!?])\s+', r[f]):
            s = s.strip()
            if len(s.split()) >= 4:
                out.append(s.lower())
    return out
old_sent = set()
for r in old:
    old_sent.update(sentences(r))
for r in new:
    for s in sentences(r):
        if s in old_sent and s not in STOCK:
            err('%s: sentence equals an existing one: %r' % (r['id'], s))

# ------------------------------------------------------------------ earlier queries (only if present)
earlier_dir = None
if '--earlier' in sys.argv:
    earlier_dir = os.path.abspath(sys.argv[sys.argv.index('--earlier') + 1])
elif glob.glob(os.path.join(HERE, 'search-*-queries.jsonl')) and any(
        os.path.basename(p) != OWN_OUT for p in glob.glob(os.path.join(HERE, 'search-*-queries.jsonl'))):
    earlier_dir = HERE
prev_files = []
if earlier_dir:
    prev_files = [p for p in sorted(glob.glob(os.path.join(earlier_dir, 'search-*-queries.jsonl')))
                  if os.path.basename(p) != OWN_OUT]
    prev_files += sorted(glob.glob(os.path.normpath(os.path.join(earlier_dir, '..', '..', 'search'))
                                   + '/*queries*.jsonl'))
prev = []
for p in prev_files:
    prev += [d['query'] for d in load(p)]
prev_low = [q.lower() for q in prev]
prev_tok = [set(re.findall(r'\w+', q)) for q in prev_low]

# ------------------------------------------------------------------ queries
ids = {r['id']: r for r in comb}
texts = {i: text(r) for i, r in ids.items()}
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
    toks = set(re.findall(r'\w+', ql))
    if ql in prev_low:
        err('repeats an earlier query: %r' % q)
    for t in prev_tok:
        if toks | t and len(toks & t) / len(toks | t) >= 0.4:
            err('Jaccard >= 0.4 with an earlier query: %r (shared %s)' % (q, sorted(toks & t)))
            break
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
        if any(key.lower() in p for p in prev_low):
            err('%r: key token %r is a substring of an earlier query' % (q, key))
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
missing_new = sorted(set(new_ids) - set(grade2))
if missing_new:
    err('new records that are grade 2 for no query: %s' % missing_new)
if len(set(abbr_used)) < 12:
    err('abbreviation queries use only %d different abbreviations' % len(set(abbr_used)))
if lower_abbr < 6:
    err('only %d abbreviations written in lower case' % lower_abbr)

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
      % (len(Q), pairs, len(grade2), len(g1), dict(sorted(Counter(i[0] for i in grade2).items())),
         dict(sorted(Counter(i[0] for i in g1).items())), len(set(abbr_used)), lower_abbr, OUT))
print('grade-2 by kind and part: %s' % by_kind)
print('mean relevant per query by kind: %s' % {k: round(sum(len(r) for kk, *_, r in Q if kk == k) / PER_KIND, 2)
                                               for k in KINDS})
print('earlier query sets: %s' % ('%d query strings from %d files in %s' % (len(prev), len(prev_files), earlier_dir)
                                  if earlier_dir else 'none found, not checked'))
