"""Held-out Swedish search queries, thirty-sixth set.

Holds the 80 queries and their judgments as Python, checks the archive part g001-g040
(archive-thirtysixth.jsonl), the combined archive (archive-combined-36.jsonl = the 640 records of
archive-combined-30.jsonl followed by g001-g040) and the queries, and writes
search-thirtysixth-queries.jsonl beside itself.

Usage: python3 search-thirtysixth.build.py
"""
import collections
import datetime
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
MAIN = "/work/main/tests/data/heldout"
OUT = os.path.join(HERE, "search-thirtysixth-queries.jsonl")

FIELDS = ["id", "title", "question", "pseudonym", "answer", "signature", "category",
          "asked_at", "answered_at"]
OLD_PARTS = [("s", 120), ("t", 80), ("u", 60), ("v", 60), ("w", 60), ("x", 60), ("y", 60),
             ("z", 60), ("a", 40), ("b", 40)]
NEW_PREFIX, NEW_COUNT = "g", 40
# parts written after the thirtieth set that are NOT in archive-combined-36.jsonl
OTHER_PARTS = ["archive-thirtysecond.jsonl", "archive-thirtythird.jsonl",
               "archive-thirtyfourth.jsonl", "archive-thirtyfifth.jsonl"]
# latest timestamp of the 640 records and of the other parts (e040's answer), frozen here and
# also re-read from the files when they are present
LATEST_FROZEN = "2028-01-15T12:09+01:00"

KINDS = {"keyword": 10, "inflected": 10, "compound": 10, "synonym": 10, "misspelled": 10,
         "abbreviation": 10, "question": 20}
ABBREVIATIONS = ["LSS", "LVU", "LVM", "SoL", "HVB", "BUP", "FK", "KFM", "CSN", "IVO", "BBIC",
                 "SIP", "MVC", "BVC", "AF", "JO", "SFI", "HSL", "DO", "SÄBO", "LOV", "IFO", "VAB",
                 "SIS", "EKB", "LPT"]
AS_WRITTEN = {"SoL", "JO", "DO", "LOV", "AF"}          # matched only as written
ORDINARY = {"SoL", "JO", "DO", "LOV", "AF", "FK"}       # lower case does not count for these

# Old records that may be grade-2 targets: graded 2 at most twice in every earlier
# search-*-queries.jsonl and /work/shared/data/dev-queries.jsonl, and never in the thirtieth to
# thirty-fifth sets (extracted with tools/prev_targets.py, 138 ids, frozen here).
ALLOWED_OLD = set("""
t014 t018 t030 t059 t060 t067 t068 t071 t072 t073 u004 u006 u007 u012 u025 u027 u028 u029 u032
u034 u041 u047 u051 u052 u053 u056 u057 v004 v007 v012 v015 v017 v021 v024 v027 v028 v031 v046
v051 v056 v058 w001 w007 w012 w015 w019 w020 w023 w028 w029 w035 w038 w040 w042 w047 w048 w053
w058 x001 x006 x008 x010 x014 x016 x017 x021 x024 x029 x030 x033 x036 x037 x038 x046 x047 x054
y001 y002 y006 y008 y012 y014 y015 y016 y025 y026 y038 y039 y041 y043 y045 y053 z001 z002 z003
z004 z005 z006 z008 z009 z010 z012 z013 z017 z019 z020 z022 z023 z025 z026 z028 z029 z030 z031
z032 z033 z034 z035 z036 z037 z038 z039 z040 z041 z043 z044 z048 z049 z050 z051 z054 z057 z058
z059 z060 a006 a032 a033
""".split())
assert len(ALLOWED_OLD) == 138


def Q(kind, query, relevant, key=None, evidence=()):
    return {"kind": kind, "query": query, "relevant": relevant, "key": key,
            "evidence": list(evidence)}


QUERIES = [
    # ---------------- keyword: 1-3 words ----------------
    Q("keyword", "bitcoin", {"z009": 2}),
    Q("keyword", "religiös skilsmässa", {"z020": 2}),
    Q("keyword", "katt skyddat boende", {"x054": 2, "s092": 1, "z002": 1}),
    Q("keyword", "ketamin", {"z026": 2}),
    Q("keyword", "medarbetare luktar sprit", {"y026": 2}),
    Q("keyword", "tandvård narkos", {"g029": 2}),
    Q("keyword", "ms diagnos stöd", {"g013": 2}),
    Q("keyword", "hyreskontrakt 17 år", {"g039": 2}),
    Q("keyword", "belastningsregister hyresvärd", {"g031": 2}),
    Q("keyword", "langning 15-åring", {"g019": 2, "b019": 1, "t044": 1}),
    # ---------------- inflected: key form in no record, another form in the target ----------
    Q("inflected", "försörjningsplikten vuxen son som bor hemma",
      {"g001": 2, "v004": 1, "w046": 1}, "försörjningsplikten", ["försörjningsplikt"]),
    Q("inflected", "handläggaren ville scrolla i min mobil",
      {"g008": 2, "b032": 1}, "scrolla", ["scrollade"]),
    Q("inflected", "avstängdes från a-kassan efter att jag sa upp mig",
      {"g009": 2}, "avstängdes", ["avstängd"]),
    Q("inflected", "pappan bestämmer skolbytet själv trots gemensam vårdnad",
      {"g010": 2, "t037": 1}, "skolbytet", ["skolbyte"]),
    Q("inflected", "mitt ärende har inte fördelats till ny handläggare",
      {"g024": 2, "s012": 1, "t042": 1}, "fördelats", ["fördelas"]),
    Q("inflected", "soc inledde utredning pga blåmärke kan vi överklaga",
      {"g032": 2, "s097": 1, "t041": 1, "x016": 1}, "inledde", ["inlett", "inleda"]),
    Q("inflected", "soc sa till skolan om vårt bidrag och läraren tog upp det på föräldramötet",
      {"g040": 2, "s089": 1, "b040": 1}, "föräldramötet", ["föräldramöte"]),
    Q("inflected", "makens ben amputerades och vi bor utan hiss",
      {"z025": 2, "t080": 1, "u001": 1}, "amputerades", ["amputera", "amputerat"]),
    Q("inflected", "styvpappa förgripit sig på mig som barn",
      {"x046": 2}, "förgripit", ["förgrep"]),
    Q("inflected", "digitalt lås istället för nyckelgömma",
      {"z036": 2}, "nyckelgömma", ["nyckelgömman"]),
    # ---------------- compound: compound in no record, parts apart in the target ----------
    Q("compound", "gymnasieavhopp 17 åring ligger hemma",
      {"g002": 2, "t062": 1}, "gymnasieavhopp", ["hoppat", "av", "gymnasiet"]),
    Q("compound", "skolplats för barnen på skyddat boende",
      {"g012": 2}, "skolplats", ["plats", "skola"]),
    Q("compound", "läkemedelsfel hemtjänsten",
      {"g014": 2, "b006": 1, "z021": 1}, "läkemedelsfel", ["läkemedel", "fel"]),
    Q("compound", "bidrag till umgängesresor",
      {"g017": 2}, "umgängesresor", ["umgänge", "resor"]),
    Q("compound", "skilsmässoansökan utan att han ser min adress",
      {"g020": 2, "u027": 1}, "skilsmässoansökan", ["skilsmässa", "ansökan"]),
    Q("compound", "hemflyttning från äldreboende",
      {"g022": 2, "w036": 1, "x004": 1}, "hemflyttning", ["flytta", "hem"]),
    Q("compound", "byggbuller sänkt hyra",
      {"g023": 2, "z039": 1}, "byggbuller", ["buller", "byggen"]),
    Q("compound", "för låg inomhustemperatur i lägenheten",
      {"z006": 2}, "inomhustemperatur", ["temperaturen", "inomhus"]),
    Q("compound", "vem klipper mammas tånaglar",
      {"z028": 2}, "tånaglar", ["naglarna", "tårna"]),
    Q("compound", "hyreshöjning efter renovering har inte råd",
      {"z039": 2}, "hyreshöjning", ["höjning", "hyran"]),
    # ---------------- synonym: key in no record, the target says it otherwise ----------
    Q("synonym", "hur berättar man för barnen att pappa är alkis",
      {"g003": 2, "w033": 1}, "alkis", ["alkoholist"]),
    Q("synonym", "sambon är snut och slår mig vem utreder det",
      {"g004": 2}, "snut", ["polis"]),
    Q("synonym", "handikappcykel till barn",
      {"g005": 2}, "handikappcykel", ["anpassade", "cyklar"]),
    Q("synonym", "hyresvärden säger att vovven måste bort",
      {"g007": 2, "y020": 1, "s064": 1}, "vovven", ["hunden"]),
    Q("synonym", "får blackout varje helg när jag dricker",
      {"g011": 2}, "blackout", ["minnesluckor"]),
    Q("synonym", "bor med min brorsa måste han försörja mig",
      {"g025": 2}, "brorsa", ["bror"]),
    Q("synonym", "drack innan jag visste om graviditeten har jag skadat fostret",
      {"g027": 2, "t009": 1}, "fostret", ["bebisen"]),
    Q("synonym", "kvarskatt kan soc hjälpa",
      {"z001": 2}, "kvarskatt", ["restskatt"]),
    Q("synonym", "handläggaren vill adda mig på insta",
      {"z008": 2, "b032": 1}, "insta", ["instagram"]),
    Q("synonym", "vann på triss måste jag säga det till soc",
      {"z029": 2}, "triss", ["skraplott"]),
    # ---------------- misspelled: misspelling in no record, correct form in the target -----
    Q("misspelled", "hyresvärden vill ha betalt för slitasch när jag flyttade",
      {"g015": 2, "a015": 1}, "slitasch", ["slitage"]),
    Q("misspelled", "handläggaren är relegiös och pratar om gud",
      {"g016": 2, "s011": 1}, "relegiös", ["religiös"]),
    Q("misspelled", "soc kräver kviton på maten",
      {"g033": 2, "y028": 1}, "kviton", ["kvitton"]),
    Q("misspelled", "återfall anfetamin och har barnen varannan vecka",
      {"g035": 2, "y035": 1, "s033": 1}, "anfetamin", ["amfetamin"]),
    Q("misspelled", "teckenspråktolk till utvecklingssamtal",
      {"g037": 2, "u031": 1, "s051": 1}, "teckenspråktolk", ["teckenspråkstolk"]),
    Q("misspelled", "turette tics stöd kommunen",
      {"z033": 2}, "turette", ["tourette"]),
    Q("misspelled", "dislexi förstår inte breven från soc",
      {"z041": 2, "y052": 1, "x023": 1}, "dislexi", ["dyslexi"]),
    Q("misspelled", "epelepsi larm på natten vuxen son",
      {"z048": 2}, "epelepsi", ["epilepsi"]),
    Q("misspelled", "gravid dotter knarkar och ljuger för barnmoskan",
      {"z054": 2, "s114": 1}, "barnmoskan", ["barnmorskan"]),
    Q("misspelled", "skitsofreni sysselsättning dagtid",
      {"t030": 2}, "skitsofreni", ["schizofreni"]),
    # ---------------- abbreviation: exactly one listed abbreviation plus 1-5 words ---------
    Q("abbreviation", "sip psykiatrin beroendeenheten skyller på varandra",
      {"z058": 2, "v044": 1, "s112": 1}),
    Q("abbreviation", "csn stoppade pengarna sjuk", {"z059": 2}),
    Q("abbreviation", "hvb tar mobilen varje kväll", {"z060": 2, "v013": 1}),
    Q("abbreviation", "mamma snart ut från lvm", {"w048": 2}),
    Q("abbreviation", "gratis advokat LVU barnen",
      {"v058": 2, "s038": 1, "t038": 1, "x006": 1}),
    Q("abbreviation", "LSS assistans efter 65", {"t067": 2}),
    Q("abbreviation", "säbo byggs om mamma flyttas", {"v028": 2, "z053": 1}),
    Q("abbreviation", "ivo beslut äldreboende inte verkställt",
      {"g006": 2, "s062": 1, "z053": 1}),
    Q("abbreviation", "AF skyddat jobb adhd", {"g021": 2, "u032": 1}),
    Q("abbreviation", "SoL hemtjänst minskad överklaga", {"g038": 2, "v025": 1}),
    # ---------------- question: lower case, no punctuation, 6-18 words ----------------
    Q("question", "mina föräldrar bråkar och skriker varje natt vad ska jag göra jag är 13",
      {"g018": 2, "s091": 1, "v020": 1}),
    Q("question", "jag har lämnat en våldsam relation men har mardrömmar och panikattacker "
      "är det normalt", {"g028": 2}),
    Q("question", "min sons kompis är alltid hungrig och smutsig ska jag anmäla till soc",
      {"g034": 2, "s074": 1, "w010": 1, "t016": 1, "x010": 1}),
    Q("question", "hur säger man till små barn att mamma har cancer",
      {"g026": 2, "t018": 1, "z050": 1}),
    Q("question", "finns det hjälp för kvinnor som slår sin partner",
      {"g036": 2, "s076": 1, "a028": 1}),
    Q("question", "min pappa har blivit lurad av en kärleksbedragare på nätet vad gör vi",
      {"g030": 2, "v011": 1, "v001": 1}),
    Q("question", "min pappa med alzheimer går hemifrån på natten hur kan vi hindra det",
      {"y014": 2}),
    Q("question", "hur får man en dement pappa att sluta köra bil", {"z003": 2}),
    Q("question", "hur får jag gemensam vårdnad när mamman vägrar", {"u012": 2}),
    Q("question", "vad gör man när ens tonårsdotter sticker hemifrån och inte svarar i telefon",
      {"v007": 2}),
    Q("question", "ingen bank vill ge mig ett konto hur ska jag få pengarna från soc",
      {"z022": 2, "v049": 1}),
    Q("question", "måste jag betala min döda pappas skulder",
      {"x030": 2, "v050": 1, "s109": 1}),
    Q("question", "min sambo hotar med självmord om jag gör slut", {"w019": 2}),
    Q("question", "min kille sparkar vår hund när han är arg på mig är det våld",
      {"z002": 2, "x054": 1, "s026": 1}),
    Q("question", "är det normalt att min pojkvän kräver mina lösenord och bestämmer vilka "
      "jag träffar", {"v024": 2, "s026": 1}),
    Q("question", "vem ska hjälpa mamma med tandborstningen på äldreboendet", {"z013": 2}),
    Q("question", "jag har tvillingbebisar och orkar inte mer kan man få hjälp hemma",
      {"z031": 2, "w045": 1, "t072": 1, "s016": 1}),
    Q("question", "fått jobb men lönen kommer först om två månader kan soc hjälpa mig tills dess",
      {"y043": 2}),
    Q("question", "en vuxen man ger min dotter saker i ett spel och vill ha bilder vad gör jag",
      {"w040": 2, "u050": 1}),
    Q("question", "mamma har demens och anklagar mig för att stjäla hennes pengar hur ska jag "
      "bemöta det", {"y039": 2}),
]

WORD = re.compile(r"\w+")


def fail(msg):
    print("FAIL: " + msg)
    sys.exit(1)


def find(name):
    p = os.path.join(HERE, name)
    if os.path.exists(p):
        return p
    p = os.path.join(MAIN, name)
    return p if os.path.exists(p) else None


def load(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            try:
                out.append(json.loads(line))
            except ValueError:
                fail("%s line %d does not parse" % (os.path.basename(path), n))
    return out


def ts(s):
    try:
        d = datetime.datetime.fromisoformat(s)
    except ValueError:
        fail("bad timestamp %r" % s)
    if d.tzinfo is None:
        fail("timestamp without UTC offset %r" % s)
    return d


def words(r):
    return set(w.lower() for w in WORD.findall(" ".join([r["title"], r["question"], r["answer"]])))


def sentences(r):
    for f in ("title", "question", "answer"):
        for s in re.split(r"[.!?]", r[f]):
            ws = tuple(w.lower() for w in WORD.findall(s))
            if len(ws) >= 4:
                yield ws


def abbrevs_in(q):
    found = []
    for tok in q.split():
        t = tok.strip(".,;:!?()\"'")
        for a in ABBREVIATIONS:
            if (t == a) if a in AS_WRITTEN else (t.upper() == a.upper()):
                found.append((a, t))
    return found


def check_archive():
    p30 = find("archive-combined-30.jsonl")
    p36 = os.path.join(HERE, "archive-combined-36.jsonl")
    pnew = os.path.join(HERE, "archive-thirtysixth.jsonl")
    for p in (p30, p36, pnew):
        if not p or not os.path.exists(p):
            fail("missing archive file %s" % p)
    old = load(p30)
    want = ["%s%03d" % (pre, i) for pre, n in OLD_PARTS for i in range(1, n + 1)]
    if [r["id"] for r in old] != want:
        fail("archive-combined-30.jsonl does not hold exactly s001-s120 ... b001-b040 in order")
    for r in old:
        if list(r) != FIELDS:
            fail("old record %s: fields %s" % (r["id"], list(r)))
    new = load(pnew)
    if [r["id"] for r in new] != ["%s%03d" % (NEW_PREFIX, i) for i in range(1, NEW_COUNT + 1)]:
        fail("archive-thirtysixth.jsonl does not hold exactly g001-g040 in order")
    cats = set(r["category"] for r in old)
    sigs = set(r["signature"] for r in old)
    pairs = set((r["category"], r["signature"]) for r in old)
    latest = ts(LATEST_FROZEN)
    other_titles = {}
    for r in old:
        for k in ("asked_at", "answered_at"):
            latest = max(latest, ts(r[k]))
    for name in OTHER_PARTS:
        p = find(name)
        if p:
            for r in load(p):
                other_titles[r["title"].strip().lower()] = r["id"]
                for k in ("asked_at", "answered_at"):
                    latest = max(latest, ts(r[k]))
    prev = None
    for r in new:
        if list(r) != FIELDS:
            fail("%s: fields %s" % (r["id"], list(r)))
        for k in FIELDS:
            if not isinstance(r[k], str) or not r[k].strip():
                fail("%s: empty or non-string field %s" % (r["id"], k))
        if not 250 <= len(r["question"]) <= 600:
            fail("%s: question has %d characters" % (r["id"], len(r["question"])))
        if not 700 <= len(r["answer"]) <= 1400:
            fail("%s: answer has %d characters" % (r["id"], len(r["answer"])))
        if not r["answer"].startswith("Hej"):
            fail("%s: answer does not start with Hej" % r["id"])
        if r["category"] not in cats or r["signature"] not in sigs:
            fail("%s: unknown category or signature" % r["id"])
        if (r["category"], r["signature"]) not in pairs:
            fail("%s: category/signature pair not used by the old records" % r["id"])
        a, b = ts(r["asked_at"]), ts(r["answered_at"])
        if not a < b:
            fail("%s: asked_at not before answered_at" % r["id"])
        if a <= latest:
            fail("%s: asked_at not later than every earlier timestamp" % r["id"])
        if prev and not a > prev:
            fail("%s: asked_at does not rise with the id" % r["id"])
        prev = a
        if r["title"].strip().lower() in other_titles:
            fail("%s: title repeats %s" % (r["id"], other_titles[r["title"].strip().lower()]))
    raw30 = open(p30, "rb").read()
    rawnew = open(pnew, "rb").read()
    if open(p36, "rb").read() != raw30 + rawnew:
        fail("archive-combined-36.jsonl is not archive-combined-30.jsonl + archive-thirtysixth.jsonl")
    allrecs = load(p36)
    if len(allrecs) != 680:
        fail("archive-combined-36.jsonl has %d records" % len(allrecs))
    for r in allrecs:
        if list(r) != FIELDS:
            fail("combined record %s: fields" % r["id"])
    titles = [r["title"].strip().lower() for r in allrecs]
    if len(set(titles)) != len(titles):
        fail("repeated titles in the combined archive")
    per_cat = collections.Counter(r["category"] for r in new)
    if set(per_cat) != cats or set(per_cat.values()) != {5}:
        fail("new records per category: %s" % dict(per_cat))
    old_sents = set()
    for r in old:
        old_sents.update(sentences(r))
    for r in new:
        for s in sentences(r):
            if s in old_sents:
                fail("%s repeats an old sentence: %s" % (r["id"], " ".join(s)))
    return allrecs, new, per_cat


def check_queries(allrecs):
    byid = {r["id"]: r for r in allrecs}
    vocab = set()
    for r in allrecs:
        vocab |= words(r)
    qs = [q["query"] for q in QUERIES]
    if len(set(qs)) != len(qs):
        fail("repeated queries")
    kc = collections.Counter(q["kind"] for q in QUERIES)
    if dict(kc) != KINDS:
        fail("kinds: %s" % dict(kc))
    targets = []
    for q in QUERIES:
        rel = q["relevant"]
        for i, g in rel.items():
            if i not in byid:
                fail("unknown id %s in %r" % (i, q["query"]))
            if g not in (1, 2):
                fail("bad grade in %r" % q["query"])
        t = [i for i, g in rel.items() if g == 2]
        if len(t) != 1:
            fail("%r has %d grade-2 records" % (q["query"], len(t)))
        targets.append(t[0])
    if len(set(targets)) != len(targets):
        fail("a grade-2 record is used twice: %s" %
             [i for i, n in collections.Counter(targets).items() if n > 1])
    new_t = [t for t in targets if t.startswith(NEW_PREFIX)]
    if len(new_t) < 40:
        fail("only %d new grade-2 targets" % len(new_t))
    missing = set("%s%03d" % (NEW_PREFIX, i) for i in range(1, NEW_COUNT + 1)) - set(new_t)
    if missing:
        fail("new records never a grade-2 target: %s" % sorted(missing))
    for t in targets:
        if not t.startswith(NEW_PREFIX) and t not in ALLOWED_OLD:
            fail("old target %s not in ALLOWED_OLD" % t)
    abbr_used = collections.Counter()
    lower_abbr = 0
    q10 = q7 = 0
    for q in QUERIES:
        k, text = q["kind"], q["query"]
        toks = text.split()
        found = abbrevs_in(text)
        if k in ("inflected", "compound", "synonym", "misspelled"):
            key = q["key"]
            if key not in [w.lower() for w in WORD.findall(text)]:
                fail("key %r is not a word of %r" % (key, text))
            if key in vocab:
                fail("key %r occurs in the archive" % key)
            tw = words(byid[[i for i, g in q["relevant"].items() if g == 2][0]])
            for e in q["evidence"]:
                if e.lower() not in tw:
                    fail("evidence %r not in the target of %r" % (e, text))
        if k != "abbreviation" and found:
            fail("abbreviation %s in %s query %r" % (found, k, text))
        if k == "keyword" and not 1 <= len(toks) <= 3:
            fail("keyword query %r has %d words" % (text, len(toks)))
        if k == "question":
            if text != text.lower() or re.search(r"[^\w\s]", text):
                fail("question %r not lower case or has punctuation" % text)
            if not 6 <= len(toks) <= 18:
                fail("question %r has %d words" % (text, len(toks)))
            q10 += len(toks) >= 10
            q7 += len(toks) <= 7
        if k == "abbreviation":
            if len(found) != 1:
                fail("abbreviation query %r has %d abbreviations" % (text, len(found)))
            a, written = found[0]
            if not 2 <= len(toks) <= 6:
                fail("abbreviation query %r: %d other words" % (text, len(toks) - 1))
            abbr_used[a] += 1
            if a not in ORDINARY and written == written.lower():
                lower_abbr += 1
    if len(abbr_used) < 8:
        fail("only %d different abbreviations" % len(abbr_used))
    if lower_abbr < 4:
        fail("only %d abbreviations in lower case" % lower_abbr)
    if q10 < 12:
        fail("only %d question queries of 10+ words" % q10)
    return targets, abbr_used, lower_abbr, q10, q7


def main():
    allrecs, new, per_cat = check_archive()
    targets, abbr_used, lower_abbr, q10, q7 = check_queries(allrecs)
    with open(OUT, "w", encoding="utf-8") as f:
        for q in QUERIES:
            f.write(json.dumps({"query": q["query"], "relevant": q["relevant"], "kind": q["kind"]},
                               ensure_ascii=False) + "\n")
    g2 = collections.Counter(t[0] for t in targets)
    g1 = collections.Counter(i[0] for q in QUERIES for i, g in q["relevant"].items() if g == 1)
    order = "stuvwxyzabg"
    n1 = sum(g1.values())
    cats = ", ".join("%s %d" % (c, per_cat[c]) for c in sorted(per_cat, key=lambda c: [
        r["category"] for r in new].index(c)))
    print("ok: 680 records (40 new: %s), 80 queries, %d graded pairs (80 grade 2, %d grade 1), "
          "grade-2 by part %s, grade 1 by part %s, %d abbreviations (%d lower case), "
          "%d question queries of 10+ words, %d of 7 or fewer, wrote %s" % (
              cats, 80 + n1, n1, {p: g2[p] for p in order if g2[p]},
              {p: g1[p] for p in order if g1[p]}, len(abbr_used), lower_abbr, q10, q7, OUT))
    print()
    print("| kind | n | grade-2 %s | grade 1 | mean relevant | single-relevant queries |" %
          "/".join(order))
    print("|---|---|---|---|---|---|")
    for k in KINDS:
        qs = [q for q in QUERIES if q["kind"] == k]
        t2 = collections.Counter([i for i, g in q["relevant"].items() if g == 2][0][0] for q in qs)
        ones = sum(1 for q in qs for g in q["relevant"].values() if g == 1)
        mean = sum(len(q["relevant"]) for q in qs) / len(qs)
        single = sum(1 for q in qs if len(q["relevant"]) == 1)
        print("| %s | %d | %s | %d | %.1f | %d |" % (
            k, len(qs), "/".join(str(t2[p]) for p in order), ones, mean, single))


if __name__ == "__main__":
    main()
