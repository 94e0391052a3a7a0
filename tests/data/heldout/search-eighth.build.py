"""Build search-eighth-queries.jsonl: held-out query set (eighth), 105 queries.

25 question, 25 abbreviation, 11 each of keyword, inflected, compound, synonym, misspelled.
Written by a helper session without seeing the search code, its tests or docs.
Relevance: 2 = the record directly answers the query, 1 = partly relevant.
Run: python3 search-eighth.build.py
"""
import ast, collections, json, os, re

HERE = os.path.dirname(os.path.abspath(__file__))
ARCHIVE = '/work/shared/data/sample-archive.jsonl'
DEV = '/work/shared/data/dev-queries.jsonl'
SIXTH_BUILD = os.path.join(HERE, 'search-sixth.build.py')
SEVENTH_BUILD = os.path.join(HERE, 'search-seventh.build.py')
OUT = os.path.join(HERE, 'search-eighth-queries.jsonl')

# (query, {id: grade}, kind, key token or None, evidence words)
# key token: for inflected/compound/synonym/misspelled, the word that must NOT occur
#   as a word anywhere in the archive (title, question or answer).
# evidence: words that MUST occur in the archive: for inflected the form(s) the archive
#   does use, for compound the parts (in some form), for synonym the archive's own word,
#   for misspelled the correct spelling.
Q = [
# keyword
("samarbetssamtal", {"s103": 2, "s061": 1, "s036": 1}, "keyword", None, []),
("sekretess arbetsgivare", {"s089": 2, "s057": 2, "s113": 2}, "keyword", None, []),
("familjerätten", {"s056": 2, "s103": 2, "s036": 1, "s061": 1}, "keyword", None, []),
("beroendemottagning körkort", {"s004": 2}, "keyword", None, []),
("förhandsbedömning", {"s097": 2}, "keyword", None, []),
("kommunicering", {"s106": 2}, "keyword", None, []),
("riksnormen barnens konto", {"s014": 2}, "keyword", None, []),
("garantipension", {"s020": 2, "s007": 1}, "keyword", None, []),
("kostnadsförslag", {"s008": 2, "s015": 1}, "keyword", None, []),
("omvårdnadsbidrag", {"s030": 2}, "keyword", None, []),
("förtur bostadskö", {"s018": 2}, "keyword", None, []),
# inflected
("betala glasögonen", {"s015": 2}, "inflected", "glasögonen", ["glasögon"]),
("vill inte ha familjebehandlingen", {"s049": 2, "s016": 1}, "inflected", "familjebehandlingen", ["familjebehandling"]),
("försörjningsstöd i väntan på sjukersättningen", {"s027": 2}, "inflected", "sjukersättningen", ["sjukersättning"]),
("pengar till möblerna", {"s013": 2, "s024": 1}, "inflected", "möblerna", ["möbler"]),
("kronofogdens brev vräkning barn", {"s050": 2, "s031": 1}, "inflected", "kronofogdens", ["kronofogden"]),
("tvångsvårdas alkoholberoende", {"s055": 2, "s102": 1}, "inflected", "tvångsvårdas", ["tvångsvårda"]),
("god man efter hjärnskadan", {"s084": 2}, "inflected", "hjärnskadan", ["hjärnskada"]),
("ringa socialjouren helg", {"s010": 2, "s044": 2}, "inflected", "socialjouren", ["socialjour"]),
("kvinnojouren eller soc", {"s090": 2, "s026": 1, "s111": 1}, "inflected", "kvinnojouren", ["kvinnojour"]),
("parkinsons flytta med till boendet", {"s019": 2}, "inflected", "parkinsons", ["parkinson"]),
("våld i lesbiska relationer", {"s047": 2}, "inflected", "lesbiska", ["lesbisk"]),
# compound
("umgängesutredning", {"s115": 2, "s103": 1}, "compound", "umgängesutredning", ["umgänge", "utredning"]),
("familjehemsersättning", {"s075": 2}, "compound", "familjehemsersättning", ["familjehem", "ersättning"]),
("skyddsboende", {"s092": 2, "s024": 1, "s090": 1, "s009": 1}, "compound", "skyddsboende", ["skydd", "boende"]),
("gruppbostadskö", {"s059": 2}, "compound", "gruppbostadskö", ["gruppbostad", "kö"]),
("anhörigavlösning", {"s045": 2}, "compound", "anhörigavlösning", ["anhörig", "avlösning"]),
("assistanstimmar ny kommun", {"s082": 2, "s041": 1}, "compound", "assistanstimmar", ["assistans", "timmar"]),
("hundförbud akutboende", {"s021": 2}, "compound", "hundförbud", ["hund", "förbud"]),
("samboinkomst", {"s048": 2}, "compound", "samboinkomst", ["sambo", "inkomst"]),
("tvångsflytt pappa demens", {"s028": 2}, "compound", "tvångsflytt", ["tvång", "flytt"]),
("snatteriregister", {"s108": 2, "s113": 1}, "compound", "snatteriregister", ["snatteri", "register"]),
("religionsdiskriminering soc", {"s011": 2}, "compound", "religionsdiskriminering", ["religion", "diskriminera"]),
# synonym
("mista lappen om jag söker hjälp för alkohol", {"s004": 2}, "synonym", "lappen", ["körkortet"]),
("pissprov försörjningsstöd", {"s063": 2}, "synonym", "pissprov", ["urinprov"]),
("blind behöver sällskap till konsert", {"s093": 2}, "synonym", "blind", ["synskadad"]),
("snabblån utmätning lön", {"s087": 2}, "synonym", "snabblån", ["sms", "lån"]),
("senil mamma fick nej till boende", {"s116": 2, "s098": 1}, "synonym", "senil", ["demens"]),
("dagiset har anmält oss till soc", {"s097": 2, "s049": 1}, "synonym", "dagiset", ["förskolan"]),
("ta med kompis till socialbyrån", {"s054": 2, "s088": 1}, "synonym", "socialbyrån", ["socialkontoret"]),
("pappa är alkis vill flytta hemifrån", {"s091": 2, "s104": 1}, "synonym", "alkis", ["dricker"]),
("rörelsehindrad son nej till assistans", {"s041": 2}, "synonym", "rörelsehindrad", ["cp"]),
("partisk handläggare känner grannen", {"s065": 2}, "synonym", "partisk", ["jävig"]),
("fick avslag på laptop hur överklagar jag", {"s117": 2, "s037": 1}, "synonym", "laptop", ["dator"]),
# misspelled
("färtjänst avslag överklaga", {"s058": 2}, "misspelled", "färtjänst", ["färdtjänst"]),
("schitzofreni hjälp med myndigheter", {"s069": 2, "s112": 1}, "misspelled", "schitzofreni", ["schizofreni"]),
("kokainmisbruk pappa umgänge", {"s036": 2, "s115": 1}, "misspelled", "kokainmisbruk", ["kokainmissbruk"]),
("hemtjenst kommer sent", {"s107": 2, "s085": 1}, "misspelled", "hemtjenst", ["hemtjänst"]),
("bostadsanpasning badkar", {"s101": 2}, "misspelled", "bostadsanpasning", ["bostadsanpassning"]),
("dotter 18 tar spajs", {"s029": 2, "s080": 1}, "misspelled", "spajs", ["spice"]),
("alkhol hjälp utan att jobbet vet", {"s057": 2, "s004": 1}, "misspelled", "alkhol", ["alkohol"]),
("vårnadshavare soc pratade med mitt barn i skolan", {"s060": 2, "s097": 1}, "misspelled", "vårnadshavare", ["vårdnadshavare"]),
("vräckt få lägenhet igen", {"s022": 2, "s032": 1}, "misspelled", "vräckt", ["vräkt"]),
("jurnalanteckningar stämmer inte", {"s088": 2, "s106": 1, "s053": 1}, "misspelled", "jurnalanteckningar", ["journalanteckningar"]),
("hemmlös vilken kommun", {"s079": 2}, "misspelled", "hemmlös", ["hemlös"]),
# question
("kan soc hjälpa mig betala elräkningen så de inte stänger av strömmen", {"s083": 2}, "question", None, []),
("jag har ingen fast adress var ska jag söka försörjningsstöd", {"s079": 2}, "question", None, []),
("vilken hjälp kan jag få när jag tar hand om min fru som har demens", {"s045": 2}, "question", None, []),
("kan socialtjänsten hjälpa min pappa som sitter ensam hela dagarna", {"s095": 2}, "question", None, []),
("hur gör jag för att få hemtjänst till min gamla mamma", {"s099": 2}, "question", None, []),
("vad ska jag göra om jag tror att grannen slår sina barn", {"s074": 2}, "question", None, []),
("min kompis har tagit en överdos kan jag anmäla henne till soc", {"s114": 2, "s055": 1}, "question", None, []),
("kommer soc att ta mitt barn om jag är psykiskt sjuk", {"s071": 2, "s016": 1}, "question", None, []),
("finns det pengar att få när mitt barn är sjukt och jag jobbar halvtid", {"s030": 2}, "question", None, []),
("får jag själv bestämma om jag vill bo hos mamma eller pappa", {"s061": 2, "s091": 1}, "question", None, []),
("kan soc hjälpa mig när min kille har spelat bort hyran", {"s120": 2}, "question", None, []),
("finns det nån hjälp för mig som kille när min tjej slår mig", {"s073": 2}, "question", None, []),
("vad kan soc göra om barnens pappa knarkar när han har dem", {"s036": 2}, "question", None, []),
("när får jag ta över kontraktet på min lägenhet från socialen", {"s040": 2}, "question", None, []),
("kan jag få pengar till mat av soc medan jag väntar på beslut", {"s044": 2, "s042": 1}, "question", None, []),
("hur länge får socialtjänsten hålla på innan jag får ett beslut", {"s012": 2, "s062": 1}, "question", None, []),
("har jag som farmor rätt att träffa mitt barnbarn som är placerat", {"s068": 2}, "question", None, []),
("min gamla mamma dricker mer och mer kan socialtjänsten göra något", {"s034": 2}, "question", None, []),
("min handläggare är otrevlig mot mig kan jag få en annan", {"s067": 2, "s065": 1}, "question", None, []),
("kan soc hjälpa mig att få lägenhet fast jag har betalningsanmärkningar", {"s022": 2, "s032": 2}, "question", None, []),
("hur vet jag om jag tillhör lss eller inte", {"s077": 2}, "question", None, []),
("mitt ex följer efter mig överallt vad kan socialtjänsten göra", {"s118": 2, "s005": 2}, "question", None, []),
("min familj vill gifta bort mig kan socialen hjälpa mig fast jag är vuxen", {"s009": 2}, "question", None, []),
("hur kan jag hjälpa mina barn som har sett sin pappa slå mig", {"s110": 2}, "question", None, []),
("kan min mamma få plats på ett boende nära mig i en annan stad", {"s098": 2}, "question", None, []),
# abbreviation
("LSS ledsagarservice", {"s093": 2}, "abbreviation", None, []),
("LSS hjärnskada vuxen", {"s077": 2}, "abbreviation", None, []),
("LVU gymnasiet bo kvar efter 18", {"s001": 2}, "abbreviation", None, []),
("LVU rättigheter som förälder", {"s038": 2}, "abbreviation", None, []),
("LVM bror dricker anmäla", {"s055": 2, "s114": 1}, "abbreviation", None, []),
("LVM förhandling förvaltningsrätten", {"s102": 2, "s055": 1}, "abbreviation", None, []),
("SoL boendestöd", {"s078": 2, "s077": 1}, "abbreviation", None, []),
("SoL bistånd begravning", {"s109": 2}, "abbreviation", None, []),
("HVB akt från 90-talet", {"s003": 2, "s113": 1}, "abbreviation", None, []),
("BUP ADHD dotter samordning", {"s112": 2}, "abbreviation", None, []),
("FK sjukpenning nej praktik", {"s072": 2}, "abbreviation", None, []),
("FK uppgifter soc samtycke", {"s089": 2}, "abbreviation", None, []),
("KFM skuldsanering", {"s087": 2, "s006": 1, "s022": 1}, "abbreviation", None, []),
("CSN sommarjobb hyra", {"s100": 2}, "abbreviation", None, []),
("IVO duscha en gång i veckan", {"s096": 2}, "abbreviation", None, []),
("IVO pengarna har inte kommit", {"s042": 2}, "abbreviation", None, []),
("BBIC samtal med barnet utan förälder", {"s060": 2, "s097": 1}, "abbreviation", None, []),
("begära SIP möte", {"s112": 2, "s064": 1, "s071": 1, "s072": 1}, "abbreviation", None, []),
("MVC psykisk sjukdom soc", {"s071": 2}, "abbreviation", None, []),
("BVC trött ensamstående mamma", {"s016": 2}, "abbreviation", None, []),
("AF daglig verksamhet", {"s086": 2}, "abbreviation", None, []),
("JO anmälan utredning fel", {"s053": 2}, "abbreviation", None, []),
("SFI tolk socialtjänsten", {"s051": 2}, "abbreviation", None, []),
("HSL utskrivning kommunen", {"s035": 2}, "abbreviation", None, []),
("DO slöja handläggare", {"s011": 2}, "abbreviation", None, []),
]


def build_queries(path):
    """Read a previous set's queries from its build script without executing it."""
    tree = ast.parse(open(path, encoding='utf-8').read())
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, 'id', None) == 'Q' for t in node.targets):
            return {t[0].lower() for t in ast.literal_eval(node.value)}
    raise AssertionError('no Q in ' + path)


recs = [json.loads(l) for l in open(ARCHIVE, encoding='utf-8')]
ids = {d['id'] for d in recs}
words = set()
for d in recs:
    for f in ('title', 'question', 'answer'):
        words.update(re.findall(r'\w+', d[f].lower()))
dev = {json.loads(l)['query'].lower() for l in open(DEV, encoding='utf-8')}
earlier = build_queries(SIXTH_BUILD) | build_queries(SEVENTH_BUILD)

COUNTS = {'keyword': 11, 'inflected': 11, 'compound': 11, 'synonym': 11, 'misspelled': 11,
          'question': 25, 'abbreviation': 25}
ABBR = r'\b(LSS|LVU|LVM|SoL|HVB|BUP|FK|KFM|CSN|IVO|BBIC|SIP|MVC|BVC|AF|JO|LMA|SFI|HSL|DO)\b'
assert len(Q) == 105, len(Q)
assert len({q.lower() for q, *_ in Q}) == 105, 'duplicate query'
counts = collections.Counter(k for _, _, k, _, _ in Q)
assert dict(counts) == COUNTS, counts
for q, r, k, key, ev in Q:
    assert r, q
    assert all(i in ids and g in (1, 2) for i, g in r.items()), q
    assert q.lower() not in dev, ('dev', q)
    assert q.lower() not in earlier, ('sixth/seventh', q)
    if k in ('inflected', 'compound', 'synonym', 'misspelled'):
        assert key and key.lower() in re.findall(r'\w+', q.lower()), (q, key)
        assert key.lower() not in words, ('key token occurs in archive', q, key)
        assert ev and all(w.lower() in words for w in ev), ('evidence word missing', q, ev)
    else:
        assert key is None and not ev, q
    if k == 'question':
        assert q == q.lower() and 6 <= len(q.split()) <= 15, q
    if k == 'abbreviation':
        assert re.search(ABBR, q), q

n_rel = sum(len(r) for _, r, *_ in Q)
n_two = sum(1 for _, r, *_ in Q for g in r.values() if g == 2)
covered = {i for _, r, *_ in Q for i in r}
print(dict(counts))
print(f'{len(Q)} queries, mean {n_rel/len(Q):.2f} relevant/query ({n_two/len(Q):.2f} grade 2), '
      f'{len(covered)} of {len(ids)} records relevant to some query')
print('not covered:', ' '.join(sorted(ids - covered)))

with open(OUT, 'w', encoding='utf-8') as f:
    for q, r, k, _, _ in Q:
        rel = dict(sorted(r.items(), key=lambda x: (-x[1], x[0])))
        f.write(json.dumps({"query": q, "relevant": rel, "kind": k}, ensure_ascii=False) + "\n")
print('wrote', OUT)
