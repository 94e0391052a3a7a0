"""Build search-twelfth-queries.jsonl: held-out query set (twelfth), 84 queries.

Judged over the COMBINED archive: the 120 sample records (s001-s120, /work/shared/data/sample-archive.jsonl)
followed by the 80 new records of archive-twelfth.jsonl (t001-t080, beside this script).
12 queries of each kind: keyword, inflected, compound, synonym, misspelled, question, abbreviation.
Written by a helper session without seeing the search code, its tests or docs.
Relevance: 2 = the record directly answers the query (its main subject), 1 = partly useful
(gives a substantive piece of the needed information). Passing mentions get no grade.
Run: python3 search-twelfth.build.py   (checks the new archive, checks the queries, writes the jsonl)
"""
import ast, collections, datetime, glob, json, os, re

HERE = os.path.dirname(os.path.abspath(__file__))
SAMPLE = '/work/shared/data/sample-archive.jsonl'
DEV = '/work/shared/data/dev-queries.jsonl'
NEW = os.path.join(HERE, 'archive-twelfth.jsonl')
COMBINED = os.path.join(HERE, 'archive-combined.jsonl')
OUT = os.path.join(HERE, 'search-twelfth-queries.jsonl')
# Earlier sets live in tests/data/heldout. If this script sits there too (search-eleventh.build.py beside it),
# read them from HERE; otherwise (written outside the repository, in /work/blind12) from ../main/tests/data/heldout.
if os.path.exists(os.path.join(HERE, 'search-eleventh.build.py')):
    HELDOUT = HERE
else:
    HELDOUT = os.path.normpath(os.path.join(HERE, '..', 'main', 'tests', 'data', 'heldout'))
SEARCH_TESTS = os.path.normpath(os.path.join(HELDOUT, '..', '..', 'search'))
EARLIER_BUILDS = [os.path.join(HELDOUT, 'search-%s.build.py' % n) for n in
                  ('sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh')]
EARLIER_JSONL = [os.path.join(HELDOUT, 'search-%s-queries.jsonl' % n) for n in
                 ('fifth', 'heldout', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh')]
N_HELDOUT_JSONL = len(EARLIER_JSONL)
EARLIER_JSONL += sorted(glob.glob(os.path.join(SEARCH_TESTS, '*queries*.jsonl')))

# (query, {id: grade}, kind, key token or None, evidence words)
# key token: for inflected/compound/synonym/misspelled, the word that must NOT occur as a word anywhere in the
#   combined archive (title, question or answer of all 200 records).
# evidence: words that MUST occur in the combined archive: for inflected the form(s) the archive does use,
#   for compound the parts (in some form), for synonym the archive's own word, for misspelled the correct spelling.
Q = [
# keyword
("sms-lån inkasso hjälp", {"t012": 2, "s087": 1}, "keyword", None, []),
("sprututbyte hepatit", {"t015": 2}, "keyword", None, []),
("lägenhet utan nykterhetskrav", {"t051": 2, "s032": 1, "t014": 1}, "keyword", None, []),
("parsamtal kommunen kostnad", {"t065": 2}, "keyword", None, []),
("ändra journalanteckning", {"t066": 2, "s088": 1, "s106": 1}, "keyword", None, []),
("a-kassa och försörjningsstöd", {"t068": 2, "s027": 1}, "keyword", None, []),
("nätcasino skulder", {"t078": 2, "s120": 1}, "keyword", None, []),
("svenskakurs krav försörjningsstöd", {"t029": 2, "s072": 1}, "keyword", None, []),
("träffpunkt ensamma pensionärer", {"s095": 2, "t007": 1}, "keyword", None, []),
("vill sluta slå", {"s076": 2}, "keyword", None, []),
("rum andrahand försörjningsstöd", {"s039": 2}, "keyword", None, []),
("fel i utredningen", {"s106": 2, "t066": 1, "s088": 1, "s053": 1}, "keyword", None, []),
# inflected
("bostadsanpassningsbidraget till ramp för rullstol", {"t008": 2, "s101": 1}, "inflected", "bostadsanpassningsbidraget", ["bostadsanpassningsbidrag"]),
("hemförsäkringen betalas den av socialen", {"t023": 2, "t068": 1, "t063": 1}, "inflected", "hemförsäkringen", ["hemförsäkring"]),
("framtidsfullmakten måste den ha vittnen", {"t039": 2}, "inflected", "framtidsfullmakten", ["framtidsfullmakt"]),
("växelvården hur funkar det när mamma inte orkar", {"t069": 2, "s045": 1}, "inflected", "växelvården", ["växelvård"]),
("målsägandebiträdet vid rättegång mot sambon", {"t070": 2, "s118": 1}, "inflected", "målsägandebiträdet", ["målsägandebiträde"]),
("kontaktfamiljen hur ansöker man", {"t072": 2, "s016": 1}, "inflected", "kontaktfamiljen", ["kontaktfamilj"]),
("kvinnojourerna är de gratis", {"t075": 2}, "inflected", "kvinnojourerna", ["kvinnojourer"]),
("dagverksamheter för dementa", {"t001": 2, "s045": 1}, "inflected", "dagverksamheter", ["dagverksamhet", "dagverksamheten"]),
("lågtröskelboendet för äldre som dricker", {"t014": 2, "t051": 1}, "inflected", "lågtröskelboendet", ["lågtröskelboenden"]),
("serviceskyldigheten när handläggaren inte ringer tillbaka", {"t042": 2, "s042": 1}, "inflected", "serviceskyldigheten", ["serviceskyldighet"]),
("anhöriganställningen i hemtjänsten", {"t064": 2}, "inflected", "anhöriganställningen", ["anhöriganställning"]),
("lämplighetsprövningen för att bli god man", {"t053": 2}, "inflected", "lämplighetsprövningen", ["lämplighetsprövning"]),
# compound
("kameratillsyn på natten", {"t005": 2}, "compound", "kameratillsyn", ["kamera", "tillsyn"]),
("arvspengar räknas de av soc", {"t011": 2, "s014": 1, "s119": 1}, "compound", "arvspengar", ["arv", "pengar"]),
("utvisningshot från maken som slår", {"t017": 2}, "compound", "utvisningshot", ["utvisning", "hot"]),
("glasögonkostnad försörjningsstöd", {"t021": 2, "s015": 1}, "compound", "glasögonkostnad", ["glasögon", "kostnad"]),
("assistansbyte anhörig anställd", {"t025": 2}, "compound", "assistansbyte", ["assistans", "byte"]),
("äldremisshandel anmäla som granne", {"t036": 2, "s023": 1}, "compound", "äldremisshandel", ["äldre", "misshandel"]),
("adoptionskurs hur lång tid tar allt", {"t049": 2}, "compound", "adoptionskurs", ["adoption", "kurs"]),
("fotbollsavgift när man har försörjningsstöd", {"t027": 2}, "compound", "fotbollsavgift", ["fotboll", "avgift"]),
("swishinsättningar på kontot när man har bidrag", {"t071": 2}, "compound", "swishinsättningar", ["swish", "insättningar"]),
("parkeringskort handikapp", {"t074": 2}, "compound", "parkeringskort", ["parkering", "kort"]),
("mobilkontroll och hot från storebror", {"t077": 2, "s009": 1}, "compound", "mobilkontroll", ["mobil", "kontroll"]),
("förturslägenhet ms rullstol", {"t080": 2, "s018": 1}, "compound", "förturslägenhet", ["förtur", "lägenhet"]),
# synonym
("min alkoholiserade man förnekar allt hur får jag stöd själv", {"t002": 2, "s080": 1, "s120": 1, "t055": 1}, "synonym", "alkoholiserade", ["dricker"]),
("samlarsyndrom mamma riskerar vräkning", {"t003": 2, "s064": 1}, "synonym", "samlarsyndrom", ["samlande"]),
("färdigmat hem till gamla pappa", {"t007": 2}, "synonym", "färdigmat", ["färdiglagad"]),
("papperslös mamma med sjukt barn", {"t013": 2}, "synonym", "papperslös", ["uppehållstillstånd"]),
("förskolepedagog misstänker att barn far illa", {"t016": 2, "s074": 1, "s097": 1}, "synonym", "förskolepedagog", ["förskollärare"]),
("fostermamma vill ha vårdnaden om pojken", {"t022": 2}, "synonym", "fostermamma", ["familjehem"]),
("kan sonen hamna på kåken för rånet", {"t040": 2, "s108": 1}, "synonym", "kåken", ["fängelse"]),
("substitutionsbehandling heroin", {"t047": 2, "s052": 1}, "synonym", "substitutionsbehandling", ["läkemedelsassisterad"]),
("hämndporr ex hotar", {"t052": 2}, "synonym", "hämndporr", ["nakenbilder"]),
("fast i benso sen maken dog", {"t056": 2}, "synonym", "benso", ["bensodiazepiner"]),
("vuxen son psykotisk vägrar vård", {"t057": 2, "s064": 1}, "synonym", "psykotisk", ["psykiatrin"]),
("hemmasittare vem ansvarar", {"t062": 2, "s112": 1}, "synonym", "hemmasittare", ["skolfrånvaro"]),
# misspelled
("aktivitetsersätning vid ångest", {"t031": 2}, "misspelled", "aktivitetsersätning", ["aktivitetsersättning"]),
("rolator vem betalar", {"t045": 2}, "misspelled", "rolator", ["rollator"]),
("prövningstilstånd kammarrätten", {"t046": 2}, "misspelled", "prövningstilstånd", ["prövningstillstånd"]),
("riksfärdjänst för att hälsa på barnbarn", {"t048": 2}, "misspelled", "riksfärdjänst", ["riksfärdtjänst"]),
("bostadsbirag under 29", {"t061": 2}, "misspelled", "bostadsbirag", ["bostadsbidrag"]),
("merkostnadersättning barn specialkost", {"t073": 2, "s030": 1}, "misspelled", "merkostnadersättning", ["merkostnadsersättning"]),
("kontrakstvård i stället för fängelse", {"t034": 2}, "misspelled", "kontrakstvård", ["kontraktsvård"]),
("etableringsersätning försenad", {"t020": 2, "s027": 1}, "misspelled", "etableringsersätning", ["etableringsersättning"]),
("förbehålsbelopp äldreboende", {"t028": 2, "s007": 1}, "misspelled", "förbehålsbelopp", ["förbehållsbelopp"]),
("sysselsätning för psykiskt sjuka", {"t030": 2}, "misspelled", "sysselsätning", ["sysselsättning"]),
("utbetalnigen försenad hyran förfaller", {"s042": 2, "t042": 1}, "misspelled", "utbetalnigen", ["utbetalningen"]),
("bisånd när man äger en bil", {"s119": 2, "t011": 1}, "misspelled", "bisånd", ["bistånd"]),
# question
("tappar tålamodet med bebisen varje natt och skriker finns det stöd för utmattade föräldrar", {"t004": 2, "s016": 1, "t072": 1}, "question", None, []),
("hyr ett rum svart utan kontrakt kan hon kasta ut mig på en vecka", {"t006": 2}, "question", None, []),
("kom till sverige utan föräldrar och fyller snart 18 får jag bo kvar", {"t019": 2, "t033": 1, "s001": 1}, "question", None, []),
("socialen postade mina papper till fel adress kan kommunen få betala skadestånd", {"t035": 2, "s065": 1}, "question", None, []),
("får jag flytta till andra sidan sverige med barnen om pappan säger nej", {"t037": 2}, "question", None, []),
("får socialsekreteraren ringa min läkare och fråga om diagnosen utan att jag sagt ja", {"t043": 2, "s089": 1}, "question", None, []),
("min vuxna dotter är på behandling men socialsekreteraren vägrar berätta nåt för mig är det rätt", {"t055": 2, "s029": 1, "s080": 1}, "question", None, []),
("två år efter skilsmässan använder exmannen barnen för att hålla koll på mig räknas det som våld", {"t060": 2, "s026": 1, "s005": 1}, "question", None, []),
("tar soc med barnbidraget och underhålet när de räknar ut försörjningsstöd", {"t063": 2, "s014": 1}, "question", None, []),
("blir man av med den personliga assitansen när man fyller 65?", {"t067": 2}, "question", None, []),
("tonårssonen slår sönder saker och har gett sig på mig vad gör man", {"t076": 2}, "question", None, []),
("sedan pappa gick bort sitter mamma och dricker vin varje kväll hur kan vi syskon hjälpa henne", {"s034": 2, "s080": 1, "t002": 1, "s055": 1}, "question", None, []),
# abbreviation
("lvu soc tog barnen inatt", {"t038": 2, "s038": 1}, "abbreviation", None, []),
("lvm brorsan medvetslös vad händer", {"t024": 2, "s055": 1, "s102": 1}, "abbreviation", None, []),
("hvb flytta när man fyller 18", {"t033": 2, "s001": 1, "t019": 1}, "abbreviation", None, []),
("kfm bestrida föreläggande", {"t032": 2}, "abbreviation", None, []),
("csn räcker inte komvux", {"t054": 2, "s100": 1}, "abbreviation", None, []),
("IVO vanvård på boendet jag jobbar", {"t026": 2, "s107": 1, "s053": 1}, "abbreviation", None, []),
("BBIC samtal med vår 12-åring", {"t041": 2, "s097": 1, "s060": 1}, "abbreviation", None, []),
("mvc alkohol tidig graviditet", {"t009": 2}, "abbreviation", None, []),
("HSL barn till psykiskt sjuk pappa", {"t018": 2}, "abbreviation", None, []),
("ASI-intervju om alkohol", {"t059": 2}, "abbreviation", None, []),
("lss fritids efter 12 år", {"t050": 2}, "abbreviation", None, []),
("FN barnkonventionen välja boende 13-åring", {"s061": 2}, "abbreviation", None, []),
]


# ---------------------------------------------------------------- the new archive
CATEGORIES = ['ekonomiskt-bistand', 'barn-och-familj', 'missbruk', 'vald-i-nara-relationer',
              'funktionsnedsattning', 'aldreomsorg', 'boende', 'rattigheter-och-bemotande']
FIELDS = ['id', 'title', 'question', 'pseudonym', 'answer', 'signature', 'category', 'asked_at', 'answered_at']


def read_jsonl(path):
    out = []
    for n, line in enumerate(open(path, encoding='utf-8'), 1):
        if line.strip():
            out.append(json.loads(line))   # raises on any line that does not parse
    return out


sample = read_jsonl(SAMPLE)
new = read_jsonl(NEW)
assert len(sample) == 120 and [d['id'] for d in sample] == ['s%03d' % i for i in range(1, 121)]
assert len(new) == 80 and [d['id'] for d in new] == ['t%03d' % i for i in range(1, 81)], 'ids t001-t080 in order'
assert {d['category'] for d in sample} == set(CATEGORIES)
sample_sigs = {d['signature'] for d in sample}
for d in new:
    assert list(d) == FIELDS, (d['id'], list(d))
    assert all(isinstance(d[f], str) and d[f].strip() for f in FIELDS), d['id']
    assert 250 <= len(d['question']) <= 600, (d['id'], 'question length', len(d['question']))
    assert 700 <= len(d['answer']) <= 1400, (d['id'], 'answer length', len(d['answer']))
    assert d['category'] in CATEGORIES, d['id']
    assert d['signature'] in sample_sigs, (d['id'], d['signature'])
    a, b = datetime.datetime.fromisoformat(d['asked_at']), datetime.datetime.fromisoformat(d['answered_at'])
    assert a < b and a.tzinfo and b.tzinfo, d['id']
    assert d['answer'].startswith('Hej'), d['id']
assert len({d['title'] for d in new} | {d['title'] for d in sample}) == 200, 'duplicate title'
assert all(v >= 5 for v in collections.Counter(d['category'] for d in new).values())
# asked_at in id order, as in the sample
assert [d['asked_at'] for d in new] == sorted(d['asked_at'] for d in new)


# no sentence of four words or more copied from the sample (titles, questions, answers)
def sentences(t):
    return [s.strip().lower() for s in re.split(r'(?<=[.!?])\s+', t) if s.strip()]


sample_sents = {s for d in sample for f in ('title', 'question', 'answer') for s in sentences(d[f])}
# stock phrases of the house style that the sample also uses (greetings, closings, helpline lines)
STOCK = {'ta hand om dig!', 'vad kan vi göra?', 'vad kan jag göra?', 'vad ska jag göra?', 'hur går det till?',
         'får de verkligen göra så?', 'tack för att du skriver.', 'lycka till med studierna!',
         'lycka till med flytten!'}
for d in new:
    for f in ('title', 'question', 'answer'):
        for s in sentences(d[f]):
            if len(s.split()) >= 4 and s in sample_sents:
                assert s in STOCK, (d['id'], f, s)

# the combined archive is the sample's lines followed by the new records
combined = read_jsonl(COMBINED)
assert combined == sample + new, 'archive-combined.jsonl is not sample-archive.jsonl + archive-twelfth.jsonl'
recs = combined
ids = {d['id'] for d in recs}
assert len(ids) == 200
words = set()
for d in recs:
    for f in ('title', 'question', 'answer'):
        words.update(re.findall(r'\w+', d[f].lower()))


# ---------------------------------------------------------------- earlier query sets (strings only)
def build_queries(path):
    """Read a previous set's queries from its build script without executing it."""
    tree = ast.parse(open(path, encoding='utf-8').read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, 'id', None) == 'Q' for t in node.targets):
            return {t[0].lower() for t in ast.literal_eval(node.value)}
    raise AssertionError('no Q in ' + path)


def jsonl_queries(path):
    return {json.loads(l)['query'].lower() for l in open(path, encoding='utf-8') if l.strip()}


for p in EARLIER_BUILDS + EARLIER_JSONL[:N_HELDOUT_JSONL]:
    assert os.path.exists(p), ('earlier set missing', p)
assert len(EARLIER_JSONL) > N_HELDOUT_JSONL, ('no tests/search query files found under', SEARCH_TESTS)
dev = jsonl_queries(DEV)
earlier = set(dev)
for p in EARLIER_BUILDS:
    earlier |= build_queries(p)
for p in EARLIER_JSONL:
    earlier |= jsonl_queries(p)
earlier_text = '\n'.join(sorted(earlier))

# ---------------------------------------------------------------- the queries
COUNTS = {k: 12 for k in ('keyword', 'inflected', 'compound', 'synonym', 'misspelled', 'question', 'abbreviation')}
N = sum(COUNTS.values())
ABBR = ['LSS', 'LVU', 'LVM', 'SoL', 'HVB', 'BUP', 'FK', 'KFM', 'CSN', 'IVO', 'BBIC', 'SIP', 'MVC',
        'BVC', 'AF', 'JO', 'SFI', 'HSL', 'DO', 'BoU', 'ASI', 'SÄBO', 'LOV', 'IFO', 'FN']
# lower case counts only for abbreviations that are not also ordinary Swedish words
ABBR_LOWER_OK = {'LSS', 'LVU', 'LVM', 'HVB', 'BUP', 'FK', 'KFM', 'CSN', 'IVO', 'BBIC', 'SIP', 'MVC',
                 'BVC', 'SFI', 'HSL', 'SÄBO', 'IFO', 'FN'}


def abbr_in(q):
    """The abbreviations a query contains (as a token, or as the first part of a hyphenated token)."""
    found = []
    for tok in re.findall(r'[\w-]+', q):
        head = tok.split('-')[0]
        for a in ABBR:
            if head == a or (a in ABBR_LOWER_OK and head == a.lower()):
                found.append((a, tok))
    return found


def wordset(s):
    return set(re.findall(r'\w+', s.lower()))


assert len(Q) == N, len(Q)
assert len({q.lower() for q, *_ in Q}) == N, 'duplicate query'
counts = collections.Counter(k for _, _, k, _, _ in Q)
assert dict(counts) == COUNTS, counts
abbr_used = collections.Counter()
for q, r, k, key, ev in Q:
    assert r, q
    assert all(i in ids and g in (1, 2) for i, g in r.items()), q
    assert list(r.values()).count(2) == 1, ('not exactly one grade-2 record', q)
    assert q.lower() not in earlier, ('repeats an earlier or dev query', q)
    if k in ('inflected', 'compound', 'synonym', 'misspelled'):
        assert key and key.lower() in re.findall(r'\w+', q.lower()), (q, key)
        assert key.lower() not in words, ('key token occurs in the combined archive', q, key)
        assert ev and all(w.lower() in words for w in ev), ('evidence word missing', q, ev)
        assert key.lower() not in earlier_text, ('key token already used by an earlier query', q, key)
    else:
        assert key is None and not ev, q
    if k == 'keyword':
        assert 1 <= len(q.split()) <= 3, q
    if k == 'question':
        assert q == q.lower() and 6 <= len(q.split()) <= 18, q
        assert not abbr_in(q), ('abbreviation in a question query', q)
    if k == 'abbreviation':
        found = abbr_in(q)
        assert len(found) == 1, (q, found)
        a, tok = found[0]
        abbr_used[a] += 1
        others = [w for w in q.split() if w != tok]
        assert 1 <= len(others) <= 5, (q, others)
    elif k != 'question':
        assert not abbr_in(q), ('abbreviation outside the abbreviation kind', q)
assert len(abbr_used) == 12 and max(abbr_used.values()) == 1, abbr_used
assert sum(1 for q, _, k, _, _ in Q if k == 'abbreviation' and q == q.lower()) >= 5, 'lower-case abbreviations'
all2 = [i for _, r, *_ in Q for i, g in r.items() if g == 2]
assert len(all2) == len(set(all2)) == N, collections.Counter(all2).most_common(3)
n_new2 = sum(1 for i in all2 if i.startswith('t'))
assert n_new2 >= 60, n_new2

# near-repeat report: word overlap (Jaccard) with the most similar earlier query (the earlier query is not printed)
near = []
for q, *_ in Q:
    a = wordset(q)
    best = max((len(a & b) / len(a | b), sorted(a & b)) for b in map(wordset, earlier))
    if best[0] >= 0.4:
        near.append((q, best))
assert not near, near

n_rel = sum(len(r) for _, r, *_ in Q)
n_two = sum(1 for _, r, *_ in Q for g in r.values() if g == 2)
covered = {i for _, r, *_ in Q for i in r}
print(dict(counts))
print('abbreviations:', dict(sorted(abbr_used.items())))
print(f'{len(Q)} queries, {n_rel} graded pairs ({n_two} grade 2, {n_rel - n_two} grade 1), '
      f'mean {n_rel/len(Q):.2f} relevant/query; grade-2 record is new (t) for {n_new2}, sample (s) for {N - n_new2}')
for kind in COUNTS:
    rs = [r for _, r, k, *_ in Q if k == kind]
    t2 = sum(1 for r in rs for i, g in r.items() if g == 2 and i.startswith('t'))
    print(f'  {kind}: mean {sum(map(len, rs))/len(rs):.2f} relevant/query, grade-2 new {t2}/{len(rs)}')
print('queries with exactly one relevant record:', sum(1 for _, r, *_ in Q if len(r) == 1))
print('new records relevant to some query:', sum(1 for i in covered if i.startswith('t')), 'of 80;',
      'sample records:', sum(1 for i in covered if i.startswith('s')), 'of 120')
print('new records not a grade-2 record of any query:', ' '.join(sorted(i for i in ids - set(all2) if i.startswith('t'))))

with open(OUT, 'w', encoding='utf-8') as f:
    for q, r, k, _, _ in Q:
        rel = dict(sorted(r.items(), key=lambda x: (-x[1], x[0])))
        f.write(json.dumps({"query": q, "relevant": rel, "kind": k}, ensure_ascii=False) + "\n")
for line in open(OUT, encoding='utf-8'):
    json.loads(line)
print('wrote', OUT)
