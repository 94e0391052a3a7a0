#!/usr/bin/env python3
"""search-sixteenth: held-out Swedish search queries judged over archive-combined-16.jsonl (320 records:
s001-s120, t001-t080, u001-u060 from archive-combined-15.jsonl, then the new v001-v060).

Holds the 84 queries and their relevance judgments, checks the new archive and the queries, and writes
search-sixteenth-queries.jsonl beside itself.  Needs archive-sixteenth.jsonl and archive-combined-16.jsonl
beside itself.  Earlier query sets are read from this folder if search-fifteenth-queries.jsonl is here,
otherwise from /work/main/tests/data/heldout/; tests/search/ is found relative to that folder.
Run: python3 search-sixteenth.build.py
"""
import glob, json, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
MAIN_HELDOUT = '/work/main/tests/data/heldout'
PREV_DIR = HERE if os.path.exists(os.path.join(HERE, 'search-fifteenth-queries.jsonl')) else MAIN_HELDOUT
SEARCH_DIR = os.path.normpath(os.path.join(PREV_DIR, '..', '..', 'search'))
OUT = os.path.join(HERE, 'search-sixteenth-queries.jsonl')
ORDINALS = ['heldout', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth',
            'thirteenth', 'fourteenth', 'fifteenth']
FIELDS = ['id', 'title', 'question', 'pseudonym', 'answer', 'signature', 'category', 'asked_at', 'answered_at']
KINDS = ['keyword', 'inflected', 'compound', 'synonym', 'misspelled', 'question', 'abbreviation']
ABBREVS = ['LSS', 'LVU', 'LVM', 'SoL', 'HVB', 'BUP', 'FK', 'KFM', 'CSN', 'IVO', 'BBIC', 'SIP', 'MVC', 'BVC',
           'AF', 'JO', 'SFI', 'HSL', 'DO', 'SÄBO', 'LOV', 'IFO']
ORDINARY_WORDS = {'SoL', 'JO', 'DO', 'LOV', 'AF', 'FK'}   # lower case does not count for these
CASE_SENSITIVE = {'SoL', 'JO', 'DO', 'LOV', 'AF'}          # also Swedish words: only matched as written
STOCK = {'ta hand om dig!', 'vad kan jag göra?', 'lycka till med flytten!'}

# (kind, query, key token or '', evidence words that must occur in the grade-2 record, relevance)
Q = [
# ---- keyword (1-3 words)
("keyword", "samarbetssamtal tingsrätten kräver", "", [], {"v037": 2, "s103": 1, "t037": 1, "u012": 1}),
("keyword", "katt äldreboende", "", [], {"v023": 2}),
("keyword", "EU-medborgare bistånd", "", [], {"v046": 2, "t013": 1, "s044": 1}),
("keyword", "bostadslös pappa barnen", "", [], {"v002": 2, "s050": 1, "s032": 1}),
("keyword", "avlösarservice epilepsi", "", [], {"v029": 2, "s002": 1}),
("keyword", "dagvård alzheimer", "", [], {"t001": 2, "s045": 1}),
("keyword", "nakenbilder ex", "", [], {"t052": 2}),
("keyword", "glasögon bidrag", "", [], {"t021": 2, "s015": 1}),
("keyword", "parkeringstillstånd", "", [], {"t074": 2}),
("keyword", "metadon subutex", "", [], {"t047": 2}),
("keyword", "hamstrare lägenhet vräkning", "", [], {"t003": 2}),
("keyword", "parterapi avgift", "", [], {"t065": 2}),
# ---- inflected (key form absent from all 320 records, another form present)
("inflected", "eftervården nykter ensam", "eftervården", ["eftervård"], {"v031": 2, "s033": 1, "u024": 1}),
("inflected", "styvpappans rätt vårdnad", "styvpappans", ["styvpappa"], {"v034": 2, "t022": 1}),
("inflected", "dotterns rymningar hemifrån", "rymningar", ["rymning"], {"v007": 2}),
("inflected", "pojkvännens kontroll mobilen", "pojkvännens", ["pojkvännen"], {"v024": 2, "s026": 1}),
("inflected", "brottsskadeersättningen ansöka", "brottsskadeersättningen", ["brottsskadeersättning"], {"v042": 2}),
("inflected", "bilstödet rullstol bil", "bilstödet", ["bilstöd"], {"v019": 2}),
("inflected", "underhållsbidraget bonusdotter gymnasiet", "underhållsbidraget", ["underhållsbidrag"], {"v004": 2}),
("inflected", "legitimationen kostar bistånd", "legitimationen", ["legitimation"], {"v049": 2}),
("inflected", "ärvs skulder efter mamma", "ärvs", ["ärver"], {"v050": 2, "s109": 1}),
("inflected", "anmälarens namn orosanmälan", "anmälarens", ["anmälaren"], {"v059": 2, "s074": 1}),
("inflected", "matdistributionen till pappa", "matdistributionen", ["matdistribution"], {"t007": 2}),
("inflected", "prövningstillståndet kammarrätten", "prövningstillståndet", ["prövningstillstånd"], {"t046": 2}),
# ---- compound (key compound absent, its parts present)
("compound", "gamingberoende 14-åring", "gamingberoende", ["gaming", "beroende"], {"v005": 2}),
("compound", "gängrekrytering 13-åring", "gängrekrytering", ["gäng", "rekrytering"], {"v015": 2, "t040": 1}),
("compound", "bluffsamtal banken mamma 84", "bluffsamtal", ["bluff", "samtal"], {"v001": 2, "v011": 1}),
("compound", "nattbesök hemtjänsten fallit", "nattbesök", ["natt", "besök"], {"v025": 2, "t005": 1, "s066": 1}),
("compound", "mobilabonnemang försörjningsstöd", "mobilabonnemang", ["mobil", "abonnemang"], {"v012": 2}),
("compound", "vintercamping husvagn bostad", "vintercamping", ["vinter", "camping"], {"v030": 2, "u017": 1, "s010": 1}),
("compound", "kommunkontrakt ta över", "kommunkontrakt", ["kommun", "kontrakt"], {"v054": 2, "s040": 1, "s032": 1}),
("compound", "inkomstkrav bostadsbolag försörjningsstöd", "inkomstkrav", ["inkomst", "krav"], {"v017": 2, "v052": 1}),
("compound", "skadeståndsanspråk hemtjänsten hörapparat", "skadeståndsanspråk", ["skadestånd", "anspråk"], {"v057": 2, "t035": 1}),
("compound", "pappersansökan utan bankid", "pappersansökan", ["papper", "ansökan"], {"v060": 2}),
("compound", "rullstolsramp trappsteg huset", "rullstolsramp", ["rullstol", "ramp"], {"t008": 2, "s101": 1, "u001": 1}),
("compound", "hemförsäkringskostnad bistånd", "hemförsäkringskostnad", ["hemförsäkring", "kostnader"], {"t023": 2, "t068": 1, "t063": 1}),
# ---- synonym (key word absent; the grade-2 record says it with the evidence words)
("synonym", "motmedel överdos opioider", "motmedel", ["naloxon", "häver verkan"], {"v006": 2, "t015": 1}),
("synonym", "köpmani frun skulder", "köpmani", ["köpberoende"], {"v032": 2, "s120": 1}),
("synonym", "självskadar 14-årig dotter", "självskadar", ["skär sig"], {"v036": 2, "u035": 1}),
("synonym", "omskärelse flicka resa hemlandet", "omskärelse", ["könsstympning"], {"v040": 2, "u007": 1}),
("synonym", "skuggar mig efter separationen", "skuggar", ["förföljer"], {"v041": 2, "s118": 1, "u016": 1, "s005": 1}),
("synonym", "komfyrvakt dement pappa", "komfyrvakt", ["spisvakt"], {"v016": 2, "s028": 1}),
("synonym", "undernärd mamma äldreboendet", "undernärd", ["undernäring"], {"v021": 2, "t007": 1}),
("synonym", "romansbedrägeri pengarna borta", "romansbedrägeri", ["kärleksbedrägeri"], {"v011": 2, "v001": 1}),
("synonym", "prickad får ingen lägenhet", "prickad", ["betalningsanmärkningar"], {"v052": 2, "s022": 1, "s032": 1, "s046": 1, "v017": 1}),
("synonym", "äldreboendet renoveras mamma måste flytta", "renoveras", ["byggas om"], {"v028": 2}),
("synonym", "pensionärsbidrag mamma städare", "pensionärsbidrag", ["bostadstillägg"], {"v010": 2, "s020": 1, "s007": 1}),
("synonym", "dyngrak dotter 15", "dyngrak", ["full"], {"t044": 2}),
# ---- misspelled (key = realistic typo of the evidence word)
("misspelled", "elvance utan recept plugga", "elvance", ["Elvanse"], {"v022": 2}),
("misspelled", "ensam efter fritidshemet 9 år", "fritidshemet", ["fritidshemmet"], {"v035": 2, "t050": 1}),
("misspelled", "sängliggnade hemtjänst ung", "sängliggnade", ["sängliggande"], {"v027": 2, "s078": 1}),
("misspelled", "kackerlakor lägenheten sanering", "kackerlakor", ["kackerlackor"], {"v053": 2}),
("misspelled", "fullmackt dotter socialtjänsten", "fullmackt", ["fullmakt"], {"v056": 2, "s054": 1, "t039": 1}),
("misspelled", "skrifligt beslut nej i telefon", "skrifligt", ["skriftligt"], {"v014": 2, "s015": 1, "v027": 1}),
("misspelled", "aktivitetsersättnig unga", "aktivitetsersättnig", ["aktivitetsersättning"], {"t031": 2}),
("misspelled", "etableringsersätningen försenad pengar slut", "etableringsersätningen", ["etableringsersättningen"], {"t020": 2}),
("misspelled", "vårdnadshavre för fosterbarnet", "vårdnadshavre", ["vårdnadshavare"], {"t022": 2, "v034": 1}),
("misspelled", "bostadsbidrg ung jobbar lite", "bostadsbidrg", ["bostadsbidrag"], {"t061": 2}),
("misspelled", "underhålsstödet räknas inkomst", "underhålsstödet", ["underhållsstödet"], {"t063": 2}),
("misspelled", "lugnanade tabletter beroende", "lugnanade", ["lugnande"], {"t056": 2, "u015": 1}),
# ---- question (lower case, 6-18 words, colloquial, no abbreviation)
("question", "min man tuggar kat varje natt är det ens en drog i sverige och kan socialen hjälpa oss", "", [], {"v018": 2}),
("question", "jag är 15 kan jag prata med soc utan att mina föräldrar får reda på det", "", [], {"v020": 2, "s060": 1, "t041": 1, "s091": 1}),
("question", "vad gör man när ens farmor blir utnyttjad av ett barnbarn som bor hos henne", "", [], {"v026": 2, "s023": 1, "s114": 1}),
("question", "måste jag gömma att jag är gay när jag flyttar till ett äldreboende", "", [], {"v045": 2}),
("question", "kan man få pengar från socialen till barnvagn och spjälsäng innan bebisen kommer", "", [], {"v048": 2, "s013": 1}),
("question", "får man en gratis jurist om soc vill ta barnen med tvång", "", [], {"v058": 2, "t038": 1, "s038": 1}),
("question", "får man sätta en kamera i pappas sovrum så man ser om han ramlar på natten", "", [], {"t005": 2, "v025": 1}),
("question", "min son sitter mest vid datorn och har få kompisar hur söker man en kontaktperson åt honom", "", [], {"s094": 2}),
("question", "min dotter har inte gått till skolan sen i våras vem kan hjälpa oss", "", [], {"t062": 2}),
("question", "varför hämtade polisen mina barn mitt i natten och när får jag träffa dem", "", [], {"t038": 2, "s038": 1}),
("question", "jag har väntat i sju månader på ett beslut från soc är det ens lagligt", "", [], {"s012": 2}),
("question", "jag spelar bort hela lönen på casino på nätet hur ska jag sluta", "", [], {"t078": 2, "s120": 1, "u008": 1}),
# ---- abbreviation (exactly one listed abbreviation + 1-5 other words)
("abbreviation", "lvm bror stack från hemmet", "", [], {"v033": 2, "s102": 1, "s055": 1, "t024": 1}),
("abbreviation", "vad är BBIC triangeln", "", [], {"v008": 2, "t041": 1}),
("abbreviation", "bvc frågade om våld hemma", "", [], {"v038": 2, "u053": 1}),
("abbreviation", "lvu slutar när jag blir myndig", "", [], {"v039": 2, "s001": 1, "s029": 1}),
("abbreviation", "hvb tonåring ringer och gråter", "", [], {"v013": 2, "s038": 1}),
("abbreviation", "sfi man förbjuder mig", "", [], {"v009": 2, "s026": 1}),
("abbreviation", "LSS gruppbostad pojkvän sova över", "", [], {"v003": 2}),
("abbreviation", "LOV välja ställe själv", "", [], {"v043": 2, "s085": 1}),
("abbreviation", "sip samordning psykiatrin kommunen", "", [], {"v044": 2, "s112": 1, "s064": 1}),
("abbreviation", "FK kräver tillbaka föräldrapenning", "", [], {"v047": 2}),
("abbreviation", "skälig levnadsnivå SoL tvättmaskin", "", [], {"v051": 2, "s013": 1}),
("abbreviation", "IVO personal låser in boende", "", [], {"v055": 2, "t026": 1, "s053": 1}),
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
new = load(os.path.join(HERE, 'archive-sixteenth.jsonl'))
comb = load(os.path.join(HERE, 'archive-combined-16.jsonl'))
p15 = os.path.join(HERE, 'archive-combined-15.jsonl')
if not os.path.exists(p15):
    p15 = os.path.join(MAIN_HELDOUT, 'archive-combined-15.jsonl')
old = load(p15)
if len(old) != 260:
    err('archive-combined-15.jsonl has %d records, expected 260' % len(old))
if len(new) != 60 or [r.get('id') for r in new] != ['v%03d' % i for i in range(1, 61)]:
    err('archive-sixteenth.jsonl must hold exactly v001-v060 in order')
if len(comb) != 320:
    err('archive-combined-16.jsonl has %d records, expected 320' % len(comb))
else:
    with open(p15, encoding='utf-8') as f:
        old_lines = [l.rstrip('\n') for l in f if l.strip()]
    with open(os.path.join(HERE, 'archive-combined-16.jsonl'), encoding='utf-8') as f:
        comb_lines = [l.rstrip('\n') for l in f if l.strip()]
    if comb_lines[:260] != old_lines:
        err('first 260 lines of archive-combined-16.jsonl differ from archive-combined-15.jsonl')
    if comb[260:] != new:
        err('last 60 records of archive-combined-16.jsonl differ from archive-sixteenth.jsonl')
cats = {r['category'] for r in old}
sigs = {r['signature'] for r in old}
last_old = max(r['asked_at'] for r in old)
prev_asked = None
from datetime import datetime
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
        if a < datetime.fromisoformat('2026-12-06T00:00:00+01:00') or a <= datetime.fromisoformat(last_old):
            err('%s: asked_at not after the existing records' % rid)
        prev_asked = a
    except (ValueError, TypeError) as e:
        err('%s: bad timestamp %s' % (rid, e))
titles = [r['title'] for r in comb]
if len(set(titles)) != len(titles):
    err('duplicate titles in the 320 records')
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

# ------------------------------------------------------------------ earlier queries
prev_files = []
for o in ORDINALS:
    p = os.path.join(PREV_DIR, 'search-%s-queries.jsonl' % o)
    if not os.path.exists(p):
        err('earlier query set missing: %s' % p)
for p in sorted(glob.glob(os.path.join(PREV_DIR, 'search-*-queries.jsonl'))):
    if os.path.basename(p) != 'search-sixteenth-queries.jsonl':
        prev_files.append(p)
prev_files += sorted(glob.glob(os.path.join(SEARCH_DIR, '*queries*.jsonl')))
if not glob.glob(os.path.join(SEARCH_DIR, '*queries*.jsonl')):
    err('no query files found in %s' % SEARCH_DIR)
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
    if kinds[k] != 12:
        err('kind %s has %d queries' % (k, kinds[k]))
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
        if not key or not word_re(key).search(q):
            err('%r: key token %r not in query' % (q, key))
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
    if kind == 'keyword' and not 1 <= len(q.split()) <= 3:
        err('%r: keyword query with %d words' % (q, len(q.split())))
    if kind == 'question':
        n = len(q.split())
        if q != ql or not 6 <= n <= 18:
            err('%r: question must be lower case with 6-18 words (%d)' % (q, n))
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
n_new = sum(1 for i in grade2 if i.startswith('v'))
if n_new < 60:
    err('only %d grade-2 records are new' % n_new)
if len(set(abbr_used)) != 12:
    err('abbreviation queries use %d different abbreviations' % len(set(abbr_used)))
if lower_abbr < 5:
    err('only %d abbreviations written in lower case' % lower_abbr)

if errors:
    print('\n'.join('ERROR: ' + e for e in errors))
    sys.exit(1)

with open(OUT, 'w', encoding='utf-8') as f:
    for kind, q, key, evidence, rel in Q:
        f.write(json.dumps({"query": q, "relevant": rel, "kind": kind}, ensure_ascii=False) + '\n')
pairs = sum(len(r) for *_, r in Q)
g1 = [i for *_, r in Q for i, g in r.items() if g == 1]
print('ok: %d queries, %d earlier queries from %d files (%s), %d graded pairs (%d grade 2, %d grade 1: %s), '
      'grade-2 new %d, lower-case abbreviations %d, wrote %s'
      % (len(Q), len(prev), len(prev_files), PREV_DIR, pairs, len(grade2), len(g1),
         dict(Counter(i[0] for i in g1)), n_new, lower_abbr, OUT))
