#!/usr/bin/env python3
"""search-fifteenth: checks the new archive (u001-u060) and the 84 held-out queries, and writes
search-fifteenth-queries.jsonl beside this script. Judged over archive-combined-15.jsonl
(the 200 records s001-s120, t001-t080 followed by u001-u060)."""
import json, os, re, sys, glob

HERE = os.path.dirname(os.path.abspath(__file__))
NEW = os.path.join(HERE, "archive-fifteenth.jsonl")
COMB = os.path.join(HERE, "archive-combined-15.jsonl")
OUT = os.path.join(HERE, "search-fifteenth-queries.jsonl")
# earlier query sets: beside the script once moved into tests/data/heldout/, else from the repository
if os.path.exists(os.path.join(HERE, "search-fourteenth-queries.jsonl")):
    HELDOUT = HERE
else:
    HELDOUT = os.path.normpath(os.path.join(HERE, "..", "main", "tests", "data", "heldout"))
REPO_TESTS = os.path.normpath(os.path.join(HELDOUT, "..", "..", "search"))
BASE200 = os.path.join(HELDOUT, "archive-combined.jsonl")

FIELDS = ["id", "title", "question", "pseudonym", "answer", "signature", "category", "asked_at", "answered_at"]
KINDS = ["keyword", "inflected", "compound", "synonym", "misspelled", "question", "abbreviation"]
ABBR = ["LSS", "LVU", "LVM", "SoL", "HVB", "BUP", "FK", "KFM", "CSN", "IVO", "BBIC", "SIP", "MVC", "BVC", "AF",
        "JO", "SFI", "HSL", "DO", "SÄBO", "LOV", "IFO"]
ORDINARY = {"SoL", "JO", "DO", "LOV", "AF", "FK"}   # lower case of these is (or reads as) an ordinary word
STOCK = {"ta hand om dig!", "vad kan jag göra?", "lycka till med flytten!"}

QUERIES = [
    ('keyword', 'sekretessmarkering adress', {'u027': 2, 's090': 1}, None, None),
    ('keyword', 'bidrag till körkort', {'u043': 2}, None, None),
    ('keyword', 'ledsagning sjukhusbesök', {'u047': 2, 's093': 1}, None, None),
    ('keyword', 'servicebostad autism', {'u014': 2, 's059': 1}, None, None),
    ('keyword', 'bidrag möbler', {'s013': 2, 's024': 1}, None, None),
    ('keyword', 'spårsändare bilen', {'s005': 2, 'u016': 1}, None, None),
    ('keyword', 'makar samma äldreboende', {'s019': 2}, None, None),
    ('keyword', 'drogtest försörjningsstöd', {'s063': 2}, None, None),
    ('keyword', 'besöksförbud ex', {'s118': 2}, None, None),
    ('keyword', 'behandlingshem ansökan', {'s052': 2}, None, None),
    ('keyword', 'barn bevittnat våld', {'s110': 2, 's073': 1}, None, None),
    ('keyword', 'begära ut akten', {'s003': 2, 't066': 1, 'u030': 1}, None, None),
    ('inflected', 'medgivandet från hyresvärden när badrummet ska byggas om', {'u001': 2, 's101': 1, 't008': 1}, 'medgivandet', ['medgivande']),
    ('inflected', 'förvaltarens makt över min brors pengar', {'u003': 2, 's084': 1}, 'förvaltarens', ['förvaltare']),
    ('inflected', 'medlingens syfte efter skadegörelse', {'u011': 2}, 'medlingens', ['medling']),
    ('inflected', 'anhörigkonsulenten vad kan hen hjälpa till med', {'u009': 2, 's045': 1}, 'anhörigkonsulenten', ['anhörigkonsulent']),
    ('inflected', 'medresenären måste betala i färdtjänst', {'u018': 2}, 'medresenären', ['medresenär']),
    ('inflected', 'närståendepenningen hur många dagar', {'u045': 2, 't064': 1}, 'närståendepenningen', ['närståendepenning']),
    ('inflected', 'kontaktfamiljer får de arvode', {'u010': 2, 't072': 1, 's075': 1}, 'kontaktfamiljer', ['kontaktfamilj']),
    ('inflected', 'familjehemsplaceringen var frivillig vill ta hem sonen', {'u052': 2}, 'familjehemsplaceringen', ['familjehem']),
    ('inflected', 'umgängesstödjarna antecknar de allt jag säger', {'u029': 2, 's115': 1, 's036': 1}, 'umgängesstödjarna', ['umgängesstödjare']),
    ('inflected', 'minoritetsspråken i äldreomsorgen finska', {'u046': 2}, 'minoritetsspråken', ['minoritetsspråk']),
    ('inflected', 'läkemedelskrediten på apoteket', {'u044': 2}, 'läkemedelskrediten', ['läkemedelskredit']),
    ('inflected', 'samtalsgrupperna för barn när föräldrar skiljer sig', {'u051': 2}, 'samtalsgrupperna', ['samtalsgrupper']),
    ('compound', 'insulinsprutor hemtjänsten får inte ge', {'u002': 2}, 'insulinsprutor', ['insulin', 'sprutor']),
    ('compound', 'sommarlovsresa tvångsäktenskap elev', {'u007': 2, 's009': 1, 'u041': 1}, 'sommarlovsresa', ['sommarlovet', 'resa']),
    ('compound', 'oddsspel 16-åring kompisens konto', {'u008': 2, 't078': 1, 's120': 1}, 'oddsspel', ['odds', 'spel']),
    ('compound', 'mejlintrång av exet', {'u016': 2, 's005': 1}, 'mejlintrång', ['mejl', 'dataintrång']),
    ('compound', 'ungdomshemlöshet 19 år', {'u017': 2, 's010': 1, 's079': 1, 't033': 1}, 'ungdomshemlöshet', ['ungdomar', 'hemlöshet']),
    ('compound', 'feriearbetslön räknas bistånd', {'u019': 2, 's014': 1}, 'feriearbetslön', ['feriearbete', 'lön']),
    ('compound', 'sjukpenningavslag hur betala hyran', {'u020': 2, 's072': 1, 's027': 1}, 'sjukpenningavslag', ['sjukpenning', 'avslag']),
    ('compound', 'kvällsbehandling alkohol jobbar dagtid', {'u024': 2, 's057': 1}, 'kvällsbehandling', ['kväll', 'behandling']),
    ('compound', 'alzheimersjuk make blivit våldsam', {'u026': 2}, 'alzheimersjuk', ['alzheimer', 'sjuk']),
    ('compound', 'julklappspengar försörjningsstöd', {'u042': 2, 't027': 1}, 'julklappspengar', ['julklappar', 'pengar']),
    ('compound', 'elbolagsskuld hotar stänga av', {'s083': 2}, 'elbolagsskuld', ['elbolaget', 'skuld']),
    ('compound', 'barnsparpengar räknas bidrag', {'s014': 2}, 'barnsparpengar', ['barn', 'sparpengar']),
    ('synonym', 'partydroger lillebror helger', {'u025': 2, 's080': 1}, 'partydroger', ['festdroger']),
    ('synonym', 'dopar sig 19-åring gymmet', {'u040': 2}, 'dopar', ['anabola']),
    ('synonym', 'kväveoxidul farligt för tonåringar', {'u055': 2}, 'kväveoxidul', ['lustgas']),
    ('synonym', 'vuxen man raggar på dottern 14 år', {'u050': 2}, 'raggar', ['grooming']),
    ('synonym', 'ung anhörigvårdare sjuk mamma', {'u060': 2, 's104': 1, 't018': 1}, 'anhörigvårdare', ['omsorgsgivare']),
    ('synonym', 'robotbeslut om bistånd utan handläggare', {'u054': 2}, 'robotbeslut', ['automatiserat']),
    ('synonym', 'ogift pappa vill ha delad vårdnad', {'u012': 2, 's056': 1}, 'ogift', ['gifta']),
    ('synonym', 'pappa blandar sömnpiller och sprit', {'u015': 2, 's034': 1}, 'sömnpiller', ['sömntabletter']),
    ('synonym', 'trotsig sjuåring kurs för oss föräldrar', {'u028': 2, 't004': 1}, 'trotsig', ['vägrar']),
    ('synonym', 'gömd med barn lämnar soc ut adressen', {'u013': 2, 't013': 1, 's089': 1}, 'gömd', ['verkställts']),
    ('synonym', 'huvudduk handläggare kommenterade', {'s011': 2, 'u031': 1}, 'huvudduk', ['slöjan']),
    ('synonym', 'filma samtalet med socialsekreteraren', {'s088': 2}, 'filma', ['spela']),
    ('misspelled', 'barnkonventonen vårdnadstvist 12-åring', {'u005': 2, 's061': 1}, 'barnkonventonen', ['barnkonventionen']),
    ('misspelled', 'vandrahem med barnen hur länge', {'u021': 2}, 'vandrahem', ['vandrarhem']),
    ('misspelled', 'hemtjänst fönsterpusning', {'u023': 2}, 'fönsterpusning', ['fönsterputsning']),
    ('misspelled', 'kille blir mishandlad av tjejen', {'u038': 2, 's073': 1}, 'mishandlad', ['misshandlad']),
    ('misspelled', 'frigivnig bostad efter fängelse', {'u039': 2}, 'frigivnig', ['frigivningen']),
    ('misspelled', 'utvecklingstörning mamma stöd bebis', {'u049': 2, 's071': 1}, 'utvecklingstörning', ['utvecklingsstörning']),
    ('misspelled', 'depositon hyresvärd kräver', {'s046': 2, 's024': 1}, 'depositon', ['deposition']),
    ('misspelled', 'få ha hunden på akkutboende', {'s021': 2, 's092': 1}, 'akkutboende', ['akutboende']),
    ('misspelled', 'kan soc betala begravnigen', {'s109': 2}, 'begravnigen', ['begravningen']),
    ('misspelled', 'bekräfta faderskapt', {'s056': 2}, 'faderskapt', ['faderskapet']),
    ('misspelled', 'lagligetsprövning vad betyder', {'s117': 2}, 'lagligetsprövning', ['laglighetsprövning']),
    ('misspelled', 'trygghetslam för pappa som bor själv', {'s066': 2}, 'trygghetslam', ['trygghetslarm']),
    ('question', 'kom hit utan föräldrar och min kusin här vill ta hand om mig får jag flytta till honom', {'u006': 2, 't019': 1}, None, None),
    ('question', 'föräldrarna tog telefonen och vill skicka mig till släkten pga min pojkvän hur tar jag mig ur det', {'u041': 2, 's009': 1, 't077': 1, 's047': 1}, None, None),
    ('question', 'äger min lägenhet och a-kassan är slut tvingar soc mig att sälja den', {'u057': 2, 's119': 1, 't011': 1}, None, None),
    ('question', 'mögel på väggarna i barnens rum och hyresvärden struntar i det vem kan tvinga dem att fixa', {'u058': 2}, None, None),
    ('question', 'blir det svårare att få bli svensk medborgare om man haft socialbidrag', {'u059': 2}, None, None),
    ('question', 'gravid som 17-åring och föräldrarna är sura var kan vi unga föräldrar få stöd', {'u056': 2}, None, None),
    ('question', 'boendet har låst dörren så pappa med demens inte kan gå ut är det ens tillåtet', {'s025': 2}, None, None),
    ('question', 'kan jag bli av med lappen om jag säger till soc att jag dricker för mycket', {'s004': 2, 's057': 1}, None, None),
    ('question', 'sonen snattade i en butik och nu vill socialtjänsten träffa oss varför då', {'s108': 2, 't040': 1, 'u011': 1}, None, None),
    ('question', 'får en väninna sitta bredvid som stöd när jag träffar handläggaren', {'s054': 2}, None, None),
    ('question', 'den nya på soc känner min granne som jag ligger i konflikt med kan man byta', {'s065': 2, 's067': 1}, None, None),
    ('question', 'kronofogden kommer och vräker oss om tre dagar vad kan soc göra i sista stund', {'s050': 2, 's031': 1}, None, None),
    ('abbreviation', 'JO anmälan socialnämnden handlingar saknas', {'u030': 2, 's053': 1}, None, None),
    ('abbreviation', 'DO döv fick ingen tolk', {'u031': 2, 's051': 1, 's011': 1}, None, None),
    ('abbreviation', 'AF stöd jobb med rörelsehinder', {'u032': 2, 's086': 1}, None, None),
    ('abbreviation', 'csn skuld ensamstående klarar inte', {'u033': 2, 't012': 1}, None, None),
    ('abbreviation', 'hsl lugnande medicin dement mamma', {'u034': 2}, None, None),
    ('abbreviation', 'bup väntat ett halvår mår sämre', {'u035': 2, 't062': 1}, None, None),
    ('abbreviation', 'FK omprövning assistanstimmar', {'u036': 2, 's041': 1, 't067': 1}, None, None),
    ('abbreviation', 'ifo vilken enhet ringer jag', {'u037': 2, 's112': 1}, None, None),
    ('abbreviation', 'mvc berätta om misshandel gravid', {'u053': 2}, None, None),
    ('abbreviation', 'lss boende för barn veckovis', {'u048': 2, 's002': 1}, None, None),
    ('abbreviation', 'SÄBO eller trygghetsboende skillnad', {'u022': 2, 's116': 1}, None, None),
    ('abbreviation', 'kfm skulder avskrivna efter konkurs', {'u004': 2, 's087': 1, 't012': 1}, None, None),
]

def fail(msg):
    print("FAIL:", msg); sys.exit(1)

def load(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    out.append(json.loads(line))
                except ValueError as e:
                    fail("%s line %d: %s" % (path, n, e))
    return out

def sents(t):
    return [s.strip().lower() for s in re.split(r"(?<=[.!?])\s+", t) if len(s.split()) >= 4]

TS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$")

def check_archive():
    new = load(NEW); comb = load(COMB)
    if len(new) != 60: fail("new archive has %d records" % len(new))
    if [r["id"] for r in new] != ["u%03d" % i for i in range(1, 61)]: fail("new ids not u001-u060 in order")
    base = comb[:200]
    if os.path.exists(BASE200) and load(BASE200) != base: fail("first 200 lines differ from " + BASE200)
    if comb[200:] != new: fail("combined archive does not end with the new records")
    ids = [r["id"] for r in base]
    if ids != ["s%03d" % i for i in range(1, 121)] + ["t%03d" % i for i in range(1, 81)]: fail("base ids")
    cats = {r["category"] for r in base}; sigs = {r["signature"] for r in base}
    prev = ""
    for r in new:
        if list(r.keys()) != FIELDS: fail(r["id"] + " fields")
        if not all(isinstance(r[k], str) and r[k].strip() for k in FIELDS): fail(r["id"] + " empty field")
        if not 250 <= len(r["question"]) <= 600: fail(r["id"] + " question length %d" % len(r["question"]))
        if not 700 <= len(r["answer"]) <= 1400: fail(r["id"] + " answer length %d" % len(r["answer"]))
        if not r["answer"].startswith("Hej"): fail(r["id"] + " answer does not start with Hej")
        if r["category"] not in cats: fail(r["id"] + " category")
        if r["signature"] not in sigs: fail(r["id"] + " signature")
        if not (TS.match(r["asked_at"]) and TS.match(r["answered_at"])): fail(r["id"] + " timestamp format")
        if not r["asked_at"] < r["answered_at"]: fail(r["id"] + " answered before asked")
        if not r["asked_at"] > prev: fail(r["id"] + " asked_at not rising")
        prev = r["asked_at"]
    titles = [r["title"] for r in comb]
    if len(set(titles)) != len(titles): fail("duplicate titles")
    for c in cats:
        if sum(r["category"] == c for r in new) < 4: fail("category %s has fewer than 4 new records" % c)
    old = set()
    for r in base:
        for f in ("title", "question", "answer"): old.update(sents(r[f]))
    for r in new:
        for f in ("title", "question", "answer"):
            for s in sents(r[f]):
                if s in old and s not in STOCK: fail("%s repeats a sentence of an earlier record: %s" % (r["id"], s))
    return comb

def earlier_queries():
    files = sorted(glob.glob(os.path.join(HELDOUT, "search-*-queries.jsonl")))
    files = [f for f in files if not f.endswith("search-fifteenth-queries.jsonl")]
    files += sorted(glob.glob(os.path.join(REPO_TESTS, "*queries*.jsonl")))
    need = ["heldout", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth"]
    for n in need:
        if not os.path.exists(os.path.join(HELDOUT, "search-%s-queries.jsonl" % n)): fail("missing earlier set " + n)
    qs = []
    for f in files:
        qs += [x["query"] for x in load(f)]
    return qs

def tok(s): return set(re.findall(r"\w+", s.lower()))

def abbr_in(q):
    found = []
    for t in re.findall(r"[\wÄÖÅäöå]+(?:-[\wÄÖÅäöå]+)*", q):
        head = t.split("-")[0]
        for a in ABBR:
            if head == a or (head == a.lower() and a not in ORDINARY) or (head.upper() == a.upper() and head != head.lower() and head != a):
                found.append((a, head))
    return found

def check_queries(comb):
    ids = {r["id"] for r in comb}
    words = set()
    for r in comb:
        for f in ("title", "question", "answer"): words.update(re.findall(r"\w+", r[f].lower()))
    earlier = earlier_queries(); el = [e.lower() for e in earlier]; etok = [tok(e) for e in earlier]
    if len(QUERIES) != 84: fail("%d queries" % len(QUERIES))
    if len({q[1].lower() for q in QUERIES}) != 84: fail("duplicate query")
    for k in KINDS:
        if sum(q[0] == k for q in QUERIES) != 12: fail("kind %s not 12" % k)
    g2 = []
    abbrs = []; lower = 0
    for kind, q, rel, key, ev in QUERIES:
        for i, g in rel.items():
            if i not in ids: fail("%s: unknown id %s" % (q, i))
            if g not in (1, 2): fail("%s: grade %r" % (q, g))
        two = [i for i, g in rel.items() if g == 2]
        if len(two) != 1: fail("%s: %d grade-2 records" % (q, len(two)))
        g2.append(two[0])
        if q.lower() in el: fail("repeats an earlier query: " + q)
        T = tok(q)
        for E in etok:
            if len(T & E) / len(T | E) >= 0.4: fail("word overlap >= 0.4 with an earlier query: %s (shared %s)" % (q, sorted(T & E)))
        nw = len(q.split())
        found = abbr_in(q)
        if kind in ("inflected", "compound", "synonym", "misspelled"):
            if key not in T: fail("%s: key %s not in query" % (q, key))
            if key in words: fail("%s: key %s occurs in the archive" % (q, key))
            if any(key in e for e in el): fail("%s: key %s is a substring of an earlier query" % (q, key))
            for e in ev:
                if e not in words: fail("%s: evidence %s not in the archive" % (q, e))
        if kind == "keyword" and not 1 <= nw <= 3: fail(q + ": keyword length")
        if kind == "question":
            if q != q.lower() or not 6 <= nw <= 18: fail(q + ": question form")
        if kind != "abbreviation" and found: fail("%s: abbreviation %s in a %s query" % (q, found, kind))
        if kind == "abbreviation":
            if len(found) != 1: fail("%s: %d abbreviations" % (q, len(found)))
            a, written = found[0]
            if not 1 <= nw - 1 <= 5: fail(q + ": abbreviation query needs 1-5 other words")
            abbrs.append(a)
            if written == a.lower() and a != a.lower() and a not in ORDINARY: lower += 1
    if len(set(g2)) != 84: fail("grade-2 records not all different")
    nnew = sum(i.startswith("u") for i in g2)
    if nnew < 60: fail("only %d grade-2 records are new" % nnew)
    if len(set(abbrs)) != 12: fail("abbreviations not 12 different: %s" % abbrs)
    if lower < 5: fail("only %d abbreviations in lower case" % lower)
    return nnew, lower

def main():
    comb = check_archive()
    nnew, lower = check_queries(comb)
    with open(OUT, "w", encoding="utf-8") as f:
        for kind, q, rel, key, ev in QUERIES:
            f.write(json.dumps({"query": q, "relevant": rel, "kind": kind}, ensure_ascii=False) + "\n")
    pairs = sum(len(q[2]) for q in QUERIES)
    g1 = sum(1 for q in QUERIES for g in q[2].values() if g == 1)
    print("ok: 60 new records, 84 queries, %d graded pairs (%d grade 1), %d grade-2 new, %d lower-case abbreviations -> %s"
          % (pairs, g1, nnew, lower, OUT))

if __name__ == "__main__":
    main()
