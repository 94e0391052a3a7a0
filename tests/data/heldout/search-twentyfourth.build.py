#!/usr/bin/env python3
"""search-twentyfourth: held-out Swedish search queries judged over archive-combined-24.jsonl (560 records:
s001-s120, t001-t080, u001-u060, v001-v060, w001-w060, x001-x060, y001-y060 from archive-combined-22.jsonl, then
the new z001-z060).

Holds the 98 queries and their relevance judgments, checks the new archive and the queries, and writes
search-twentyfourth-queries.jsonl beside itself.  Needs archive-twentyfourth.jsonl and archive-combined-24.jsonl
beside itself; archive-combined-22.jsonl is read beside itself if it is there, else from
/work/main/tests/data/heldout/.
Run: python3 search-twentyfourth.build.py
"""
import json, os, re, sys
from collections import Counter
from datetime import datetime

HERE = os.path.dirname(os.path.abspath(__file__))
MAIN_HELDOUT = '/work/main/tests/data/heldout'
OUT = os.path.join(HERE, 'search-twentyfourth-queries.jsonl')
FIELDS = ['id', 'title', 'question', 'pseudonym', 'answer', 'signature', 'category', 'asked_at', 'answered_at']
KINDS = ['keyword', 'inflected', 'compound', 'synonym', 'misspelled', 'question', 'abbreviation']
PER_KIND = 14
ABBREVS = ['LSS', 'LVU', 'LVM', 'SoL', 'HVB', 'BUP', 'FK', 'KFM', 'CSN', 'IVO', 'BBIC', 'SIP', 'MVC', 'BVC',
           'AF', 'JO', 'SFI', 'HSL', 'DO', 'SÄBO', 'LOV', 'IFO', 'VAB', 'SIS', 'EKB', 'LPT']
ORDINARY_WORDS = {'SoL', 'JO', 'DO', 'LOV', 'AF', 'FK'}   # lower case does not count for these
CASE_SENSITIVE = {'SoL', 'JO', 'DO', 'LOV', 'AF'}          # also Swedish words: only matched as written
STOCK = {'ta hand om dig!', 'ta hand om er!'}              # closing phrases shared with the old records
OLD_PARTS = [('s', 120), ('t', 80), ('u', 60), ('v', 60), ('w', 60), ('x', 60), ('y', 60)]
NEW_PREFIX, N_NEW = 'z', 60
OLD_FILE, NEW_FILE, COMB_FILE = 'archive-combined-22.jsonl', 'archive-twentyfourth.jsonl', 'archive-combined-24.jsonl'

# (kind, query, key token or '', evidence words that must occur in the grade-2 record, relevance)
Q = [
    # ---------------------------------------------------------------- keyword (1-3 words, no key constraint)
    ('keyword', 'bitcoin socialbidrag', '', [], {'z009': 2, 't011': 1, 'u057': 1, 's119': 1}),
    ('keyword', 'munvård mamma boende', '', [], {'z013': 2}),
    ('keyword', 'religiös skilsmässa', '', [], {'z020': 2}),
    ('keyword', 'döv hemtjänst teckenspråk', '', [], {'z021': 2, 'u031': 1, 'u046': 1}),
    ('keyword', 'farmor umgängesrätt', '', [], {'z024': 2, 's068': 1}),
    ('keyword', 'ketamin på fester', '', [], {'z026': 2, 'u025': 1}),
    ('keyword', 'studentlägenhet hoppat av', '', [], {'z056': 2, 'x015': 1}),
    ('keyword', 'rena sprutor gratis', '', [], {'t015': 2}),
    ('keyword', 'trygghetsboende eller äldreboende', '', [], {'u022': 2}),
    ('keyword', 'personligt ombud schizofreni', '', [], {'s069': 2}),
    ('keyword', 'aktivitetsersättning ung ångest', '', [], {'t031': 2, 'x036': 1}),
    ('keyword', 'sextortion snapchat', '', [], {'x034': 2, 't052': 1}),
    ('keyword', 'bli jourhem', '', [], {'w047': 2, 's075': 1}),
    ('keyword', 'hörapparat hemtjänsten ersättning', '', [], {'v057': 2}),
    # ---------------------------------------------------------------- inflected (form absent from all 560 records)
    ('inflected', 'han sparkade hunden för att straffa mig', 'sparkade', ['sparkar'], {'z002': 2, 'x054': 1}),
    ('inflected', 'tioåringen tar pengar ur våra plånböcker', 'plånböcker', ['plånbok'], {'z004': 2}),
    ('inflected', 'får man läsa sin avlidna mammas akt hos socialen', 'avlidna', ['avliden'],
     {'z019': 2, 's003': 1, 's113': 1}),
    ('inflected', 'min man amputerade benet och vi har ingen hiss', 'amputerade', ['amputerat'], {'z025': 2, 't008': 1}),
    ('inflected', 'vinner jag på triss drar soc av det', 'vinner', ['vann'], {'z029': 2, 'x001': 1, 'w001': 1}),
    ('inflected', 'tror att vår son har radikaliserats på nätet', 'radikaliserats', ['radikaliseras'], {'z046': 2}),
    ('inflected', 'lägenheten har brunnit och vi har ingen hemförsäkring', 'brunnit', ['brann'], {'z047': 2}),
    ('inflected', 'sonen bor själv och bet sig i tungan under ett anfall i natt', 'bet', ['biter'], {'z048': 2}),
    ('inflected', 'pappa glömde spisen på och brände nästan ner köket', 'brände', ['bränt'], {'v016': 2}),
    ('inflected', 'jag våldtogs på en fest i lördags', 'våldtogs', ['våldtagen'], {'x011': 2}),
    ('inflected', 'lurades på alla mina sparpengar av en man på nätet', 'lurades', ['lurade'], {'v011': 2, 'v001': 1}),
    ('inflected', 'kylskåpet gick sönder och all mat förstördes', 'förstördes', ['förstörd'],
     {'x009': 2, 'v014': 1, 's044': 1}),
    ('inflected', 'plånboken har stulits med hela månadens pengar', 'stulits', ['stal'], {'x025': 2, 's044': 1}),
    ('inflected', 'mitt ex hotar att sprida en nakenbild på mig', 'nakenbild', ['nakenbilder'], {'t052': 2, 'x034': 1}),
    # ---------------------------------------------------------------- compound (compound absent, parts in the target)
    ('compound', 'min man har ett porrberoende och sitter uppe varje natt', 'porrberoende', ['porr', 'beroende'],
     {'z005': 2}),
    ('compound', 'pappa med demens vägrar lämna ifrån sig bilnycklarna', 'bilnycklarna', ['bilen', 'nycklarna'],
     {'z003': 2, 's028': 1}),
    ('compound', 'inomhustemperaturen är 16 grader och hyresvärden gör inget', 'inomhustemperaturen',
     ['inomhus', 'temperaturen'], {'z006': 2, 'u058': 1}),
    ('compound', 'fängelsebesök med små barn hur går det till', 'fängelsebesök', ['fängelset', 'besök'],
     {'z010': 2, 'y001': 1}),
    ('compound', 'har inte råd med studentmössa till dottern', 'studentmössa', ['studenten', 'mössa'], {'z015': 2}),
    ('compound', 'syskonläger för storasyster till barn med autism', 'syskonläger', ['syskon', 'läger'],
     {'z016': 2, 's002': 1, 'v029': 1}),
    ('compound', 'vem klipper mammas tånaglar när hemtjänsten inte får', 'tånaglar', ['tårna', 'naglarna'], {'z028': 2}),
    ('compound', 'hyreshöjningen efter renoveringen blir 40 procent', 'hyreshöjningen', ['hyran', 'höjning'],
     {'z039': 2}),
    ('compound', 'soc vill bara ha videomöten och jag har ingen dator', 'videomöten', ['video', 'möten'],
     {'z040': 2, 'v060': 1, 'w053': 1, 'x052': 1}),
    ('compound', 'fotbollsavgiften för sonen har vi inte råd med', 'fotbollsavgiften', ['fotboll', 'avgiften'],
     {'t027': 2, 'y050': 1}),
    ('compound', 'vem betalar konsertbiljett för ledsagaren', 'konsertbiljett', ['konsert', 'biljetterna'], {'s093': 2}),
    ('compound', 'strömavstängning om två veckor och barn i hushållet', 'strömavstängning', ['strömmen', 'stängas'],
     {'s083': 2, 'w031': 1}),
    ('compound', 'bebisutrustning när man har försörjningsstöd', 'bebisutrustning', ['bebisen', 'utrustning'],
     {'v048': 2}),
    ('compound', 'ser dåligt och hittar inte vid sjukhusbesök vem följer med', 'sjukhusbesök', ['sjukhus', 'besöken'],
     {'u047': 2}),
    # ---------------------------------------------------------------- synonym (word absent; the target says it otherwise)
    ('synonym', 'fick en skattesmäll och klarar inte hyran', 'skattesmäll', ['restskatt'], {'z001': 2}),
    ('synonym', 'kan man få bidrag till en servicehund', 'servicehund', ['assistanshund'], {'z007': 2}),
    ('synonym', 'socialsekreteraren addade mig på instagram', 'addade', ['vänförfrågan'], {'z008': 2}),
    ('synonym', 'tror min 13-åring sniffar', 'sniffar', ['inhalera', 'andas'], {'z011': 2, 'u055': 1}),
    ('synonym', 'swishade deposition till en bluffannons', 'bluffannons', ['bedrägeri', 'annonsen'], {'z014': 2}),
    ('synonym', 'betalar ockerhyra för ett rum i andra hand', 'ockerhyra', ['oskäligt', 'hyresnämnden'],
     {'z023': 2, 's039': 1}),
    ('synonym', 'farsan muckar snart och jag är rädd', 'muckar', ['släpps'],
     {'z027': 2, 't070': 1, 's118': 1, 'u027': 1}),
    ('synonym', 'sonen har köpt lootboxar för 9000 på mitt kort', 'lootboxar', ['slumpmässigt', 'lådor'],
     {'z034': 2, 'u008': 1}),
    ('synonym', 'hemtjänsten vill sätta in nyckelfritt lås hos mamma', 'nyckelfritt', ['digitalt', 'lås'], {'z036': 2}),
    ('synonym', 'barnet är glutenintolerant och maten blir dyr', 'glutenintolerant', ['celiaki'],
     {'z045': 2, 't073': 1}),
    ('synonym', 'kärran har pajat och jag måste ta mig till jobbet', 'kärran', ['bilen'], {'z051': 2, 's119': 1}),
    ('synonym', 'tror sonen juicar han har blivit enorm och arg', 'juicar', ['anabola', 'steroider'], {'u040': 2}),
    ('synonym', 'misstänker att hemtjänsten snor pengar från mamma', 'snor', ['stöld', 'försvinner'], {'x013': 2}),
    ('synonym', 'sonen gamear till fyra varje natt', 'gamear', ['gaming', 'spelar'], {'v005': 2}),
    # ---------------------------------------------------------------- misspelled (misspelling absent, correct form in target)
    ('misspelled', 'hur får man rätsintyg på blåmärken', 'rätsintyg', ['rättsintyg'], {'z012': 2, 't070': 1, 'y002': 1}),
    ('misspelled', 'vårt barn har konsdysfori vart vänder man sig', 'konsdysfori', ['könsdysfori'], {'z017': 2}),
    ('misspelled', 'sambon tar anfetamin och har inte sovit på flera dygn', 'anfetamin', ['amfetamin'],
     {'z018': 2, 'w013': 1}),
    ('misspelled', 'banken vägrar ge mig ett bankonto', 'bankonto', ['bankkonto'], {'z022': 2, 'v049': 1}),
    ('misspelled', 'sonen har turetts och får inget stöd i skolan', 'turetts', ['Tourette'], {'z033': 2}),
    ('misspelled', 'har dislexi och fattar inte breven från soc', 'dislexi', ['dyslexi'],
     {'z041': 2, 'y052': 1, 'x023': 1}),
    ('misspelled', 'pappa får paliativ vård och ligger ensam på nätterna', 'paliativ', ['palliativ'],
     {'z044': 2, 'u045': 1}),
    ('misspelled', 'socialen tappar bort mina kviton hela tiden', 'kviton', ['kvitton'], {'z049': 2, 's067': 1}),
    ('misspelled', 'svärförädrarna tar min telefon när min man jobbar', 'svärförädrarna', ['svärföräldrarna'],
     {'z052': 2, 't017': 1, 'v009': 1}),
    ('misspelled', 'spelar bort hela lönen på nätkasino', 'nätkasino', ['nätcasino'], {'t078': 2, 'w003': 1}),
    ('misspelled', 'min man har parkisons och jag orkar inte ensam', 'parkisons', ['Parkinson'], {'u009': 2, 's045': 1}),
    ('misspelled', 'rädd att systerdottern ska utsättas för könstympning', 'könstympning', ['könsstympning'],
     {'v040': 2}),
    ('misspelled', 'socialsekretaren pratar bara med mamman inte med mig', 'socialsekretaren', ['socialsekreteraren'],
     {'y040': 2}),
    ('misspelled', 'hur får min bror med downs plats på grupbostad', 'grupbostad', ['gruppbostad'],
     {'s059': 2, 'u014': 1}),
    # ---------------------------------------------------------------- question (lower case, 6-18 words, no punctuation)
    ('question', 'kan soc berätta för polisen om jag säger att jag har rökt på', '', [], {'z030': 2}),
    ('question', 'jag bor i tält i skogen kan socialen hjälpa mig med något', '', [],
     {'z032': 2, 'v030': 1, 't014': 1}),
    ('question', 'är det våld om han väcker mig varje natt så jag inte får sova', '', [],
     {'z035': 2, 's026': 1, 't075': 1}),
    ('question', 'vad kan jag göra när mitt ex bor ihop med en som är dömd för sexbrott', '', [],
     {'z038': 2, 's036': 1}),
    ('question', 'hur ska jag hålla mig nykter när min sambo dricker vin varje kväll', '', [], {'z042': 2, 'v031': 1}),
    ('question', 'vad händer om jag berättar för kuratorn att pappa slår mamma', '', [],
     {'z043': 2, 's110': 1, 'w025': 1}),
    ('question', 'hur pratar man med små barn om att deras pappa har tagit sitt liv', '', [], {'z050': 2}),
    ('question', 'måste jag ta ledigt från jobbet varje gång socialen vill ha möte', '', [], {'z057': 2}),
    ('question', 'har jag några rättigheter när jag hyr ett rum utan kontrakt och värden går in', '', [],
     {'y036': 2, 't006': 1}),
    ('question', 'kan jag få hjälp av socialen fast vi har fått avslag på asylen', '', [], {'t013': 2, 'u013': 1}),
    ('question', 'är det lönt att söka skuldsanering igen när man har fått nej', '', [], {'w009': 2, 'u004': 1}),
    ('question', 'hur länge sparar socialtjänsten det de har skrivit om mig', '', [],
     {'s113': 2, 's003': 1, 'z019': 1}),
    ('question', 'måste jag gå till socialkontoret fast jag får panikångest av det', '', [],
     {'x052': 2, 'w053': 1, 'z040': 1}),
    ('question', 'får socialen bestämma att min tjej inte får sova över i lägenheten', '', [], {'w058': 2, 'v003': 1}),
    # ---------------------------------------------------------------- abbreviation (one listed abbreviation + 1-5 words)
    ('abbreviation', 'tvillingar helt slut bvc', '', [], {'z031': 2, 'w045': 1, 't072': 1}),
    ('abbreviation', 'böter hos kfm kan inte betala', '', [], {'z037': 2, 's087': 1}),
    ('abbreviation', 'mamma erbjuden säbo sex mil bort', '', [], {'z053': 2, 'v028': 1, 's098': 1}),
    ('abbreviation', 'gravid dotter tar droger mvc', '', [], {'z054': 2, 't009': 1, 's114': 1}),
    ('abbreviation', 'ex betalar inte underhåll FK', '', [], {'z055': 2, 't063': 1}),
    ('abbreviation', 'vad är sip möte', '', [], {'z058': 2, 's112': 1, 'v044': 1, 'y018': 1}),
    ('abbreviation', 'csn stoppade pengarna mitt i terminen', '', [], {'z059': 2, 't054': 1, 's100': 1}),
    ('abbreviation', 'får hvb ta mobilen', '', [], {'z060': 2, 'v013': 1}),
    ('abbreviation', 'lvu när jag fyller 18', '', [], {'v039': 2, 's001': 1}),
    ('abbreviation', 'bup kö skär sig', '', [], {'u035': 2, 'v036': 1}),
    ('abbreviation', 'anmäla socialnämnden till JO', '', [], {'u030': 2, 's053': 1}),
    ('abbreviation', 'ekb fyller 18 måste flytta', '', [], {'t019': 2, 's001': 1, 't033': 1}),
    ('abbreviation', 'anmäla soc till ivo', '', [], {'s053': 2}),
    ('abbreviation', 'LSS flytta till annan kommun', '', [], {'s082': 2}),
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
    err('%s must hold exactly s001-s120, t001-t080, u001-u060, v001-v060, w001-w060, x001-x060, y001-y060 in order'
        % OLD_FILE)
if [r.get('id') for r in new] != new_ids:
    err('%s must hold exactly z001-z060 in order' % NEW_FILE)
if [r.get('id') for r in comb] != old_ids + new_ids:
    err('%s must hold s001-s120, t001-t080, u001-u060, v001-v060, w001-w060, x001-x060, y001-y060, z001-z060 in '
        'order' % COMB_FILE)
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
