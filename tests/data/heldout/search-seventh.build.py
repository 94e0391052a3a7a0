"""Build search-seventh-queries.jsonl: held-out query set (seventh), 105 queries, 15 per kind.

Written by a helper session without seeing the search code, its tests or docs.
Relevance: 2 = the record directly answers the query, 1 = partly relevant.
Run: python3 search-seventh.build.py
"""
import ast, collections, json, os, re

HERE = os.path.dirname(os.path.abspath(__file__))
ARCHIVE = '/work/shared/data/sample-archive.jsonl'
DEV = '/work/shared/data/dev-queries.jsonl'
SIXTH_BUILD = os.path.join(HERE, 'search-sixth.build.py')
OUT = os.path.join(HERE, 'search-seventh-queries.jsonl')

# (query, {id: grade}, kind, key token or None)
# key token: for inflected/compound/synonym/misspelled, the word that must NOT occur
# as a word anywhere in the archive (title, question or answer).
Q = [
# keyword
("bostad först", {"s032": 2}, "keyword", None),
("hyresskuld", {"s031": 2, "s050": 2, "s022": 1}, "keyword", None),
("faderskap", {"s056": 2}, "keyword", None),
("bostadsanpassning", {"s101": 2}, "keyword", None),
("hemutrustning", {"s013": 2, "s024": 1}, "keyword", None),
("utskrivningsklar", {"s035": 2}, "keyword", None),
("rättelseanmaning", {"s064": 2}, "keyword", None),
("familjebehandling", {"s049": 2, "s016": 1}, "keyword", None),
("socialt kontrakt", {"s040": 2, "s032": 1}, "keyword", None),
("korttidsboende", {"s035": 2, "s045": 1}, "keyword", None),
("ekonomiskt våld", {"s006": 2, "s090": 1}, "keyword", None),
("andrahandskontrakt hyra", {"s039": 2}, "keyword", None),
("samtyckeslagen", {"s111": 2}, "keyword", None),
("olaga förföljelse", {"s118": 2, "s005": 1}, "keyword", None),
("hedersrelaterat våld", {"s009": 2}, "keyword", None),
# inflected
("boendestödet", {"s078": 2}, "inflected", "boendestödet"),
("bror tömmer mammans konto", {"s023": 2}, "inflected", "mammans"),
("sommarjobbets lön försörjningsstöd", {"s014": 2}, "inflected", "sommarjobbets"),
("utbetalningarna har inte kommit", {"s042": 2, "s067": 1}, "inflected", "utbetalningarna"),
("mansjour", {"s073": 2}, "inflected", "mansjour"),
("sova på härbärget i natt", {"s010": 2, "s032": 1}, "inflected", "härbärget"),
("elskuld", {"s083": 2}, "inflected", "elskuld"),
("begravningskostnad", {"s109": 2}, "inflected", "begravningskostnad"),
("slog flickvännen vill ha hjälp", {"s076": 2}, "inflected", "flickvännen"),
("personkretsarna", {"s077": 2, "s093": 1, "s086": 1}, "inflected", "personkretsarna"),
("demensavdelningen", {"s025": 2}, "inflected", "demensavdelningen"),
("förskolan orosanmälde oss", {"s097": 2, "s049": 1}, "inflected", "orosanmälde"),
("min dotter omhändertogs", {"s038": 2}, "inflected", "omhändertogs"),
("pappan misshandlade mamma umgänge", {"s115": 2, "s110": 1}, "inflected", "misshandlade"),
("vräktes för hyresskulder", {"s022": 2, "s050": 1}, "inflected", "vräktes"),
# compound
("matpengar akut helg", {"s044": 2}, "compound", "matpengar"),
("assistansavslag", {"s041": 2}, "compound", "assistansavslag"),
("umgängesstopp", {"s036": 2, "s115": 1}, "compound", "umgängesstopp"),
("depositionslån", {"s046": 2, "s024": 1}, "compound", "depositionslån"),
("datorbidrag", {"s117": 1}, "compound", "datorbidrag"),
("behandlingshemsplats", {"s052": 2, "s081": 1}, "compound", "behandlingshemsplats"),
("pensionärsbistånd", {"s020": 2, "s007": 1}, "compound", "pensionärsbistånd"),
("duschtider äldreboende", {"s096": 2}, "compound", "duschtider"),
("hemtjänstklagomål", {"s107": 2, "s085": 1}, "compound", "hemtjänstklagomål"),
("sommarbidrag student", {"s100": 2}, "compound", "sommarbidrag"),
("tolkbehov", {"s051": 2}, "compound", "tolkbehov"),
("körkortsindragning alkohol", {"s004": 2, "s028": 1}, "compound", "körkortsindragning"),
("praktikkrav sjukskriven", {"s072": 2}, "compound", "praktikkrav"),
("äldreensamhet", {"s095": 2, "s116": 1}, "compound", "äldreensamhet"),
("kommunbyte LSS", {"s082": 2}, "compound", "kommunbyte"),
# synonym
("socialbidrag hyran för dyr", {"s105": 2, "s039": 1}, "synonym", "socialbidrag"),
("barnavårdsnämnden tog min dotter", {"s038": 2, "s049": 1}, "synonym", "barnavårdsnämnden"),
("alkoholist bror", {"s055": 2, "s034": 1, "s080": 1}, "synonym", "alkoholist"),
("ålderdomshem", {"s098": 2, "s116": 2, "s019": 1, "s025": 1, "s096": 1}, "synonym", "ålderdomshem"),
("stalkning ex", {"s118": 2, "s005": 2}, "synonym", "stalkning"),
("vårdbidrag sjukt barn", {"s030": 2}, "synonym", "vårdbidrag"),
("förståndshandikappad jobb", {"s086": 2, "s077": 1}, "synonym", "förståndshandikappad"),
("var på barnhem som barn läsa akten", {"s003": 2, "s113": 1}, "synonym", "barnhem"),
("gambling", {"s120": 2}, "synonym", "gambling"),
("kontrollerande man", {"s090": 2, "s026": 1}, "synonym", "kontrollerande"),
("vårdnadstvist", {"s115": 2, "s103": 1, "s061": 1, "s036": 1}, "synonym", "vårdnadstvist"),
("uteliggare", {"s032": 2, "s010": 2, "s079": 1}, "synonym", "uteliggare"),
("samkönad relation våld", {"s047": 2}, "synonym", "samkönad"),
("mamma super varje dag", {"s104": 2, "s034": 1, "s091": 1}, "synonym", "super"),
("min son röker gräs", {"s017": 2}, "synonym", "gräs"),
# misspelled
("fadreskap", {"s056": 2}, "misspelled", "fadreskap"),
("behandlingshen", {"s052": 2, "s081": 1, "s033": 1}, "misspelled", "behandlingshen"),
("överkaga avslag", {"s037": 2, "s117": 1, "s041": 1, "s058": 1, "s116": 1}, "misspelled", "överkaga"),
("deposetion", {"s046": 2, "s024": 1}, "misspelled", "deposetion"),
("depresion praktik", {"s072": 2}, "misspelled", "depresion"),
("spelberonde", {"s120": 2}, "misspelled", "spelberonde"),
("kontaktpeson", {"s094": 2, "s062": 2, "s012": 1}, "misspelled", "kontaktpeson"),
("våldtäckt äktenskap", {"s111": 2}, "misspelled", "våldtäckt"),
("bipoler gravid", {"s071": 2}, "misspelled", "bipoler"),
("autisim avlastning", {"s002": 2, "s030": 1}, "misspelled", "autisim"),
("alsheimer pappa vägrar", {"s028": 2}, "misspelled", "alsheimer"),
("betalnigsanmärkning lägenhet", {"s022": 2, "s032": 1}, "misspelled", "betalnigsanmärkning"),
("orossanmälan vuxen kompis", {"s114": 2, "s055": 1, "s080": 1}, "misspelled", "orossanmälan"),
("godman", {"s084": 2, "s069": 1, "s028": 1}, "misspelled", "godman"),
("högkostnadskydd hemtjänst", {"s007": 2, "s099": 1}, "misspelled", "högkostnadskydd"),
# question
("måste jag betala tillbaka pengarna jag fick från soc", {"s027": 2}, "question", None),
("får soc räkna med min pojkväns lön om han flyttar in", {"s048": 2}, "question", None),
("kan socialen hjälpa oss att få en större lägenhet", {"s018": 2}, "question", None),
("vad gör soc om min son har snattat i en affär", {"s108": 2}, "question", None),
("vart ska jag vända mig om min fru slår mig", {"s073": 2}, "question", None),
("kan min bror bli av med lägenheten för att han stör grannarna", {"s064": 2}, "question", None),
("får jag ha med mig min katt till skyddat boende", {"s092": 2, "s021": 1}, "question", None),
("kan jag bo kvar i familjehemmet efter att jag fyllt 18", {"s001": 2}, "question", None),
("kan mitt barn tolka åt mig på mötet med soc", {"s051": 2}, "question", None),
("kan soc berätta för min chef att jag får hjälp", {"s089": 2, "s057": 1, "s113": 1}, "question", None),
("hur ska min bror med downs syndrom få ett eget boende", {"s059": 2}, "question", None),
("kan soc se vad jag skriver här", {"s043": 2}, "question", None),
("får handläggaren säga åt mig att ta av sjalen", {"s011": 2}, "question", None),
("kan soc vägra ta emot min ansökan", {"s015": 2}, "question", None),
("vad gör jag om det står fel saker i utredningen", {"s106": 2, "s053": 2}, "question", None),
# abbreviation
("SIP psykiatri socialtjänst", {"s112": 2, "s064": 1, "s071": 1, "s072": 1}, "abbreviation", None),
("BBIC utredning", {"s097": 2, "s049": 1, "s060": 1}, "abbreviation", None),
("LVU upphör 18", {"s001": 2}, "abbreviation", None),
("HVB droger 17 år", {"s029": 2, "s038": 1}, "abbreviation", None),
("advokat LVM-hem", {"s102": 2, "s055": 1}, "abbreviation", None),
("LSS korttidsvistelse", {"s002": 2, "s030": 1, "s041": 1}, "abbreviation", None),
("FK sjukersättning återkrav", {"s027": 2}, "abbreviation", None),
("KFM löneutmätning", {"s087": 2}, "abbreviation", None),
("KFM lån i mitt namn", {"s006": 2}, "abbreviation", None),
("IVO låst dörr demens", {"s025": 2}, "abbreviation", None),
("BUP självskada", {"s112": 2}, "abbreviation", None),
("MVC barnmorska soc", {"s071": 2}, "abbreviation", None),
("SoL frivilligt tacka nej", {"s049": 2, "s028": 1}, "abbreviation", None),
("JO klagomål socialtjänsten", {"s053": 2}, "abbreviation", None),
("AF egen firma försörjningsstöd", {"s070": 2}, "abbreviation", None),
]


def sixth_queries():
    """Read the sixth set's queries from its build script without executing it."""
    tree = ast.parse(open(SIXTH_BUILD, encoding='utf-8').read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, 'id', None) == 'Q' for t in node.targets):
            return {q.lower() for q, _, _ in ast.literal_eval(node.value)}
    raise AssertionError('no Q in sixth build script')


recs = [json.loads(l) for l in open(ARCHIVE, encoding='utf-8')]
ids = {d['id'] for d in recs}
words = set()
for d in recs:
    for f in ('title', 'question', 'answer'):
        words.update(re.findall(r'\w+', d[f].lower()))
dev = {json.loads(l)['query'].lower() for l in open(DEV, encoding='utf-8')}
sixth = sixth_queries()

KINDS = ['keyword', 'inflected', 'compound', 'synonym', 'misspelled', 'question', 'abbreviation']
assert len(Q) == 105, len(Q)
assert len({q.lower() for q, *_ in Q}) == 105, 'duplicate query'
counts = collections.Counter(k for _, _, k, _ in Q)
assert all(counts[k] == 15 for k in KINDS) and set(counts) == set(KINDS), counts
for q, r, k, key in Q:
    assert r, q
    assert all(i in ids and g in (1, 2) for i, g in r.items()), q
    assert q.lower() not in dev, ('dev', q)
    assert q.lower() not in sixth, ('sixth', q)
    if k in ('inflected', 'compound', 'synonym', 'misspelled'):
        assert key and key.lower() in re.findall(r'\w+', q.lower()), (q, key)
        assert key.lower() not in words, ('key token occurs in archive', q, key)
    if k == 'question':
        assert q == q.lower() and 6 <= len(q.split()) <= 15, q
    if k == 'abbreviation':
        assert re.search(r'\b[A-ZÅÄÖ][A-Za-zÅÄÖ]*[A-ZÅÄÖ]\b', q), q

n_rel = sum(len(r) for _, r, _, _ in Q)
n_two = sum(1 for _, r, _, _ in Q for g in r.values() if g == 2)
covered = {i for _, r, _, _ in Q for i in r}
print(dict(counts))
print(f'{len(Q)} queries, mean {n_rel/len(Q):.2f} relevant/query ({n_two/len(Q):.2f} grade 2), '
      f'{len(covered)} of {len(ids)} records relevant to some query')

with open(OUT, 'w', encoding='utf-8') as f:
    for q, r, k, _ in Q:
        rel = dict(sorted(r.items(), key=lambda x: (-x[1], x[0])))
        f.write(json.dumps({"query": q, "relevant": rel, "kind": k}, ensure_ascii=False) + "\n")
print('wrote', OUT)
