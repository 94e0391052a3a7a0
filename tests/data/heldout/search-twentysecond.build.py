#!/usr/bin/env python3
"""search-twentysecond: held-out Swedish search queries judged over archive-combined-22.jsonl (500 records:
s001-s120, t001-t080, u001-u060, v001-v060, w001-w060, x001-x060 from archive-combined-21.jsonl, then the new
y001-y060).

Holds the 98 queries and their relevance judgments, checks the new archive and the queries, and writes
search-twentysecond-queries.jsonl beside itself.  Needs archive-twentysecond.jsonl and archive-combined-22.jsonl
beside itself; archive-combined-21.jsonl is read beside itself if it is there, else from
/work/main/tests/data/heldout/.
Run: python3 search-twentysecond.build.py
"""
import json, os, re, sys
from collections import Counter
from datetime import datetime

HERE = os.path.dirname(os.path.abspath(__file__))
MAIN_HELDOUT = '/work/main/tests/data/heldout'
OUT = os.path.join(HERE, 'search-twentysecond-queries.jsonl')
FIELDS = ['id', 'title', 'question', 'pseudonym', 'answer', 'signature', 'category', 'asked_at', 'answered_at']
KINDS = ['keyword', 'inflected', 'compound', 'synonym', 'misspelled', 'question', 'abbreviation']
PER_KIND = 14
ABBREVS = ['LSS', 'LVU', 'LVM', 'SoL', 'HVB', 'BUP', 'FK', 'KFM', 'CSN', 'IVO', 'BBIC', 'SIP', 'MVC', 'BVC',
           'AF', 'JO', 'SFI', 'HSL', 'DO', 'SÄBO', 'LOV', 'IFO', 'VAB', 'SIS', 'EKB', 'LPT']
ORDINARY_WORDS = {'SoL', 'JO', 'DO', 'LOV', 'AF', 'FK'}   # lower case does not count for these
CASE_SENSITIVE = {'SoL', 'JO', 'DO', 'LOV', 'AF'}          # also Swedish words: only matched as written
STOCK = {'ta hand om dig!', 'ta hand om er!'}              # closing phrases shared with the old records
OLD_PARTS = [('s', 120), ('t', 80), ('u', 60), ('v', 60), ('w', 60), ('x', 60)]
NEW_PREFIX, N_NEW = 'y', 60
OLD_FILE, NEW_FILE, COMB_FILE = 'archive-combined-21.jsonl', 'archive-twentysecond.jsonl', 'archive-combined-22.jsonl'

# (kind, query, key token or '', evidence words that must occur in the grade-2 record, relevance)
Q = [
# ---- keyword (1-3 words)
('keyword', 'flygbiljett begravning utomlands', '', [], {'y032': 2}),
('keyword', 'abort utan föräldrar', '', [], {'y051': 2}),
('keyword', 'ghb kompis medvetslös', '', [], {'y044': 2, 'u025': 1}),
('keyword', 'kollega luktar alkohol', '', [], {'y026': 2}),
('keyword', 'assistent kränker mig', '', [], {'y055': 2, 't025': 1, 'v055': 1}),
('keyword', 'afasi efter stroke', '', [], {'y034': 2, 'x014': 1}),
('keyword', 'eu-medborgare sover ute', '', [], {'y012': 2, 'v046': 1}),
('keyword', 'kontraktsvård', '', [], {'t034': 2}),
('keyword', 'ungdomstjänst son 16', '', [], {'w032': 2, 't040': 1}),
('keyword', 'laglighetsprövning', '', [], {'s117': 2}),
('keyword', 'betalningsanmärkningar hyresvärd', '', [], {'v052': 2, 's022': 1, 's032': 1, 'v017': 1}),
('keyword', 'medling grannens bil', '', [], {'u011': 2}),
('keyword', 'kat narkotika', '', [], {'v018': 2}),
('keyword', 'god man omyndig', '', [], {'s084': 2, 'w050': 1, 'u003': 1}),
# ---- inflected (key form absent from all 500 records, another form present in the grade-2 record)
('inflected', 'räknas inneboendes hyra som inkomst på försörjningsstödet', 'inneboendes', ['inneboende'], {'y024': 2}),
('inflected', 'kan mostrar bli familjehem åt sin systers barn', 'mostrar', ['moster'], {'y023': 2, 'u006': 1, 's075': 1, 'y054': 1}),
('inflected', 'sonen tände eld på en papperskorg i skolan', 'tände', ['tända'], {'y027': 2}),
('inflected', 'han ströp mig nästan när vi bråkade', 'ströp', ['strypa'], {'y002': 2, 't070': 1, 'x037': 1}),
('inflected', 'mamma delar ut örfilar fast jag är vuxen', 'örfilar', ['örfil'], {'y030': 2, 'u041': 1}),
('inflected', 'mamma med demens tror att jag har stulit hennes smycken', 'stulit', ['stjäl'], {'y039': 2}),
('inflected', 'mamma får ligga i blöt blöja halva natten', 'blöja', ['blöjor'], {'y031': 2, 't026': 1, 'v025': 1}),
('inflected', 'soc polisanmälde mig för bidragsbrott vad händer nu', 'polisanmälde', ['polisanmält'], {'y060': 2, 't071': 1}),
('inflected', 'har inte råd med vinteroverall till barnen', 'vinteroverall', ['vinteroverallerna'], {'w054': 2}),
('inflected', 'vi avhyses på fredag vart tar vi vägen', 'avhyses', ['avhysas'], {'s050': 2, 's031': 1}),
('inflected', 'barnen hämtades av polisen mitt i natten', 'hämtades', ['hämtade'], {'t038': 2, 's038': 1, 'v058': 1}),
('inflected', 'elräkningarna har blivit dubbelt så dyra och soc godkänner inte allt', 'elräkningarna', ['elräkningen'], {'w031': 2, 's083': 1}),
('inflected', 'pappa har tagit passet och vill gifta bort mig', 'passet', ['pass'], {'w034': 2, 's009': 1, 'u007': 1, 'x027': 1}),
('inflected', 'vägglus i barnens sängar vem betalar saneringen', 'vägglus', ['vägglöss'], {'v053': 2}),
# ---- compound (key compound absent, its parts present in the grade-2 record)
('compound', 'hundens veterinärräkning kan soc betala', 'veterinärräkning', ['veterinären', 'räkningen'], {'y009': 2}),
('compound', 'kan soc betala bussbiljetten till praktiken', 'bussbiljetten', ['bussen', 'biljetten'], {'y037': 2, 'y043': 1}),
('compound', 'barnbortförande pappan tog barnen till turkiet', 'barnbortförande', ['bortförande', 'barn'], {'y017': 2, 'x058': 1}),
('compound', 'nattfastan är alldeles för lång på mammas boende', 'nattfastan', ['natten', 'fasta'], {'y004': 2, 'v021': 1}),
('compound', 'sänggrindar på demensboende utan samtycke', 'sänggrindar', ['grindar', 'sängen'], {'y022': 2, 's025': 1}),
('compound', 'sommarfritids för 14-åring med autism', 'sommarfritids', ['sommaren', 'fritids'], {'y059': 2, 't050': 1, 'w005': 1}),
('compound', 'störningsklagomål från grannar på vårt barn med adhd', 'störningsklagomål', ['störningar', 'klagomål'], {'y020': 2, 's064': 1}),
('compound', 'bor i ett källarförråd hos en kompis', 'källarförråd', ['källaren', 'förråd'], {'y006': 2, 'u017': 1, 'v030': 1}),
('compound', 'får barnbarnet bo i mormors seniorlägenhet', 'seniorlägenhet', ['seniorer', 'lägenhet'], {'y054': 2}),
('compound', 'fått hyresuppsägning för att sjukpenningen inte kommit', 'hyresuppsägning', ['hyran', 'uppsägningen'], {'s031': 2, 's050': 1, 'w003': 1}),
('compound', 'medborgarskapsansökan efter försörjningsstöd', 'medborgarskapsansökan', ['medborgarskap', 'ansökan'], {'u059': 2}),
('compound', 'tentastress tar elvanse utan recept', 'tentastress', ['tentor', 'stress'], {'v022': 2}),
('compound', 'felaktig journalanteckning hos soc', 'journalanteckning', ['journalen', 'anteckning'], {'t066': 2, 's088': 1}),
('compound', 'lustgaspatroner i tonårssonens rum', 'lustgaspatroner', ['lustgas', 'patroner'], {'u055': 2}),
# ---- synonym (key word absent; the grade-2 record says it with the evidence words)
('synonym', 'gubben sitter på kåken hur betalar jag hyran', 'kåken', ['fängelse', 'anstalt'], {'y001': 2, 'w022': 1}),
('synonym', 'skicka pengar hem med hawala när man har bidrag', 'hawala', ['skicka', 'pengar'], {'y058': 2}),
('synonym', 'morfar smiskar barnen när han är barnvakt', 'smiskar', ['slår'], {'y003': 2}),
('synonym', 'socialtanten lyssnar bara på mamman', 'socialtanten', ['socialsekreteraren'], {'y040': 2}),
('synonym', 'farfar körde rattfull med barnbarnen', 'rattfull', ['berusad', 'bilen'], {'y011': 2, 's036': 1}),
('synonym', 'dottern är 12 och har börjat med zyn', 'zyn', ['nikotinpåsar'], {'y007': 2}),
('synonym', 'vill sluta langa men är skyldig pengar', 'langa', ['sälja', 'droger'], {'y053': 2}),
('synonym', 'misshandlad i en samkönad relation', 'samkönad', ['kvinnor', 'flickvän'], {'y013': 2, 's047': 1, 'w049': 1}),
('synonym', 'manodepressiv och soc skickar mig till psykiatrin', 'manodepressiv', ['bipolär'], {'y018': 2, 's112': 1, 'v044': 1, 't030': 1}),
('synonym', 'hyresvärden snokar i mitt rum', 'snokar', ['igenom', 'saker'], {'y036': 2, 't006': 1}),
('synonym', 'blind och gravid vilket stöd finns', 'blind', ['synskadad'], {'y049': 2, 'u049': 1}),
('synonym', 'dottern 15 kom hem aspackad', 'aspackad', ['full'], {'t044': 2}),
('synonym', 'har hamnat i en lånekarusell och vågar inte öppna breven', 'lånekarusell', ['lån'], {'w024': 2, 't012': 1}),
('synonym', 'min son är nyckelbarn får han vara ensam efter skolan', 'nyckelbarn', ['ensam', 'hemma'], {'v035': 2}),
# ---- misspelled (key = realistic typo of the evidence word)
('misspelled', 'klasresan kostar för mycket har försörjningsstöd', 'klasresan', ['klassresan'], {'y050': 2, 't027': 1}),
('misspelled', 'dottern vägrar umgägnet hos pappa', 'umgägnet', ['umgänget'], {'y045': 2, 'u005': 1, 's115': 1}),
('misspelled', 'maken beroende av oxikodon efter operationen', 'oxikodon', ['oxykodon'], {'y019': 2, 't056': 1, 'v006': 1}),
('misspelled', 'sonen har slagit sin flickvänn', 'flickvänn', ['flickvän'], {'y038': 2, 's076': 1}),
('misspelled', 'pappa har alzeimer och går ut på nätterna', 'alzeimer', ['alzheimer'], {'y014': 2, 's025': 1}),
('misspelled', 'hemtjansten pratar i telefon hela besöket', 'hemtjansten', ['hemtjänsten'], {'y048': 2, 's107': 1}),
('misspelled', 'vuxen son med autism behöver boendestod', 'boendestod', ['boendestöd'], {'y015': 2, 'w035': 1, 's078': 1, 'u014': 1}),
('misspelled', 'nekad elrulstol av hjälpmedelscentralen', 'elrulstol', ['elrullstol'], {'y042': 2, 't045': 1}),
('misspelled', 'måste jag skriva på samtyke till soc', 'samtyke', ['samtycke'], {'y008': 2, 't043': 1, 's089': 1}),
('misspelled', 'vad är skydat boende', 'skydat', ['skyddat'], {'s092': 2, 'w012': 1}),
('misspelled', 'vad frågar de i en barnavårsutredning', 'barnavårsutredning', ['barnavårdsutredning'], {'t041': 2, 'v008': 1, 's097': 1}),
('misspelled', 'bror har fått förvalltare vill ta bort det', 'förvalltare', ['förvaltare'], {'w050': 2}),
('misspelled', 'vill sänka mina asistanstimmar vid omprövningen', 'asistanstimmar', ['assistanstimmar'], {'u036': 2, 's041': 1}),
('misspelled', 'vann i förvaltingsrätten men kommunen betalar inte', 'förvaltingsrätten', ['förvaltningsrätten'], {'w023': 2, 's062': 1}),
# ---- question (lower case, 6-18 words, no punctuation, no abbreviation)
('question', 'jag kör ut mat via en app och tjänar olika varje månad hur räknar soc då', '', [], {'y016': 2, 's070': 1}),
('question', 'har fått jobb men första lönen kommer om åtta veckor kan soc hjälpa mig tills dess', '', [], {'y043': 2, 's027': 1, 't020': 1}),
('question', 'min son vill träffa sin pappa som han aldrig har träffat hur går man tillväga', '', [], {'y057': 2}),
('question', 'kan socialen ta mina barn om jag röker gräs på kvällarna när de sover', '', [], {'y035': 2, 's057': 1}),
('question', 'min man har kontrollerat mig i femtio år är det för sent att lämna honom nu', '', [], {'y047': 2, 's026': 1, 'w004': 1, 's090': 1, 'x019': 1, 'u026': 1}),
('question', 'jag bor på skyddat boende men vill flytta tillbaka till honom får jag det', '', [], {'y021': 2}),
('question', 'pappa kommer inte ut för att huset saknar hiss vad kan kommunen göra', '', [], {'y056': 2, 't008': 1}),
('question', 'har bott utomlands i tio år och flyttat hem utan bostad vilken kommun ska hjälpa mig', '', [], {'y046': 2, 's079': 1}),
('question', 'får jag spela in mötet med min socialsekreterare utan att säga det', '', [], {'s088': 2}),
('question', 'varför svarar min handläggare aldrig när jag ringer', '', [], {'t042': 2, 's042': 1}),
('question', 'kan jag ta med en vän till mötet på soc för jag blir så nervös', '', [], {'s054': 2, 's088': 1, 's067': 1, 'x052': 1}),
('question', 'är det en dator som har bestämt att jag fick avslag på bidraget', '', [], {'u054': 2}),
('question', 'jag missade att överklaga i tid kan jag göra något ändå', '', [], {'w008': 2, 's037': 1}),
('question', 'får jag flytta till en annan stad med barnen om pappan säger nej', '', [], {'t037': 2}),
# ---- abbreviation (exactly one listed abbreviation + 1-5 other words)
('abbreviation', 'bvc orosanmälan bebis vikt', '', [], {'y010': 2, 's097': 1}),
('abbreviation', 'hvb frivillig placering 16 åring', '', [], {'y033': 2, 'v013': 1, 'u052': 1}),
('abbreviation', 'slut på vab dagar epilepsi', '', [], {'y005': 2, 's030': 1, 'w028': 1}),
('abbreviation', 'LSS demens under 65', '', [], {'y025': 2, 'x014': 1, 's077': 1, 'y034': 1}),
('abbreviation', 'utskriven från lpt utan bostad', '', [], {'y029': 2, 'x018': 1, 'v044': 1}),
('abbreviation', 'beslut enligt SoL förstår inte', '', [], {'y052': 2, 'v051': 1, 's037': 1, 's117': 1, 'u054': 1}),
('abbreviation', 'IFO chef klagomål på handläggare', '', [], {'y041': 2, 's067': 1, 't010': 1, 's053': 1, 's011': 1}),
('abbreviation', 'anmäla diskriminering socialtjänsten till DO', '', [], {'y028': 2, 's011': 1, 'u031': 1, 'w053': 1}),
('abbreviation', 'sfi krav för försörjningsstöd', '', [], {'t029': 2, 't054': 1}),
('abbreviation', 'csn skuld kan soc hjälpa', '', [], {'u033': 2, 'x015': 1}),
('abbreviation', 'sis ungdomshem hur länge', '', [], {'w017': 2, 'v039': 1}),
('abbreviation', 'vad är BBIC', '', [], {'v008': 2, 't041': 1}),
('abbreviation', 'insulin HSL eller hemtjänst', '', [], {'u002': 2}),
('abbreviation', 'kfm tar nästan hela lönen', '', [], {'s087': 2, 'u004': 1}),
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
p_old = os.path.join(HERE, OLD_FILE)
if not os.path.exists(p_old):
    p_old = os.path.join(MAIN_HELDOUT, OLD_FILE)
old = load(p_old)
new = load(os.path.join(HERE, NEW_FILE))
comb = load(os.path.join(HERE, COMB_FILE))
old_ids = ['%s%03d' % (p, i) for p, n in OLD_PARTS for i in range(1, n + 1)]
new_ids = ['%s%03d' % (NEW_PREFIX, i) for i in range(1, N_NEW + 1)]
if [r.get('id') for r in old] != old_ids:
    err('%s must hold exactly s001-s120, t001-t080, u001-u060, v001-v060, w001-w060, x001-x060 in order' % OLD_FILE)
if [r.get('id') for r in new] != new_ids:
    err('%s must hold exactly y001-y060 in order' % NEW_FILE)
if [r.get('id') for r in comb] != old_ids + new_ids:
    err('%s must hold s001-s120, t001-t080, u001-u060, v001-v060, w001-w060, x001-x060, y001-y060 in order'
        % COMB_FILE)
else:
    with open(p_old, encoding='utf-8') as f:
        old_lines = [l.rstrip('\n') for l in f if l.strip()]
    with open(os.path.join(HERE, COMB_FILE), encoding='utf-8') as f:
        comb_lines = [l.rstrip('\n') for l in f if l.strip()]
    if comb_lines[:len(old_lines)] != old_lines:
        err('first %d lines of %s differ from %s' % (len(old_lines), COMB_FILE, OLD_FILE))
    if comb[len(old):] != new:
        err('last 60 records of %s differ from %s' % (COMB_FILE, NEW_FILE))
for r in comb:
    if list(r.keys()) != FIELDS:
        err('%s: fields/order %s' % (r.get('id'), list(r.keys())))
cats = {r['category'] for r in old}
sigs = {r['signature'] for r in old}
last_old = max(datetime.fromisoformat(r['asked_at']) for r in old)
prev_asked = None
for r in new:
    rid = r.get('id')
    if list(r.keys()) != FIELDS:
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
    err('duplicate titles in the %d records' % len(comb))
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
print('queries with exactly one relevant record: %d' % sum(1 for *_, r in Q if len(r) == 1))
