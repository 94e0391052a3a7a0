"""Build search-eleventh-queries.jsonl: held-out query set (eleventh), 100 queries.

50 question, 20 abbreviation, 6 each of keyword, inflected, compound, synonym, misspelled.
Written by a helper session without seeing the search code, its tests or docs.
Relevance: 2 = the record directly answers the query (its main subject), 1 = partly useful
(gives a substantive piece of the needed information). Passing mentions get no grade.
Run: python3 search-eleventh.build.py
"""
import ast, collections, glob, json, os, re

HERE = os.path.dirname(os.path.abspath(__file__))
ARCHIVE = '/work/shared/data/sample-archive.jsonl'
DEV = '/work/shared/data/dev-queries.jsonl'
# The earlier sets live in tests/data/heldout. If this script sits there too, read them from HERE;
# otherwise (written outside the repository, in /work/blind11) read them from ../main/tests/data/heldout.
if os.path.exists(os.path.join(HERE, 'search-tenth.build.py')):
    HELDOUT = HERE
else:
    HELDOUT = os.path.normpath(os.path.join(HERE, '..', 'main', 'tests', 'data', 'heldout'))
SEARCH_TESTS = os.path.normpath(os.path.join(HELDOUT, '..', '..', 'search'))
# earlier sets, read only for their query strings (build scripts parsed with ast, never run)
EARLIER_BUILDS = [os.path.join(HELDOUT, f) for f in (
    'search-sixth.build.py', 'search-seventh.build.py', 'search-eighth.build.py', 'search-ninth.build.py',
    'search-tenth.build.py')]
EARLIER_JSONL = [os.path.join(HELDOUT, f) for f in (
    'search-fifth-queries.jsonl', 'search-heldout-queries.jsonl', 'search-sixth-queries.jsonl',
    'search-seventh-queries.jsonl', 'search-eighth-queries.jsonl', 'search-ninth-queries.jsonl',
    'search-tenth-queries.jsonl')] + sorted(glob.glob(os.path.join(SEARCH_TESTS, '*queries*.jsonl')))
N_HELDOUT_JSONL = 7
OUT = os.path.join(HERE, 'search-eleventh-queries.jsonl')

# (query, {id: grade}, kind, key token or None, evidence words)
# key token: for inflected/compound/synonym/misspelled, the word that must NOT occur
#   as a word anywhere in the archive (title, question or answer).
# evidence: words that MUST occur in the archive: for inflected the form(s) the archive
#   does use, for compound the parts (in some form), for synonym the archive's own word,
#   for misspelled the correct spelling.
Q = [
# keyword
("exets lån kronofogden", {"s006": 2, "s087": 1}, "keyword", None, []),
("gps-sändare på bilen", {"s005": 2, "s118": 1}, "keyword", None, []),
("lång handläggningstid", {"s012": 2}, "keyword", None, []),
("radera socialtjänstens uppgifter", {"s113": 2, "s003": 1}, "keyword", None, []),
("hembesök träningslägenhet", {"s040": 2, "s032": 1}, "keyword", None, []),
("hemlig adress våldsutsatt", {"s092": 2, "s090": 1}, "keyword", None, []),
# inflected
("gruppbostaden för min bror med downs", {"s059": 2}, "inflected", "gruppbostaden", ["gruppbostad"]),
("nödprövningen när pengarna är slut", {"s044": 2, "s037": 1}, "inflected", "nödprövningen", ["nödprövning"]),
("barnfridsbrottet barnen såg våldet", {"s110": 2, "s073": 1, "s090": 1}, "inflected", "barnfridsbrottet", ["barnfridsbrott"]),
("informationssamtalet innan tingsrätten", {"s103": 2, "s036": 1}, "inflected", "informationssamtalet", ["informationssamtal"]),
("omvårdnadsbidraget när man går ner i tid", {"s030": 2}, "inflected", "omvårdnadsbidraget", ["omvårdnadsbidrag"]),
("hyran under tiden på behandlingshemmet", {"s081": 2}, "inflected", "behandlingshemmet", ["behandlingshem"]),
# compound
("tandvårdsbistånd akut svullnad", {"s008": 2}, "compound", "tandvårdsbistånd", ["tandvård", "bistånd"]),
("inspelningsförbud på socialkontoret", {"s088": 2}, "compound", "inspelningsförbud", ["inspelning", "förbud"]),
("husdjursförbud på akutboendet", {"s021": 2, "s092": 1}, "compound", "husdjursförbud", ["husdjur", "förbud"]),
("störningsuppsägning hög musik nätterna", {"s064": 2}, "compound", "störningsuppsägning", ["störningar", "uppsägning"]),
("hemtjänstfaktura för hög liten pension", {"s007": 2, "s020": 1, "s099": 1}, "compound", "hemtjänstfaktura", ["hemtjänst", "fakturan"]),
("kusinäktenskap familjen tvingar mig", {"s009": 2}, "compound", "kusinäktenskap", ["kusin", "äktenskap"]),
# synonym
("exet har blivit en stalker vad kan jag göra", {"s118": 2, "s005": 1}, "synonym", "stalker", ["förföljelse"]),
("farfar bröt lårbenshalsen och ska skickas hem från sjukhuset", {"s035": 2}, "synonym", "lårbenshalsen", ["höftfraktur"]),
("vårdhem nekat fast mormor larmar varje natt", {"s116": 2}, "synonym", "vårdhem", ["äldreboende"]),
("kan en polare följa med in på socialkontoret", {"s054": 2, "s067": 1, "s088": 1}, "synonym", "polare", ["kompis"]),
("syrran och jag har inga pengar till pappas begravning", {"s109": 2}, "synonym", "syrran", ["syster"]),
("nödknapp för mormor som är rädd att trilla", {"s066": 2, "s099": 1}, "synonym", "nödknapp", ["trygghetslarm"]),
# misspelled
("personkets autism vuxen", {"s077": 2, "s093": 1}, "misspelled", "personkets", ["personkrets"]),
("oroanmälan för vuxen kompis som tagit överdos", {"s114": 2, "s080": 1, "s055": 1}, "misspelled", "oroanmälan", ["orosanmälan"]),
("hur blir man famljehem och får man betalt", {"s075": 2}, "misspelled", "famljehem", ["familjehem"]),
("spelberende hjälp för anhöriga", {"s120": 2}, "misspelled", "spelberende", ["spelberoende"]),
("kortidsvistelse för vår son", {"s002": 2, "s030": 1, "s041": 1}, "misspelled", "kortidsvistelse", ["korttidsvistelse"]),
("byta socialsekretare", {"s067": 2, "s065": 1}, "misspelled", "socialsekretare", ["socialsekreterare"]),
# question
("vi är familjehem och vår placerade tjej fyller 18 får hon bo kvar tills hon gått ut gymnasiet", {"s001": 2}, "question", None, []),
("hur gör man för att få läsa sin gamla akt från när man var fosterbarn", {"s003": 2, "s113": 1}, "question", None, []),
("stämmer det att läkaren måste anmäla mig till transportstyrelsen om jag berättar att jag dricker", {"s004": 2, "s028": 1}, "question", None, []),
("sambon slängde ut mig ikväll och jag har ingenstans att sova vem ringer jag?", {"s010": 2, "s044": 1}, "question", None, []),
("fick äntligen eget kontrakt men lägenheten är tom kan socialen hjälpa till med säng och bord", {"s013": 2, "s024": 1}, "question", None, []),
("räknas pengarna som mormor sparat åt barnen när vi söker försörjningsstöd?", {"s014": 2}, "question", None, []),
("får handläggaren säga åt mig att det inte är nån idé att ansöka", {"s015": 2}, "question", None, []),
("hittade cannabis i min 15-åriga dotters väska ska jag ringa polisen eller soc", {"s017": 2}, "question", None, []),
("vi är sju personer i en liten tvåa kan soc hjälpa oss att få nåt större", {"s018": 2}, "question", None, []),
("pappa har garantipention och bostadstillägg men det räcker inte till mat vart vänder han sig", {"s020": 2, "s007": 1}, "question", None, []),
("hur ska jag nånsin få ett förstahandskontrakt när jag har en gammal vräkning på mig", {"s022": 2, "s032": 1}, "question", None, []),
("min morbror har flyttat in hos mormor och tar pengar från hennes konto vad kan vi göra", {"s023": 2}, "question", None, []),
("vad gäller när man flyttar från skyddat boende till en annan kommun vem ska hjälpa oss", {"s024": 2, "s079": 1}, "question", None, []),
("räknas det som våld när sambon läser mina sms och kallar mig ful hela tiden", {"s026": 2, "s090": 1, "s005": 1}, "question", None, []),
("jag drack igen i helgen efter behandlingen måste jag berätta det för min socialsekreterare", {"s033": 2, "s052": 1}, "question", None, []),
("barnens pappa verkar påverkad när han hämtar barnen får jag stoppa umgänget", {"s036": 2, "s115": 1}, "question", None, []),
("måste man ha en advokat för att överklaga ett avslag på försörjningsstöd", {"s037": 2, "s117": 1}, "question", None, []),
("vår son fick nej till personlig assistans fast han behöver hjälp med allt är det lönt att överklaga", {"s041": 2}, "question", None, []),
("ser socialen det jag skriver här", {"s043": 2, "s091": 1}, "question", None, []),
("får anhöriga som vårdar någon med demens nån hjälp från kommunen", {"s045": 2, "s028": 1}, "question", None, []),
("nya hyresvärden kräver 25 000 kr i deposition och jag har försörjningsstöd kan soc betala", {"s046": 2, "s024": 1, "s022": 1}, "question", None, []),
("flickvännen hotar att outa mig för mina religiösa föräldrar och har knuffat mig vad gör jag", {"s047": 2, "s073": 1}, "question", None, []),
("kommer soc ta barnen om vi blir vräkta på fredag och inte har nånstans att bo", {"s050": 2}, "question", None, []),
("får man välja behandlingshem själv om kommunen betalar", {"s052": 2}, "question", None, []),
("vår bror dricker ihjäl sig men vägrar all vård kan man tvinga honom", {"s055": 2, "s080": 1, "s114": 1, "s029": 1}, "question", None, []),
("vi är inte gifta och väntar barn hur gör vi för att han ska stå som pappa", {"s056": 2}, "question", None, []),
("socialsekreterare har förhört min dotter på skolan utan att fråga mig är det lagligt", {"s060": 2}, "question", None, []),
("dottern beviljades kontaktperson för över ett år sen men ingen har dykt up vad gör jag", {"s062": 2, "s059": 1, "s094": 1}, "question", None, []),
("jag är farmor och får bara träffa barnbarnet i familjehemmet nån gång per kvartal är det rimligt", {"s068": 2}, "question", None, []),
("vad gör ett personligt ombud och är det samma sak som en god man", {"s069": 2, "s084": 1}, "question", None, []),
("jag har adhd och lägenheten är ett kaos kan man få nån som hjälper till hemma", {"s078": 2, "s077": 1, "s084": 1, "s064": 1}, "question", None, []),
("vår vuxna son tar kokain och ringer bara när han vill ha pengar hur ska vi göra", {"s080": 2, "s055": 1, "s114": 1, "s029": 1}, "question", None, []),
("elbolaget hotar stänga av elen fast jag bor med min son kan soc betala skulden", {"s083": 2}, "question", None, []),
("blir man omyndig om man får god man för att man glömmer betala räkningar", {"s084": 2, "s069": 1}, "question", None, []),
("dottern går sista året på anpassade gymnasiet får hon lön på daglig verksamhet", {"s086": 2}, "question", None, []),
("vem får veta att jag har kontakt med socialen kan min hyresvärd eller jobbet få reda på det", {"s089": 2, "s057": 1, "s113": 1}, "question", None, []),
("hur lämnar jag min man när han har koll på alla pengar och min mobil", {"s090": 2, "s026": 1, "s092": 1}, "question", None, []),
("jag är 16 och pallar inte bo hemma längre kan soc hjälpa mig flytta", {"s091": 2, "s104": 1}, "question", None, []),
("hur gör man för att få en kontaktpeson till sin son på 12", {"s094": 2, "s016": 1}, "question", None, []),
("skolan har gjort en orosanmälan på oss vad händer nu kan de ta min son", {"s097": 2, "s049": 1}, "question", None, []),
("någon som vet om mamma i norrland kan söka äldreboende i vår kommun?", {"s098": 2}, "question", None, []),
("pappa har haft stroke och kan inte kliva i badkaret vem betalar om vi byter till dusch", {"s101": 2}, "question", None, []),
("hemtjänsten till farmor kommer jämt sent och det är nya personer varje gång vem klagar man hos", {"s107": 2, "s085": 1, "s096": 1}, "question", None, []),
("är det normalt att min man fortsätter ha sex fast jag säger nej och gråter", {"s111": 2}, "question", None, []),
("finns det stöd för killar som blir slagna av sin fru vart vänder jag mig", {"s073": 2, "s047": 1}, "question", None, []),
("får handläggaren kräva drogtester av mig för att jag ska få pengar", {"s063": 2}, "question", None, []),
("soc säger att vi måste flytta till en billigare lägenhet men det finns inga vad händer då", {"s105": 2}, "question", None, []),
("min kille vill flytta in hos mig räknas hans lön in i mitt försörjningsstöd då", {"s048": 2}, "question", None, []),
("handläggaren på soc är släkt med grannen jag ligger i bråk med kan jag få en annan", {"s065": 2, "s067": 1}, "question", None, []),
("sonen åkte fast för snatteri hamnar han i register", {"s108": 2, "s113": 1}, "question", None, []),
# abbreviation
("lss assistans ny kommun studier", {"s082": 2}, "abbreviation", None, []),
("lvu för 19-åring med missbruk", {"s029": 2, "s038": 1}, "abbreviation", None, []),
("lvm-hem får jag egen jurist", {"s102": 2, "s038": 1}, "abbreviation", None, []),
("ledsagare enligt SoL utan personkrets", {"s093": 2, "s077": 1}, "abbreviation", None, []),
("dottern placerad på hvb långt bort", {"s038": 2}, "abbreviation", None, []),
("bup och habiliteringen samarbetar inte", {"s112": 2, "s064": 1, "s071": 1, "s072": 1}, "abbreviation", None, []),
("SIP läkarintyg depression försörjningsstöd", {"s072": 2, "s112": 1}, "abbreviation", None, []),
("FK betalar retroaktivt till kommunen", {"s027": 2, "s031": 1}, "abbreviation", None, []),
("kfm löneutmätning räcker inte till hyran", {"s087": 2}, "abbreviation", None, []),
("csn slutar student arbetslös sommar", {"s100": 2}, "abbreviation", None, []),
("pappa inlåst på boendet IVO", {"s025": 2, "s028": 1}, "abbreviation", None, []),
("barnmorskan på mvc bipolär", {"s071": 2}, "abbreviation", None, []),
("bvc tipsade om stöd utan utredning", {"s016": 2}, "abbreviation", None, []),
("enskild firma lägga ner AF", {"s070": 2}, "abbreviation", None, []),
("klaga hos JO på utredning", {"s053": 2}, "abbreviation", None, []),
("läser sfi men behöver tolk", {"s051": 2}, "abbreviation", None, []),
("DO handläggaren ifrågasatte min hijab", {"s011": 2}, "abbreviation", None, []),
("säbo flytta med frisk make", {"s019": 2, "s045": 1}, "abbreviation", None, []),
("LOV välja kommunal hemtjänst i stället", {"s085": 2, "s107": 1}, "abbreviation", None, []),
("ifo alkoholhjälp chefen ska inte veta", {"s057": 2, "s089": 1}, "abbreviation", None, []),
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


for p in EARLIER_BUILDS + EARLIER_JSONL[:N_HELDOUT_JSONL]:
    assert os.path.exists(p), ('earlier set missing', p)
assert len(EARLIER_JSONL) > N_HELDOUT_JSONL, ('no tests/search query files found under', SEARCH_TESTS)

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

COUNTS = {'keyword': 6, 'inflected': 6, 'compound': 6, 'synonym': 6, 'misspelled': 6,
          'question': 50, 'abbreviation': 20}
N = sum(COUNTS.values())
# The 24 abbreviations of the tenth set's list. With 20 abbreviation queries, 20 different ones are
# used, each once (BBIC, HSL, BoU and ASI, the four the archive never writes and that depend most on
# domain knowledge, were left out). Those that are not also ordinary Swedish words may be written in
# lower case, as users do (so `sol`, `lov`, `jo`, `do`, `af`, `asi`, `bou` don't count).
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


assert len(Q) == N, len(Q)
assert len({q.lower() for q, *_ in Q}) == N, 'duplicate query'
counts = collections.Counter(k for _, _, k, _, _ in Q)
assert dict(counts) == COUNTS, counts
abbr_used = collections.Counter()
for q, r, k, key, ev in Q:
    assert r, q
    assert all(i in ids and g in (1, 2) for i, g in r.items()), q
    assert list(r.values()).count(2) == 1, ('not exactly one grade-2 record', q)
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
        assert q == q.lower() and 6 <= len(q.split()) <= 18, q
        assert not abbr_in(q), ('abbreviation in a question query', q)
    if k == 'abbreviation':
        found = abbr_in(q)
        assert len(found) == 1, (q, found)
        a, tok = found[0]
        abbr_used[a] += 1
        others = [w for w in q.split() if w != tok]
        assert 1 <= len(others) <= 5, (q, others)
assert len(abbr_used) == 20 and max(abbr_used.values()) == 1, abbr_used
assert sum(1 for q, _, k, _, _ in Q if k == 'abbreviation' and q == q.lower()) >= 5, 'lower-case abbreviations'
# the 50 question queries each have a different grade-2 record
q2 = [i for _, r, k, *_ in Q if k == 'question' for i, g in r.items() if g == 2]
assert len(q2) == len(set(q2)) == 50, collections.Counter(q2).most_common(3)
# and no record is the grade-2 answer to more than one query in the whole set
all2 = [i for _, r, *_ in Q for i, g in r.items() if g == 2]
assert len(all2) == len(set(all2)) == N, collections.Counter(all2).most_common(3)

n_rel = sum(len(r) for _, r, *_ in Q)
n_two = sum(1 for _, r, *_ in Q for g in r.values() if g == 2)
covered = {i for _, r, *_ in Q for i in r}
print(dict(counts))
print('abbreviations:', dict(sorted(abbr_used.items())), 'not used:', sorted(set(ABBR) - set(abbr_used)))
print(f'{len(Q)} queries, {n_rel} graded pairs ({n_two} grade 2, {n_rel - n_two} grade 1), '
      f'mean {n_rel/len(Q):.2f} relevant/query ({n_two/len(Q):.2f} grade 2), '
      f'{len(covered)} of {len(ids)} records relevant to some query')
for kind in COUNTS:
    rs = [len(r) for _, r, k, *_ in Q if k == kind]
    print(f'  {kind}: mean {sum(rs)/len(rs):.2f} relevant/query')
print('queries with exactly one relevant record:', sum(1 for _, r, *_ in Q if len(r) == 1))
print('not covered:', ' '.join(sorted(ids - covered)))
print('not a grade-2 record of any query:', ' '.join(sorted(ids - set(all2))))

with open(OUT, 'w', encoding='utf-8') as f:
    for q, r, k, _, _ in Q:
        rel = dict(sorted(r.items(), key=lambda x: (-x[1], x[0])))
        f.write(json.dumps({"query": q, "relevant": rel, "kind": k}, ensure_ascii=False) + "\n")
print('wrote', OUT)
