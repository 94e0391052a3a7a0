#!/usr/bin/env python3
"""search-twentythird: held-out Swedish search queries judged over archive-combined-22.jsonl (500 records:
s001-s120, t001-t080, u001-u060, v001-v060, w001-w060, x001-x060, y001-y060).  No new archive.

Holds the 70 queries and their relevance judgments, checks them against the archive and writes
search-twentythird-queries.jsonl beside itself.  Reads archive-combined-22.jsonl beside itself if it is there,
else from /work/main/tests/data/heldout/.
Run: python3 search-twentythird.build.py
"""
import json, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
MAIN_HELDOUT = '/work/main/tests/data/heldout'
OUT = os.path.join(HERE, 'search-twentythird-queries.jsonl')
FIELDS = ['id', 'title', 'question', 'pseudonym', 'answer', 'signature', 'category', 'asked_at', 'answered_at']
KINDS = ['keyword', 'inflected', 'compound', 'synonym', 'misspelled', 'question', 'abbreviation']
PER_KIND = 10
MIN_PER_PART = 6
MIN_ABBREVS = 8
ABBREVS = ['LSS', 'LVU', 'LVM', 'SoL', 'HVB', 'BUP', 'FK', 'KFM', 'CSN', 'IVO', 'BBIC', 'SIP', 'MVC', 'BVC',
           'AF', 'JO', 'SFI', 'HSL', 'DO', 'SÄBO', 'LOV', 'IFO', 'VAB', 'SIS', 'EKB', 'LPT']
ORDINARY_WORDS = {'SoL', 'JO', 'DO', 'LOV', 'AF', 'FK'}   # lower case does not count for these
CASE_SENSITIVE = {'SoL', 'JO', 'DO', 'LOV', 'AF'}          # also Swedish words: only matched as written
PARTS = [('s', 120), ('t', 80), ('u', 60), ('v', 60), ('w', 60), ('x', 60), ('y', 60)]
COMB_FILE = 'archive-combined-22.jsonl'

# (kind, query, key token or '', evidence words that must occur in the grade-2 record, relevance)
Q = [
# ---- keyword (1-3 words)
('keyword', 'ex gps bilen', '', [], {'s005': 2, 'u016': 1}),
('keyword', 'duscha oftare äldreboende', '', [], {'s096': 2}),
('keyword', 'snattade kallelse soc', '', [], {'s108': 2, 't040': 1}),
('keyword', 'mamma samlar skräp', '', [], {'t003': 2, 'x031': 1}),
('keyword', 'gratis sprutor', '', [], {'t015': 2}),
('keyword', 'mediciner för dyra', '', [], {'u044': 2}),
('keyword', 'könsstympning utomlands flicka', '', [], {'v040': 2}),
('keyword', 'psykiskt sjuk granne', '', [], {'w057': 2, 'x031': 1, 's114': 1}),
('keyword', 'granne luktar urin', '', [], {'x031': 2, 'w057': 1, 's114': 1}),
('keyword', '8-åring tänder eld', '', [], {'y027': 2}),
# ---- inflected (key form absent from all 500 records, another form present in the grade-2 record)
('inflected', 'hittade haschet i sonens jacka', 'haschet', ['hasch'], {'s017': 2, 'w041': 1, 'x017': 1}),
('inflected', 'han ska skicka nakenbilderna till alla om jag inte kommer tillbaka', 'nakenbilderna', ['nakenbilder'],
 {'t052': 2, 'x034': 1}),
('inflected', 'hon har bytt låsen och mina saker är kvar i rummet jag hyrde', 'låsen', ['lås'], {'t006': 2, 'y036': 1}),
('inflected', 'min man är döende och vill vara hemma', 'döende', ['dö'], {'u045': 2}),
('inflected', 'dottern rymde igen i natt vad gör soc', 'rymde', ['rymt'], {'v007': 2}),
('inflected', 'ingen på boendet sa nåt om trycksåren på pappa', 'trycksåren', ['trycksår'], {'w044': 2, 'y031': 1}),
('inflected', 'jag våldtogs när jag sov på en fest', 'våldtogs', ['våldtagen'], {'x011': 2}),
('inflected', 'mamma ljög om bingon och lånade av alla', 'ljög', ['ljuger', 'bingo'], {'x003': 2, 'w018': 1, 's120': 1}),
('inflected', 'kompisen svimmade av ghb på efterfesten', 'svimmade', ['svimmat'], {'y044': 2, 'u025': 1}),
('inflected', 'morfar smällde till barnen på rumpan', 'smällde', ['smäll'], {'y003': 2}),
# ---- compound (key compound absent, its parts present in the grade-2 record)
('compound', 'inga matpengar kvar och soc tar tre veckor', 'matpengar', ['mat', 'pengar'],
 {'s044': 2, 't020': 1, 'x025': 1}),
('compound', 'får man ha nattkamera hos pappa som ramlar', 'nattkamera', ['natten', 'kamera'], {'t005': 2, 'v025': 1}),
('compound', 'min 14-åring har en nätpojkvän på 24', 'nätpojkvän', ['nätet', 'pojkvän'], {'u050': 2, 'w040': 1}),
('compound', 'sonen är oddsberoende och spelar på kompisens konto', 'oddsberoende', ['odds', 'beroende'], {'u008': 2}),
('compound', 'kan man söka barnvagnspengar från socialen', 'barnvagnspengar', ['barnvagn', 'pengar'], {'v048': 2}),
('compound', 'mamma vill inte ha manlig duschhjälp', 'duschhjälp', ['duschen', 'hjälpt'], {'w014': 2}),
('compound', 'dottern är besatt av kaloriräkning och äter inget', 'kaloriräkning', ['kalorier', 'räknar'], {'x049': 2}),
('compound', 'hittade en thcvejp i 14-åringens jacka', 'thcvejp', ['thc', 'vejp'], {'x017': 2, 's017': 1, 'w041': 1}),
('compound', 'har inte råd med hundoperation', 'hundoperation', ['hund', 'opereras'], {'y009': 2}),
('compound', 'mamma får vänta på blöjbyte hela natten', 'blöjbyte', ['blöjor', 'byta'], {'y031': 2, 't026': 1, 'v025': 1}),
# ---- synonym (key word absent; the grade-2 record says it with the evidence words)
('synonym', 'soc säger att vovven inte får följa med när jag blir hemlös', 'vovven', ['hund'], {'s021': 2, 'x054': 1}),
('synonym', 'måste jag lämna kissprov för att få pengar av soc', 'kissprov', ['urinprov'], {'s063': 2, 'x050': 1}),
('synonym', 'vår tjej har blivit hemmasittare vem hjälper oss', 'hemmasittare', ['skolfrånvaro'], {'t062': 2}),
('synonym', 'tror sonen juicar han är arg jämt', 'juicar', ['anabola'], {'u040': 2}),
('synonym', 'har inget leg och soc vill inte betala nytt', 'leg', ['legitimation'], {'v049': 2}),
('synonym', 'min dotter cuttar sig vad gör jag', 'cuttar', ['skär'], {'v036': 2, 'u035': 1}),
('synonym', 'vaknar med darret varje morgon vill sluta supa', 'darret', ['skakar'], {'w026': 2}),
('synonym', 'nån snodde plånboken med alla pengar jag hade', 'snodde', ['stal'], {'x025': 2}),
('synonym', 'kylen pajade och maten blev dålig', 'pajade', ['sönder'], {'x009': 2, 'v014': 1, 'v051': 1}),
('synonym', 'gubben knaprar smärtstillande sen operationen', 'knaprar', ['smärttabletterna'], {'y019': 2, 't056': 1}),
# ---- misspelled (key = realistic typo of the evidence word)
('misspelled', 'hyresvärden vill ha depositon kan soc betala', 'depositon', ['deposition'], {'s046': 2, 's024': 1}),
('misspelled', 'kan man få letsagare till konserter', 'letsagare', ['ledsagare'], {'s093': 2}),
('misspelled', 'hur funkar en kvinojour', 'kvinojour', ['kvinnojour'], {'t075': 2}),
('misspelled', 'inga pengar till julklapar åt barnen', 'julklapar', ['julklappar'], {'u042': 2}),
('misspelled', 'personalen förstörde mammas hörapperat vem betalar', 'hörapperat', ['hörapparat'], {'v057': 2}),
('misspelled', 'bilstod för rullstol', 'bilstod', ['bilstöd'], {'v019': 2}),
('misspelled', 'min son blir mobad i skolan kan soc göra nåt', 'mobad', ['mobbad'], {'w015': 2}),
('misspelled', 'tror jag har förlossningsdepresion känner inget för bebisen', 'förlossningsdepresion',
 ['förlossningsdepression'], {'w045': 2}),
('misspelled', 'hemtjänsten handlar votka åt pappa', 'votka', ['vodka'], {'x032': 2}),
('misspelled', 'frun har afasi efter strok vilken hjälp finns', 'strok', ['stroke'], {'y034': 2, 'x014': 1}),
# ---- question (lower case, 6-18 words, no punctuation, no abbreviation)
('question', 'kan det räknas som våldtäkt när det är ens egen man som inte slutar fast man säger nej', '', [],
 {'s111': 2}),
('question', 'vad gör man när ens egen son på femton knuffar och hotar en hemma', '', [], {'t076': 2, 'w042': 1}),
('question', 'jag är 15 och tar hand om mamma och lillebror kan någon hjälpa oss', '', [], {'u060': 2}),
('question', 'jag har skickat alla mina sparpengar till en man från nätet kan socialen hjälpa mig',
 '', [], {'v011': 2, 'v001': 1}),
('question', 'finns det nåt som stänger av spisen om pappa glömmer den på', '', [], {'v016': 2, 's028': 1}),
('question', 'vad ska jag göra när min bästis skriver att hon inte orkar leva och sen inte svarar', '', [],
 {'w060': 2}),
('question', 'kan hemtjänsten sluta komma till pappa för att han tar på personalen när han har demens', '', [],
 {'w021': 2, 'w029': 1}),
('question', 'hur får jag hjälp när min son på 15 går runt med kniv och hänger med äldre killar', '', [],
 {'x053': 2, 'v015': 1}),
('question', 'ska vi betala när någon hotar att sprida bilder på vår son', '', [], {'x034': 2, 't052': 1}),
('question', 'hur ska jag bemöta mamma som har demens när hon tror att jag snor hennes pengar', '', [], {'y039': 2}),
# ---- abbreviation (exactly one listed abbreviation + 1-5 other words)
('abbreviation', 'fyller 18 måste lämna ekb', '', [], {'t019': 2, 't033': 1, 's001': 1}),
('abbreviation', 'fått betalningsföreläggande från kfm', '', [], {'t032': 2}),
('abbreviation', 'maken förbjuder mig gå på sfi', '', [], {'v009': 2}),
('abbreviation', 'dottern skär sig väntar bup', '', [], {'u035': 2, 't062': 1, 'v036': 1, 's112': 1}),
('abbreviation', 'kan brorsan få en sip', '', [], {'v044': 2, 's112': 1, 's064': 1, 'y018': 1}),
('abbreviation', 'anmäla handläggare slöja till DO', '', [], {'s011': 2, 'y028': 1, 'u031': 1}),
('abbreviation', 'klaga hos JO på socialkontoret', '', [], {'u030': 2, 's053': 1}),
('abbreviation', 'fått brev om lvm utredning', '', [], {'x012': 2, 't024': 1}),
('abbreviation', 'psykotisk son vägrar vård lpt', '', [], {'w013': 2, 't057': 1}),
('abbreviation', 'mamma otrygg fick nej säbo', '', [], {'s116': 2}),
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
    err('%s must hold s001-s120, t001-t080, u001-u060, v001-v060, w001-w060, x001-x060, y001-y060 in order'
        % COMB_FILE)
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
if len(set(abbr_used)) < MIN_ABBREVS:
    err('abbreviation queries use only %d different abbreviations' % len(set(abbr_used)))

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
