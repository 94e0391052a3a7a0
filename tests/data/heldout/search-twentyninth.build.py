#!/usr/bin/env python3
"""search-twentyninth: checks the new archive part (a001-a040) and 70 held-out queries, and writes
search-twentyninth-queries.jsonl beside itself.

Reads, beside itself if there, else from /work/main/tests/data/heldout/: archive-combined-24.jsonl.
Reads beside itself: archive-twentyninth.jsonl and archive-combined-29.jsonl (written by
twentyninth-src/make_archive.py). Queries are judged over the 600 records of archive-combined-29.jsonl.
"""
import json, os, re, sys
from collections import Counter, OrderedDict

HERE = os.path.dirname(os.path.abspath(__file__))
MAIN = "/work/main/tests/data/heldout"

def find(name, local_only=False):
    p = os.path.join(HERE, name)
    if os.path.exists(p) or local_only:
        return p
    return os.path.join(MAIN, name)

OLD_PARTS = [("s", 120), ("t", 80), ("u", 60), ("v", 60), ("w", 60), ("x", 60), ("y", 60), ("z", 60)]
OLD_IDS = ["%s%03d" % (p, i) for p, n in OLD_PARTS for i in range(1, n + 1)]
NEW_IDS = ["a%03d" % i for i in range(1, 41)]
FIELDS = ["id", "title", "question", "pseudonym", "answer", "signature", "category", "asked_at", "answered_at"]
CATEGORIES = ["ekonomiskt-bistand", "barn-och-familj", "missbruk", "vald-i-nara-relationer",
              "funktionsnedsattning", "aldreomsorg", "boende", "rattigheter-och-bemotande"]
KINDS = ["keyword", "inflected", "compound", "synonym", "misspelled", "question", "abbreviation"]
ABBREVS = ["LSS", "LVU", "LVM", "SoL", "HVB", "BUP", "FK", "KFM", "CSN", "IVO", "BBIC", "SIP", "MVC",
           "BVC", "AF", "JO", "SFI", "HSL", "DO", "SÄBO", "LOV", "IFO", "VAB", "SIS", "EKB", "LPT"]
AS_WRITTEN = {"SoL", "JO", "DO", "LOV", "AF"}          # matched only as written
NOT_LOWER_COUNTED = {"SoL", "JO", "DO", "LOV", "AF", "FK"}  # lower case not counted for these
CLOSINGS = {"ta hand om dig", "ta hand om er"}

# grade-2 targets of the twenty-seventh set (per-kind lists of README-search-twentyseventh.md)
PREV27_TARGETS = set("""
x054 y006 w029 t065 u021 v060 s093 y016 w057 v045
z031 z032 s017 y027 x032 v053 x011 w021 z004 u015
z028 z040 z051 z044 s008 u023 x003 u044 w020 y031
z001 z023 u039 z038 s011 t044 v036 y019 u017 v035
z033 z041 z048 t039 s109 w028 t047 v019 y025 x047
z049 y041 z043 z050 s025 x038 s088 t035 u026 w007
z054 z060 v038 t032 t029 w013 t020 u020 s019 x012
""".split())

# (kind, query, relevant, key token, evidence words in the grade-2 record)
Q = [
# keyword
("keyword", "sälja kläder vinted", {"a001": 2}, None, None),
("keyword", "bostadsrätt avgiften höjs", {"a007": 2, "u057": 1, "a023": 1}, None, None),
("keyword", "ghb svimmar", {"y044": 2, "u025": 1}, None, None),
("keyword", "handikapptillstånd parkering", {"t074": 2}, None, None),
("keyword", "sköter sjuka mamma", {"u060": 2}, None, None),
("keyword", "assistans semester utomlands", {"w043": 2}, None, None),
("keyword", "rattfull farfar", {"y011": 2}, None, None),
("keyword", "granne lukt sopor", {"x031": 2, "t003": 1, "w057": 1}, None, None),
("keyword", "55-plus barnbarn bo", {"y054": 2}, None, None),
("keyword", "dotter räknar kalorier", {"x049": 2}, None, None),
# inflected
("inflected", "pantsatte smyckena för hyran måste soc veta", {"a017": 2}, "pantsatte", ["pantsatt"]),
("inflected", "adopterades från colombia vill hitta biologiska mamman", {"a002": 2, "s003": 1}, "adopterades", ["adopterad"]),
("inflected", "han stryper mig under sex", {"a012": 2, "y002": 1}, "stryper", ["strypa"]),
("inflected", "hissarna står still och jag sitter i rullstol", {"a005": 2, "t080": 1, "y056": 1, "z025": 1}, "hissarna", ["hissen"]),
("inflected", "kan man få antabusen genom socialen", {"a019": 2, "s057": 1, "w011": 1, "u024": 1}, "antabusen", ["antabus"]),
("inflected", "brorsan knuffades av en annan boende på gruppboendet", {"a029": 2, "v055": 1}, "knuffades", ["knuffat"]),
("inflected", "ingen skottade hos pappa i vintras", {"a030": 2}, "skottade", ["skotta"]),
("inflected", "drogtestade på jobbet efter att jag berättat om amfetaminet", {"a035": 2, "y026": 1}, "drogtestade", ["drogtest"]),
("inflected", "utnyttjades som gratis arbetskraft i svågerns restaurang", {"a036": 2, "v009": 1, "t017": 1, "w004": 1, "z052": 1}, "utnyttjades", ["utnyttjad"]),
("inflected", "min man tuggade kat hela natten igen", {"v018": 2}, "tuggade", ["tuggar"]),
# compound
("compound", "passavgiften för barnen kan soc betala", {"a009": 2, "v049": 1}, "passavgiften", ["pass", "avgiften"]),
("compound", "sommarhettan i mammas lägenhet", {"a014": 2, "z006": 1}, "sommarhettan", ["sommaren", "hettan"]),
("compound", "växelboende för en ettåring", {"a018": 2}, "växelboende", ["växelvis", "boende"]),
("compound", "husförsäljningen stoppas av mitt ex", {"a020": 2, "w004": 1}, "husförsäljningen", ["huset", "försäljningen"]),
("compound", "villalånet äter upp oss efter räntehöjningen", {"a023": 2, "u057": 1, "a007": 1}, "villalånet", ["villan", "lånet"]),
("compound", "folkbokföringsfelet gör att soc räknar med en främling", {"a024": 2}, "folkbokföringsfelet", ["folkbokföringen", "fel"]),
("compound", "börsspelandet har tagit alla sparpengar", {"a027": 2, "s120": 1}, "börsspelandet", ["börsen", "spelandet"]),
("compound", "förskoleräkningarna obetalda sen februari", {"a033": 2}, "förskoleräkningarna", ["förskolan", "räkningarna"]),
("compound", "skriva till nämndpolitikerna om pappas ärende", {"a040": 2, "w023": 1, "y041": 1}, "nämndpolitikerna", ["nämnden", "politikerna"]),
("compound", "veterinärräkningen för hunden kan soc hjälpa", {"y009": 2}, "veterinärräkningen", ["veterinären", "räkningen"]),
# synonym
("synonym", "exet smutskastar mig på facebook", {"a004": 2, "x016": 1}, "smutskastar", ["lögner", "förtal"]),
("synonym", "pappa bolmar inne och hemtjänsten klagar", {"a006": 2, "w029": 1}, "bolmar", ["röker"]),
("synonym", "kommunen har hackats är mina uppgifter ute", {"a008": 2, "t035": 1}, "hackats", ["dataintrång"]),
("synonym", "17-åringen har en sugardaddy", {"a010": 2, "u050": 1}, "sugardaddy", ["sugardejting"]),
("synonym", "sambon tar shrooms och vi har en treåring", {"a011": 2, "y035": 1}, "shrooms", ["psilocybin", "svamp"]),
("synonym", "handläggaren misgenderar mig", {"a016": 2, "s011": 1}, "misgenderar", ["pronomen"]),
("synonym", "ipad för barn som inte kan prata", {"a021": 2, "y034": 1}, "ipad", ["surfplatta"]),
("synonym", "bonusson fryser ut mig", {"a026": 2}, "bonusson", ["styvson"]),
("synonym", "uppsagd för svartuthyrning medan jag jobbade i norge", {"a039": 2}, "svartuthyrning", ["andrahandsuthyrning", "tillstånd"]),
("synonym", "tar kola varje helg och kommer inte loss", {"x026": 2, "u025": 1}, "kola", ["kokain"]),
# misspelled
("misspelled", "bror köper lyrika på gatan", {"a003": 2, "s080": 1}, "lyrika", ["lyrica"]),
("misspelled", "får inte tillbaka depositonen", {"a015": 2}, "depositonen", ["depositionen"]),
("misspelled", "bistånd till prevetivmedel", {"a025": 2, "u044": 1}, "prevetivmedel", ["preventivmedel"]),
("misspelled", "ömsesitigt våld när vi druckit", {"a028": 2, "s076": 1}, "ömsesitigt", ["ömsesidigt"]),
("misspelled", "skadesstånd när soc glömt betala ut", {"a032": 2, "w023": 1, "v057": 1, "s042": 1}, "skadesstånd", ["skadestånd"]),
("misspelled", "skolsjöterskan säger att sonen är för tung", {"a034": 2, "y010": 1}, "skolsjöterskan", ["skolsköterskan"]),
("misspelled", "autistisk son rymer från huset på natten", {"a037": 2, "s002": 1}, "rymer", ["rymmer"]),
("misspelled", "genomförandplan hemtjänst mamma", {"a038": 2, "s096": 1}, "genomförandplan", ["genomförandeplan"]),
("misspelled", "bror rasande över förvalltare", {"w050": 2, "u003": 1}, "förvalltare", ["förvaltare"]),
("misspelled", "nej till elrulstol fast armarna inte orkar", {"y042": 2}, "elrulstol", ["elrullstol"]),
# question
("question", "vem tar hand om vår vuxna dotter med utvecklingsstörning när vi föräldrar dör", {"a013": 2, "s059": 1, "u014": 1}, None, None),
("question", "vad gör man när grannen sätter upp rasistiska lappar på ens dörr", {"a031": 2}, None, None),
("question", "kan soc ringa min chef eller hyresvärden och berätta att jag får hjälp", {"s089": 2, "z030": 1, "s057": 1}, None, None),
("question", "blir man nekad medborgarskap om man har haft försörjningsstöd en period", {"u059": 2}, None, None),
("question", "hamnar jag i fängelse nu när soc har polisanmält mig för bidragsbrott", {"y060": 2, "t071": 1}, None, None),
("question", "måste jag försörja min man när han kommer hit på anhöriginvandring", {"w059": 2, "u059": 1}, None, None),
("question", "hur gör jag så att min dotter får prata med socialtjänsten åt mig", {"v056": 2, "s054": 1, "t055": 1}, None, None),
("question", "varför vill socialsekreteraren inte säga något om min vuxna dotters behandling", {"t055": 2, "v056": 1}, None, None),
("question", "ska jag tvinga min dotter att åka till sin pappa varannan helg", {"y045": 2, "s061": 1}, None, None),
("question", "kan jag bli vårdnadshavare för min sambos son om hon dör", {"v034": 2, "t022": 1}, None, None),
# abbreviation
("abbreviation", "halal mat på säbo", {"a022": 2, "v021": 1}, None, None),
("abbreviation", "slut på vab barn med epilepsi", {"y005": 2, "s030": 1, "w028": 1}, None, None),
("abbreviation", "maken förbjuder sfi", {"v009": 2, "a036": 1}, None, None),
("abbreviation", "sonen på sis låsta dörrar", {"w017": 2}, None, None),
("abbreviation", "vad betyder bbic", {"v008": 2, "t041": 1}, None, None),
("abbreviation", "betala tillbaka csn klarar inte", {"u033": 2, "x015": 1}, None, None),
("abbreviation", "mamma skrivs ut från lvm", {"w048": 2, "v031": 1}, None, None),
("abbreviation", "personkrets LSS autism", {"s077": 2}, None, None),
("abbreviation", "FK vill sänka assistanstimmarna", {"u036": 2, "s041": 1}, None, None),
("abbreviation", "anmäla diskriminering till DO rom", {"y028": 2, "s011": 1, "a016": 1, "u031": 1, "w053": 1}, None, None),
]


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def load(path):
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            try:
                out.append(json.loads(line, object_pairs_hook=OrderedDict))
            except Exception as e:
                fail("%s line %d does not parse: %s" % (path, n, e))
    return out


def words(s):
    return set(w.lower() for w in re.findall(r"\w+", s))


def sentences(r):
    out = []
    for f in ("title", "question", "answer"):
        for s in re.split(r"(?<=[.!?])\s+|\n+", r[f]):
            w = re.findall(r"\w+", s.lower())
            if len(w) >= 4:
                out.append(" ".join(w))
    return out


def abbrevs_in(q):
    found = []
    for tok in re.findall(r"\w+", q):
        for a in ABBREVS:
            if (tok == a) if a in AS_WRITTEN else (tok.lower() == a.lower()):
                found.append((a, tok))
    return found


def check_archive():
    from datetime import datetime
    old_path = find("archive-combined-24.jsonl")
    old = load(old_path)
    if [r["id"] for r in old] != OLD_IDS:
        fail("archive-combined-24.jsonl does not hold s001-z060 in order")
    for r in old:
        if list(r.keys()) != FIELDS:
            fail("old record %s: fields" % r["id"])
    new_path = find("archive-twentyninth.jsonl", local_only=True)
    new = load(new_path)
    if [r["id"] for r in new] != NEW_IDS:
        fail("archive-twentyninth.jsonl does not hold a001-a040 in order")
    cats = set(r["category"] for r in old)
    sigs = set(r["signature"] for r in old)
    last = max(max(datetime.fromisoformat(r["asked_at"]), datetime.fromisoformat(r["answered_at"])) for r in old)
    prev = None
    for r in new:
        i = r["id"]
        if list(r.keys()) != FIELDS:
            fail("%s: fields or field order" % i)
        for k in FIELDS:
            if not isinstance(r[k], str) or not r[k].strip():
                fail("%s: %s empty or not a string" % (i, k))
        if not 250 <= len(r["question"]) <= 600:
            fail("%s: question length %d" % (i, len(r["question"])))
        if not 700 <= len(r["answer"]) <= 1400:
            fail("%s: answer length %d" % (i, len(r["answer"])))
        if not r["answer"].startswith("Hej"):
            fail("%s: answer does not start with Hej" % i)
        if r["category"] not in cats or r["signature"] not in sigs:
            fail("%s: category or signature not among the existing ones" % i)
        a = datetime.fromisoformat(r["asked_at"])
        b = datetime.fromisoformat(r["answered_at"])
        if a.utcoffset() is None or b.utcoffset() is None:
            fail("%s: timestamp without UTC offset" % i)
        if not a < b:
            fail("%s: asked_at not before answered_at" % i)
        if not a > last:
            fail("%s: asked_at not later than every existing record" % i)
        if prev is not None and not a > prev:
            fail("%s: asked_at not rising with the id" % i)
        prev = a
    comb_path = find("archive-combined-29.jsonl", local_only=True)
    with open(old_path, "rb") as f:
        old_bytes = f.read()
    with open(new_path, "rb") as f:
        new_bytes = f.read()
    with open(comb_path, "rb") as f:
        comb_bytes = f.read()
    if comb_bytes != old_bytes + new_bytes:
        fail("archive-combined-29.jsonl is not archive-combined-24.jsonl followed by archive-twentyninth.jsonl")
    comb = load(comb_path)
    if [r["id"] for r in comb] != OLD_IDS + NEW_IDS:
        fail("archive-combined-29.jsonl ids")
    for r in comb:
        if list(r.keys()) != FIELDS:
            fail("%s: fields in combined archive" % r["id"])
    titles = [r["title"] for r in comb]
    if len(set(titles)) != len(titles):
        fail("titles not all different: %s" % [t for t, n in Counter(titles).items() if n > 1])
    cc = Counter(r["category"] for r in new)
    for c in CATEGORIES:
        if cc[c] < 3:
            fail("category %s has only %d new records" % (c, cc[c]))
    old_sents = set()
    for r in old:
        old_sents.update(sentences(r))
    for r in new:
        for s in sentences(r):
            if s in old_sents and s not in CLOSINGS:
                fail("%s copies an existing sentence: %s" % (r["id"], s))
    return comb, cc


def check_queries(comb):
    ids = set(r["id"] for r in comb)
    recw = {r["id"]: words(r["title"] + " " + r["question"] + " " + r["answer"]) for r in comb}
    allw = set().union(*recw.values())
    if len(Q) != 70:
        fail("%d queries" % len(Q))
    qs = [q[1] for q in Q]
    if len(set(qs)) != len(qs):
        fail("queries not unique")
    kc = Counter(q[0] for q in Q)
    for k in KINDS:
        if kc[k] != 10:
            fail("kind %s has %d queries" % (k, kc[k]))
    targets = []
    lower_abbr = 0
    abbr_used = set()
    long_questions = 0
    for kind, q, rel, key, ev in Q:
        if kind not in KINDS:
            fail("unknown kind %s" % kind)
        for i, g in rel.items():
            if i not in ids:
                fail("%r: unknown id %s" % (q, i))
            if g not in (1, 2):
                fail("%r: grade %r" % (q, g))
        t2 = [i for i, g in rel.items() if g == 2]
        if len(t2) != 1:
            fail("%r: %d grade-2 records" % (q, len(t2)))
        targets.append(t2[0])
        if t2[0] in PREV27_TARGETS:
            fail("%r: target %s was a grade-2 target of the twenty-seventh set" % (q, t2[0]))
        toks = [w.lower() for w in re.findall(r"\w+", q)]
        nw = len(q.split())
        found = abbrevs_in(q)
        if kind in ("inflected", "compound", "synonym", "misspelled"):
            if not key or key.lower() not in toks:
                fail("%r: key %r is not a word of the query" % (q, key))
            if key.lower() in allw:
                fail("%r: key %r occurs in the archive" % (q, key))
            if not ev:
                fail("%r: no evidence words" % q)
            for e in ev:
                if e.lower() not in recw[t2[0]]:
                    fail("%r: evidence %r not a word of %s" % (q, e, t2[0]))
        else:
            if key or ev:
                fail("%r: key/evidence on a %s query" % (q, kind))
        if kind == "keyword" and not 1 <= nw <= 3:
            fail("%r: keyword query with %d words" % (q, nw))
        if kind == "question":
            if q != q.lower() or not re.fullmatch(r"[\w ]+", q):
                fail("%r: question query not lower case or has punctuation" % q)
            if not 6 <= nw <= 16:
                fail("%r: question query with %d words" % (q, nw))
            if nw >= 10:
                long_questions += 1
        if kind != "abbreviation" and found:
            fail("%r: abbreviation %s in a %s query" % (q, found, kind))
        if kind == "abbreviation":
            if len(found) != 1:
                fail("%r: %d listed abbreviations" % (q, len(found)))
            if not 1 <= nw - 1 <= 5:
                fail("%r: %d other words" % (q, nw - 1))
            a, tok = found[0]
            abbr_used.add(a)
            if tok == tok.lower() and a not in NOT_LOWER_COUNTED:
                lower_abbr += 1
    if long_questions < 5:
        fail("only %d question queries have 10 words or more" % long_questions)
    if len(set(targets)) != 70:
        fail("grade-2 records not all different")
    new_t = [t for t in targets if t.startswith("a")]
    if len(new_t) < 30:
        fail("only %d new grade-2 records" % len(new_t))
    if len(abbr_used) < 8:
        fail("only %d different abbreviations" % len(abbr_used))
    if lower_abbr < 4:
        fail("only %d abbreviation queries in lower case" % lower_abbr)
    return targets, abbr_used, lower_abbr, long_questions


def main():
    comb, cc = check_archive()
    targets, abbr_used, lower_abbr, long_q = check_queries(comb)
    out = os.path.join(HERE, "search-twentyninth-queries.jsonl")
    with open(out, "w", encoding="utf-8") as f:
        for kind, q, rel, key, ev in Q:
            f.write(json.dumps({"query": q, "relevant": rel, "kind": kind}, ensure_ascii=False) + "\n")
    g1 = [i for _, _, rel, _, _ in Q for i, g in rel.items() if g == 1]
    parts = "stuvwxyza"
    by2 = Counter(t[0] for t in targets)
    by1 = Counter(i[0] for i in g1)
    print("ok: 600 records (40 new: %s), %d queries, %d graded pairs (%d grade 2, %d grade 1), "
          "grade-2 by part %s, grade 1 by part %s, %d abbreviations (%d lower case), "
          "%d question queries of 10+ words, wrote %s" % (
              ", ".join("%s %d" % (c, cc[c]) for c in CATEGORIES), len(Q), len(targets) + len(g1),
              len(targets), len(g1), {p: by2[p] for p in parts if by2[p]}, {p: by1[p] for p in parts if by1[p]},
              len(abbr_used), lower_abbr, long_q, out))
    print("| kind | n | grade-2 new (a) | grade-2 old | grade 1 | mean relevant | single-relevant |")
    print("|---|---|---|---|---|---|---|")
    for k in KINDS:
        qq = [q for q in Q if q[0] == k]
        t2 = [i for q in qq for i, g in q[2].items() if g == 2]
        n1 = sum(1 for q in qq for g in q[2].values() if g == 1)
        new = sum(1 for t in t2 if t.startswith("a"))
        mean = sum(len(q[2]) for q in qq) / len(qq)
        single = sum(1 for q in qq if len(q[2]) == 1)
        print("| %s | %d | %d | %d | %d | %.1f | %d |" % (k, len(qq), new, len(t2) - new, n1, mean, single))


if __name__ == "__main__":
    main()
