#!/usr/bin/env python3
"""search-seventeenth: 84 held-out Swedish search queries judged over archive-combined-15.jsonl (260 records).

Holds the queries and judgments, checks every rule (see README-search-seventeenth.md) and writes
search-seventeenth-queries.jsonl beside itself. Works in /work/blind17 and when moved into
tests/data/heldout/ (reads the archive and the earlier query sets from beside itself if
archive-combined-15.jsonl is there, else from /work/main/tests/data/heldout/).
"""
import glob, json, math, os, re, sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
if os.path.exists(os.path.join(HERE, 'archive-combined-15.jsonl')):
    HELDOUT = HERE
else:
    HELDOUT = '/work/main/tests/data/heldout'
SEARCH_DIR = os.path.normpath(os.path.join(HELDOUT, '..', '..', 'search'))
ARCHIVE = os.path.join(HELDOUT, 'archive-combined-15.jsonl')
OUT = os.path.join(HERE, 'search-seventeenth-queries.jsonl')
OWN = 'search-seventeenth-queries.jsonl'
REQUIRED_EARLIER = ['heldout', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh',
                    'twelfth', 'thirteenth', 'fourteenth', 'fifteenth']

KINDS = ['keyword', 'inflected', 'compound', 'synonym', 'misspelled', 'question', 'abbreviation']
KEYED = {'inflected', 'compound', 'synonym', 'misspelled'}
ABBR = ['LSS', 'LVU', 'LVM', 'SoL', 'HVB', 'BUP', 'FK', 'KFM', 'CSN', 'IVO', 'BBIC', 'SIP', 'MVC', 'BVC',
        'AF', 'JO', 'SFI', 'HSL', 'DO', 'SÄBO', 'LOV', 'IFO']
# written in lower case these are (or look like) ordinary words: they count only in their own spelling,
# and a lower-case spelling of them does not count towards the "at least five in lower case" rule
ORDINARY = {'SoL', 'JO', 'DO', 'LOV', 'AF', 'FK'}

# (kind, query, relevant {id: grade}, key token or None, evidence words or None)
# key token: the word that occurs in no record (inflected / compound / synonym / misspelled);
# evidence: words that do occur in the records (the other form, the parts, the record's own wording,
# the correctly spelled word).
Q = [
    ('keyword', 'sömntabletter och vin', {'u015': 2, 's034': 1}, None, None),
    ('keyword', 'rena sprutor', {'t015': 2}, None, None),
    ('keyword', 'adoptionsutredning', {'t049': 2}, None, None),
    ('keyword', 'ombud schizofreni', {'s069': 2, 't030': 1}, None, None),
    ('keyword', 'eget kontrakt dricker', {'t051': 2, 's032': 1, 't014': 1}, None, None),
    ('keyword', 'svart mögel badrummet', {'u058': 2}, None, None),
    ('keyword', 'byta socialsekreterare', {'s067': 2}, None, None),
    ('keyword', 'gallras uppgifter', {'s113': 2, 's003': 1}, None, None),
    ('keyword', 'medling krossade bilrutor', {'u011': 2}, None, None),
    ('keyword', 'finska hemtjänst demens', {'u046': 2}, None, None),
    ('keyword', 'enskild firma bistånd', {'s070': 2}, None, None),
    ('keyword', 'trångboddhet barnfamilj', {'s018': 2, 't080': 1}, None, None),
    ('inflected', 'trygghetsboendet behöver man ansöka', {'u022': 2}, 'trygghetsboendet', 'trygghetsboende'),
    ('inflected', 'kontraktsvårdens villkor narkotikabrott', {'t034': 2}, 'kontraktsvårdens', 'kontraktsvård'),
    ('inflected', 'studielånen klarar inte betala', {'u033': 2}, 'studielånen', 'studielånet'),
    ('inflected', 'laglighetsprövningen skillnad mot överklagan', {'s117': 2, 's037': 1}, 'laglighetsprövningen', 'laglighetsprövning'),
    ('inflected', 'assistanstimmarna ska sänkas', {'u036': 2, 't067': 1, 's041': 1}, 'assistanstimmarna', 'assistanstimmar'),
    ('inflected', 'metadonet hur kommer man in', {'t047': 2, 's052': 1}, 'metadonet', 'metadon'),
    ('inflected', 'bidrag till sängar och köksgrejer', {'s013': 2, 's024': 1, 't046': 1}, 'sängar', 'säng'),
    ('inflected', 'lustgasen patroner i sonens rum', {'u055': 2}, 'lustgasen', 'lustgas'),
    ('inflected', 'trygghetslarmen kostnad mormor', {'s066': 2}, 'trygghetslarmen', 'trygghetslarm'),
    ('inflected', 'avslag färdtjänst artrosen', {'s058': 2}, 'artrosen', 'artros'),
    ('inflected', 'lönebidraget högskoleexamen', {'u032': 2}, 'lönebidraget', 'lönebidrag'),
    ('inflected', 'medborgarskapet och ekonomiskt bistånd', {'u059': 2}, 'medborgarskapet', 'medborgarskap'),
    ('compound', 'badkarsbyte i hyresrätt', {'u001': 2, 's101': 1, 't008': 1}, 'badkarsbyte', 'badkar byte'),
    ('compound', 'körkortspengar från socialen', {'u043': 2}, 'körkortspengar', 'körkort pengar'),
    ('compound', 'glasögonkostnaden för sonen', {'s015': 2, 't021': 1}, 'glasögonkostnaden', 'glasögon kostnaden'),
    ('compound', 'fotbollsavgiften ekonomiskt bistånd sonen', {'t027': 2, 'u042': 1}, 'fotbollsavgiften', 'fotboll avgiften'),
    ('compound', 'nätpojkvän 24 år min dotter 14', {'u050': 2}, 'nätpojkvän', 'nätet pojkvän'),
    ('compound', 'sobriltabletter 4-5 om dagen', {'t056': 2}, 'sobriltabletter', 'sobril tabletter'),
    ('compound', 'bilvärdet avgör bistånd', {'s119': 2, 'u057': 1, 't011': 1}, 'bilvärdet', 'bil värdet'),
    ('compound', 'hyrestaket i kommunen', {'s105': 2, 's039': 1, 't058': 1}, 'hyrestaket', 'hyra tak'),
    ('compound', 'kameraövervakning pappa ramlar nattetid', {'t005': 2}, 'kameraövervakning', 'kamera övervakad'),
    ('compound', 'tonårsmamma 17 gymnasiet', {'u056': 2}, 'tonårsmamma', 'tonåren mamma'),
    ('compound', 'barnmorskebesöket berätta om våldet', {'u053': 2, 't009': 1}, 'barnmorskebesöket', 'barnmorskan besök'),
    ('compound', 'utbetalningsdag pengarna kom inte', {'s042': 2, 't020': 1, 't042': 1}, 'utbetalningsdag', 'utbetalning dag'),
    ('synonym', 'röker ganja varje kväll', {'t079': 2}, 'ganja', 'gräs'),
    ('synonym', 'exet ska sprida nudes', {'t052': 2}, 'nudes', 'nakenbilder'),
    ('synonym', 'soc ordna egen lya', {'s032': 2, 't051': 1, 's040': 1}, 'lya', 'lägenhet'),
    ('synonym', 'mamma är ett fyllo och jag orkar inte mer', {'s104': 2}, 'fyllo', 'dricker'),
    ('synonym', 'tonårsson puttar mig', {'t076': 2}, 'puttar', 'knuffar'),
    ('synonym', 'hotad av familjen för att jag är bög', {'u041': 2, 's009': 1, 't077': 1, 's047': 1}, 'bög', 'gay'),
    ('synonym', 'gubben tjatar till sig sex', {'s111': 2}, 'tjatar', 'tvingar'),
    ('synonym', 'ex spionerar på mobilen', {'u016': 2, 's005': 1}, 'spionerar', 'vet'),
    ('synonym', 'dagcenter för alzheimersjuka', {'t001': 2, 's045': 1}, 'dagcenter', 'dagverksamhet'),
    ('synonym', 'mamma hamstrar saker lägenheten', {'t003': 2}, 'hamstrar', 'samlande'),
    ('synonym', 'sambon förnedrar mig men slår inte', {'s026': 2, 't075': 1}, 'förnedrar', 'värdelös'),
    ('synonym', 'knarktest för försörjningsstöd', {'s063': 2}, 'knarktest', 'urinprov'),
    ('misspelled', 'skulsanering gamla företagsskulder', {'u004': 2, 't012': 1, 's087': 1}, 'skulsanering', 'skuldsanering'),
    ('misspelled', 'tvångvårda alkoholist 52', {'s055': 2, 't024': 1, 's102': 1, 's080': 1, 's114': 1}, 'tvångvårda', 'tvångsvårda'),
    ('misspelled', 'annabola stor och arg', {'u040': 2}, 'annabola', 'anabola'),
    ('misspelled', 'aktivitetersättning social fobi', {'t031': 2}, 'aktivitetersättning', 'aktivitetsersättning'),
    ('misspelled', 'personlig assisstans avslag grundläggande behov', {'s041': 2, 'u036': 1}, 'assisstans', 'assistans'),
    ('misspelled', 'skyddat boened hur länge', {'s092': 2, 's024': 1, 't075': 1}, 'boened', 'boende'),
    ('misspelled', 'demensavdeling låst ytterdörr', {'s025': 2}, 'demensavdeling', 'demensavdelning'),
    ('misspelled', 'orosamälan anonymt granne', {'s074': 2, 's097': 1, 's114': 1}, 'orosamälan', 'orosanmälan'),
    ('misspelled', 'framtidfullmakt om jag blir dement', {'t039': 2}, 'framtidfullmakt', 'framtidsfullmakt'),
    ('misspelled', 'vräking för tre år sen ny lägenhet', {'s022': 2, 's032': 1}, 'vräking', 'vräkningen'),
    ('misspelled', 'personkrest asperger 22', {'s077': 2}, 'personkrest', 'personkrets'),
    ('misspelled', 'barnavårdutredning vad frågar de', {'t041': 2, 's097': 1, 's060': 1}, 'barnavårdutredning', 'barnavårdsutredning'),
    ('question', 'om jag skriver här kan soc i kommunen ta reda på vem jag är', {'s043': 2}, None, None),
    ('question', 'socialtjänsten skickade min utredning till fel adress och grannen har läst allt vad gör jag nu', {'t035': 2}, None, None),
    ('question', 'kan en dator verkligen bestämma om jag får bidrag eller inte', {'u054': 2}, None, None),
    ('question', 'jag kommer ut från fängelset om två månader och har ingenstans att bo vem hjälper mig', {'u039': 2}, None, None),
    ('question', 'socialsekreterare träffade min dotter på rasten utan mitt tillstånd kan dom göra så', {'s060': 2, 't041': 1}, None, None),
    ('question', 'får jag flytta till en annan stad med barnen om vi har gemensam vårdnad', {'t037': 2}, None, None),
    ('question', 'jag vill bo hos min kusin men soc säger att dom bestämmer varför får jag inte det', {'u006': 2, 't019': 1}, None, None),
    ('question', 'hur länge kan socialen låta oss bo på ett vandrarhem med tre barn', {'u021': 2, 's010': 1}, None, None),
    ('question', 'kan man anmäla oro för en vuxen kompis som överdoserat flera gånger', {'s114': 2, 's080': 1, 's029': 1}, None, None),
    ('question', 'jag är 15 och gör allt hemma för att mamma är sjuk finns det nån hjälp för mig', {'u060': 2, 't018': 1, 's104': 1}, None, None),
    ('question', 'min son blir slagen av sin tjej vart kan han vända sig', {'u038': 2, 's073': 1}, None, None),
    ('question', 'påverkar det bidraget om min kille flyttar in hos mig', {'s048': 2}, None, None),
    ('abbreviation', 'lvm utredning bror medvetslös', {'t024': 2, 's055': 1, 's102': 1, 's080': 1, 's114': 1}, None, None),
    ('abbreviation', 'LVU omedelbart omhändertagande natten', {'t038': 2, 's038': 1}, None, None),
    ('abbreviation', 'lss beslut gäller i nya kommunen', {'s082': 2, 's098': 1}, None, None),
    ('abbreviation', 'hvb snart 18 ingenstans att bo', {'t033': 2, 's001': 1, 't019': 1}, None, None),
    ('abbreviation', 'bup kö dotter skolfrånvaro', {'t062': 2, 'u035': 1, 's112': 1}, None, None),
    ('abbreviation', 'kfm betalningsföreläggande gymkort', {'t032': 2}, None, None),
    ('abbreviation', 'csn bara bidragsdelen försörjningsstöd', {'t054': 2, 's100': 1}, None, None),
    ('abbreviation', 'SIP samordnad plan dotter självskada', {'s112': 2, 't062': 1, 'u035': 1}, None, None),
    ('abbreviation', 'mvc gravid dricker vin', {'t009': 2, 'u053': 1, 's071': 1}, None, None),
    ('abbreviation', 'SFI krav småbarn bistånd', {'t029': 2, 's072': 1}, None, None),
    ('abbreviation', 'LOV privat hemtjänstutförare', {'s085': 2, 's107': 1}, None, None),
    ('abbreviation', 'SÄBO avgift förbehållsbelopp', {'t028': 2, 's007': 1}, None, None),
]


def fail(msg):
    print('FAIL:', msg)
    sys.exit(1)


def tokens(s):
    return re.findall(r'\w+', s)


def abbrevs_in(q):
    found = []
    for t in tokens(q):
        for a in ABBR:
            if t == a or (a not in ORDINARY and t.lower() == a.lower()):
                found.append((a, t))
    return found


def main():
    # ---- archive
    recs = [json.loads(l) for l in open(ARCHIVE, encoding='utf-8') if l.strip()]
    ids = [r['id'] for r in recs]
    want = ['s%03d' % i for i in range(1, 121)] + ['t%03d' % i for i in range(1, 81)] + \
           ['u%03d' % i for i in range(1, 61)]
    if ids != want:
        fail('archive-combined-15.jsonl does not hold s001-s120, t001-t080, u001-u060 in order')
    words = set()
    for r in recs:
        for f in ('title', 'question', 'answer'):
            words.update(w.lower() for w in tokens(r[f]))

    # ---- earlier queries
    earlier_files = sorted(f for f in glob.glob(os.path.join(HELDOUT, 'search-*-queries.jsonl'))
                           if os.path.basename(f) != OWN)
    for name in REQUIRED_EARLIER:
        if not os.path.exists(os.path.join(HELDOUT, 'search-%s-queries.jsonl' % name)):
            fail('earlier query set missing: search-%s-queries.jsonl' % name)
    earlier_files += sorted(glob.glob(os.path.join(SEARCH_DIR, '*queries*.jsonl')))
    earlier = []
    for f in earlier_files:
        for l in open(f, encoding='utf-8'):
            if l.strip():
                earlier.append(json.loads(l)['query'])
    if not earlier:
        fail('no earlier queries found')
    earlier_low = [e.lower() for e in earlier]
    earlier_tok = [set(w.lower() for w in tokens(e)) for e in earlier]

    # ---- queries
    if len(Q) != 84:
        fail('expected 84 queries, got %d' % len(Q))
    kc = Counter(k for k, *_ in Q)
    for k in KINDS:
        if kc[k] != 12:
            fail('kind %s has %d queries' % (k, kc[k]))
    if set(kc) != set(KINDS):
        fail('unknown kind')
    qs = [q for _, q, *_ in Q]
    if len(set(q.lower() for q in qs)) != 84:
        fail('duplicate queries')
    idset = set(ids)
    grade2 = []
    for k, q, rel, key, ev in Q:
        if q != q.strip() or '  ' in q:
            fail('whitespace in %r' % q)
        for i, g in rel.items():
            if i not in idset:
                fail('%r: unknown id %s' % (q, i))
            if g not in (1, 2):
                fail('%r: grade %r' % (q, g))
        twos = [i for i, g in rel.items() if g == 2]
        if len(twos) != 1:
            fail('%r: %d grade-2 records' % (q, len(twos)))
        grade2.append(twos[0])
        # overlap with earlier sets
        ql = q.lower()
        if ql in earlier_low:
            fail('%r repeats an earlier query' % q)
        qt = set(w.lower() for w in tokens(q))
        for et in earlier_tok:
            u = qt | et
            if u and len(qt & et) / len(u) >= 0.4:
                fail('%r: Jaccard >= 0.4 with an earlier query (shared %s)' % (q, sorted(qt & et)))
        ab = abbrevs_in(q)
        if k in KEYED:
            if not key or not ev:
                fail('%r: key token and evidence required' % q)
            if key.lower() not in [w.lower() for w in tokens(q)]:
                fail('%r: key token %r not a word of the query' % (q, key))
            if key.lower() in words:
                fail('%r: key token %r occurs in the archive' % (q, key))
            for e in earlier_low:
                if key.lower() in e:
                    fail('%r: key token %r is a substring of an earlier query' % (q, key))
            for e in ev.split():
                if e.lower() not in words:
                    fail('%r: evidence word %r not in the archive' % (q, e))
        else:
            if key or ev:
                fail('%r: key/evidence only for keyed kinds' % q)
        if k != 'abbreviation' and ab:
            fail('%r: abbreviation %r in a %s query' % (q, ab, k))
        n = len(tokens(q))
        if k == 'keyword' and not 1 <= n <= 3:
            fail('%r: keyword query with %d words' % (q, n))
        if k == 'question':
            if q != q.lower():
                fail('%r: question query not lower case' % q)
            if not 6 <= n <= 18:
                fail('%r: question query with %d words' % (q, n))
        if k == 'abbreviation':
            if len(ab) != 1:
                fail('%r: %d abbreviations' % (q, len(ab)))
            if not 1 <= n - 1 <= 5:
                fail('%r: %d other words' % (q, n - 1))
    if len(set(grade2)) != 84:
        fail('grade-2 records not all different')
    by = Counter(i[0] for i in grade2)
    for p in 'stu':
        if by[p] < 25:
            fail('only %d grade-2 targets among %s-records' % (by[p], p))
    abq = [abbrevs_in(q)[0] for k, q, *_ in Q if k == 'abbreviation']
    if len(set(a for a, _ in abq)) != 12:
        fail('abbreviations not 12 different')
    lower = [a for a, t in abq if t == t.lower() and t != a and a not in ORDINARY]
    if len(lower) < 5:
        fail('only %d abbreviations in lower case' % len(lower))

    # ---- write
    with open(OUT, 'w', encoding='utf-8') as f:
        for k, q, rel, key, ev in Q:
            rel_sorted = dict(sorted(rel.items(), key=lambda kv: (-kv[1], kv[0])))
            f.write(json.dumps({'query': q, 'relevant': rel_sorted, 'kind': k}, ensure_ascii=False) + '\n')
    pairs = sum(len(r) for _, _, r, *_ in Q)
    ones = pairs - 84
    print('OK: %d queries, %d graded pairs (84 grade 2, %d grade 1), grade-2 by prefix %s, '
          'earlier queries %d from %d files, lower-case abbreviations %d'
          % (len(Q), pairs, ones, dict(sorted(by.items())), len(earlier), len(earlier_files), len(lower)))
    print('wrote', OUT)


if __name__ == '__main__':
    main()
