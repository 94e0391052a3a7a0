#!/usr/bin/env python3
"""search-twentyfirst: held-out Swedish search queries judged over archive-combined-21.jsonl (440 records:
s001-s120, t001-t080, u001-u060, v001-v060, w001-w060 from archive-combined-20.jsonl, then the new x001-x060).

Holds the 98 queries and their relevance judgments, checks the new archive and the queries, and writes
search-twentyfirst-queries.jsonl beside itself.  Needs archive-twentyfirst.jsonl and archive-combined-21.jsonl
beside itself; archive-combined-20.jsonl is read beside itself if it is there, else from
/work/main/tests/data/heldout/.
Run: python3 search-twentyfirst.build.py
"""
import json, os, re, sys
from collections import Counter
from datetime import datetime

HERE = os.path.dirname(os.path.abspath(__file__))
MAIN_HELDOUT = '/work/main/tests/data/heldout'
OUT = os.path.join(HERE, 'search-twentyfirst-queries.jsonl')
FIELDS = ['id', 'title', 'question', 'pseudonym', 'answer', 'signature', 'category', 'asked_at', 'answered_at']
KINDS = ['keyword', 'inflected', 'compound', 'synonym', 'misspelled', 'question', 'abbreviation']
PER_KIND = 14
ABBREVS = ['LSS', 'LVU', 'LVM', 'SoL', 'HVB', 'BUP', 'FK', 'KFM', 'CSN', 'IVO', 'BBIC', 'SIP', 'MVC', 'BVC',
           'AF', 'JO', 'SFI', 'HSL', 'DO', 'SÄBO', 'LOV', 'IFO', 'VAB', 'SIS', 'EKB', 'LPT']
ORDINARY_WORDS = {'SoL', 'JO', 'DO', 'LOV', 'AF', 'FK'}   # lower case does not count for these
CASE_SENSITIVE = {'SoL', 'JO', 'DO', 'LOV', 'AF'}          # also Swedish words: only matched as written
STOCK = {'ta hand om dig!', 'ta hand om er!'}              # closing phrases shared with the old records
OLD_PARTS = [('s', 120), ('t', 80), ('u', 60), ('v', 60), ('w', 60)]
NEW_PREFIX, N_NEW = 'x', 60
OLD_FILE, NEW_FILE, COMB_FILE = 'archive-combined-20.jsonl', 'archive-twentyfirst.jsonl', 'archive-combined-21.jsonl'

# (kind, query, key token or '', evidence words that must occur in the grade-2 record, relevance)
Q = [
# ---- keyword (1-3 words)
('keyword', 'thc vape tonåring', '', [], {'x017': 2, 'w041': 1, 's017': 1}),
('keyword', 'avstängning grundskola', '', [], {'x029': 2}),
('keyword', 'nakenbilder utpressning tonåring', '', [], {'x034': 2, 't052': 1, 'w040': 1}),
('keyword', 'förälskad demensboende', '', [], {'x048': 2, 'v003': 1}),
('keyword', 'social fobi distansmöte', '', [], {'x052': 2, 'w053': 1}),
('keyword', 'tvinga äldreboende', '', [], {'x004': 2, 's028': 1}),
('keyword', 'riksnorm ensamstående barn', '', [], {'x041': 2, 'v012': 1, 't063': 1, 't068': 1}),
('keyword', 'övervakningskamera dement', '', [], {'t005': 2, 'v025': 1}),
('keyword', 'sprutbyte', '', [], {'t015': 2}),
('keyword', 'romansbedrägeri', '', [], {'v011': 2, 'v001': 1}),
('keyword', 'personligt ombud', '', [], {'s069': 2, 'w035': 1}),
('keyword', 'parterapi kostnad', '', [], {'t065': 2}),
('keyword', 'kontaktförbud ex', '', [], {'s118': 2, 'v041': 1}),
('keyword', 'adoption hemutredning', '', [], {'t049': 2}),
# ---- inflected (key form absent from all 440 records, another form present in the grade-2 record)
('inflected', 'misshandlades och fick skadestånd räknas det som inkomst', 'misshandlades', ['misshandlad'],
 {'x001': 2, 'v042': 1, 't011': 1}),
('inflected', 'våldtogs på en fest när jag var full', 'våldtogs', ['våldtagen'], {'x011': 2, 's111': 1}),
('inflected', 'autistisk son har stuckit från skolan flera gånger', 'stuckit', ['stack'], {'x021': 2, 'w030': 1}),
('inflected', 'pappa har supit hela min uppväxt nu har jag ångest', 'supit', ['söp'], {'x033': 2, 's104': 1}),
('inflected', 'drar linor varje helg och vill sluta', 'linor', ['lina'], {'x026': 2, 'u025': 1}),
('inflected', 'får man ta med katter på skyddat boende', 'katter', ['katten'], {'x054': 2, 's092': 1, 's021': 1}),
('inflected', 'utslängda av sambon med två små barn', 'utslängda', ['slängde'], {'x043': 2, 'v002': 1, 't006': 1, 'x007': 1}),
('inflected', 'låna rollatorer och duschpallar', 'rollatorer', ['rollator'], {'t045': 2}),
('inflected', 'möglet i badrummet och värden struntar i det', 'möglet', ['mögel'], {'u058': 2}),
('inflected', 'ingen julklapp till ungarna soc hjälp', 'julklapp', ['julklappar'], {'u042': 2}),
('inflected', 'bor i husvagnen nu när det blir minusgrader', 'husvagnen', ['husvagn'], {'v030': 2, 't014': 1, 'v046': 1}),
('inflected', 'bilstödet ombyggnad för rullstol', 'bilstödet', ['bilstöd'], {'v019': 2}),
('inflected', 'glasögonen krossades och jag har försörjningsstöd', 'glasögonen', ['glasögon'], {'t021': 2, 's015': 1}),
('inflected', 'inga teckenspråkstolkar på socialkontoret döv', 'teckenspråkstolkar', ['teckenspråkstolk'],
 {'u031': 2, 's051': 1}),
# ---- compound (key compound absent, its parts present in the grade-2 record)
('compound', 'nätbingo pensionär lånar av familjen', 'nätbingo', ['bingo', 'nätet'], {'x003': 2, 'w018': 1, 's120': 1}),
('compound', 'eftervårdsboende ut från behandling ingen lägenhet', 'eftervårdsboende', ['eftervård', 'boende'],
 {'x018': 2, 'u039': 1, 'v031': 1, 's081': 1}),
('compound', 'äldrevåld mellan mina föräldrar', 'äldrevåld', ['våld', 'äldre'],
 {'x019': 2, 'u026': 1, 't036': 1, 'v026': 1, 's023': 1}),
('compound', 'samboinkomst räknas fast han inte delar', 'samboinkomst', ['sambo', 'inkomst'], {'x020': 2, 's048': 1}),
('compound', 'stank från grannlägenheten äldre man', 'grannlägenheten', ['grannens', 'lägenhet'],
 {'x031': 2, 't003': 1, 'w057': 1, 's114': 1}),
('compound', 'kuratorssekretess mot föräldrar till 14-åring', 'kuratorssekretess', ['kuratorn', 'sekretess'],
 {'x045': 2, 'v020': 1, 's060': 1}),
('compound', 'urinprovskrav fast nykter över ett år', 'urinprovskrav', ['urinprov', 'kräver'], {'x050': 2, 's063': 1}),
('compound', 'gängkriminalitet 15-åring kniv', 'gängkriminalitet', ['gäng', 'kriminalitet'],
 {'x053': 2, 'v015': 1, 't040': 1}),
('compound', 'familjehemsbyte mormor orolig för barnbarnet', 'familjehemsbyte', ['familjehem', 'byte'],
 {'x059': 2, 's068': 1}),
('compound', 'fotbollsavgiften för sonen bistånd', 'fotbollsavgiften', ['fotboll', 'avgiften'], {'t027': 2, 'u042': 1}),
('compound', 'hemtjänstavgiften äter upp hela pensionen', 'hemtjänstavgiften', ['hemtjänsten', 'avgiften'],
 {'s007': 2, 't028': 1, 'v010': 1, 's020': 1}),
('compound', 'tandläkarkostnaden svullen kind soc', 'tandläkarkostnaden', ['tandläkaren', 'kostnaden'],
 {'s008': 2, 'w008': 1}),
('compound', 'medicinkostnader sjukersättning räcker inte', 'medicinkostnader', ['mediciner', 'kostnader'],
 {'u044': 2, 't073': 1}),
('compound', 'barnpsykiatriremissen dröjer dottern självskadar', 'barnpsykiatriremissen', ['barnpsykiatrin', 'remiss'],
 {'u035': 2, 'v036': 1}),
# ---- synonym (key word absent; the grade-2 record says it with the evidence words)
('synonym', 'pojkvän daskade till mig jag är 17', 'daskade', ['slog'], {'x002': 2, 'v024': 1, 'v020': 1}),
('synonym', 'droppade ut från uni söka försörjningsstöd', 'uni', ['universitetet'],
 {'x015': 2, 's100': 1, 't054': 1}),
('synonym', 'sambon är deppig och kommer inte ur sängen', 'deppig', ['deprimerad'], {'x028': 2, 't057': 1, 's078': 1}),
('synonym', 'hemtjänsten köper brännvin åt min gamle far', 'brännvin', ['vodka', 'sprit'],
 {'x032': 2, 's034': 1, 'u015': 1}),
('synonym', 'dotter med trisomi 21 blir myndig vad händer', 'trisomi', ['Downs'], {'x036': 2, 's059': 1, 't031': 1}),
('synonym', 'ptsd efter flykten kan inte sova', 'ptsd', ['trauma'], {'x044': 2}),
('synonym', 'incest som barn av styvfar går det att anmäla nu', 'incest', ['förgrep'], {'x046': 2}),
('synonym', 'sonen langade knark hemifrån hyresvärden säger upp', 'langade', ['sålde'], {'x051': 2, 's064': 1}),
('synonym', 'snyltare lever på vår dotter som har utvecklingsstörning', 'snyltare', ['utnyttjas'],
 {'x057': 2, 'u003': 1}),
('synonym', 'belåna villan för att betala sonens skulder', 'villan', ['huset'], {'x056': 2, 't012': 1, 'w024': 1}),
('synonym', 'förlorar jag lappen om jag tar hjälp för mitt supande', 'lappen', ['körkortet'], {'s004': 2, 's057': 1}),
('synonym', 'beroende av benso som läkaren skrev ut', 'benso', ['lugnande'], {'t056': 2, 'u015': 1}),
('synonym', 'handikapptillstånd parkering nära affären', 'handikapptillstånd', ['parkeringstillstånd'], {'t074': 2}),
('synonym', 'kvinnlig omskärelse brorsdotter resa till hemlandet', 'omskärelse', ['könsstympning'],
 {'v040': 2, 'u007': 1}),
# ---- misspelled (key = realistic typo of the evidence word)
('misspelled', 'kusin på socialen bröt sekertessen', 'sekertessen', ['sekretessen'],
 {'x008': 2, 's065': 1, 't035': 1, 's089': 1}),
('misspelled', 'kylskop trasigt maten förstördes', 'kylskop', ['kylskåp'], {'x009': 2, 'v014': 1, 's013': 1, 'v051': 1}),
('misspelled', 'personalen snor pengar ur plånbocken misstänker hemtjänsten', 'plånbocken', ['plånboken'],
 {'x013': 2, 'v057': 1, 't026': 1}),
('misspelled', 'exet gör falska orosanmälnigar', 'orosanmälnigar', ['orosanmälningar'], {'x016': 2, 'v059': 1, 's097': 1}),
('misspelled', 'vårnadsöverflyttning familjehemmet mamma vill ha hem sonen', 'vårnadsöverflyttning',
 ['vårdnadsöverflyttning'], {'x024': 2, 't022': 1, 'u052': 1}),
('misspelled', 'hederrelaterat hot 19 år flytt hemifrån', 'hederrelaterat', ['hedersrelaterat'],
 {'x027': 2, 's009': 1, 'u041': 1, 't077': 1}),
('misspelled', 'skickade in överklagan för länge sen inget hänt', 'överklagan', ['överklagande'],
 {'x038': 2, 's012': 1, 's037': 1, 't046': 1}),
('misspelled', 'äldreförsörjningstöd mamma kom hit som pensionär', 'äldreförsörjningstöd', ['äldreförsörjningsstöd'],
 {'x047': 2, 's020': 1, 'v010': 1}),
('misspelled', 'uppehålstillstånd saknas kan kommunen hjälpa', 'uppehålstillstånd', ['uppehållstillstånd'],
 {'t013': 2, 'u013': 1, 'v046': 1}),
('misspelled', 'trygghetboende vem får flytta dit', 'trygghetboende', ['trygghetsboende'], {'u022': 2}),
('misspelled', 'brottskadeersättning gärningsmannen saknar pengar', 'brottskadeersättning', ['brottsskadeersättning'],
 {'v042': 2, 'x001': 1}),
('misspelled', 'subotex eller metadon kö', 'subotex', ['Subutex'], {'t047': 2, 's052': 1}),
('misspelled', 'grupbostad kö lång väntan', 'grupbostad', ['gruppbostad'], {'s059': 2, 'u014': 1, 's062': 1}),
('misspelled', 'skuldsannering nekad vad gör jag nu', 'skuldsannering', ['skuldsanering'],
 {'w009': 2, 'u004': 1, 't012': 1, 's087': 1}),
# ---- question (lower case, 6-18 words, no punctuation, no abbreviation)
('question', 'jag är tjej och sover hellre ute än på natthärbärget med alla gubbar vad har jag för rätt', '', [],
 {'x007': 2, 's010': 1, 'w007': 1}),
('question', 'måste en fotbollstränare anmäla till soc om en elvaåring har blåmärken som inte går ihop', '', [],
 {'x010': 2, 't016': 1, 's074': 1}),
('question', 'vem hjälper mig med posten nu när min gode man slutade för att jag blev myndig', '', [],
 {'x023': 2, 't019': 1, 's084': 1}),
('question', 'hur kan jag stötta en väninna som blir misshandlad av sin kille men inte vill gå ifrån honom', '', [],
 {'x037': 2, 'w027': 1, 'u038': 1, 't036': 1, 'x019': 1}),
('question', 'vad gör vi när mamman till vårt fosterbarn skickar hotfulla sms och dyker upp vid skolan', '', [],
 {'x039': 2, 'w002': 1}),
('question', 'kan soc neka mig behandlingshem och tvinga mig till öppenvård igen fast det inte funkat', '', [],
 {'x042': 2, 's052': 1}),
('question', 'exet har hållit kvar ungarna i fyra dagar efter umgänget vad gör jag nu', '', [], {'x058': 2, 's103': 1}),
('question', 'kan soc kräva att få kolla min lägenhet innan jag får pengar', '', [], {'x060': 2, 's040': 1}),
('question', 'kan min gamla mamma få hjälp av hemtjänsten hos oss när hon hälsar på i juli', '', [],
 {'x040': 2, 's098': 1}),
('question', 'hur får jag läsa vad soc skrev om mig när jag var fosterbarn på nittiotalet', '', [],
 {'s003': 2, 's113': 1, 't066': 1}),
('question', 'vår tjej har inte gått till skolan sen höstlovet kan socialen hjälpa oss', '', [],
 {'t062': 2, 'u035': 1, 'u037': 1}),
('question', 'hur söker man pengar från soc när man inte har bankid och inte fixar datorer', '', [],
 {'v060': 2, 'v010': 1}),
('question', 'vad gör man om brorsan har tagit för mycket heroin och inte går att väcka', '', [], {'v006': 2, 's114': 1}),
('question', 'kan jag bo ihop med min gubbe när han får plats på ett boende för dementa', '', [], {'s019': 2}),
# ---- abbreviation (exactly one listed abbreviation + 1-5 other words)
('abbreviation', 'ivo larmet dröjde en timme', '', [], {'x022': 2, 'v025': 1, 's053': 1}),
('abbreviation', 'lvu nyfödd bebis drogfri mamma', '', [], {'x006': 2, 's071': 1, 's038': 1}),
('abbreviation', 'lvm utredning fast jag slutat dricka', '', [], {'x012': 2, 't024': 1, 's055': 1}),
('abbreviation', 'LSS hjärnskada efter olycka', '', [], {'x014': 2, 's077': 1}),
('abbreviation', 'fk bostadstillägg gruppbostad', '', [], {'x005': 2, 'w020': 1}),
('abbreviation', 'AF missat möte bidraget sänkt', '', [], {'x035': 2, 't029': 1, 's072': 1}),
('abbreviation', 'bup ätstörning 16-åring', '', [], {'x049': 2, 'u035': 1}),
('abbreviation', 'sip hemskickad från sjukhuset på natten', '', [], {'x055': 2, 's035': 1, 's112': 1, 'x014': 1}),
('abbreviation', 'kfm pappas skulder dödsbo', '', [], {'x030': 2, 'v050': 1, 's109': 1}),
('abbreviation', 'ekb stulen plånbok', '', [], {'x025': 2, 'v049': 1, 's044': 1}),
('abbreviation', 'mvc gravid dricker vin', '', [], {'t009': 2}),
('abbreviation', 'LOV byta hemtjänstbolag', '', [], {'s085': 2, 's107': 1, 'v043': 1}),
('abbreviation', 'JO klaga på socialnämnden', '', [], {'u030': 2, 's053': 1}),
('abbreviation', 'säbo husdjur mammas katt', '', [], {'v023': 2}),
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
    err('%s must hold exactly s001-s120, t001-t080, u001-u060, v001-v060, w001-w060 in order' % OLD_FILE)
if [r.get('id') for r in new] != new_ids:
    err('%s must hold exactly x001-x060 in order' % NEW_FILE)
if [r.get('id') for r in comb] != old_ids + new_ids:
    err('%s must hold s001-s120, t001-t080, u001-u060, v001-v060, w001-w060, x001-x060 in order' % COMB_FILE)
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
