#!/usr/bin/env python3
"""search-thirteenth: 70 held-out queries typed without å, ä and ö.

Judged over the combined archive (s001-s120 + t001-t080). Writes
search-thirteenth-queries.jsonl beside this script. Run: python3 search-thirteenth.build.py
The archive is read from ./archive-combined.jsonl if present, else from
../main/tests/data/heldout/archive-combined.jsonl (the archive is only used for checks).
"""
import json, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
KINDS = ["keyword", "inflected", "compound", "synonym", "misspelled", "question", "abbreviation"]
ABBREVS = ["LSS", "LVU", "LVM", "SoL", "HVB", "BUP", "FK", "KFM", "CSN", "IVO", "BBIC", "SIP", "MVC",
           "BVC", "AF", "JO", "SFI", "HSL", "DO", "BoU", "ASI", "SÄBO", "SABO", "LOV", "IFO", "FN"]

# Each entry: kind, query, relevant, meant, and for inflected/compound/synonym/misspelled a key.
#   meant: {query token: the Swedish word (with å/ä/ö) the asker means}. Checked: the Swedish word has
#          å/ä/ö and the token is its a/o folding or its ae/oe/aa folding (misspelled key tokens and the
#          ordinary typos listed in `typos` excepted).
#   key:   (token in the query, the Swedish form meant, [evidence words the archive does use])
#          inflected/compound/synonym: the meant form is absent from the archive, the evidence present;
#          misspelled: the token (and its re-accented forms) absent, the correct spelling (evidence) present.
Q = [
# ---------------- keyword (1-3 words)
dict(kind="keyword", query="kontaktfoerbud", relevant={"s118": 2},
     meant={"kontaktfoerbud": "kontaktförbud"}),
dict(kind="keyword", query="hemtjanst avgift pension", relevant={"s007": 2, "s099": 1, "s020": 1, "t028": 1},
     meant={"hemtjanst": "hemtjänst"}),
dict(kind="keyword", query="fardtjanst avslag", relevant={"s058": 2},
     meant={"fardtjanst": "färdtjänst"}),
dict(kind="keyword", query="trygghetslarm utan hemtjanst", relevant={"s066": 2},
     meant={"hemtjanst": "hemtjänst"}),
dict(kind="keyword", query="dodsbo begravning", relevant={"s109": 2},
     meant={"dodsbo": "dödsbo"}),
dict(kind="keyword", query="matlador hemkorning", relevant={"t007": 2},
     meant={"matlador": "matlådor", "hemkorning": "hemkörning"}),
dict(kind="keyword", query="skulder vaxer inkasso", relevant={"t012": 2, "s087": 1},
     meant={"vaxer": "växer"}),
dict(kind="keyword", query="parkeringstillstand gangsvarigheter", relevant={"t074": 2},
     meant={"parkeringstillstand": "parkeringstillstånd", "gangsvarigheter": "gångsvårigheter"}),
dict(kind="keyword", query="rollator hjaelpmedel", relevant={"t045": 2},
     meant={"hjaelpmedel": "hjälpmedel"}),
dict(kind="keyword", query="hemlos hund akutboende", relevant={"s021": 2, "s010": 1},
     meant={"hemlos": "hemlös"}),
# ---------------- inflected (a form the archive does not use)
dict(kind="inflected", query="aeldreboenden i annan kommun", relevant={"s098": 2},
     meant={"aeldreboenden": "äldreboenden"},
     key=("aeldreboenden", "äldreboenden", ["äldreboende"])),
dict(kind="inflected", query="riksfardtjansten till jul", relevant={"t048": 2},
     meant={"riksfardtjansten": "riksfärdtjänsten"},
     key=("riksfardtjansten", "riksfärdtjänsten", ["riksfärdtjänst"])),
dict(kind="inflected", query="betalningsforelaggandet stammer inte", relevant={"t032": 2},
     meant={"betalningsforelaggandet": "betalningsföreläggandet", "stammer": "stämmer"},
     key=("betalningsforelaggandet", "betalningsföreläggandet", ["betalningsföreläggande"])),
dict(kind="inflected", query="uppehaallstillstaandet om jag laemnar honom", relevant={"t017": 2},
     meant={"uppehaallstillstaandet": "uppehållstillståndet", "laemnar": "lämnar"},
     key=("uppehaallstillstaandet", "uppehållstillståndet", ["uppehållstillstånd"])),
dict(kind="inflected", query="parterapin ar den gratis", relevant={"t065": 2},
     meant={"ar": "är"},
     key=("parterapin", "parterapin", ["parterapi"])),
dict(kind="inflected", query="adoptionsutredningen hur laang tid", relevant={"t049": 2},
     meant={"laang": "lång"},
     key=("adoptionsutredningen", "adoptionsutredningen", ["adoptionsutredning"])),
dict(kind="inflected", query="tvangsvarden for en bror som dricker",
     relevant={"s055": 2, "t024": 1, "s080": 1, "s114": 1},
     meant={"tvangsvarden": "tvångsvården", "for": "för"},
     key=("tvangsvarden", "tvångsvården", ["tvångsvård", "tvångsvårda"])),
dict(kind="inflected", query="gruppbostaderna hur lang ko", relevant={"s059": 2},
     meant={"gruppbostaderna": "gruppbostäderna", "lang": "lång", "ko": "kö"},
     key=("gruppbostaderna", "gruppbostäderna", ["gruppbostad"])),
dict(kind="inflected", query="ledsagarna kan de folja med pa bio", relevant={"s093": 2},
     meant={"folja": "följa", "pa": "på"},
     key=("ledsagarna", "ledsagarna", ["ledsagare"])),
dict(kind="inflected", query="kontaktpersonen for ensam 12-aring", relevant={"s094": 2},
     meant={"for": "för", "12-aring": "12-åring"},
     key=("kontaktpersonen", "kontaktpersonen", ["kontaktperson"])),
# ---------------- compound (absent compound, parts present)
dict(kind="compound", query="rampbygge for rullstolen", relevant={"t008": 2, "s101": 1},
     meant={"for": "för"},
     key=("rampbygge", "rampbygge", ["ramp", "bygga"])),
dict(kind="compound", query="nattkamera istallet for nattbesok", relevant={"t005": 2},
     meant={"istallet": "istället", "for": "för", "nattbesok": "nattbesök"},
     key=("nattkamera", "nattkamera", ["natt", "kamera"])),
dict(kind="compound", query="nakenbildshot fran ex", relevant={"t052": 2},
     meant={"fran": "från"},
     key=("nakenbildshot", "nakenbildshot", ["nakenbilder", "hot"])),
dict(kind="compound", query="bostadsbidragsansokan 22 ar", relevant={"t061": 2},
     meant={"bostadsbidragsansokan": "bostadsbidragsansökan", "ar": "år"},
     key=("bostadsbidragsansokan", "bostadsbidragsansökan", ["bostadsbidrag", "ansökan"])),
dict(kind="compound", query="korttidsvecka for pappa med parkinson", relevant={"t069": 2, "s035": 1, "s045": 1},
     meant={"for": "för"},
     key=("korttidsvecka", "korttidsvecka", ["korttids", "vecka"])),
dict(kind="compound", query="var far man sprutbyte", relevant={"t015": 2},
     meant={"far": "får"},
     key=("sprutbyte", "sprutbyte", ["sprutor", "byta"])),
dict(kind="compound", query="duschrutiner paa aeldreboendet", relevant={"s096": 2},
     meant={"paa": "på", "aeldreboendet": "äldreboendet"},
     key=("duschrutiner", "duschrutiner", ["dusch", "rutiner"])),
dict(kind="compound", query="tolkbehov paa moetet", relevant={"s051": 2, "t020": 1},
     meant={"paa": "på", "moetet": "mötet"},
     key=("tolkbehov", "tolkbehov", ["tolk", "behov"])),
dict(kind="compound", query="slojdiskriminering av handlaggaren", relevant={"s011": 2},
     meant={"slojdiskriminering": "slöjdiskriminering", "handlaggaren": "handläggaren"},
     key=("slojdiskriminering", "slöjdiskriminering", ["slöja", "diskriminera"])),
dict(kind="compound", query="kokainpappa umgange", relevant={"s036": 2, "s115": 1},
     meant={"umgange": "umgänge"},
     key=("kokainpappa", "kokainpappa", ["kokain", "pappa"])),
# ---------------- synonym (everyday or slang word the archive does not use)
dict(kind="synonym", query="pissprov foer att faa bidrag", relevant={"s063": 2},
     meant={"foer": "för", "faa": "få"},
     key=("pissprov", "pissprov", ["urinprov"])),
dict(kind="synonym", query="hittade weed hos 16-aringen", relevant={"s017": 2},
     meant={"16-aringen": "16-åringen"},
     key=("weed", "weed", ["hasch", "cannabis"])),
dict(kind="synonym", query="bli fosterfamilj hur gar det till", relevant={"s075": 2},
     meant={"gar": "går"},
     key=("fosterfamilj", "fosterfamilj", ["familjehem"])),
dict(kind="synonym", query="tvangsgifte i hemlandet", relevant={"s009": 2, "t077": 1},
     meant={"tvangsgifte": "tvångsgifte"},
     key=("tvangsgifte", "tvångsgifte", ["gifta", "hedersrelaterat"])),
dict(kind="synonym", query="aalderdomshem nej fast hon aer raedd", relevant={"s116": 2},
     meant={"aalderdomshem": "ålderdomshem", "aer": "är", "raedd": "rädd"},
     key=("aalderdomshem", "ålderdomshem", ["äldreboende"])),
dict(kind="synonym", query="snuten hamtade ungarna mitt i natten", relevant={"t038": 2, "s038": 1},
     meant={"hamtade": "hämtade"},
     key=("snuten", "snuten", ["polisen"])),
dict(kind="synonym", query="roker braja varje kvall", relevant={"t079": 2},
     meant={"roker": "röker", "kvall": "kväll"},
     key=("braja", "braja", ["gräs", "cannabis"])),
dict(kind="synonym", query="15-aringen kom hem packad", relevant={"t044": 2, "s017": 1},
     meant={"15-aringen": "15-åringen"},
     key=("packad", "packad", ["full", "berusad"])),
dict(kind="synonym", query="dryg och nonchalant handlaggare", relevant={"t010": 2, "s067": 1},
     meant={"handlaggare": "handläggare"},
     key=("nonchalant", "nonchalant", ["otrevlig"])),
dict(kind="synonym", query="betalar soc flyttgubbar till billigare lagenhet", relevant={"t058": 2},
     meant={"lagenhet": "lägenhet"},
     key=("flyttgubbar", "flyttgubbar", ["flyttfirma"])),
# ---------------- misspelled (a typo besides the missing letters)
dict(kind="misspelled", query="kvinojour gratis for mig", relevant={"t075": 2},
     meant={"for": "för"},
     key=("kvinojour", "kvinojour", ["kvinnojour"])),
dict(kind="misspelled", query="lex sara anmala kollega", relevant={"t026": 2, "s107": 1},
     meant={"anmala": "anmäla"},
     key=("sara", "sara", ["sarah"])),
dict(kind="misspelled", query="dagverksmahet for dement man", relevant={"t001": 2, "s045": 1},
     meant={"for": "för"},
     key=("dagverksmahet", "dagverksmahet", ["dagverksamhet"])),
dict(kind="misspelled", query="barnavardsutreding fragor", relevant={"t041": 2, "s097": 1, "s060": 1},
     meant={"barnavardsutreding": "barnavårdsutredning", "fragor": "frågor"},
     key=("barnavardsutreding", "barnavårdsutreding", ["barnavårdsutredning"])),
dict(kind="misspelled", query="bli god man overformynaren", relevant={"t053": 2},
     meant={"overformynaren": "överförmyndaren"},
     key=("overformynaren", "överförmynaren", ["överförmyndaren"])),
dict(kind="misspelled", query="framtidsfulmakt dotter skoeta pengar", relevant={"t039": 2},
     meant={"skoeta": "sköta"},
     key=("framtidsfulmakt", "framtidsfulmakt", ["framtidsfullmakt"])),
dict(kind="misspelled", query="metadon behanling kotid", relevant={"t047": 2, "s052": 1},
     meant={"kotid": "kötid"},
     key=("behanling", "behanling", ["behandling"])),
dict(kind="misspelled", query="hemfoersakrig foersoerjningsstoed", relevant={"t023": 2, "t068": 1, "t063": 1},
     meant={"hemfoersakrig": "hemförsäkring", "foersoerjningsstoed": "försörjningsstöd"},
     key=("hemfoersakrig", "hemförsäkrig", ["hemförsäkring"])),
dict(kind="misspelled", query="skydat boende hur lange", relevant={"s092": 2, "s024": 1},
     meant={"lange": "länge"},
     key=("skydat", "skydat", ["skyddat"])),
dict(kind="misspelled", query="avslag pa personlig asistans 17-aring", relevant={"s041": 2},
     meant={"pa": "på", "17-aring": "17-åring"},
     key=("asistans", "asistans", ["assistans"])),
# ---------------- question (lower case, 6-18 words, colloquial)
dict(kind="question", query="kan soc ta mitt barn nar det fods for att jag ar bipolar",
     relevant={"s071": 2, "t009": 1},
     meant={"nar": "när", "fods": "föds", "for": "för", "ar": "är", "bipolar": "bipolär"}),
dict(kind="question", query="kan jag ha med nan van nar jag ska pa mote hos soc",
     relevant={"s054": 2, "s088": 1, "s067": 1},
     meant={"nan": "nån", "van": "vän", "nar": "när", "pa": "på", "mote": "möte"}),
dict(kind="question", query="hur laenge sparar socialen gamla papper om mig", relevant={"s113": 2, "s003": 1},
     meant={"laenge": "länge"}),
dict(kind="question", query="mamma vill inte ha framlingar fran hemtjansten kan jag fa betalt for att hjalpa henne",
     relevant={"t064": 2},
     meant={"framlingar": "främlingar", "fran": "från", "hemtjansten": "hemtjänsten", "fa": "få",
            "for": "för", "hjalpa": "hjälpa"}),
dict(kind="question", query="har polisanmalt min kille for misshandel vad hander nu med mig", relevant={"t070": 2},
     meant={"polisanmalt": "polisanmält", "for": "för", "hander": "händer"}),
dict(kind="question", query="mamma har samlat grejer i hela lagenheten och hyresvarden hotar att kasta ut henne",
     relevant={"t003": 2, "s064": 1},
     meant={"lagenheten": "lägenheten", "hyresvarden": "hyresvärden"}),
dict(kind="question", query="kan socialen ringa min psykiatriker utan att fraaga mig", relevant={"t043": 2, "s089": 1},
     meant={"fraaga": "fråga"}),
dict(kind="question", query="min son pa 15 slar sonder grejer och knufar mig kan soc gora nat",
     relevant={"t076": 2},
     meant={"pa": "på", "slar": "slår", "sonder": "sönder", "gora": "göra", "nat": "nåt"}),
dict(kind="question", query="storebror kollar min mobil och bestammer vad jag far ha pa mig ar det ok",
     relevant={"t077": 2, "s009": 1},
     meant={"bestammer": "bestämmer", "far": "får", "pa": "på", "ar": "är"}),
dict(kind="question", query="kan man fa nan hjalp av kommunen om man inte har papper har",
     relevant={"t013": 2},
     meant={"fa": "få", "nan": "nån", "hjalp": "hjälp", "har": "här"}),
# ---------------- abbreviation (one abbreviation + 1-5 words)
dict(kind="abbreviation", query="lvm-utredning vad hander", relevant={"t024": 2, "s055": 1, "s102": 1},
     meant={"hander": "händer"}),
dict(kind="abbreviation", query="hvb 18 ar vart flytta", relevant={"t033": 2, "s001": 1, "t019": 1},
     meant={"ar": "år"}),
dict(kind="abbreviation", query="csn komvux forsorjningsstod", relevant={"t054": 2, "s100": 1},
     meant={"forsorjningsstod": "försörjningsstöd"}),
dict(kind="abbreviation", query="FK underhallsstod raknas som inkomst", relevant={"t063": 2},
     meant={"underhallsstod": "underhållsstöd", "raknas": "räknas"}),
dict(kind="abbreviation", query="sfi krav foer att faa pengar", relevant={"t029": 2, "s072": 1},
     meant={"foer": "för", "faa": "få"}),
dict(kind="abbreviation", query="sabo avgift vad blir kvar", relevant={"t028": 2, "s007": 1},
     meant={"sabo": "säbo"}),
dict(kind="abbreviation", query="SIP mote alla myndigheter", relevant={"s112": 2, "t062": 1},
     meant={"mote": "möte"}),
dict(kind="abbreviation", query="lss efter skolan 13-aaring", relevant={"t050": 2},
     meant={"13-aaring": "13-åring"}),
dict(kind="abbreviation", query="ivo anmalan socialtjanstens utredning", relevant={"s053": 2, "s042": 1},
     meant={"anmalan": "anmälan", "socialtjanstens": "socialtjänstens"}),
dict(kind="abbreviation", query="kfm lonutmatning gamla skulder", relevant={"s087": 2, "t012": 1},
     meant={"lonutmatning": "löneutmätning"}, typos={"lonutmatning"}),
]

AAO = re.compile("[åäöÅÄÖ]")
def fold_ao(s): return s.translate(str.maketrans("åäöÅÄÖ", "aaoAAO"))
def fold_ae(s): return s.replace("å", "aa").replace("ä", "ae").replace("ö", "oe")


ORDINARY = {"sol", "jo", "lov", "do", "av"}   # ordinary words: count only when written as the abbreviation


def is_abbrev(tok):
    head = tok.split("-")[0]
    for a in ABBREVS:
        if head == a or (head.lower() == a.lower() and head.lower() not in ORDINARY):
            return True
    return False


def load_archive():
    for p in (os.path.join(HERE, "archive-combined.jsonl"),
              os.path.join(HERE, "..", "main", "tests", "data", "heldout", "archive-combined.jsonl")):
        if os.path.exists(p):
            return [json.loads(l) for l in open(p, encoding="utf-8")]
    sys.exit("archive-combined.jsonl not found")


def main():
    A = load_archive()
    ids = {r["id"] for r in A}
    assert len(A) == 200 and ids == {f"s{i:03d}" for i in range(1, 121)} | {f"t{i:03d}" for i in range(1, 81)}
    words = set()
    for r in A:
        for f in ("title", "question", "answer"):
            words.update(w.lower() for w in re.findall(r"\w+", r[f]))

    assert len(Q) == 70, len(Q)
    qs = [q["query"] for q in Q]
    assert len({s.lower() for s in qs}) == 70, "duplicate query"
    c = Counter(q["kind"] for q in Q)
    assert all(c[k] == 10 for k in KINDS) and set(c) == set(KINDS), c
    g2 = []
    abbrs = []
    ae_style = 0
    for q in Q:
        s, rel, kind = q["query"], q["relevant"], q["kind"]
        assert not AAO.search(s), s
        assert s == s.strip() and "  " not in s, s
        assert rel and all(i in ids for i in rel), s
        assert all(g in (1, 2) for g in rel.values()), s
        twos = [i for i, g in rel.items() if g == 2]
        assert len(twos) == 1, (s, twos)
        g2.append(twos[0])
        toks = s.split()
        # the asker means Swedish words with å/ä/ö and wrote them without
        meant = q["meant"]
        assert meant, s
        misspelled_tok = q["key"][0] if kind == "misspelled" else None
        for tok, sw in meant.items():
            assert tok in toks, (s, tok)
            assert AAO.search(sw), (s, sw)
            if tok != misspelled_tok and tok not in q.get("typos", ()):
                assert tok.lower() in (fold_ao(sw).lower(), fold_ae(sw).lower()), (s, tok, sw)
        if any(t.lower() == fold_ae(sw).lower() != fold_ao(sw).lower() for t, sw in meant.items()):
            ae_style += 1
        n = len(toks)
        if kind == "keyword":
            assert 1 <= n <= 3, s
        if kind == "question":
            assert s == s.lower() and 6 <= n <= 18, s
        found = [t for t in toks if is_abbrev(t)]
        # abbreviations only in abbreviation queries; there exactly one, plus 1-5 other words
        if kind == "abbreviation":
            assert len(found) == 1, (s, found)
            abbrs.append(found[0].split("-")[0].upper())
            assert 1 <= n - 1 <= 5, s
        else:
            assert not found, (s, found)
        if kind in ("inflected", "compound", "synonym", "misspelled"):
            tok, form, evidence = q["key"]
            assert tok in toks, (s, tok)
            assert tok.lower() not in words, (s, tok, "occurs in the archive")
            assert form.lower() not in words, (s, form, "occurs in the archive")
            assert fold_ao(form).lower() not in words and fold_ae(form).lower() not in words, (s, form)
            for e in evidence:
                assert e.lower() in words, (s, e, "evidence missing from the archive")
    assert len(set(g2)) == 70, [x for x, k in Counter(g2).items() if k > 1]
    assert sum(1 for i in g2 if i.startswith("t")) >= 35
    assert len(set(abbrs)) == 10, abbrs
    assert ae_style >= 12, ae_style

    out = os.path.join(HERE, "search-thirteenth-queries.jsonl")
    with open(out, "w", encoding="utf-8") as f:
        for q in Q:
            f.write(json.dumps({"query": q["query"], "relevant": q["relevant"], "kind": q["kind"]},
                               ensure_ascii=False) + "\n")
    pairs = sum(len(q["relevant"]) for q in Q)
    print(f"wrote {out}: {len(Q)} queries, {pairs} graded pairs "
          f"({sum(1 for q in Q for g in q['relevant'].values() if g == 1)} grade 1), "
          f"grade-2 new records {sum(1 for i in g2 if i.startswith('t'))}, ae/oe/aa-style queries {ae_style}, "
          f"abbreviations {sorted(abbrs)}")


if __name__ == "__main__":
    main()
