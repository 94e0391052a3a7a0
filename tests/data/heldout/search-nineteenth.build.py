#!/usr/bin/env python3
"""search-nineteenth: 98 held-out Swedish search queries judged over the 320 records of
archive-combined-16.jsonl (s001-s120, t001-t080, u001-u060, v001-v060).

Checks every rule of the set (see README-search-nineteenth.md) and writes
search-nineteenth-queries.jsonl beside this script. No new archive.

Paths: the archive and the earlier query sets are read from this script's folder if
archive-combined-16.jsonl sits beside it, else from /work/main/tests/data/heldout/;
tests/search/ is found as ../../search relative to that folder.
"""
import glob
import json
import os
import re
import sys
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
if os.path.exists(os.path.join(HERE, 'archive-combined-16.jsonl')):
    HELDOUT = HERE
else:
    HELDOUT = '/work/main/tests/data/heldout'
ARCHIVE = os.path.join(HELDOUT, 'archive-combined-16.jsonl')
SEARCH_TESTS = os.path.normpath(os.path.join(HELDOUT, '..', '..', 'search'))
OUT = os.path.join(HERE, 'search-nineteenth-queries.jsonl')

KINDS = ['keyword', 'inflected', 'compound', 'synonym', 'misspelled', 'question', 'abbreviation']
ABBREVS = ['LSS', 'LVU', 'LVM', 'SoL', 'HVB', 'BUP', 'FK', 'KFM', 'CSN', 'IVO', 'BBIC', 'SIP', 'MVC',
           'BVC', 'AF', 'JO', 'SFI', 'HSL', 'DO', 'SÄBO', 'LOV', 'IFO', 'VAB']
# lower case counts only for abbreviations that are not ordinary Swedish words
NOT_LOWER_COUNTED = {'SoL', 'JO', 'DO', 'LOV', 'AF', 'FK'}
EARLIER_NAMES = ['heldout', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh', 'twelfth',
                 'thirteenth', 'fourteenth', 'fifteenth', 'sixteenth', 'seventeenth', 'eighteenth']

# (kind, query, relevant, key token, evidence words in the archive)
# key token: for inflected/compound/synonym/misspelled, the word that occurs in no record;
# evidence: the form / parts / wording / correct spelling that the target record uses.
QUERIES = [
    # --- keyword ---
    ('keyword', 'kat tuggar', {'v018': 2}, None, None),
    ('keyword', 'ohyra sanering', {'v053': 2}, None, None),
    ('keyword', 'gratis sprutor byte', {'t015': 2}, None, None),
    ('keyword', 'hemsjukvård insulin ansvar', {'u002': 2, 'u034': 1}, None, None),
    ('keyword', 'kontraktsvård', {'t034': 2}, None, None),
    ('keyword', 'sista tiden hemma', {'u045': 2, 't064': 1}, None, None),
    ('keyword', 'bilstöd rullstol', {'v019': 2}, None, None),
    ('keyword', 'konsert ledsagning', {'s093': 2, 'v029': 1, 'u047': 1}, None, None),
    ('keyword', 'adoption medgivande', {'t049': 2}, None, None),
    ('keyword', 'fönster hemtjänst städning', {'u023': 2}, None, None),
    ('keyword', 'medborgarskap försörjningsstöd', {'u059': 2}, None, None),
    ('keyword', 'slagit flickvän', {'s076': 2}, None, None),
    ('keyword', 'psykiskt våld', {'s026': 2, 'v009': 1, 'v024': 1}, None, None),
    ('keyword', 'kvinnojour kostnad', {'t075': 2}, None, None),
    # --- inflected ---
    ('inflected', 'möglet i badrummet hyresvärden', {'u058': 2}, 'möglet', 'mögel'),
    ('inflected', 'julklapparna saknas i år', {'u042': 2}, 'julklapparna', 'julklappar'),
    ('inflected', 'kontaktfamiljens ersättning', {'u010': 2, 't072': 1}, 'kontaktfamiljens', 'kontaktfamilj'),
    ('inflected', 'sjukpenningens indragning vad nu', {'u020': 2, 's072': 1, 's031': 1}, 'sjukpenningens', 'sjukpenningen'),
    ('inflected', 'vandrarhemmet fem veckor barnfamilj', {'u021': 2}, 'vandrarhemmet', 'vandrarhem'),
    ('inflected', 'trygghetsboendets skillnad mot äldreboende', {'u022': 2}, 'trygghetsboendets', 'trygghetsboende'),
    ('inflected', 'teckenspråkstolkar socialkontoret döv', {'u031': 2, 's051': 1}, 'teckenspråkstolkar', 'teckenspråkstolk'),
    ('inflected', 'medresenärens plats i färdtjänsten', {'u018': 2}, 'medresenärens', 'medresenär'),
    ('inflected', 'betalningsföreläggandet bestrida', {'t032': 2}, 'betalningsföreläggandet', 'betalningsföreläggande'),
    ('inflected', 'hembesöket utan förvarning', {'s040': 2}, 'hembesöket', 'hembesök'),
    ('inflected', 'återfallen skäms för socialsekreteraren', {'s033': 2}, 'återfallen', 'återfall'),
    ('inflected', 'familjebehandlingens frivillighet', {'s049': 2}, 'familjebehandlingens', 'familjebehandling'),
    ('inflected', 'störningen från lägenheten bror uppsagd', {'s064': 2}, 'störningen', 'störningar'),
    ('inflected', 'underhållsstödets påverkan på bistånd', {'t063': 2}, 'underhållsstödets', 'underhållsstödet'),
    # --- compound ---
    ('compound', 'köksbrand glömsk far', {'v016': 2, 's028': 1}, 'köksbrand', 'köket brand'),
    ('compound', 'kärleksbedragaren tog pengar', {'v011': 2, 'v001': 1}, 'kärleksbedragaren', 'kärleksbedrägeri bedragare'),
    ('compound', 'bankkoderna lurad mamma telefon', {'v001': 2, 'v011': 1}, 'bankkoderna', 'banken koder'),
    ('compound', 'hemtjänsttiderna håller aldrig', {'s107': 2}, 'hemtjänsttiderna', 'hemtjänst tider'),
    ('compound', 'kattägare äldreboende', {'v023': 2, 's021': 1, 's092': 1}, 'kattägare', 'katt ägare'),
    ('compound', 'receptkostnader apoteket hjälp', {'u044': 2}, 'receptkostnader', 'receptbelagda kostnader'),
    ('compound', 'klubbavgift fotboll son', {'t027': 2}, 'klubbavgift', 'klubbens avgift'),
    ('compound', 'barnvagnspengar bistånd', {'v048': 2}, 'barnvagnspengar', 'barnvagn pengar'),
    ('compound', 'tandakut bistånd', {'s008': 2}, 'tandakut', 'tand akut'),
    ('compound', 'storfamilj trångbodd', {'s018': 2}, 'storfamilj', 'stor familj'),
    ('compound', 'hemgångsplanering pappa sjukhuset', {'s035': 2, 'v044': 1}, 'hemgångsplanering', 'hem planering'),
    ('compound', 'tröskelfri hyresrätt bidrag', {'u001': 2, 's101': 1, 't008': 1}, 'tröskelfri', 'tröskel fri'),
    ('compound', 'vinkvällar pappa sömntabletter', {'u015': 2, 's034': 1}, 'vinkvällar', 'vin kvällar'),
    ('compound', 'anstaltsfrigivning bostad', {'u039': 2}, 'anstaltsfrigivning', 'anstalten frigivningen'),
    # --- synonym ---
    ('synonym', 'svartsjuk pojkvän snokar i telefonen', {'v024': 2, 's026': 1, 'v009': 1}, 'snokar', 'kollar'),
    ('synonym', 'shoppingberoende hustru', {'v032': 2, 's120': 1}, 'shoppingberoende', 'handlar'),
    ('synonym', 'plastpappa om mamman dör', {'v034': 2}, 'plastpappa', 'styvson'),
    ('synonym', 'styvdotter 19 vem försörjer', {'v004': 2}, 'styvdotter', 'dotter'),
    ('synonym', 'ingen smartphone hur ansöka om bistånd', {'v060': 2, 'v049': 1}, 'smartphone', 'smart telefon'),
    ('synonym', 'husvill 19 sover hos polare', {'u017': 2, 's010': 1, 's079': 1, 's032': 1}, 'husvill', 'kompisar'),
    ('synonym', 'oddsar sonen kompisens bankid', {'u008': 2, 's120': 1, 't078': 1}, 'oddsar', 'betting'),
    ('synonym', 'fordonet räknas som tillgång', {'s119': 2, 's014': 1, 't011': 1, 'u057': 1}, 'fordonet', 'bilen'),
    ('synonym', 'mamma magrar på boendet', {'v021': 2}, 'magrar', 'kilo'),
    ('synonym', 'visselblåsare gruppbostad personal', {'v055': 2, 't026': 1}, 'visselblåsare', 'okej'),
    ('synonym', 'narkotikatest villkor försörjningsstöd', {'s063': 2}, 'narkotikatest', 'urinprov'),
    ('synonym', 'brorsan länsar mammas konto', {'s023': 2, 'v026': 1}, 'länsar', 'pengar'),
    ('synonym', 'frilansare försörjningsstöd', {'s070': 2}, 'frilansare', 'firma'),
    ('synonym', 'sextvång i äktenskapet', {'s111': 2}, 'sextvång', 'sex'),
    # --- misspelled ---
    ('misspelled', 'avvikt från tvångsvården bror', {'v033': 2, 's102': 1}, 'avvikt', 'avvikit'),
    ('misspelled', 'lugnade medicin blivit beroende', {'t056': 2}, 'lugnade', 'lugnande'),
    ('misspelled', 'offentigt biträde omhändertagande', {'v058': 2, 's038': 1, 't038': 1}, 'offentigt', 'offentligt'),
    ('misspelled', 'tvångsmässit samlande mamma lägenhet', {'t003': 2}, 'tvångsmässit', 'tvångsmässigt'),
    ('misspelled', 'graivd kan inte sluta med alkohol', {'t009': 2}, 'graivd', 'gravid'),
    ('misspelled', 'skuldrådgivnare skulder växer', {'t012': 2, 's087': 1, 'u004': 1}, 'skuldrådgivnare', 'skuldrådgivare'),
    ('misspelled', 'glasögn bidrag soc', {'t021': 2, 's015': 1}, 'glasögn', 'glasögon'),
    ('misspelled', 'skolfånvaro dotter flera månader', {'t062': 2}, 'skolfånvaro', 'skolfrånvaro'),
    ('misspelled', 'könsstymping systerdotter sommarlov', {'v040': 2, 'u007': 1}, 'könsstymping', 'könsstympning'),
    ('misspelled', 'förörjningsstöd hyresvärd godtar inte', {'v017': 2, 'v052': 1}, 'förörjningsstöd', 'försörjningsstöd'),
    ('misspelled', 'orosanmälam vem skrev den', {'v059': 2, 's074': 1}, 'orosanmälam', 'orosanmälan'),
    ('misspelled', 'behandlingshemet flytta hem 16 år', {'v013': 2}, 'behandlingshemet', 'behandlingshemmet'),
    ('misspelled', 'överklga beslutet från soc', {'s037': 2, 't046': 1}, 'överklga', 'överklaga'),
    ('misspelled', 'asistansbolag syster assistent', {'t025': 2}, 'asistansbolag', 'assistansbolag'),
    # --- question ---
    ('question', 'brorsan tar opioider och jag är rädd att hitta honom död vad gör jag om han inte andas', {'v006': 2, 's114': 1, 't015': 1}, None, None),
    ('question', 'jag sover hos en kompis men har barnen varannan vecka kan soc ordna nåt boende åt oss', {'v002': 2}, None, None),
    ('question', 'lillebrorsan har en god man men folk lurar av honom pengar ändå vem ska stoppa det', {'u003': 2, 's084': 1, 's023': 1}, None, None),
    ('question', 'dottern går i åttan och har ihop det med en vuxen kille kan man anmäla det till soc', {'u050': 2, 's074': 1}, None, None),
    ('question', 'handläggaren ringde och nekade mig kan jag kräva att få det på papper', {'v014': 2, 's015': 1}, None, None),
    ('question', 'mamma är sjuk så jag lagar all mat och tar hand om småsyskonen finns det hjälp för sånt', {'u060': 2, 's104': 1, 't018': 1}, None, None),
    ('question', 'socialsekreterare intervjuade dottern i skolan bakom min rygg är det ens lagligt', {'s060': 2}, None, None),
    ('question', 'mamma har bott på sitt boende i fem år och nu ska hon flyttas får de göra så', {'v028': 2}, None, None),
    ('question', 'klar med behandlingen men har inget att göra hur ska jag klara mig utan att börja igen', {'v031': 2, 's033': 1}, None, None),
    ('question', 'kommer personalen behandla mig annorlunda om jag säger att jag är homosexuell när jag flyttar in på äldreboendet', {'v045': 2}, None, None),
    ('question', 'har problem med pengar och sonen skolkar men vet inte vilken avdelning på soc man ska prata med', {'u037': 2}, None, None),
    ('question', 'min man har demens och jag orkar inte vara med honom hela dagarna finns det dagvård eller nåt', {'t001': 2, 's045': 1, 'u009': 1}, None, None),
    ('question', 'har ringt socialsekreteraren i tre veckor och hon hör aldrig av sig vem klagar man hos', {'t042': 2, 's042': 1, 't010': 1}, None, None),
    ('question', 'måste jag gå kvar på den dagliga verksamheten kommunen valt eller kan jag byta till en med djur', {'v043': 2, 's086': 1}, None, None),
    # --- abbreviation ---
    ('abbreviation', 'BBIC förklaring', {'v008': 2, 't041': 1}, None, None),
    ('abbreviation', 'sfi maken låter mig inte', {'v009': 2}, None, None),
    ('abbreviation', 'sip psykiatrin boendet pratar inte', {'v044': 2, 's112': 1}, None, None),
    ('abbreviation', 'bvc frågade om min man slår', {'v038': 2}, None, None),
    ('abbreviation', 'lvu tar slut artonårsdagen', {'v039': 2, 's001': 1, 's029': 1}, None, None),
    ('abbreviation', 'lvm utredning startad brorsan', {'t024': 2, 's055': 1, 's102': 1}, None, None),
    ('abbreviation', 'hvb flytta därifrån var bo', {'t033': 2, 't019': 1, 's001': 1}, None, None),
    ('abbreviation', 'FK återkräver 48 000', {'v047': 2}, None, None),
    ('abbreviation', 'CSN eller bistånd vuxenutbildning', {'t054': 2, 's100': 1}, None, None),
    ('abbreviation', 'IVO kollegor behandlar boende illa', {'t026': 2, 'v055': 1, 's053': 1}, None, None),
    ('abbreviation', 'LSS insatser ny hemkommun', {'s082': 2, 's098': 1}, None, None),
    ('abbreviation', 'kfm mäter ut nästan allt', {'s087': 2, 'u004': 1, 't012': 1}, None, None),
    ('abbreviation', 'SÄBO vad har mamma kvar', {'t028': 2, 's007': 1}, None, None),
    ('abbreviation', 'LOV valfrihet hemtjänstbolag', {'s085': 2, 's107': 1, 'v043': 1}, None, None),
]


def words(text):
    return re.findall(r'\w+', text.lower())


def fail(msg):
    print('FAIL:', msg)
    sys.exit(1)


def main():
    archive = [json.loads(l) for l in open(ARCHIVE, encoding='utf-8') if l.strip()]
    ids = [r['id'] for r in archive]
    want = (['s%03d' % i for i in range(1, 121)] + ['t%03d' % i for i in range(1, 81)]
            + ['u%03d' % i for i in range(1, 61)] + ['v%03d' % i for i in range(1, 61)])
    if ids != want:
        fail('archive ids are not s001-s120, t001-t080, u001-u060, v001-v060')
    idset = set(ids)
    vocab = set()
    for r in archive:
        for f in ('title', 'question', 'answer'):
            vocab.update(words(r[f]))

    # earlier query sets
    earlier_files = []
    for name in EARLIER_NAMES:
        p = os.path.join(HELDOUT, 'search-%s-queries.jsonl' % name)
        if not os.path.exists(p):
            fail('missing earlier query set ' + p)
    for p in sorted(glob.glob(os.path.join(HELDOUT, 'search-*-queries.jsonl'))):
        if os.path.basename(p) != 'search-nineteenth-queries.jsonl':
            earlier_files.append(p)
    earlier_files += sorted(glob.glob(os.path.join(SEARCH_TESTS, '*queries*.jsonl')))
    earlier = []
    for p in earlier_files:
        for l in open(p, encoding='utf-8'):
            if l.strip():
                earlier.append(json.loads(l)['query'])
    earlier_lower = [e.lower() for e in earlier]
    earlier_sets = [set(words(e)) for e in earlier]

    if len(QUERIES) != 98:
        fail('expected 98 queries, got %d' % len(QUERIES))
    kc = Counter(q[0] for q in QUERIES)
    for k in KINDS:
        if kc[k] != 14:
            fail('kind %s has %d queries, expected 14' % (k, kc[k]))
    if set(kc) != set(KINDS):
        fail('unknown kind')
    texts = [q[1].lower() for q in QUERIES]
    if len(set(texts)) != len(texts):
        fail('duplicate query')

    abbr_re = {a: re.compile(r'(?<!\w)%s(?!\w)' % re.escape(a), re.I) for a in ABBREVS}
    grade2 = []
    used_abbr = Counter()
    lower_abbr = 0
    for kind, q, rel, key, ev in QUERIES:
        ql = q.lower()
        qs = set(words(q))
        if ql in earlier_lower:
            fail('repeats an earlier query: ' + q)
        for es in earlier_sets:
            if qs | es and len(qs & es) / len(qs | es) >= 0.4:
                fail('Jaccard >= 0.4 with an earlier query: ' + q)
        if not rel or any(i not in idset for i in rel) or any(g not in (1, 2) for g in rel.values()):
            fail('bad judgments: ' + q)
        twos = [i for i, g in rel.items() if g == 2]
        if len(twos) != 1:
            fail('not exactly one grade-2 record: ' + q)
        grade2.append(twos[0])
        found = [a for a in ABBREVS if abbr_re[a].search(q)]
        if kind in ('inflected', 'compound', 'synonym', 'misspelled'):
            if not key or len(words(key)) != 1 or key.lower() not in words(q):
                fail('key token must be one word of the query: ' + q)
            if key.lower() in vocab:
                fail('key token occurs in the archive: %s (%s)' % (key, q))
            if any(key.lower() in e for e in earlier_lower):
                fail('key token is a substring of an earlier query: %s' % key)
            for w in ev.split():
                if w.lower() not in vocab:
                    fail('evidence word not in archive: %s (%s)' % (w, q))
        if kind == 'keyword' and not 1 <= len(q.split()) <= 3:
            fail('keyword query must have 1-3 words: ' + q)
        if kind == 'question':
            n = len(q.split())
            if q != q.lower() or not 6 <= n <= 18:
                fail('question query must be lower case, 6-18 words: ' + q)
            if re.search(r'[?.!,;:]', q):
                fail('question query has punctuation: ' + q)
        if kind != 'abbreviation' and found:
            fail('abbreviation in a %s query: %s' % (kind, q))
        if kind == 'abbreviation':
            if len(found) != 1:
                fail('abbreviation query needs exactly one listed abbreviation: ' + q)
            a = found[0]
            others = len(q.split()) - 1
            if not 1 <= others <= 5:
                fail('abbreviation query needs 1-5 other words: ' + q)
            used_abbr[a] += 1
            m = abbr_re[a].search(q).group(0)
            if m == m.lower() and a not in NOT_LOWER_COUNTED:
                lower_abbr += 1
    if len(set(grade2)) != 98:
        fail('grade-2 records are not all different')
    pc = Counter(i[0] for i in grade2)
    for p in 'stuv':
        if pc[p] < 20:
            fail('only %d grade-2 %s-records' % (pc[p], p))
    if len(used_abbr) < 12:
        fail('only %d different abbreviations' % len(used_abbr))
    if lower_abbr < 6:
        fail('only %d abbreviations in lower case' % lower_abbr)

    with open(OUT, 'w', encoding='utf-8') as f:
        for kind, q, rel, key, ev in QUERIES:
            f.write(json.dumps({'query': q, 'relevant': rel, 'kind': kind}, ensure_ascii=False) + '\n')
    n1 = sum(1 for x in QUERIES for g in x[2].values() if g == 1)
    print('ok: %d queries, %d grade-2 (%s), %d grade-1, %d abbreviations (%d lower case), %d earlier queries from %d files'
          % (len(QUERIES), len(grade2), ' '.join('%s=%d' % (p, pc[p]) for p in 'stuv'), n1,
             len(used_abbr), lower_abbr, len(earlier), len(earlier_files)))
    print('wrote', OUT)


if __name__ == '__main__':
    main()
