#!/usr/bin/env python3
"""search-twentyfifth: held-out Swedish search queries judged over archive-combined-22.jsonl (500 records:
s001-s120, t001-t080, u001-u060, v001-v060, w001-w060, x001-x060, y001-y060).  No new archive.

Holds the 70 queries and their relevance judgments, checks them against the archive and writes
search-twentyfifth-queries.jsonl beside itself.  Reads archive-combined-22.jsonl beside itself if it is there,
else from /work/main/tests/data/heldout/.
Run: python3 search-twentyfifth.build.py
"""
import json, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
MAIN_HELDOUT = '/work/main/tests/data/heldout'
OUT = os.path.join(HERE, 'search-twentyfifth-queries.jsonl')
FIELDS = ['id', 'title', 'question', 'pseudonym', 'answer', 'signature', 'category', 'asked_at', 'answered_at']
KINDS = ['keyword', 'inflected', 'compound', 'synonym', 'misspelled', 'question', 'abbreviation']
PER_KIND = 10
MIN_PER_PART = 6
MIN_ABBREVS = 8
MIN_LOWER_ABBREVS = 4                                      # added in the twenty-fifth set
ABBREVS = ['LSS', 'LVU', 'LVM', 'SoL', 'HVB', 'BUP', 'FK', 'KFM', 'CSN', 'IVO', 'BBIC', 'SIP', 'MVC', 'BVC',
           'AF', 'JO', 'SFI', 'HSL', 'DO', 'SÄBO', 'LOV', 'IFO', 'VAB', 'SIS', 'EKB', 'LPT']
ORDINARY_WORDS = {'SoL', 'JO', 'DO', 'LOV', 'AF', 'FK'}   # lower case does not count for these
CASE_SENSITIVE = {'SoL', 'JO', 'DO', 'LOV', 'AF'}          # also Swedish words: only matched as written
PARTS = [('s', 120), ('t', 80), ('u', 60), ('v', 60), ('w', 60), ('x', 60), ('y', 60)]
COMB_FILE = 'archive-combined-22.jsonl'

# (kind, query, key token or '', evidence words that must occur in the grade-2 record, relevance)
Q = [
# ---- keyword (1-3 words)
('keyword', 'egen firma försörjningsstöd', '', [], {'s070': 2}),
('keyword', 'bygga ramp hemma', '', [], {'t008': 2, 's101': 1, 'u001': 1, 'y056': 1}),
('keyword', 'bor i husvagn', '', [], {'v030': 2}),
('keyword', 'skatteåterbäring soc', '', [], {'w001': 2}),
('keyword', 'ärva pappas skulder', '', [], {'x030': 2, 'v050': 1}),
('keyword', 'hemtjänsten stjäl pengar', '', [], {'x013': 2}),
('keyword', 'tuggar kat', '', [], {'v018': 2}),
('keyword', 'blått parkeringskort', '', [], {'t074': 2}),
('keyword', 'trygghetsboende ansöka', '', [], {'u022': 2}),
('keyword', 'sms-lån inkasso', '', [], {'w024': 2, 't012': 1}),
# ---- inflected (key form absent from all 500 records, another form in the grade-2 record)
('inflected', 'familjen tvingar mig att gifta mig med kusinen', 'kusinen', ['kusin'], {'s009': 2, 'w034': 1, 'x027': 1, 'u007': 1, 'u041': 1}),
('inflected', 'glasögonen gick sönder och jag har försörjningsstöd', 'glasögonen', ['glasögon'], {'t021': 2, 's015': 1}),
('inflected', 'hyresvärden målar bara över möglet', 'möglet', ['mögel'], {'u058': 2, 'v053': 1}),
('inflected', 'skyddat boende tar inte emot mina söner vart ska dom ta vägen', 'söner', ['son'], {'w012': 2}),
('inflected', 'mina bröder kontrollerar allt jag gör', 'bröder', ['bror'], {'t077': 2, 's009': 1, 'u041': 1, 'x027': 1}),
('inflected', 'dom vräkte mig för tre år sen och nu får jag ingen lägenhet', 'vräkte', ['vräkt'], {'s022': 2, 'v052': 1, 's032': 1}),
('inflected', 'personalen vill fälla upp grindarna på pappas säng', 'grindarna', ['grindar'], {'y022': 2, 's025': 1}),
('inflected', 'kompisar swishade mig och nu tror soc att jag fuskar', 'swishade', ['swishat'], {'t071': 2, 'y060': 1}),
('inflected', 'min bror har lurats på pengar fast han har god man', 'lurats', ['lurad'], {'u003': 2, 'x057': 1, 'w050': 1}),
('inflected', 'avlösning hemma så vi hinner med båda döttrarna', 'döttrarna', ['dotter'], {'v029': 2, 's002': 1}),
# ---- compound (key compound absent, its parts present in the grade-2 record)
('compound', 'hot om strömavstängning och jag har barn hemma', 'strömavstängning', ['strömmen', 'stänga'], {'s083': 2}),
('compound', 'finns det möbelbidrag när man fått egen lägenhet', 'möbelbidrag', ['möbler', 'bidrag'], {'s013': 2, 's024': 1}),
('compound', 'har inte råd med sonens fotbollsavgift', 'fotbollsavgift', ['fotboll', 'avgiften'], {'t027': 2, 'y050': 1}),
('compound', 'kan man söka klassresepengar från socialen', 'klassresepengar', ['klassresa', 'pengar'], {'y050': 2, 't027': 1}),
('compound', 'skolavstängning en vecka efter slagsmål får de göra så', 'skolavstängning', ['skolan', 'avstängd'], {'x029': 2}),
('compound', 'rullstolsanpassning av hyresrätt vem betalar', 'rullstolsanpassning', ['rullstol', 'anpassning'], {'u001': 2, 's101': 1, 't008': 1}),
('compound', 'har inte råd med begravningsresan till irak', 'begravningsresan', ['begravningen', 'resa'], {'y032': 2}),
('compound', 'vem ska ge pappa insulinsprutor när hemtjänsten säger nej', 'insulinsprutor', ['insulin', 'sprutor'], {'u002': 2}),
('compound', 'räknas internetkostnader in i försörjningsstödet', 'internetkostnader', ['internet', 'kostnader'], {'v012': 2}),
('compound', 'får assistenterna följa med på utlandssemester', 'utlandssemester', ['utomlands', 'semester'], {'w043': 2}),
# ---- synonym (key word absent; the grade-2 record says it its own way)
('synonym', 'maken sitter på kåken nu klarar jag inte hyran själv', 'kåken', ['fängelse', 'anstalt'], {'y001': 2}),
('synonym', 'hittade prillor i tolvåringens väska', 'prillor', ['nikotinpåsar'], {'y007': 2}),
('synonym', 'kan soc betala lappen om jag får jobb', 'lappen', ['körkort'], {'u043': 2}),
('synonym', 'en svindlare ringde mamma och fick hennes bankkoder', 'svindlare', ['bedragarna'], {'v001': 2}),
('synonym', 'vill veta vem som tjallade på oss till soc', 'tjallade', ['anmälan', 'anmält'], {'v059': 2}),
('synonym', 'växte upp med en alkis till farsa och mår fortfarande dåligt', 'alkis', ['alkoholister'], {'x033': 2}),
('synonym', 'sämre behandlad på soc för att jag är zigenare', 'zigenare', ['rom'], {'y028': 2, 's011': 1, 'u031': 1}),
('synonym', 'måste söka jobb fast ungen inte har dagisplats', 'dagisplats', ['förskoleplats'], {'w016': 2, 't029': 1}),
('synonym', 'helt pank och barnen har vuxit ur vinterkläderna', 'pank', ['inga', 'pengar'], {'w054': 2}),
('synonym', 'mitt ex stalkar mig utanför jobbet', 'stalkar', ['förföljer', 'förföljelse'], {'v041': 2, 's118': 1, 'u016': 1, 's005': 1}),
# ---- misspelled (key = realistic typo of the evidence word)
('misspelled', 'fick nej på färdjänst fast jag har artros', 'färdjänst', ['färdtjänst'], {'s058': 2}),
('misspelled', 'nej på skuldsannering kan jag söka igen', 'skuldsannering', ['skuldsanering'], {'w009': 2, 'u004': 1}),
('misspelled', 'avslag på personligassistans för vår son', 'personligassistans', ['personlig', 'assistans'], {'s041': 2}),
('misspelled', 'har inget uppehållstilstånd kan soc hjälpa med mat', 'uppehållstilstånd', ['uppehållstillstånd'], {'t013': 2, 'u013': 1, 'v046': 1, 'y012': 1}),
('misspelled', 'vad betyder laglighetsprövnig i beslutet', 'laglighetsprövnig', ['laglighetsprövning'], {'s117': 2}),
('misspelled', 'får man pengar till hemforsakring på soc', 'hemforsakring', ['hemförsäkring'], {'t023': 2, 'x041': 1}),
('misspelled', 'jag är pappa men har inte vardnaden hur får jag gemensam', 'vardnaden', ['vårdnaden'], {'u012': 2, 's056': 1}),
('misspelled', 'mardrommar varje natt efter flykten vart vänder jag mig', 'mardrommar', ['mardrömmar'], {'x044': 2}),
('misspelled', 'min styvpapa förgrep sig på mig när jag var liten', 'styvpapa', ['styvpappa'], {'x046': 2}),
('misspelled', 'tar hand om min man med parkisson och orkar inte', 'parkisson', ['parkinson'], {'u009': 2, 's045': 1, 't069': 1}),
# ---- question (lower case, 6-18 words, no punctuation)
('question', 'kan det verkligen vara en dator som bestämt att jag inte får nåt bidrag', '', [], {'u054': 2}),
('question', 'vad gör man om handläggaren på soc är syster till en granne man är osams med', '', [], {'s065': 2, 's067': 1, 'x008': 1}),
('question', 'måste jag släppa in handläggaren när hon vill komma hem och kolla hur jag bor', '', [], {'x060': 2, 's040': 1}),
('question', 'kan socialen tipsa polisen om var vi bor om vi har fått utvisning', '', [], {'u013': 2, 't013': 1}),
('question', 'får min kusin som jobbar på socialen läsa mina papper och snacka om det med släkten', '', [], {'x008': 2, 's065': 1}),
('question', 'varför ringer socialsekreteraren bara mamman och aldrig mig fast vi har gemensam vårdnad', '', [], {'y040': 2}),
('question', 'kan jag be om en annan tolk när tolken är släkt med min mans familj', '', [], {'w038': 2, 'v009': 1}),
('question', 'jag är 15 kan jag gå till socialen själv utan att mina föräldrar får veta', '', [], {'v020': 2, 's060': 1}),
('question', 'kan jag ha mötet med soc på telefon för jag får panik på kontoret', '', [], {'x052': 2, 's054': 1, 'w053': 1}),
('question', 'varför vill socialsekreteraren inte säga nåt till mig om min vuxna dotter som missbrukar', '', [], {'t055': 2, 's080': 1, 'w048': 1, 's029': 1}),
# ---- abbreviation (exactly one listed abbreviation plus 1-5 other words)
('abbreviation', 'ivo mamma får lugnande utan samtycke', '', [], {'u034': 2}),
('abbreviation', 'kan inte betala csn räkningen', '', [], {'u033': 2, 'x015': 1}),
('abbreviation', 'säga till mvc att jag dricker', '', [], {'t009': 2}),
('abbreviation', 'bvc anmälde oss bebis vikt', '', [], {'y010': 2, 's097': 1}),
('abbreviation', 'vab dagar slut epilepsi', '', [], {'y005': 2, 'w028': 1, 's030': 1}),
('abbreviation', 'sonen placerad på sis hur länge', '', [], {'w017': 2}),
('abbreviation', 'AF praktik busskort vem betalar', '', [], {'y037': 2}),
('abbreviation', 'LOV byta hemtjänst', '', [], {'s085': 2, 's107': 1}),
('abbreviation', 'ta hem dottern från hvb', '', [], {'v013': 2, 'u052': 1, 's038': 1}),
('abbreviation', 'lvu familjehemmet vill ta vårdnaden', '', [], {'x024': 2, 't022': 1}),
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
