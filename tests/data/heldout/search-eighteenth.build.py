#!/usr/bin/env python3
"""search-eighteenth: 98 held-out Swedish search queries judged over archive-combined-16.jsonl (320 records).

Holds the queries and judgments, checks every rule (see README-search-eighteenth.md) and writes
search-eighteenth-queries.jsonl beside itself. Works in /work/blind18 and in tests/data/heldout/.
"""
import collections, glob, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
if os.path.exists(os.path.join(HERE, 'archive-combined-16.jsonl')):
    HELDOUT = HERE
else:
    HELDOUT = '/work/main/tests/data/heldout'
ARCHIVE = os.path.join(HELDOUT, 'archive-combined-16.jsonl')
SEARCH_DIR = os.path.normpath(os.path.join(HELDOUT, '..', '..', 'search'))
OUT = os.path.join(HERE, 'search-eighteenth-queries.jsonl')
EXPECTED_EARLIER = ['heldout', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth',
                    'thirteenth', 'fourteenth', 'fifteenth', 'sixteenth', 'seventeenth']

ABBREVIATIONS = ['LSS', 'LVU', 'LVM', 'SoL', 'HVB', 'BUP', 'FK', 'KFM', 'CSN', 'IVO', 'BBIC', 'SIP', 'MVC', 'BVC',
                 'AF', 'JO', 'SFI', 'HSL', 'DO', 'SÄBO', 'LOV', 'IFO', 'VAB']
WORDLIKE = {'SoL', 'JO', 'DO', 'LOV', 'AF', 'FK'}   # lower case does not count for these
KINDS = ['keyword', 'inflected', 'compound', 'synonym', 'misspelled', 'question', 'abbreviation']
KEYED = {'inflected', 'compound', 'synonym', 'misspelled'}

# (kind, query, relevant, key token, evidence words found in the archive: first one in the grade-2 record)
Q = [
    # ---- keyword ----
    ('keyword', 'oanmälda hembesök', {'s040': 2, 'v054': 1}, None, None),
    ('keyword', 'nedläggning företag bistånd', {'s070': 2}, None, None),
    ('keyword', 'fullmakt dotter demens', {'t039': 2, 'v056': 1}, None, None),
    ('keyword', 'parterapi kostnad', {'t065': 2}, None, None),
    ('keyword', 'hotar avslöja lesbisk', {'s047': 2}, None, None),
    ('keyword', 'störningar uppsägning bror', {'s064': 2, 't003': 1}, None, None),
    ('keyword', 'utskrivning sjukhus boende', {'s035': 2}, None, None),
    ('keyword', 'ensam pensionär', {'s095': 2}, None, None),
    ('keyword', 'insulin hemtjänst', {'u002': 2}, None, None),
    ('keyword', 'dö hemma cancer', {'u045': 2}, None, None),
    ('keyword', 'migrationsverket sekretess', {'u013': 2, 't013': 1, 's089': 1}, None, None),
    ('keyword', 'automatiskt avslag', {'u054': 2}, None, None),
    ('keyword', 'förtur sjukdom', {'t080': 2, 's018': 1}, None, None),
    ('keyword', 'misshandlad av flickvän', {'u038': 2, 's073': 1}, None, None),
    # ---- inflected ----
    ('inflected', 'nässprayen vid överdos', {'v006': 2, 't015': 1}, 'nässprayen', ['nässpray']),
    ('inflected', 'skäliga levnadsnivån tvättmaskin', {'v051': 2, 's013': 1}, 'levnadsnivån', ['levnadsnivå']),
    ('inflected', 'snickeriverkstaden gillar inte ljudet', {'v043': 2, 's086': 1}, 'snickeriverkstaden', ['snickeriverkstad']),
    ('inflected', 'husdjuren på äldreboende', {'v023': 2, 's092': 1, 's021': 1}, 'husdjuren', ['husdjur']),
    ('inflected', 'barnavårdsutredningen innehåll', {'t041': 2, 'v008': 1, 's097': 1}, 'barnavårdsutredningen', ['barnavårdsutredning']),
    ('inflected', 'garantipensionen räcker inte till avgiften på boendet', {'t028': 2, 's007': 1, 's020': 1, 'v010': 1}, 'garantipensionen', ['garantipension']),
    ('inflected', 'ungdomstjänsten vad är det', {'t040': 2, 's108': 1}, 'ungdomstjänsten', ['ungdomstjänst']),
    ('inflected', 'medberoendet hur slutar man', {'t002': 2, 's080': 1}, 'medberoendet', ['medberoende']),
    ('inflected', 'teckenspråkstolken vägrade boka', {'u031': 2, 's051': 1}, 'teckenspråkstolken', ['teckenspråkstolk']),
    ('inflected', 'truckkortet och b-körkort bistånd', {'u043': 2}, 'truckkortet', ['truckkort']),
    ('inflected', 'patronerna under sängen', {'u055': 2}, 'patronerna', ['patroner']),
    ('inflected', 'föräldrakursen hos socialen', {'u028': 2, 't004': 1, 's016': 1}, 'föräldrakursen', ['föräldrakurs']),
    ('inflected', 'urinprovet kräver soc för bidrag', {'s063': 2}, 'urinprovet', ['urinprov']),
    ('inflected', 'avlastningen autism son helger', {'s002': 2, 'v029': 1, 'u048': 1, 't050': 1}, 'avlastningen', ['avlastning']),
    # ---- compound ----
    ('compound', 'husvagnsboende på vintern', {'v030': 2, 'u017': 1, 's032': 1, 's079': 1}, 'husvagnsboende', ['husvagn', 'boende']),
    ('compound', 'barnvagnsbidrag försörjningsstöd', {'v048': 2, 's013': 1}, 'barnvagnsbidrag', ['barnvagn', 'bidrag']),
    ('compound', 'spisbrand glömsk pappa 79', {'v016': 2, 's028': 1}, 'spisbrand', ['spisen', 'spis', 'brand']),
    ('compound', 'dataspelsberoende son nätterna', {'v005': 2}, 'dataspelsberoende', ['dataspel', 'beroende']),
    ('compound', 'matlådeleverans änkling 88', {'t007': 2}, 'matlådeleverans', ['matlådesystem', 'matlådor', 'matleveranser']),
    ('compound', 'skuldhög växer lönen räcker inte', {'t012': 2, 'u004': 1, 's087': 1}, 'skuldhög', ['skulderna', 'skuld', 'hög']),
    ('compound', 'optikerräkning försörjningsstöd', {'t021': 2, 's015': 1}, 'optikerräkning', ['optikern', 'räkning']),
    ('compound', 'handikapparkering nära affären', {'t074': 2}, 'handikapparkering', ['parkering', 'handikappersättning']),
    ('compound', 'tandläkarräkning tandvärk bistånd', {'s008': 2}, 'tandläkarräkning', ['tandläkaren', 'räkning']),
    ('compound', 'skilsmässobarn mår dåligt', {'u051': 2}, 'skilsmässobarn', ['skilsmässa', 'barn']),
    ('compound', 'finsktalande hemtjänstpersonal dement mamma', {'u046': 2}, 'finsktalande', ['finska', 'talar']),
    ('compound', 'läkemedelskostnader sjukersättning', {'u044': 2}, 'läkemedelskostnader', ['läkemedel', 'kostnader']),
    ('compound', 'mögelskada barnens astma', {'u058': 2}, 'mögelskada', ['mögel', 'skada']),
    ('compound', 'studielåneskuld ensamstående', {'u033': 2, 't012': 1}, 'studielåneskuld', ['studielånet', 'skuld']),
    # ---- synonym ----
    ('synonym', 'frugan slår mig vart vänder man sig', {'s073': 2, 'u038': 1}, 'frugan', ['fru']),
    ('synonym', 'aspackad tonåring i fredags', {'t044': 2}, 'aspackad', ['full', 'berusad']),
    ('synonym', 'dottern cuttar sig', {'v036': 2, 'u035': 1}, 'cuttar', ['sår', 'skär']),
    ('synonym', 'shopaholic fru gömmer räkningar', {'v032': 2}, 'shopaholic', ['köpberoende']),
    ('synonym', 'min man våldtar mig', {'s111': 2}, 'våldtar', ['våldtäkt']),
    ('synonym', 'nyckelbarn nioåring efter skolan', {'v035': 2, 't050': 1}, 'nyckelbarn', ['ensam', 'hemma']),
    ('synonym', 'springpojke åt gänget 13 år', {'v015': 2, 't040': 1}, 'springpojke', ['springer', 'ärenden']),
    ('synonym', 'vem golade till soc om oss', {'v059': 2, 's074': 1}, 'golade', ['orosanmälan', 'anmält']),
    ('synonym', 'lurad av nätdejt på alla pengar', {'v011': 2, 'v001': 1}, 'nätdejt', ['kärleksbedrägeri', 'nätet']),
    ('synonym', 'sambons spelmissbruk våra pengar', {'s120': 2, 't078': 1}, 'spelmissbruk', ['spelberoende', 'spelar']),
    ('synonym', 'respektlös handläggare på mötet', {'t010': 2, 's067': 1}, 'respektlös', ['otrevlig']),
    ('synonym', 'ex vill sprida nakenfoton på nätet', {'t052': 2}, 'nakenfoton', ['nakenbilder']),
    ('synonym', 'utkastad av förstahandshyresgästen', {'t006': 2, 's010': 1}, 'utkastad', ['slänger']),
    ('synonym', 'soffsurfar hos kompisar 19 år', {'u017': 2, 's010': 1, 's079': 1, 's032': 1}, 'soffsurfar', ['kompisar', 'sover']),
    # ---- misspelled ----
    ('misspelled', 'elvanze kompis säljer tentor', {'v022': 2}, 'elvanze', ['elvanse']),
    ('misspelled', 'betalningsanmärkingar ingen hyresvärd', {'v052': 2, 's022': 1, 'v017': 1}, 'betalningsanmärkingar', ['betalningsanmärkningar']),
    ('misspelled', 'rumanien sover i bilen kommunen', {'v046': 2, 't013': 1}, 'rumanien', ['rumänien']),
    ('misspelled', 'könsstympnig systerdotter resa', {'v040': 2, 'u007': 1}, 'könsstympnig', ['könsstympning']),
    ('misspelled', 'methadon eller subutex', {'t047': 2}, 'methadon', ['metadon']),
    ('misspelled', 'förskolärare anmäla osäker', {'t016': 2, 's097': 1}, 'förskolärare', ['förskollärare']),
    ('misspelled', 'boupteckningen arv försörjningsstöd', {'t011': 2, 's014': 1, 's119': 1, 'u057': 1}, 'boupteckningen', ['bouppteckningen']),
    ('misspelled', 'agressiv dement man slår', {'u026': 2}, 'agressiv', ['aggressiv']),
    ('misspelled', 'assistanstimar sänks omprövning', {'u036': 2, 's041': 1}, 'assistanstimar', ['assistanstimmar']),
    ('misspelled', 'justitieombudsmanen anmäla socialnämnd', {'u030': 2, 's053': 1}, 'justitieombudsmanen', ['justitieombudsmannen']),
    ('misspelled', 'omhändetagen tvångsvård missbruk rättigheter', {'s102': 2, 's055': 1, 't024': 1, 'v033': 1}, 'omhändetagen', ['omhändertagen']),
    ('misspelled', 'kontaktpreson väntat över ett år', {'s062': 2, 's059': 1, 'u014': 1}, 'kontaktpreson', ['kontaktperson']),
    ('misspelled', 'alzeimer dagvård', {'t001': 2, 's045': 1}, 'alzeimer', ['alzheimer']),
    ('misspelled', 'sängligande 26 år hjälp hemma', {'v027': 2, 's078': 1}, 'sängligande', ['sängliggande']),
    # ---- question ----
    ('question', 'jag behöver stöd som mamma men är livrädd att soc omhändertar mina ungar om jag ringer', {'s016': 2, 's071': 1, 't072': 1}, None, None),
    ('question', 'jag blev vräkt för två år sen kommer jag aldrig kunna hyra nåt igen', {'s022': 2, 'v052': 1}, None, None),
    ('question', 'min dotter har fyllt arton och knarkar kan socialen göra nåt fast hon är vuxen', {'s029': 2, 's080': 1, 't055': 1}, None, None),
    ('question', 'kan dom bara snacka med min unge i skolan och inte säga nåt till mig', {'s060': 2, 'v020': 1}, None, None),
    ('question', 'är det okej att jag tar upp samtalet med mobilen när jag träffar min handläggare', {'s088': 2}, None, None),
    ('question', 'måste man göra sig av med bilen innan man kan få pengar från socialen', {'s119': 2, 'u057': 1, 't011': 1, 's014': 1}, None, None),
    ('question', 'dom hämtade mina ungar på natten med polis vad gör jag nu och när får jag träffa dom', {'t038': 2, 's038': 1, 'v058': 1}, None, None),
    ('question', 'vi har haft vårt fosterbarn i sex år kan vi ta över vårdnaden', {'t022': 2, 'v034': 1}, None, None),
    ('question', 'min son är 30 och sitter bara på rummet och vägrar all hjälp vad kan vi göra', {'t057': 2}, None, None),
    ('question', 'jag lämnade frivilligt min son till ett familjehem får jag hämta hem honom nu när jag mår bättre', {'u052': 2, 'v013': 1}, None, None),
    ('question', 'kan jag bli nekad medborgarskap för att jag haft bistånd från kommunen', {'u059': 2}, None, None),
    ('question', 'jag äger min lägenhet måste jag sälja den om jag behöver hjälp från socialen', {'u057': 2, 's119': 1, 't011': 1, 's014': 1}, None, None),
    ('question', 'jag släpps från anstalten om några veckor vem ordnar bostad åt mig kriminalvården eller kommunen', {'u039': 2}, None, None),
    ('question', 'min lillebror festar varje helg med knark hur kan man hjälpa honom utan att mamma vet', {'u025': 2, 's080': 1}, None, None),
    # ---- abbreviation ----
    ('abbreviation', 'bbic socialsekreterare ritade triangel', {'v008': 2, 't041': 1}, None, None),
    ('abbreviation', 'lvm brorsan avvek berusad hos kompis', {'v033': 2, 's102': 1}, None, None),
    ('abbreviation', 'LVU tvång slutar vid 18', {'v039': 2, 's001': 1, 's029': 1}, None, None),
    ('abbreviation', 'lss avlösning hemma epilepsi', {'v029': 2, 's002': 1}, None, None),
    ('abbreviation', 'hvb flytta till egen lägenhet efteråt', {'t033': 2, 't019': 1, 's001': 1}, None, None),
    ('abbreviation', 'ivo timanställd vågar inte anmäla', {'v055': 2, 't026': 1}, None, None),
    ('abbreviation', 'FK föräldrapenning felutbetalning skuld', {'v047': 2}, None, None),
    ('abbreviation', 'kfm gymkort uppsagt ändå krav', {'t032': 2}, None, None),
    ('abbreviation', 'sip bror schizofreni ingen samordning', {'v044': 2, 's112': 1, 's069': 1}, None, None),
    ('abbreviation', 'mvc gravid svårt sluta dricka', {'t009': 2, 's071': 1}, None, None),
    ('abbreviation', 'bvc frågar om hot hemma bebis', {'v038': 2, 'u053': 1}, None, None),
    ('abbreviation', 'sfi krav för pengar från soc', {'t029': 2, 't054': 1}, None, None),
    ('abbreviation', 'gay på säbo', {'v045': 2}, None, None),
    ('abbreviation', 'LOV missnöjd med hemtjänstbolaget', {'s085': 2, 's107': 1, 'v043': 1}, None, None),
]


def words(s):
    return re.findall(r'\w+', s, re.UNICODE)


def tokset(s):
    return set(w.lower() for w in words(s))


def abbrevs_in(q):
    found = []
    for w in words(q):
        for a in ABBREVIATIONS:
            if w.lower() == a.lower():
                found.append((a, w))
    return found


def main():
    errors = []
    def err(m):
        errors.append(m)

    recs = [json.loads(l) for l in open(ARCHIVE, encoding='utf-8') if l.strip()]
    byid = {r['id']: r for r in recs}
    if len(recs) != 320 or len(byid) != 320:
        err('archive must have 320 distinct records, has %d' % len(recs))
    rtok = {r['id']: tokset(r['title'] + ' ' + r['question'] + ' ' + r['answer']) for r in recs}
    vocab = set().union(*rtok.values())

    # earlier query sets
    files = sorted(glob.glob(os.path.join(HELDOUT, 'search-*-queries.jsonl')))
    files = [f for f in files if os.path.basename(f) != 'search-eighteenth-queries.jsonl']
    for name in EXPECTED_EARLIER:
        if not os.path.exists(os.path.join(HELDOUT, 'search-%s-queries.jsonl' % name)):
            err('earlier query set missing: search-%s-queries.jsonl' % name)
    files += sorted(glob.glob(os.path.join(SEARCH_DIR, '*queries*.jsonl')))
    earlier = []
    for f in files:
        for l in open(f, encoding='utf-8'):
            if l.strip():
                o = json.loads(l)
                if 'query' in o:
                    earlier.append(o['query'])
    if not earlier:
        err('no earlier queries found')
    el = [e.lower() for e in earlier]
    etok = [tokset(e) for e in earlier]

    # counts
    if len(Q) != 98:
        err('expected 98 queries, got %d' % len(Q))
    kc = collections.Counter(k for k, *_ in Q)
    for k in KINDS:
        if kc[k] != 14:
            err('kind %s has %d queries, expected 14' % (k, kc[k]))
    qs = [q.lower() for _, q, *_ in Q]
    for q, c in collections.Counter(qs).items():
        if c > 1:
            err('duplicate query: %s' % q)

    targets = []
    for kind, q, rel, key, ev in Q:
        if kind not in KINDS:
            err('%s: unknown kind %s' % (q, kind))
        for rid, g in rel.items():
            if rid not in byid:
                err('%s: unknown id %s' % (q, rid))
            if g not in (1, 2):
                err('%s: bad grade %r' % (q, g))
        twos = [r for r, g in rel.items() if g == 2]
        if len(twos) != 1:
            err('%s: %d grade-2 records' % (q, len(twos)))
        else:
            targets.append(twos[0])
        # overlap with earlier queries
        if q.lower() in el:
            err('%s: repeats an earlier query' % q)
        t = tokset(q)
        for e in etok:
            if len(t & e) / len(t | e) >= 0.4:
                err('%s: Jaccard >= 0.4 with an earlier query (shared %s)' % (q, sorted(t & e)))
                break
        nw = len(words(q))
        ab = abbrevs_in(q)
        if kind == 'abbreviation':
            if len(ab) != 1:
                err('%s: abbreviation queries need exactly one listed abbreviation, found %s' % (q, ab))
            if not 2 <= nw <= 6:
                err('%s: abbreviation + 1-5 words, has %d words' % (q, nw))
        elif ab:
            err('%s: %s query contains abbreviation %s' % (q, kind, ab))
        if kind == 'keyword' and not 1 <= nw <= 3:
            err('%s: keyword needs 1-3 words' % q)
        if kind == 'question':
            if q != q.lower():
                err('%s: question must be lower case' % q)
            if not 6 <= nw <= 18:
                err('%s: question needs 6-18 words, has %d' % (q, nw))
            if re.search(r'[?.!,]', q):
                err('%s: question has punctuation' % q)
        if kind in KEYED:
            if not key or not ev:
                err('%s: key token and evidence required' % q)
                continue
            if key.lower() not in tokset(q):
                err('%s: key %s not a word of the query' % (q, key))
            if key.lower() in vocab:
                err('%s: key %s occurs in the archive' % (q, key))
            if any(key.lower() in e for e in el):
                err('%s: key %s is a substring of an earlier query' % (q, key))
            for w in ev:
                if w.lower() not in vocab:
                    err('%s: evidence word %s not in the archive' % (q, w))
            if ev[0].lower() not in rtok.get(twos[0] if twos else '', set()):
                err('%s: evidence %s not in grade-2 record %s' % (q, ev[0], twos[0] if twos else '?'))
        elif key or ev:
            err('%s: %s query should not carry key/evidence' % (q, kind))

    for r, c in collections.Counter(targets).items():
        if c > 1:
            err('grade-2 record %s used %d times' % (r, c))
    pc = collections.Counter(t[0] for t in targets)
    for p in 'stuv':
        if pc[p] < 20:
            err('only %d grade-2 targets among %s-records' % (pc[p], p))

    abq = [abbrevs_in(q)[0] for k, q, *_ in Q if k == 'abbreviation' and len(abbrevs_in(q)) == 1]
    distinct = set(a for a, w in abq)
    if len(distinct) < 12:
        err('only %d different abbreviations' % len(distinct))
    lower = [a for a, w in abq if a not in WORDLIKE and w == w.lower()]
    if len(lower) < 6:
        err('only %d abbreviations in lower case' % len(lower))

    if errors:
        for e in errors:
            print('ERROR:', e)
        sys.exit(1)

    with open(OUT, 'w', encoding='utf-8') as f:
        for kind, q, rel, key, ev in Q:
            f.write(json.dumps({'query': q, 'relevant': rel, 'kind': kind}, ensure_ascii=False) + '\n')
    n1 = sum(1 for _, _, rel, *_ in Q for g in rel.values() if g == 1)
    g1p = collections.Counter(r[0] for _, _, rel, *_ in Q for r, g in rel.items() if g == 1)
    print('OK: %d queries (%s), %d earlier queries from %d files' % (len(Q), dict(kc), len(earlier), len(files)))
    print('graded pairs %d: grade 2 %d, grade 1 %d %s' % (98 + n1, 98, n1, dict(sorted(g1p.items()))))
    print('grade-2 targets by prefix %s' % dict(sorted(pc.items())))
    print('abbreviations %d different, %d lower case: %s' % (len(distinct), len(lower), sorted(distinct)))
    print('wrote', OUT)


if __name__ == '__main__':
    main()
