"""Build search-ninth-queries.jsonl: held-out query set (ninth), 110 queries.

30 question, 30 abbreviation, 10 each of keyword, inflected, compound, synonym, misspelled.
Written by a helper session without seeing the search code, its tests or docs.
Relevance: 2 = the record directly answers the query (its main subject), 1 = partly useful
(gives a substantive piece of the needed information). Passing mentions get no grade.
Run: python3 search-ninth.build.py
"""
import ast, collections, glob, json, os, re

HERE = os.path.dirname(os.path.abspath(__file__))
ARCHIVE = '/work/shared/data/sample-archive.jsonl'
DEV = '/work/shared/data/dev-queries.jsonl'
HELDOUT = HERE
# earlier sets, read only for their query strings (build scripts parsed with ast, never run)
EARLIER_BUILDS = [os.path.join(HELDOUT, f) for f in (
    'search-sixth.build.py', 'search-seventh.build.py', 'search-eighth.build.py')]
EARLIER_JSONL = [os.path.join(HELDOUT, f) for f in (
    'search-fifth-queries.jsonl', 'search-heldout-queries.jsonl', 'search-sixth-queries.jsonl',
    'search-seventh-queries.jsonl', 'search-eighth-queries.jsonl')] + sorted(
    glob.glob(os.path.join(HERE, '..', '..', 'search', '*queries*.jsonl')))
OUT = os.path.join(HERE, 'search-ninth-queries.jsonl')

# (query, {id: grade}, kind, key token or None, evidence words)
# key token: for inflected/compound/synonym/misspelled, the word that must NOT occur
#   as a word anywhere in the archive (title, question or answer).
# evidence: words that MUST occur in the archive: for inflected the form(s) the archive
#   does use, for compound the parts (in some form), for synonym the archive's own word,
#   for misspelled the correct spelling.
Q = [
# keyword
("förbehållsbelopp", {"s007": 2, "s087": 2}, "keyword", None, []),
("nödprövning", {"s044": 2, "s037": 1}, "keyword", None, []),
("spelpaus", {"s120": 2}, "keyword", None, []),
("dröjsmålstalan", {"s012": 2}, "keyword", None, []),
("barnfridsbrott", {"s110": 2}, "keyword", None, []),
("inflyttningsansökan", {"s098": 2, "s082": 1}, "keyword", None, []),
("gallring personakt", {"s113": 2, "s003": 1}, "keyword", None, []),
("digitalt våld", {"s005": 2}, "keyword", None, []),
("fast omsorgskontakt", {"s107": 2}, "keyword", None, []),
("ungdomstjänst", {"s108": 2}, "keyword", None, []),
# inflected
("hyresgarantin från kommunen", {"s022": 2, "s046": 1}, "inflected", "hyresgarantin", ["hyresgaranti"]),
("habiliteringsersättningen lön", {"s086": 2}, "inflected", "habiliteringsersättningen", ["habiliteringsersättning"]),
("umgängesstödet pappa missbruk", {"s036": 2, "s115": 1}, "inflected", "umgängesstödet", ["umgängesstöd"]),
("korttidshemmet autism son helg", {"s002": 2, "s030": 1, "s041": 1}, "inflected", "korttidshemmet", ["korttidshem"]),
("demensteamet pappa vägrar hemtjänst", {"s028": 2}, "inflected", "demensteamet", ["demensteam"]),
("stödgruppen barn mamma dricker", {"s104": 2, "s057": 1}, "inflected", "stödgruppen", ["stödgrupper"]),
("träningslägenheten personal kommer oanmält", {"s040": 2, "s032": 1}, "inflected", "träningslägenheten", ["träningslägenhet"]),
("dagverksamheten demens", {"s045": 2, "s095": 1}, "inflected", "dagverksamheten", ["dagverksamhet"]),
("familjebehandlaren kommer hem", {"s049": 2, "s016": 1}, "inflected", "familjebehandlaren", ["familjebehandlare"]),
("korttidsboendet efter sjukhuset", {"s035": 2}, "inflected", "korttidsboendet", ["korttidsboende"]),
# compound
("umgängesrätt mormor", {"s068": 2}, "compound", "umgängesrätt", ["umgänge", "rätt"]),
("dörrlås demensavdelning", {"s025": 2}, "compound", "dörrlås", ["dörr", "lås"]),
("pensionärsträff ensam", {"s095": 2, "s034": 1}, "compound", "pensionärsträff", ["pensionär", "träffpunkt"]),
("lånebedrägeri ex bankid", {"s006": 2}, "compound", "lånebedrägeri", ["lån", "bedrägeri"]),
("tvångsäktenskap kusin", {"s009": 2}, "compound", "tvångsäktenskap", ["tvång", "äktenskap"]),
("familjehemsutredning", {"s075": 2}, "compound", "familjehemsutredning", ["familjehem", "utredning"]),
("sommarjobbslön bistånd", {"s014": 2}, "compound", "sommarjobbslön", ["sommarjobb", "lön"]),
("tandläkarkostnad akut", {"s008": 2}, "compound", "tandläkarkostnad", ["tandläkaren", "kostnad"]),
("rumshyra andra hand soc", {"s039": 2}, "compound", "rumshyra", ["rum", "hyra"]),
("kontaktpersonsbrist", {"s062": 2, "s094": 1}, "compound", "kontaktpersonsbrist", ["kontaktperson", "brist"]),
# synonym
("sjukbidrag kommunen kräver tillbaka", {"s027": 2, "s031": 1}, "synonym", "sjukbidrag", ["sjukersättning"]),
("slutat med tjack men soc vill ha prover", {"s063": 2}, "synonym", "tjack", ["amfetamin"]),
("byta socialarbetare", {"s067": 2, "s065": 1}, "synonym", "socialarbetare", ["socialsekreterare", "handläggare"]),
("hustrun slår mig", {"s073": 2}, "synonym", "hustrun", ["fru"]),
("exet stalkar mig", {"s118": 2, "s005": 1}, "synonym", "stalkar", ["förföljelse", "förfölja"]),
("pensionärshem i en annan kommun", {"s098": 2}, "synonym", "pensionärshem", ["äldreboende"]),
("marijuana i sonens jacka", {"s017": 2}, "synonym", "marijuana", ["hasch", "cannabis"]),
("utvecklingsstörd bror vill flytta hemifrån", {"s059": 2}, "synonym", "utvecklingsstörd", ["intellektuell"]),
("måste jag sälja kärran för att få hjälp av soc", {"s119": 2}, "synonym", "kärran", ["bilen"]),
("vuxna sonen är pundare vad gör jag", {"s080": 2, "s029": 1}, "synonym", "pundare", ["missbrukare", "droger"]),
# misspelled
("assistens grundläggande behov", {"s041": 2}, "misspelled", "assistens", ["assistans"]),
("löneutmätnig kronofogden", {"s087": 2}, "misspelled", "löneutmätnig", ["löneutmätning"]),
("oros anmälan från skolan", {"s097": 2, "s060": 1, "s074": 1}, "misspelled", "oros", ["orosanmälan"]),
("behandligshem hyran lägenheten", {"s081": 2}, "misspelled", "behandligshem", ["behandlingshem"]),
("gudman bestämmer över mina pengar", {"s084": 2, "s069": 1}, "misspelled", "gudman", ["god", "man"]),
("överklagan avslag försörjningsstöd", {"s037": 2, "s117": 1}, "misspelled", "överklagan", ["överklagande"]),
("biopolär gravid soc", {"s071": 2}, "misspelled", "biopolär", ["bipolär"]),
("bostadstilägg pension räcker inte", {"s020": 2, "s007": 1}, "misspelled", "bostadstilägg", ["bostadstillägg"]),
("diskrimminerad av handläggare", {"s011": 2}, "misspelled", "diskrimminerad", ["diskriminerad"]),
("adhd och depressjon hjälp hemma", {"s078": 2}, "misspelled", "depressjon", ["depression"]),
# question
("min tjej hotar att berätta för min familj att jag är gay vart vänder jag mig", {"s047": 2}, "question", None, []),
("måste jag berätta för min socialsekretrare att jag har druckit igen", {"s033": 2}, "question", None, []),
("kan socialen hjälpa mig och barnen att gömma oss från min man som slår", {"s090": 2, "s092": 1}, "question", None, []),
("kan jag få hjälp från soc med möbler när vi lämnar skyddat boende", {"s024": 2, "s013": 1}, "question", None, []),
("kan jag ta med min katt till det skyddade boendet?", {"s092": 2, "s021": 1}, "question", None, []),
("hur gör jag för att få bo kvar i familjehemmet tills jag gått ut gymnasiet", {"s001": 2}, "question", None, []),
("vad händer om jag tackar nej till akutboendet för att hunden inte får följa med", {"s021": 2, "s092": 1}, "question", None, []),
("kan min son få en vuxen att hitta på saker med genom kommunen", {"s094": 2}, "question", None, []),
("kan jag flytta ut hemifrån när jag är 16 om det är bråk hela tiden", {"s091": 2, "s104": 1}, "question", None, []),
("mitt ex vägrar låta mig se barnen fast vi har gemensam vårdnad vad gör jag", {"s103": 2}, "question", None, []),
("måste jag betala tillbaka bidraget när fk betalar ut pengarna i efterhand", {"s027": 2, "s031": 1}, "question", None, []),
("kan soc hjälpa mig när min man har sex med mig fast jag inte vill", {"s111": 2}, "question", None, []),
("finns det behandling för den som har varit våldsam mot sin partner", {"s076": 2}, "question", None, []),
("får jag en gratis advokat när lvm ska prövas i förvaltningsrätten", {"s102": 2, "s038": 1}, "question", None, []),
("måste jag gå ensam på mötet hos soc eller får jag ta med nån", {"s054": 2, "s067": 1, "s088": 1}, "question", None, []),
("kan soc ringa mitt jobb eller min hyresvärd och berätta om mig", {"s089": 2, "s057": 1, "s113": 1, "s065": 1}, "question", None, []),
("vad kan jag göra om handläggaren säger att det inte är lönt att söka", {"s015": 2}, "question", None, []),
("är det helt anonymt om jag skriver hit om hur vi har det hemma?", {"s043": 2, "s091": 1}, "question", None, []),
("min bror är psykiskt sjuk och stör grannarna kan soc hjälpa honom behålla lägenheten", {"s064": 2}, "question", None, []),
("är det sant att man får ta upp mötet med soc på mobilen utan att fråga", {"s088": 2}, "question", None, []),
("hur bekräftar man att man är pappan när man inte är gift", {"s056": 2}, "question", None, []),
("får socialen tvinga mig att flytta för att hyran är för dyr", {"s105": 2}, "question", None, []),
("har jag rätt att läsa utredningen och säga emot innan soc bestämmer", {"s106": 2, "s053": 1, "s060": 1}, "question", None, []),
("vad gör jag om mitt syskon snyltar på vår gamla mammas pengar", {"s023": 2}, "question", None, []),
("mitt ex är dömd för misshandel ska barnen ändå ha umgänge med honom", {"s115": 2, "s036": 1}, "question", None, []),
("kan soc stänga av mitt försörjningsstöd om jag inte orkar gå på praktiken", {"s072": 2}, "question", None, []),
("finns det nån som kan hjälpa mig med alla myndighetspapper när jag är psykiskt sjuk", {"s069": 2, "s084": 1, "s078": 1}, "question", None, []),
("vad händer med våra saker om vi blir vräkta från lägenheten", {"s050": 2, "s010": 1}, "question", None, []),
("finns det nån från kommunnen som kan hälsa på min ensamma pappa", {"s095": 2}, "question", None, []),
("räknas det som våld om min sambo bara trycker ner mej med ord", {"s026": 2}, "question", None, []),
# abbreviation
("lss flytta till annan kommun", {"s082": 2, "s098": 1}, "abbreviation", None, []),
("lss kontaktdagar föräldrar", {"s030": 2}, "abbreviation", None, []),
("LVU tacka nej till familjestöd", {"s049": 2, "s016": 1, "s071": 1}, "abbreviation", None, []),
("lvu fyllt 18 droger", {"s029": 2, "s001": 1}, "abbreviation", None, []),
("LVM hur länge max", {"s055": 2, "s102": 2}, "abbreviation", None, []),
("SoL äldre värdigt liv", {"s096": 2}, "abbreviation", None, []),
("nekad personkrets SoL istället", {"s077": 2, "s093": 1}, "abbreviation", None, []),
("HVB placering umgänge förälder", {"s038": 2, "s068": 1}, "abbreviation", None, []),
("BUP mardrömmar efter våld hemma", {"s110": 2}, "abbreviation", None, []),
("FK assistansersättning 20 timmar", {"s041": 2}, "abbreviation", None, []),
("fk sjukpenning försenad hyran", {"s031": 2, "s027": 1}, "abbreviation", None, []),
("KFM avhysning tre barn", {"s050": 2, "s031": 1}, "abbreviation", None, []),
("CSN slut på sommaren bistånd", {"s100": 2}, "abbreviation", None, []),
("IVO klagomål hemtjänst", {"s107": 2, "s085": 1}, "abbreviation", None, []),
("BBIC utredningstid barn", {"s097": 2, "s012": 1}, "abbreviation", None, []),
("SIP bror bipolär", {"s064": 2, "s112": 1, "s071": 1}, "abbreviation", None, []),
("MVC barnmorska frivilligt stöd", {"s071": 2}, "abbreviation", None, []),
("BVC familjecentral stöd", {"s016": 2}, "abbreviation", None, []),
("inskriven på AF egen firma", {"s070": 2, "s100": 1}, "abbreviation", None, []),
("JO granska socialtjänsten", {"s053": 2}, "abbreviation", None, []),
("går på sfi förstår inte handläggaren", {"s051": 2}, "abbreviation", None, []),
("HSL samordnad plan regionen", {"s112": 2, "s064": 1, "s071": 1, "s072": 1, "s035": 1}, "abbreviation", None, []),
("DO diskriminering socialkontoret", {"s011": 2}, "abbreviation", None, []),
("BoU mottagning hasch", {"s017": 2}, "abbreviation", None, []),
("ASI utredning behandlingshem", {"s052": 2}, "abbreviation", None, []),
("OSA efter gymnasiesärskolan", {"s086": 2}, "abbreviation", None, []),
("säbo bo ihop med frun", {"s019": 2, "s045": 1}, "abbreviation", None, []),
("avslag säbo otrygg nätter", {"s116": 2}, "abbreviation", None, []),
("LOV byta utförare", {"s085": 2, "s107": 1}, "abbreviation", None, []),
("ifo orosanmälan vuxen", {"s114": 2, "s080": 1, "s029": 1, "s055": 1, "s034": 1, "s023": 1}, "abbreviation", None, []),
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
# Abbreviations in their usual spelling; the ones that are not also ordinary Swedish words
# (sol, lov, osa, jo, do, af ...) may also be written in lower case, as users do.
ABBR = ['LSS', 'LVU', 'LVM', 'SoL', 'HVB', 'BUP', 'FK', 'KFM', 'CSN', 'IVO', 'BBIC', 'SIP', 'MVC',
        'BVC', 'AF', 'JO', 'SFI', 'HSL', 'DO', 'BoU', 'ASI', 'OSA', 'SÄBO', 'LOV', 'IFO']
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

n_rel = sum(len(r) for _, r, *_ in Q)
n_two = sum(1 for _, r, *_ in Q for g in r.values() if g == 2)
covered = {i for _, r, *_ in Q for i in r}
print(dict(counts))
print('abbreviations:', dict(sorted(abbr_used.items())))
print(f'{len(Q)} queries, mean {n_rel/len(Q):.2f} relevant/query ({n_two/len(Q):.2f} grade 2), '
      f'{len(covered)} of {len(ids)} records relevant to some query')
print('not covered:', ' '.join(sorted(ids - covered)))

with open(OUT, 'w', encoding='utf-8') as f:
    for q, r, k, _, _ in Q:
        rel = dict(sorted(r.items(), key=lambda x: (-x[1], x[0])))
        f.write(json.dumps({"query": q, "relevant": rel, "kind": k}, ensure_ascii=False) + "\n")
print('wrote', OUT)
