#!/usr/bin/env python3
"""Held-out search query set, fourteenth: 90 Swedish queries judged over the combined
archive (s001-s120 + t001-t080). Writes search-fourteenth-queries.jsonl beside itself.

Grades: 2 = the record answers the searcher's need directly (its main subject); exactly one per
query, all different. 1 = a substantive piece of the needed information. Passing mentions: nothing.
"""
import glob
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

# kind: question / keyword / inflected / compound / synonym / misspelled / abbreviation
# key/evidence (inflected, compound, synonym, misspelled only): key token occurs in the query and
# NOT as a word in the archive; evidence words DO occur in the archive (the form the archive uses,
# the compound's parts, the archive's own word, the correct spelling).
Q = [
    # ---------------- question (48) ----------------
    dict(kind="question", query="gubben är dement och jag får aldrig vara ifred, finns det nåt han kan gå till om dagarna",
         rel={"t001": 2, "s045": 1}),
    dict(kind="question", query="hur gör man när ens man super och man själv går sönder av att täcka upp för honom",
         rel={"t002": 2, "s080": 1, "t055": 1, "s120": 1}),
    dict(kind="question", query="mamma samlar skräp så man inte kommer in och nu vill hyresvärden få bort henne vad gör vi",
         rel={"t003": 2, "s064": 1}),
    dict(kind="question", query="jag är på smällen och dricker fortfarande på helgerna vad händer om jag berättar det på mödravården",
         rel={"t009": 2, "s071": 1}),
    dict(kind="question", query="kan man klaga nånstans när handläggaren är otrevlig och inte tar en på allvar",
         rel={"t010": 2, "s067": 1, "s011": 1, "s053": 1}),
    dict(kind="question", query="ärvde lite pengar efter min moster måste jag leva på dom innan socialen hjälper mig igen",
         rel={"t011": 2, "s014": 1, "s119": 1}),
    dict(kind="question", query="har massa sms lån och inkassokrav och skäms, vart kan man få hjälp att reda ut det",
         rel={"t012": 2, "s087": 1}),
    dict(kind="question", query="fått nej på asylen och har inga pengar, kan socialen hjälpa oss eller anmäler dom oss",
         rel={"t013": 2}),
    dict(kind="question", query="jobbar på förskola och ett barn verkar vanskött, måste jag anmäla när jag bara har en känsla",
         rel={"t016": 2, "s074": 1}),
    dict(kind="question", query="min man slår mig men mitt uppehållstillstånd hänger på honom blir jag utskickad om jag lämnar honom",
         rel={"t017": 2, "s090": 1}),
    dict(kind="question", query="jag är 14 och pappa ligger på psyket igen och ingen vuxen förklarar nåt för mig",
         rel={"t018": 2}),
    dict(kind="question", query="har försörjningsstöd och har krossat glasögonen, betalar soc nya eller får jag gå blind",
         rel={"t021": 2, "s015": 1}),
    dict(kind="question", query="måste jag betala hemförsäkringen själv när jag lever på soc eller ingår den i pengarna",
         rel={"t023": 2, "t068": 1}),
    dict(kind="question", query="soc utreder min bror för tvångsvård pga hans drickande, kan dom spärra in honom på en gång",
         rel={"t024": 2, "s055": 1, "s102": 1}),
    dict(kind="question", query="kollegorna på äldreboendet är elaka mot de gamla, var anmäler jag",
         rel={"t026": 2, "s107": 1, "s053": 1}),
    dict(kind="question", query="ungen vill börja på hockey men pengarna räcker inte till terminsavgiften, kan soc hjälpa när man har bidrag",
         rel={"t027": 2}),
    dict(kind="question", query="sitter hemma hela dagarna pga min psykiska sjukdom finns det typ nån verksamhet för såna som mig",
         rel={"t030": 2, "s086": 1, "s077": 1}),
    dict(kind="question", query="bor på behandlingshem för ungdomar och fyller 18 snart, vart ska jag ta vägen sen",
         rel={"t033": 2, "s001": 1, "t019": 1}),
    dict(kind="question", query="socialen har skickat mina papper till grannen av misstag, vad kan jag göra åt det?",
         rel={"t035": 2}),
    dict(kind="question", query="tror att gamla tanten bredvid blir slagen av sin vuxna son, vem ska jag ringa",
         rel={"t036": 2, "s023": 1, "s114": 1}),
    dict(kind="question", query="får exet stoppa mig från att flytta med barnen",
         rel={"t037": 2}),
    dict(kind="question", query="min 16-åring är misstänkt för rån och soc ska skriva nåt till domstolen vad betyder det för honom",
         rel={"t040": 2, "s108": 1}),
    dict(kind="question", query="vad händer på mötena när soc utreder oss som föräldrar efter att sonen berättat nåt för sin lärare",
         rel={"t041": 2, "s097": 1, "s060": 1}),
    dict(kind="question", query="hur gör man när handläggaren aldrig ringer tillbaka och pengarna inte har kommit",
         rel={"t042": 2, "s042": 1}),
    dict(kind="question", query="får min handläggare bara ringa min psykläkare bakom ryggen på mig asså",
         rel={"t043": 2, "s089": 1}),
    dict(kind="question", query="förlorade mot kommunen i förvaltningsrätten, är det ens värt att överklaga vidare eller är det kört",
         rel={"t046": 2}),
    dict(kind="question", query="hemlös i tio år och åker ut från alla boenden när jag dricker, finns det nån annan väg",
         rel={"t051": 2, "s032": 1, "t014": 1}),
    dict(kind="question", query="jag är nybliven pensionär och vill hjälpa nån med deras räkningar och papper, hur blir man ställföreträdare",
         rel={"t053": 2, "s084": 1}),
    dict(kind="question", query="kan man få pengar från soc till hyran om man pluggar upp betygen på vuxenutbildningen",
         rel={"t054": 2, "s100": 1}),
    dict(kind="question", query="varför får jag som förälder inte veta nåt om hur min vuxna dotters behandling går",
         rel={"t055": 2, "s080": 1, "s029": 1}),
    dict(kind="question", query="vuxna sonen har slutat med sin medicin och stänger in sig, kan man tvinga honom till vård",
         rel={"t057": 2, "s064": 1}),
    dict(kind="question", query="varför ska soc veta allt om mitt liv och min familj när jag bara vill sluta supa",
         rel={"t059": 2}),
    dict(kind="question", query="skilda sen länge men han frågar ut barnen om mig och vägrar skriva på passen, är det våld",
         rel={"t060": 2, "s026": 1, "s005": 1}),
    dict(kind="question", query="räknar soc med underhållstödet från försäkringskassan när dom räknar ut hur mycket jag får",
         rel={"t063": 2}),
    dict(kind="question", query="kan jag få lön för att sköta mamma istället för hemtjänsten",
         rel={"t064": 2}),
    dict(kind="question", query="det står rena lögner om mig i mina papper hos soc kan jag få det ändrat eller borttaget",
         rel={"t066": 2, "s088": 1, "s106": 1, "s053": 1}),
    dict(kind="question", query="är det sant att man förlorar sina assistenter när man fyller 65 och bara får hemtjänst",
         rel={"t067": 2}),
    dict(kind="question", query="a-kassan täcker knappt hyran, får man söka pengar från socialen fast man har ersättning",
         rel={"t068": 2}),
    dict(kind="question", query="ensamstående med tre ungar och helt slut, finns det nån familj som kan ha barnen nån helg ibland",
         rel={"t072": 2, "s016": 1}),
    dict(kind="question", query="vårt barn har en tarmsjukdom som kostar massa extra varje månad, finns det nåt bidrag för det",
         rel={"t073": 2, "s030": 1}),
    dict(kind="question", query="kostar det nåt att gå till en kvinnojour?",
         rel={"t075": 2}),
    dict(kind="question", query="min 15-åring har börjat knuffa mig, vart vänder man sig när ens eget barn är våldsamt",
         rel={"t076": 2}),
    dict(kind="question", query="storebror går igenom min telefon varje kväll och styr hur jag klär mig, är det normalt",
         rel={"t077": 2, "s009": 1}),
    dict(kind="question", query="spelar bort hela lönen på casino varje månad och ljuger för min tjej hur slutar man",
         rel={"t078": 2, "s120": 1}),
    dict(kind="question", query="sitter i rulstol utan hiss, kan man gå före i kön",
         rel={"t080": 2}),
    dict(kind="question", query="jag är 15 och morsan är full varje kväll och jag får sköta min lillasyster",
         rel={"s104": 2, "s091": 1}),
    dict(kind="question", query="om jag ringer soc om grannarnas barn kommer grannarna fatta vem som anmälde",
         rel={"s074": 2}),
    dict(kind="question", query="exet slutar inte smsa och står utanför dörren, hur får man honom att hålla sig borta",
         rel={"s118": 2, "s005": 1}),
    # ---------------- keyword (7) ----------------
    dict(kind="keyword", query="ensamkommande fyller 18", rel={"t019": 2, "t033": 1, "s001": 1}),
    dict(kind="keyword", query="begravningskostnad dödsbo tomt", rel={"s109": 2}),
    dict(kind="keyword", query="behöver tolk handläggarmöte", rel={"s051": 2, "t020": 1, "t029": 1}),
    dict(kind="keyword", query="framtidsfullmakt dotter", rel={"t039": 2}),
    dict(kind="keyword", query="sluta röka gräs", rel={"t079": 2}),
    dict(kind="keyword", query="polisanmält sambo rättegång", rel={"t070": 2}),
    dict(kind="keyword", query="deposition nytt kontrakt", rel={"s046": 2, "s024": 1}),
    # ---------------- inflected (7) ----------------
    dict(kind="inflected", query="rampen till huset vem betalar", rel={"t008": 2, "s101": 1},
         key="rampen", evidence=["ramp"]),
    dict(kind="inflected", query="sprutorna gratis var", rel={"t015": 2},
         key="sprutorna", evidence=["sprutor"]),
    dict(kind="inflected", query="matlådorna till pappa som inte lagar mat", rel={"t007": 2},
         key="matlådorna", evidence=["matlådor"]),
    dict(kind="inflected", query="assistansbolaget sköter sig inte vill byta", rel={"t025": 2, "s085": 1},
         key="assistansbolaget", evidence=["assistansbolag"]),
    dict(kind="inflected", query="kontraktsvården vad krävs av mig", rel={"t034": 2},
         key="kontraktsvården", evidence=["kontraktsvård"]),
    dict(kind="inflected", query="nakenbilderna han tänker lägga ut", rel={"t052": 2},
         key="nakenbilderna", evidence=["nakenbilder"]),
    dict(kind="inflected", query="adoptionen utredning tidigare depression", rel={"t049": 2},
         key="adoptionen", evidence=["adoption"]),
    # ---------------- compound (7) ----------------
    dict(kind="compound", query="flyttkostnad till billigare lägenhet", rel={"t058": 2},
         key="flyttkostnad", evidence=["flytt", "kostnad"]),
    dict(kind="compound", query="sobrilberoende trappa ner", rel={"t056": 2},
         key="sobrilberoende", evidence=["sobril", "beroende"]),
    dict(kind="compound", query="heroinberoende vill få subutex", rel={"t047": 2, "s052": 1},
         key="heroinberoende", evidence=["heroin", "beroende"]),
    dict(kind="compound", query="kronofogdebrev om gammal skuld", rel={"t032": 2, "s087": 1},
         key="kronofogdebrev", evidence=["kronofogden", "brev"]),
    dict(kind="compound", query="svartkontrakt rum slängs ut", rel={"t006": 2, "s039": 1},
         key="svartkontrakt", evidence=["svart", "kontrakt"]),
    dict(kind="compound", query="handläggarbyte går det", rel={"s067": 2, "s065": 1},
         key="handläggarbyte", evidence=["handläggare", "byte"]),
    dict(kind="compound", query="kamerakoll på pappa nattetid", rel={"t005": 2, "s066": 1},
         key="kamerakoll", evidence=["kamera", "koll"]),
    # ---------------- synonym (7) ----------------
    dict(kind="synonym", query="förtidspension ung med ångest", rel={"t031": 2},
         key="förtidspension", evidence=["aktivitetsersättning"]),
    dict(kind="synonym", query="uteliggare full varje dag var sova", rel={"t014": 2, "t051": 1, "s010": 1, "s032": 1},
         key="uteliggare", evidence=["hemlös", "tält"]),
    dict(kind="synonym", query="soc vill ha pisstest varje vecka", rel={"s063": 2},
         key="pisstest", evidence=["urinprov"]),
    dict(kind="synonym", query="ainan hämtade barnen mitt i natten", rel={"t038": 2, "s038": 1},
         key="ainan", evidence=["polisen"]),
    dict(kind="synonym", query="handikappkort till bilen", rel={"t074": 2},
         key="handikappkort", evidence=["parkeringstillstånd"]),
    dict(kind="synonym", query="skolvägrare dotter i åttan", rel={"t062": 2, "s112": 1},
         key="skolvägrare", evidence=["skolfrånvaro"]),
    dict(kind="synonym", query="15-åringen stupfull i parken", rel={"t044": 2, "s017": 1},
         key="stupfull", evidence=["full"]),
    # ---------------- misspelled (7) ----------------
    dict(kind="misspelled", query="parkinsson pappa växla mellan hemmet och korttids", rel={"t069": 2, "s045": 1},
         key="parkinsson", evidence=["parkinson"]),
    dict(kind="misspelled", query="trygghetslram utan hemtjänst", rel={"s066": 2},
         key="trygghetslram", evidence=["trygghetslarm"]),
    dict(kind="misspelled", query="grupbostad downs syndrom flytta hemifrån", rel={"s059": 2},
         key="grupbostad", evidence=["gruppbostad"]),
    dict(kind="misspelled", query="vårdnadsöverflytning familjehemsföräldrar", rel={"t022": 2},
         key="vårdnadsöverflytning", evidence=["vårdnadsöverflyttning"]),
    dict(kind="misspelled", query="familjerådgiving kostar det", rel={"t065": 2},
         key="familjerådgiving", evidence=["familjerådgivning"]),
    dict(kind="misspelled", query="korttidstilsyn autism fritids slutat", rel={"t050": 2, "s002": 1},
         key="korttidstilsyn", evidence=["korttidstillsyn"]),
    dict(kind="misspelled", query="hjälmedel rollator toalettförhöjning", rel={"t045": 2},
         key="hjälmedel", evidence=["hjälpmedel"]),
    # ---------------- abbreviation (7) ----------------
    dict(kind="abbreviation", query="bvc skriker på bebisen orkar inte", rel={"t004": 2, "s016": 1}),
    dict(kind="abbreviation", query="sfi krav trots små barn", rel={"t029": 2, "s072": 1}),
    dict(kind="abbreviation", query="säbo hyra och omsorgsavgift mamma", rel={"t028": 2, "s007": 1}),
    dict(kind="abbreviation", query="fk bostadsbidrag deltidsjobb ung", rel={"t061": 2}),
    dict(kind="abbreviation", query="af ersättningen försenad nyanländ", rel={"t020": 2, "s044": 1}),
    dict(kind="abbreviation", query="lss kontaktperson ingen hittad dotter autism", rel={"s062": 2, "s012": 1, "s094": 1}),
    dict(kind="abbreviation", query="DO handläggarens kommentar om hijab", rel={"s011": 2}),
]

ABBR = ["LSS", "LVU", "LVM", "SoL", "HVB", "BUP", "FK", "KFM", "CSN", "IVO", "BBIC", "SIP", "MVC", "BVC",
        "AF", "JO", "SFI", "HSL", "DO", "BoU", "ASI", "SÄBO", "LOV", "IFO", "FN"]
ABBR_LOWER = {a.lower() for a in ABBR}
KINDS = {"question": 48, "keyword": 7, "inflected": 7, "compound": 7, "synonym": 7, "misspelled": 7,
         "abbreviation": 7}


def find_archive():
    for p in (os.path.join(HERE, "archive-combined.jsonl"),
              os.path.join(HERE, "..", "main", "tests", "data", "heldout", "archive-combined.jsonl")):
        if os.path.exists(p):
            return p
    sys.exit("archive-combined.jsonl not found")


def earlier_queries():
    """Query strings of earlier sets, used only for the repeat checks below."""
    if os.path.exists(os.path.join(HERE, "search-thirteenth.build.py")):
        heldout = HERE
    else:
        heldout = os.path.join(HERE, "..", "main", "tests", "data", "heldout")
    files = sorted(glob.glob(os.path.join(heldout, "search-*-queries.jsonl")))
    files += sorted(glob.glob(os.path.join(heldout, "..", "..", "search", "*queries*.jsonl")))
    dev = "/work/shared/data/dev-queries.jsonl"
    if os.path.exists(dev):
        files.append(dev)
    own = os.path.join(HERE, "search-fourteenth-queries.jsonl")
    files = [f for f in files if os.path.abspath(f) != os.path.abspath(own)]
    assert len(files) >= 10, f"earlier query files missing: {files}"
    out = []
    for f in files:
        with open(f, encoding="utf-8") as fh:
            for line in fh:
                line = line.strip()
                if line:
                    out.append(json.loads(line)["query"])
    assert len(out) > 500, len(out)
    return out


def toks(s):
    return set(re.findall(r"\w+", s.lower()))


def main():
    with open(find_archive(), encoding="utf-8") as fh:
        recs = [json.loads(l) for l in fh if l.strip()]
    ids = {r["id"] for r in recs}
    assert len(recs) == 200 and ids == {f"s{i:03d}" for i in range(1, 121)} | {f"t{i:03d}" for i in range(1, 81)}
    words = set()
    for r in recs:
        words |= toks(r["title"] + " " + r["question"] + " " + r["answer"])

    # counts per kind
    counts = {}
    for q in Q:
        counts[q["kind"]] = counts.get(q["kind"], 0) + 1
    assert counts == KINDS, counts
    assert len(Q) == 90
    # unique queries
    qs = [q["query"].lower() for q in Q]
    assert len(set(qs)) == len(qs)
    # ids exist, grades, exactly one grade-2, distinct grade-2
    twos = []
    for q in Q:
        assert q["rel"], q
        for i, g in q["rel"].items():
            assert i in ids, (q["query"], i)
            assert g in (1, 2), (q["query"], i, g)
        t = [i for i, g in q["rel"].items() if g == 2]
        assert len(t) == 1, q["query"]
        twos.append(t[0])
    assert len(set(twos)) == len(twos), [t for t in twos if twos.count(t) > 1]
    new = sum(1 for t in twos if t.startswith("t"))
    assert new >= 50, new
    # form checks
    for q in Q:
        text, kind = q["query"], q["kind"]
        tk = re.findall(r"[\w-]+", text)
        abbr_hits = [w for w in tk if w.split("-")[0] in ABBR or w.split("-")[0].lower() in {"lss", "lvu", "lvm", "hvb", "bup", "kfm", "csn", "ivo", "bbic", "sip", "mvc", "bvc", "sfi", "hsl", "säbo", "ifo", "fk"}]
        if kind == "question":
            n = len(text.split())
            assert 6 <= n <= 18, (text, n)
            assert text == text.lower(), text
            assert not abbr_hits, (text, abbr_hits)
        elif kind == "keyword":
            assert 1 <= len(text.split()) <= 3, text
            assert not abbr_hits, (text, abbr_hits)
        elif kind == "abbreviation":
            hits = [w for w in tk if w.split("-")[0] in ABBR or w.split("-")[0].upper() in {a.upper() for a in ABBR}]
            assert len(hits) == 1, (text, hits)
            assert 2 <= len(text.split()) <= 6, text
        else:
            assert not abbr_hits, (text, abbr_hits)
            key = q["key"]
            assert key in toks(text), (text, key)
            assert key not in words, (text, key, "key occurs in archive")
            for e in q["evidence"]:
                assert e in words, (text, e, "evidence missing from archive")
    ab = [next(w for w in re.findall(r"[\w-]+", q["query"]) if w.split("-")[0].upper() in {a.upper() for a in ABBR})
          for q in Q if q["kind"] == "abbreviation"]
    assert len({a.upper() for a in ab}) == 7, ab
    # no repeat of earlier queries (exact, or Jaccard >= 0.5 over \w+ tokens)
    earlier = earlier_queries()
    el = {e.strip().lower() for e in earlier}
    et = [toks(e) for e in earlier]
    for q in Q:
        assert q["query"].strip().lower() not in el, ("exact repeat", q["query"])
        t = toks(q["query"])
        for u in et:
            j = len(t & u) / len(t | u)
            assert j < 0.5, ("overlap", q["query"], round(j, 2))

    out = os.path.join(HERE, "search-fourteenth-queries.jsonl")
    with open(out, "w", encoding="utf-8") as fh:
        for q in Q:
            fh.write(json.dumps({"query": q["query"], "relevant": q["rel"], "kind": q["kind"]},
                                ensure_ascii=False) + "\n")
    n1 = sum(1 for q in Q for g in q["rel"].values() if g == 1)
    print(f"wrote {out}: {len(Q)} queries, {len(Q)} grade-2 ({new} new records), {n1} grade-1")


if __name__ == "__main__":
    main()
