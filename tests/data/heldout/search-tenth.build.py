"""Build search-tenth-queries.jsonl: held-out query set (tenth), 110 queries.

30 question, 30 abbreviation, 10 each of keyword, inflected, compound, synonym, misspelled.
Written by a helper session without seeing the search code, its tests or docs.
Relevance: 2 = the record directly answers the query (its main subject), 1 = partly useful
(gives a substantive piece of the needed information). Passing mentions get no grade.
Run: python3 search-tenth.build.py
"""
import ast, collections, glob, json, os, re

HERE = os.path.dirname(os.path.abspath(__file__))
ARCHIVE = '/work/shared/data/sample-archive.jsonl'
DEV = '/work/shared/data/dev-queries.jsonl'
# The earlier sets live in tests/data/heldout. If this script sits there too, read them from HERE;
# otherwise (written outside the repository, in /work/blind10) read them from ../main/tests/data/heldout.
if os.path.exists(os.path.join(HERE, 'search-ninth.build.py')):
    HELDOUT = HERE
else:
    HELDOUT = os.path.normpath(os.path.join(HERE, '..', 'main', 'tests', 'data', 'heldout'))
SEARCH_TESTS = os.path.normpath(os.path.join(HELDOUT, '..', '..', 'search'))
# earlier sets, read only for their query strings (build scripts parsed with ast, never run)
EARLIER_BUILDS = [os.path.join(HELDOUT, f) for f in (
    'search-sixth.build.py', 'search-seventh.build.py', 'search-eighth.build.py', 'search-ninth.build.py')]
EARLIER_JSONL = [os.path.join(HELDOUT, f) for f in (
    'search-fifth-queries.jsonl', 'search-heldout-queries.jsonl', 'search-sixth-queries.jsonl',
    'search-seventh-queries.jsonl', 'search-eighth-queries.jsonl', 'search-ninth-queries.jsonl')] + sorted(
    glob.glob(os.path.join(SEARCH_TESTS, '*queries*.jsonl')))
OUT = os.path.join(HERE, 'search-tenth-queries.jsonl')

# (query, {id: grade}, kind, key token or None, evidence words)
# key token: for inflected/compound/synonym/misspelled, the word that must NOT occur
#   as a word anywhere in the archive (title, question or answer).
# evidence: words that MUST occur in the archive: for inflected the form(s) the archive
#   does use, for compound the parts (in some form), for synonym the archive's own word,
#   for misspelled the correct spelling.
Q = [
# keyword
("återvinning hyresskuld", {"s031": 2}, "keyword", None, []),
("återfall efter behandlingshem", {"s033": 2, "s052": 1}, "keyword", None, []),
("synpunkter på utredning", {"s106": 2, "s053": 1, "s060": 1}, "keyword", None, []),
("jävig handläggare", {"s065": 2}, "keyword", None, []),
("behandling för våldsutövare", {"s076": 2}, "keyword", None, []),
("härbärge", {"s010": 2, "s021": 1}, "keyword", None, []),
("bisittare", {"s054": 2, "s067": 1, "s088": 1}, "keyword", None, []),
("hbtq partnervåld", {"s047": 2, "s073": 1}, "keyword", None, []),
("sanktionsavgift", {"s062": 2, "s059": 1}, "keyword", None, []),
("hemlös drogfri lägenhet", {"s032": 2, "s022": 1, "s040": 1}, "keyword", None, []),
# inflected
("larmcentralen mormor ramlar", {"s066": 2, "s099": 1}, "inflected", "larmcentralen", ["larmcentral"]),
("kan inte ta bussen med rollatorn", {"s058": 2}, "inflected", "rollatorn", ["rollator"]),
("bostadsanpassningen badkar dusch", {"s101": 2}, "inflected", "bostadsanpassningen", ["bostadsanpassning"]),
("begravningskostnaderna pappa dog", {"s109": 2}, "inflected", "begravningskostnaderna", ["begravningskostnader"]),
("hemutrustningen efter skyddat boende", {"s024": 2, "s013": 1}, "inflected", "hemutrustningen", ["hemutrustning"]),
("avlösarservicen barn med autism", {"s002": 2, "s030": 1, "s041": 1}, "inflected", "avlösarservicen", ["avlösarservice"]),
("förtroendetandläkaren kostnadsförslag", {"s008": 2}, "inflected", "förtroendetandläkaren", ["förtroendetandläkare"]),
("samarbetssamtalen familjerätten", {"s103": 2, "s061": 1, "s036": 1}, "inflected", "samarbetssamtalen", ["samarbetssamtal"]),
("mansjouren för män som blir slagna", {"s073": 2}, "inflected", "mansjouren", ["mansjourer"]),
("äldreförsörjningsstödet låg pension", {"s020": 2, "s007": 1}, "inflected", "äldreförsörjningsstödet", ["äldreförsörjningsstöd"]),
# compound
("hyrestak försörjningsstöd", {"s105": 2, "s018": 1}, "compound", "hyrestak", ["hyra", "tak"]),
("sambobedömning", {"s048": 2}, "compound", "sambobedömning", ["sambo", "bedömning"]),
("bostadsförtur astma", {"s018": 2}, "compound", "bostadsförtur", ["bostad", "förtur"]),
("föräldraskapsbekräftelse sambo", {"s056": 2}, "compound", "föräldraskapsbekräftelse", ["föräldraskapet", "bekräfta"]),
("spellån sambo hyran", {"s120": 2}, "compound", "spellån", ["spel", "lån"]),
("besöksvän ensam pappa", {"s095": 2, "s034": 1}, "compound", "besöksvän", ["besöka", "vän"]),
("barnglasögon socialtjänsten", {"s015": 2}, "compound", "barnglasögon", ["barn", "glasögon"]),
("hemtjänstansökan åt mamma", {"s099": 2}, "compound", "hemtjänstansökan", ["hemtjänst", "ansökan"]),
("vårdnadsutredning barnen rädda", {"s115": 2, "s103": 1}, "compound", "vårdnadsutredning", ["vårdnad", "utredning"]),
("barnkonton räknas försörjningsstöd", {"s014": 2}, "compound", "barnkonton", ["barnets", "konton"]),
# synonym
("blir jag av med körkortet om jag söker hjälp för spriten", {"s004": 2, "s028": 1}, "synonym", "spriten", ["alkohol", "alkoholen"]),
("morsan super och jag tar hand om lillasyster", {"s104": 2, "s091": 1}, "synonym", "morsan", ["mamma"]),
("sonen snodde grejer i en butik och polisen ringde", {"s108": 2}, "synonym", "snodde", ["snatteri"]),
("fröknarna anmälde oss för att barnen kom hungriga", {"s049": 2, "s097": 1}, "synonym", "fröknarna", ["förskolan", "personal"]),
("brorsan snor pengar från mamma som är 82", {"s023": 2}, "synonym", "brorsan", ["bror"]),
("gubben kräver sex fast jag säger nej", {"s111": 2}, "synonym", "gubben", ["man"]),
("minnessjuk pappa vill ut men dörren på boendet är låst", {"s025": 2, "s028": 1}, "synonym", "minnessjuk", ["demens"]),
("farsan säger att jag måste bo varannan vecka tills jag är 18", {"s061": 2, "s115": 1}, "synonym", "farsan", ["pappa"]),
("stålarna från soc har inte kommit in på kontot", {"s042": 2}, "synonym", "stålarna", ["pengarna"]),
("inneboende hos kompis och soc godkänner inte hyran", {"s039": 2}, "synonym", "inneboende", ["andrahand", "rum"]),
# misspelled
("lagighetsprövning dator till barnen", {"s117": 2}, "misspelled", "lagighetsprövning", ["laglighetsprövning"]),
("avhyssning på fredag med barnen", {"s050": 2, "s031": 1}, "misspelled", "avhyssning", ["avhysning"]),
("urinpov för att få försörjningsstöd", {"s063": 2}, "misspelled", "urinpov", ["urinprov"]),
("sekretes arbetsgivare alkohol", {"s057": 2, "s089": 1, "s113": 1}, "misspelled", "sekretes", ["sekretess"]),
("shizofreni alla myndigheter hjälp", {"s069": 2, "s112": 1, "s084": 1}, "misspelled", "shizofreni", ["schizofreni"]),
("kontakförbud mot ex", {"s118": 2, "s005": 1}, "misspelled", "kontakförbud", ["kontaktförbud"]),
("psykist våld sambo", {"s026": 2, "s090": 1}, "misspelled", "psykist", ["psykiskt"]),
("dagligverksamhet djur", {"s086": 2}, "misspelled", "dagligverksamhet", ["daglig", "verksamhet"]),
("insaster följer med flytt till annan kommun", {"s082": 2, "s098": 1}, "misspelled", "insaster", ["insatser"]),
("depostion tre månadshyror", {"s046": 2, "s024": 1, "s022": 1}, "misspelled", "depostion", ["deposition"]),
# question
("kan mitt ex ha lagt in nåt i min mobil eftersom han vet allt jag skriver", {"s005": 2}, "question", None, []),
("min mormor har knappt råd med mat efter hemtjänstavgiften kan kommunen sänka den", {"s007": 2, "s020": 1, "s099": 1}, "question", None, []),
("som kurator undrar jag om soc kan hjälpa en elev på 19 som ska giftas bort", {"s009": 2}, "question", None, []),
("kan socialen i min kommun se vem jag är om jag ställer en fråga här", {"s043": 2, "s091": 1}, "question", None, []),
("får elbolaget stänga av oss när jag har en liten son hemma", {"s083": 2}, "question", None, []),
("min son på 15 röker på vem ska jag prata med polisen eller soc", {"s017": 2}, "question", None, []),
("får jag bo med min fru på hennes demensboende fast jag själv är frisk", {"s019": 2, "s045": 1}, "question", None, []),
("finns det nåt kommunen kan göra när ingen hyresvärd vill ha mig pga en gammal vräkning", {"s022": 2, "s046": 1}, "question", None, []),
("grannen har alzhemier och vägrar all hjälp kan kommunen tvinga honom att ta emot hemtjänst", {"s028": 2, "s099": 1, "s025": 1}, "question", None, []),
("stämmer det att soc inte kan göra nåt när dottern fyllt 18 och tar droger", {"s029": 2, "s080": 1, "s114": 1}, "question", None, []),
("hemtjänsten märker att mamma dricker men säger inget till mig får de hålla tyst", {"s034": 2, "s080": 1, "s029": 1}, "question", None, []),
("exet tar kokain och ska ha barnen i helgen får jag säga nej", {"s036": 2, "s115": 1}, "question", None, []),
("vart skickar man sitt överklagande och hur lång tid har man på sig", {"s037": 2, "s117": 1, "s041": 1, "s058": 1, "s116": 1}, "question", None, []),
("när får jag ta över kontraktet på min försökslägenhet", {"s040": 2, "s032": 1}, "question", None, []),
("kommunen tycker att min son med cp inte behöver assistans ska vi överklaga?", {"s041": 2}, "question", None, []),
("jag har typ 50 kr kvar och soc säger att beslutet tar veckor vad gör jag", {"s044": 2, "s037": 1}, "question", None, []),
("min pappa har skött om mamma med demens i åratal och orkar inte mer vad finns", {"s045": 2, "s028": 1}, "question", None, []),
("får socialsekreterare förhöra mitt barn på skolan utan att jag har sagt ja", {"s060": 2}, "question", None, []),
("hur gör man om man inte klickar med sin handläggre och vill ha en ny", {"s067": 2, "s065": 1}, "question", None, []),
("som farmor får jag bara se mitt barnbarn i familjehemet några gånger om året", {"s068": 2}, "question", None, []),
("måste min man stänga sitt företag för att vi ska få hjälp av soc", {"s070": 2}, "question", None, []),
("vad får man betalt om man tar emot ett placerat barn hemma?", {"s075": 2}, "question", None, []),
("kan kommunen skicka nån som hjälper mig få ordning på disken och räkningarna", {"s078": 2, "s084": 1, "s064": 1}, "question", None, []),
("vart vänder jag mig för hjälp när jag sover hos olika kompisar i olika kommuner", {"s079": 2, "s010": 1}, "question", None, []),
("min kurator tycker jag ska ha god man blir jag omyndig då", {"s084": 2, "s069": 1}, "question", None, []),
("kan soc betala det som kronofogden drar från lönen varje månad", {"s087": 2}, "question", None, []),
("kan en framtida arbetsgivare se att jag haft försörjningstöd för länge sen", {"s113": 2, "s089": 1, "s057": 1}, "question", None, []),
("min kompis har tagit överdos två gånger kan jag anmäla det nånstans", {"s114": 2, "s080": 1, "s055": 1}, "question", None, []),
("hur överklagar vi när mamma nekats boende fast hon är livrädd på nätterna", {"s116": 2}, "question", None, []),
("vad händer om soc kräver att jag säljer bilen när vi bor på landet", {"s119": 2}, "question", None, []),
# abbreviation
("lss gruppbostad kö", {"s059": 2, "s062": 1}, "abbreviation", None, []),
("LSS personkrets 2 hjärnskada", {"s077": 2, "s093": 1}, "abbreviation", None, []),
("lvu upphör 18 gymnasiet", {"s001": 2, "s029": 1}, "abbreviation", None, []),
("LVU omprövas sex månader", {"s038": 2}, "abbreviation", None, []),
("lvm bror vägrar vård", {"s055": 2, "s080": 1, "s114": 1}, "abbreviation", None, []),
("LVM förhandling offentligt biträde", {"s102": 2, "s038": 1}, "abbreviation", None, []),
("SoL ledsagarservice synskadad", {"s093": 2}, "abbreviation", None, []),
("skyddat boende egen insats SoL", {"s092": 2}, "abbreviation", None, []),
("hvb-hem akt 90-talet", {"s003": 2, "s113": 1}, "abbreviation", None, []),
("bup barn sett pappa slå mamma", {"s110": 2}, "abbreviation", None, []),
("FK ersättning deltid sjukt barn", {"s030": 2}, "abbreviation", None, []),
("kfm skulder ex tog lån", {"s006": 2, "s087": 1}, "abbreviation", None, []),
("studerande CSN juni juli hyra", {"s100": 2}, "abbreviation", None, []),
("får soc kolla med AF", {"s089": 2}, "abbreviation", None, []),
("IVO dusch en gång i veckan", {"s096": 2}, "abbreviation", None, []),
("BBIC förhandsbedömning 14 dagar", {"s097": 2, "s012": 1}, "abbreviation", None, []),
("SIP begära vem kallar", {"s112": 2, "s064": 1, "s071": 1, "s072": 1}, "abbreviation", None, []),
("SIP sjukskriven praktik krav", {"s072": 2, "s112": 1}, "abbreviation", None, []),
("rädd för MVC bipolär bebis", {"s071": 2}, "abbreviation", None, []),
("BVC trött ensamstående mamma tre barn", {"s016": 2}, "abbreviation", None, []),
("anmäla till JO handläggning", {"s053": 2}, "abbreviation", None, []),
("sfi svårt förstå beslut", {"s051": 2}, "abbreviation", None, []),
("HSL utskrivning kommunen ansvar", {"s035": 2}, "abbreviation", None, []),
("DO anmälan religion handläggare", {"s011": 2}, "abbreviation", None, []),
("BoU ansöka kontaktperson", {"s094": 2, "s016": 1}, "abbreviation", None, []),
("ASI opioider utredning", {"s052": 2}, "abbreviation", None, []),
("säbo annan kommun nära barnen", {"s098": 2, "s082": 1}, "abbreviation", None, []),
("hemtjänstföretag otrevlig LOV", {"s085": 2, "s107": 1}, "abbreviation", None, []),
("ifo missbruk vuxen son", {"s080": 2, "s055": 1, "s114": 1, "s029": 1}, "abbreviation", None, []),
("IFO orosanmälan grannens barn", {"s074": 2, "s097": 1}, "abbreviation", None, []),
]


def build_queries(path):
    """Read a previous set's queries from its build script without executing it."""
    tree = ast.parse(open(path, encoding='utf-8').read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, 'id', None) == 'Q' for t in node.targets):
            return {t[0].lower() for t in ast.literal_eval(node.value)}
    raise AssertionError('no Q in ' + path)


def jsonl_queries(path):
    return {json.loads(l)['query'].lower() for l in open(path, encoding='utf-8') if l.strip()}


for p in EARLIER_BUILDS + EARLIER_JSONL[:6]:
    assert os.path.exists(p), ('earlier set missing', p)
assert len(EARLIER_JSONL) > 6, ('no tests/search query files found under', SEARCH_TESTS)

recs = [json.loads(l) for l in open(ARCHIVE, encoding='utf-8')]
ids = {d['id'] for d in recs}
words = set()
for d in recs:
    for f in ('title', 'question', 'answer'):
        words.update(re.findall(r'\w+', d[f].lower()))
dev = jsonl_queries(DEV)
earlier = set()
for p in EARLIER_BUILDS:
    earlier |= build_queries(p)
for p in EARLIER_JSONL:
    earlier |= jsonl_queries(p)

COUNTS = {'keyword': 10, 'inflected': 10, 'compound': 10, 'synonym': 10, 'misspelled': 10,
          'question': 30, 'abbreviation': 30}
# The 24 abbreviations of this set's brief (OSA is not in it; FB for försörjningsstöd was left out
# as unnatural). Those that are not also ordinary Swedish words (sol, lov, jo, do, af, asi, bou ...)
# may also be written in lower case, as users do.
ABBR = ['LSS', 'LVU', 'LVM', 'SoL', 'HVB', 'BUP', 'FK', 'KFM', 'CSN', 'IVO', 'BBIC', 'SIP', 'MVC',
        'BVC', 'AF', 'JO', 'SFI', 'HSL', 'DO', 'BoU', 'ASI', 'SÄBO', 'LOV', 'IFO']
ABBR_LOWER_OK = {'LSS', 'LVU', 'LVM', 'HVB', 'BUP', 'FK', 'KFM', 'CSN', 'IVO', 'BBIC', 'SIP', 'MVC',
                 'BVC', 'SFI', 'HSL', 'SÄBO', 'IFO'}


def abbr_in(q):
    """The abbreviations a query contains (as a token, or as the first part of a hyphenated token)."""
    found = []
    for tok in re.findall(r'[\w-]+', q):
        head = tok.split('-')[0]
        for a in ABBR:
            if head == a or (a in ABBR_LOWER_OK and head == a.lower()):
                found.append((a, tok))
    return found


assert len(Q) == 110, len(Q)
assert len({q.lower() for q, *_ in Q}) == 110, 'duplicate query'
counts = collections.Counter(k for _, _, k, _, _ in Q)
assert dict(counts) == COUNTS, counts
abbr_used = collections.Counter()
for q, r, k, key, ev in Q:
    assert r, q
    assert all(i in ids and g in (1, 2) for i, g in r.items()), q
    assert 2 in r.values(), ('no grade-2 record', q)
    assert q.lower() not in dev, ('dev', q)
    assert q.lower() not in earlier, ('earlier set', q)
    if k in ('inflected', 'compound', 'synonym', 'misspelled'):
        assert key and key.lower() in re.findall(r'\w+', q.lower()), (q, key)
        assert key.lower() not in words, ('key token occurs in archive', q, key)
        assert ev and all(w.lower() in words for w in ev), ('evidence word missing', q, ev)
    else:
        assert key is None and not ev, q
    if k == 'keyword':
        assert 1 <= len(q.split()) <= 3, q
    if k == 'question':
        assert q == q.lower() and 6 <= len(q.split()) <= 16, q
    if k == 'abbreviation':
        found = abbr_in(q)
        assert len(found) == 1, (q, found)
        a, tok = found[0]
        abbr_used[a] += 1
        others = [w for w in q.split() if w != tok]
        assert 1 <= len(others) <= 5, (q, others)
assert set(abbr_used) == set(ABBR), ('abbreviation not used', set(ABBR) - set(abbr_used))
assert max(abbr_used.values()) <= 2, abbr_used
assert sum(1 for q, _, k, _, _ in Q if k == 'abbreviation' and q == q.lower()) >= 5, 'lower-case abbreviations'
# the 30 question queries each have a different grade-2 record
q2 = [i for _, r, k, *_ in Q if k == 'question' for i, g in r.items() if g == 2]
assert len(q2) == len(set(q2)) == 30, collections.Counter(q2).most_common(3)

n_rel = sum(len(r) for _, r, *_ in Q)
n_two = sum(1 for _, r, *_ in Q for g in r.values() if g == 2)
covered = {i for _, r, *_ in Q for i in r}
print(dict(counts))
print('abbreviations:', dict(sorted(abbr_used.items())))
print(f'{len(Q)} queries, {n_rel} graded pairs ({n_two} grade 2, {n_rel - n_two} grade 1), '
      f'mean {n_rel/len(Q):.2f} relevant/query ({n_two/len(Q):.2f} grade 2), '
      f'{len(covered)} of {len(ids)} records relevant to some query')
for kind in COUNTS:
    rs = [len(r) for _, r, k, *_ in Q if k == kind]
    print(f'  {kind}: mean {sum(rs)/len(rs):.2f} relevant/query')
print('queries with exactly one relevant record:', sum(1 for _, r, *_ in Q if len(r) == 1))
print('not covered:', ' '.join(sorted(ids - covered)))

with open(OUT, 'w', encoding='utf-8') as f:
    for q, r, k, _, _ in Q:
        rel = dict(sorted(r.items(), key=lambda x: (-x[1], x[0])))
        f.write(json.dumps({"query": q, "relevant": rel, "kind": k}, ensure_ascii=False) + "\n")
print('wrote', OUT)
