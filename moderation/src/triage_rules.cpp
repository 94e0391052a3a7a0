#include "moderation/src/triage_rules.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <utility>

namespace radfraga::moderation {

namespace {
constexpr std::string_view kNames[] = {"suicide", "violence", "child", "sexual", "acute_need"};
}  // namespace

std::string_view category_name(Category c) {
    return kNames[static_cast<std::size_t>(c)];
}

std::optional<Category> parse_category(std::string_view name) {
    for (const auto c : all_categories) {
        if (category_name(c) == name) return c;
    }
    return std::nullopt;
}

}  // namespace radfraga::moderation

namespace radfraga::moderation::detail {

namespace {

// All terms are numbered in one table, built once with the rules; a Spelling records the
// terms it matches (annotate_terms), so matching a word is one bit test.
struct TermTable {
    std::unordered_map<std::string, std::size_t> ids;  // by spec, so equal specs share a bit
    std::unordered_map<std::string, std::vector<std::size_t>> exact;  // folded word -> terms
    // Folded prefix -> term, by the prefix's first byte: a spelling is compared with those
    // that can match.
    std::array<std::vector<std::pair<std::string, std::size_t>>, 256> prefixes;
    std::size_t count = 0;
};

// A set of words: alternatives separated by '|', each folded; "x*" matches any word or
// lemma that starts with x (compounds and inflections Hunspell does not know). A word
// matches when its folded form or one of its lemmas does; numbers match nothing.
class Term {
  public:
    Term() = default;
    Term(TermTable& table, std::string_view spec) {
        const std::string key(spec);
        if (const auto it = table.ids.find(key); it != table.ids.end()) {
            id_ = it->second;
            return;
        }
        std::vector<std::string> exact, prefixes;
        while (!spec.empty()) {
            const auto bar = spec.find('|');
            std::string alt = fold(spec.substr(0, bar));
            spec = bar == std::string_view::npos ? std::string_view{} : spec.substr(bar + 1);
            if (alt.empty()) continue;
            if (alt.back() == '*') {
                alt.pop_back();
                prefixes.push_back(std::move(alt));
            } else {
                exact.push_back(std::move(alt));
            }
        }
        if (exact.empty() && prefixes.empty()) return;
        id_ = table.count++;
        if (id_ >= kMaxTerms) throw std::logic_error("triage: more terms than kMaxTerms");
        table.ids.emplace(key, id_);
        for (auto& e : exact) {
            auto& ids = table.exact[std::move(e)];
            if (ids.empty() || ids.back() != id_) ids.push_back(id_);
        }
        for (auto& p : prefixes) {
            if (p.empty()) throw std::logic_error("triage: a term matches every word (\"*\")");
            table.prefixes[static_cast<unsigned char>(p.front())].emplace_back(std::move(p), id_);
        }
    }
    bool empty() const { return id_ == kNone; }
    bool matches(const Word& w) const {
        return id_ != kNone && !w.digits && w.spelling->terms.test(id_);
    }
    // The bit of a term with an id below 64 in TermSet::words[0].
    std::uint64_t bit0() const { return id_ < 64 ? std::uint64_t{1} << id_ : 0; }
    std::size_t id() const { return id_; }

  private:
    static constexpr std::size_t kNone = static_cast<std::size_t>(-1);
    std::size_t id_ = kNone;
};

struct RuleSpec {
    std::string_view id;
    Category category;
    bool strong;
    std::string_view anchor;
    std::vector<std::string_view> need;  // each must occur within `window` words of the anchor
    int window = 3;
    bool negatable = true;  // a negator just before or after the anchor cancels the match
    std::string_view unless_before{};  // the word right before the anchor cancels ("det slog mig")
    std::string_view
        unless_after{};  // the word right after the anchor cancels ("slår igen dörren")
    std::string_view unless_near{};   // any word in the window cancels
    std::string_view weak_if_near{};  // any word in the window makes the match weak
    bool needs_after = false;         // the `need` words must follow the anchor
    bool strong_if_urgent = false;    // strong only with a time marker of today in the text
};

struct Rule {
    const RuleSpec* spec;
    Term anchor;
    std::vector<Term> need;
    Term unless_before, unless_after, unless_near, weak_if_near;
};

constexpr std::string_view kNegators = "inte|int|ej|aldrig|icke|inge";
constexpr std::string_view kPerson =
    "mig|dig|henne|honom|oss|er|dem|mamma|pappa|sambo|fru|frun|maken|syster|bror|flickvän|pojkvän|"
    "ex";
constexpr std::string_view kChild =
    "barn|barnen|son|dotter|bebis|baby|bäbis|spädbarn|lillebror|lillasyster|småsyskon|syskon|pojke|"
    "flicka|"
    "unge|ungar|styvson|styvdotter|bonusbarn|bonusson|bonusdotter|brorson|systerson|brorsdotter|"
    "systerdotter|"
    "dotter|barnbarn|tonåring|grabben|tjejen|killen|sonen|dottern|döttrar|söner|lillen|småbarn|"
    "treåring|fyraåring|femåring|sexåring|sjuåring|åttaåring|nioåring|tvååring|ettåring";
constexpr std::string_view kHit =
    "slå|misshandla|sparka|strypa|knuffa|örfila|nypa|dänga|smälla|puckla|kväva|lugga|klösa|slag|"
    "örfil|stryk|"
    "spöa|aga";

// The rules. Windows are small (words, same clause) so distant words do not combine;
// anything the rules cannot say safely is left to the classifier, which also sees
// weak hits as features.
const std::vector<RuleSpec>& specs() {
    static const std::vector<RuleSpec> s = {
        // --- suicide: thoughts, plans, euphemisms, self-harm -------------------------
        // A compound naming suicidal thoughts, attempts or plans is a disclosure.
        {"suicide-compound",
         Category::suicide,
         true,
         "självmordstank*|självmordsförs*|självmordsplan*|självmordsbenäg*|dödstank*|dödslängt*|"
         "suicidtank*|"
         "suicidförs*|suicidal*|självmordsbrev",
         {},
         3,
         true},
        // Suicide with a verb of intent: "tänker på självmord", "försökte ta självmord".
        {"suicide-intent",
         Category::suicide,
         true,
         "självmord|suicid",
         {"tänka|tanke|planera|försöka|begå|ta|överväga|fundera|hota|vilja|prata"},
         4,
         true},
        // The bare word: often a professional or a bereaved relative; the classifier decides.
        {"suicide-word", Category::suicide, false, "självmord*|suicid*", {}, 3, false},
        // Not wanting to live, in any order with inserted words; "leva på bidrag" is about
        // money, "leva ihop med" about a relationship.
        {"not-live",
         Category::suicide,
         true,
         "leva",
         {kNegators, "vilja|orka|klara|kunna|ids|vela|bry|tänka|gitta|vill"},
         4,
         false,
         {},
         "på|med|ihop|tillsammans|under|hos|som|i|kvar|upp|av|efter"},
        {"not-live-anymore",
         Category::suicide,
         true,
         "leva",
         {kNegators, "längre|mer"},
         3,
         false,
         {},
         "på|med|ihop|tillsammans|under|hos|som|i|kvar|upp|av|efter"},
        // Wanting to die; "dör av skam" and "dö av skratt" have no wish in them.
        {"want-die",
         Category::suicide,
         true,
         "dö",
         {"vilja|önska|hellre|vela|längta|vill|ville"},
         3,
         true,
         {},
         "av|ut"},
        {"think-die",
         Category::suicide,
         true,
         "dö",
         {"tänka|tanke|fundera|grubbla"},
         4,
         true,
         {},
         "av|ut"},
        // Wishing to be dead: "önskar att jag var död", "bättre om jag vore död".
        {"wish-dead",
         Category::suicide,
         true,
         "död|döden",
         {"önska|hellre|bättre|vore|vilja|vill|längta"},
         4,
         true,
         {},
         {},
         "trött|tröttnat"},
        // Taking one's life in its idioms. Reported in the past about another person
        // ("tog livet av sig") it is usually bereavement: weak.
        {"take-life",
         Category::suicide,
         true,
         "liv|livet",
         {"ta|tar|tog|tagit", "av"},
         3,
         true,
         {},
         {},
         {},
         "tog|tagit|begick"},
        {"take-my-life",
         Category::suicide,
         true,
         "liv|livet",
         {"ta|tar|tog|avsluta|sluta", "mitt|sitt|ditt"},
         3,
         true,
         {},
         {},
         {},
         "tog|tagit"},
        {"end-life", Category::suicide, true, "avsluta|avslutar", {"liv|livet|allt"}, 3, true},
        {"end-it-all",
         Category::suicide,
         true,
         "slut",
         {"göra|gör|gjorde", "på", "liv*|allt|mig|själv"},
         4,
         true},
        // Self-harm: cutting or hurting oneself; a cut finger while cooking is not.
        {"self-cut",
         Category::suicide,
         true,
         "skära|rispa|bränna|rista",
         {"mig|sig"},
         2,
         true,
         {},
         "ner|upp|av",
         "finger*|tumme*|matlagning|laga|köket|bröd*|fall|cykel*|ramlade|papper*"},
        {"self-hurt",
         Category::suicide,
         true,
         "skada|slå|straffa",
         {"själv"},
         3,
         true,
         {},
         "ihjäl",
         "finger*|fall|cykel*|ramlade|olycka*"},
        {"self-harm-word", Category::suicide, true, "självskad*|självskadebeteende", {}, 3, true},
        // Wanting to disappear or not to exist, to sleep and not wake.
        {"disappear",
         Category::suicide,
         true,
         "försvinna",
         {"vilja|vill|önska|längta|bara"},
         3,
         true,
         {},
         {},
         "att|han|hon|de|dom|pengar*"},
        {"not-exist",
         Category::suicide,
         true,
         "finnas|finns|existera",
         {kNegators, "vilja|vill|orka|vela"},
         3,
         false},
        {"not-wake",
         Category::suicide,
         true,
         "vakna",
         {kNegators, "vilja|vill|hoppas|önska|somna"},
         5,
         false},
        // Too tired of life itself, not of a task.
        {"tired-of-life",
         Category::suicide,
         true,
         "orka",
         {kNegators, "liv|livet|leva|existera"},
         5,
         false},
        {"cannot-anymore", Category::suicide, false, "orka", {kNegators, "mer|längre"}, 3, false},
        // Means: pills hoarded, a rope, a bridge or a train.
        {"pills",
         Category::suicide,
         true,
         "tablett*|piller|sömntablett*|sömnmedel|värktablett*|medicin*",
         {"samla|spara|svälja|alla|burk|hela|överdos*|massa"},
         5,
         true,
         {},
         {},
         "apotek*|recept*|råd|pengar"},
        {"overdose", Category::suicide, false, "överdos*", {}, 3, true},
        {"jump",
         Category::suicide,
         true,
         "hoppa",
         {"bro|bron|tåg*|balkong*|fönster|tak|taket|stup|höghus|framför|ner"},
         4,
         true,
         {},
         "av|in|över|runt"},
        {"bridge",
         Category::suicide,
         false,
         "bro|bron|perrong*|spår|spåret|räls*|stup*",
         {"stå|titta|ner"},
         4,
         true},
        {"hang", Category::suicide, true, "hänga", {"mig|sig"}, 1, true, {}, {}, {}, {}, true},
        {"rope", Category::suicide, false, "rep|repet|snara|snaran", {}, 3, true},
        {"no-meaning",
         Category::suicide,
         false,
         "mening|meningslös*",
         {"liv|livet|leva|finnas"},
         4,
         false},
        {"goodbye", Category::suicide, false, "avskedsbrev|farväl|hejdå|adjö", {}, 3, true},

        // --- violence: a partner, ex or family member hitting or threatening ----------
        // A hitting verb with a person as object; "det slog mig" is a thought and "slår
        // igen dörren" a door.
        {"hit-person",
         Category::violence,
         true,
         kHit,
         {kPerson},
         3,
         true,
         "det|klockan|bollen|hjärtat",
         "igen|upp|ihop|ner|av|på|vad|in",
         {},
         "brukade|förr|boll*|lek*|bråk*|skoj*",
         true},
        // The passive and perfect: "blev slagen", "har blivit misshandlad", "misshandlades".
        {"hit-passive",
         Category::violence,
         true,
         kHit,
         {"bli|blev|blir|blivit"},
         2,
         true,
         {},
         "igen|upp|ihop"},
        {"hit-s-passive",
         Category::violence,
         true,
         "slogs|misshandlas|misshandlades|sparkades|knuffades|ströps|misshandlad|misshandlade|"
         "slagen|slagna",
         {},
         3,
         true,
         "det"},
        // A child as the one hurt: "slår barnen", "min son blir slagen av sin pappa".
        {"hit-child",
         Category::child,
         true,
         kHit,
         {kChild},
         4,
         true,
         "det",
         "igen|upp|ihop|sig|ner",
         "boll*|lek*|match*|träning*|boxning*|brottning*|syskonbråk"},
        // Threats with a weapon or of death.
        {"threat",
         Category::violence,
         true,
         "hota|hot|hotet|hoten|hotar|hotade",
         {"döda|mörda|ihjäl|kniv*|skada|vapen|pistol|skjuta|slå|hugga|bränna|misshandla|strypa|"
          "skära|dö|död"},
         6,
         true},
        {"death-threat", Category::violence, true, "dödshot*|mordhot*", {}, 3, true},
        // Saying they will kill: "han ska döda mig". Figuratively about a parent finding
        // out about grades ("mamma kommer döda mig") it is not meant: those words cancel.
        {"kill",
         Category::violence,
         true,
         "döda|mörda|ihjäl",
         {"mig|dig|oss|henne|honom|barn*|er|dem"},
         3,
         true,
         {},
         {},
         "betyg*|veta|märka|märker|upptäcka|skoj*|skämt*|haha|lol|typ|skratta|skrattade|ser"},
        {"weapon",
         Category::violence,
         true,
         "kniv|kniven|knivar|vapen|vapnet|pistol*|yxa|yxan|gevär*|hagelgevär*",
         {"hämta|hota|vifta|hålla|dra|hugga|sticka|mot|fram|hot*"},
         5,
         true,
         {},
         {},
         "kök*|skära|bröd|skar"},
        {"stab",
         Category::violence,
         true,
         "knivhugga|knivhugg*|hugga|sticka|skjuta",
         {"mig|dig|henne|honom|oss|ihjäl"},
         3,
         true},
        // Strangling is a marker of lethal partner violence.
        {"strangle",
         Category::violence,
         true,
         "strypa|strypgrepp|stryptag|strupgrepp|strypt|ströp|kväva|kvävde",
         {},
         3,
         true},
        // Afraid to go home, afraid of him.
        {"afraid-home",
         Category::violence,
         true,
         "våga|vågar|vågade",
         {kNegators, "hem|hemma|hemifrån"},
         4,
         false},
        {"afraid-of",
         Category::violence,
         false,
         "rädd|livrädd|skräckslagen|skräck",
         {"honom|henne|han|pappa|mamma|sambo|man|maken|ex*|pojkvän|flickvän"},
         4,
         true},
        {"locked-in",
         Category::violence,
         true,
         "låsa|låser|låste|inlåst*",
         {"in|inne", "mig|oss|barn*|henne"},
         4,
         true},
        // Honour-related control: being married off, guarded, threatened by family.
        {"married-off",
         Category::violence,
         true,
         "gifta|gifte|giftas",
         {"bort|tvinga|tvingar|måste"},
         3,
         true},
        {"honour", Category::violence, false, "heder*|tvångsgift*|tvångsäktenskap*", {}, 3, false},
        {"violence-word",
         Category::violence,
         false,
         "våld*|misshandel*|hot|hotfull*|förfölja|förföljer|trakassera*",
         {},
         3,
         false},
        {"exposed",
         Category::violence,
         true,
         "utsätta|utsatt|utsätter|utsattes",
         {"våld*|misshandel|hot|slag"},
         4,
         true},

        // --- sexual: rape, abuse, coercion, exploitation --------------------------------
        {"rape", Category::sexual, true, "våldta*|våldtäkt*|valdtakt*|gruppvåldt*", {}, 3, true},
        {"abuse",
         Category::sexual,
         true,
         "övergrepp|sexövergrepp|förgripa|förgrep|förgripit|antasta*|ofreda*|tafsa*|"
         "sextortion",
         {},
         3,
         true,
         {},
         {},
         {},
         {}},
        {"coerced-sex",
         Category::sexual,
         true,
         "tvinga|tvingar|tvingade|tvingat|pressa|pressar|pressade|hota",
         {"sex|ligga|suga|samlag|sexuell*|nakna|naken|porr|röra"},
         6,
         true},
        {"nude-images",
         Category::sexual,
         true,
         "nakenbild*|nakenfoto*|sexbild*|bilder|bild|filmer",
         {"nakna|naken|sexuell*|sprida|hota|kräva|tvinga|pengar|betala"},
         5,
         true,
         {},
         {},
         {},
         {}},
        {"sex-for",
         Category::sexual,
         true,
         "sex",
         {"mot|betala|sälja|säljer|sålde|köpa|tvinga|måste|ställa"},
         4,
         true},
        {"touched",
         Category::sexual,
         false,
         "röra|rör|rörde|tafsade|ta",
         {"mig|henne|honom|snippan|kroppen|brösten"},
         3,
         true},
        {"sexual-word", Category::sexual, false, "sexuell*|sexuellt", {}, 3, false},

        // --- child: a child hurt, neglected or left without care -----------------------
        {"child-alone",
         Category::child,
         true,
         "lämna|lämnar|lämnade|lämnat",
         {kChild, "ensam*|själv*"},
         6,
         true},
        {"child-drunk-parent",
         Category::child,
         false,
         "full|fulla|berusad|packad|drogad|påverkad|hög|knarka|supa|dricka|dricker|alkohol*",
         {kChild},
         6,
         true},
        {"harmed", Category::child, false, "fara|far", {"illa"}, 2, true},
        {"shake-baby",
         Category::child,
         true,
         "skaka|skakade|skakar",
         {"bebis*|baby|bäbis*|spädbarn*"},
         4,
         true},
        {"child-afraid-home",
         Category::child,
         false,
         "rädd",
         {"pappa|mamma|styvpappa|styvmamma"},
         4,
         true},

        // --- acute need: no food, no roof, evicted, today --------------------------------
        {"no-food",
         Category::acute_need,
         true,
         "mat|maten|matpengar|käk|mjölk|välling|blöjor",
         {"ingen|inga|inget|inte|slut|saknar|tom|tomt"},
         4,
         false,
         {},
         {},
         {},
         {},
         false,
         true},
        {"not-eaten",
         Category::acute_need,
         true,
         "äta|ätit|ätt",
         {"ingen|inte|inget|ingenting|int"},
         3,
         false,
         {},
         {},
         {},
         {},
         false,
         true},
        {"sleep-out",
         Category::acute_need,
         true,
         "sova|sover|sov|övernatta",
         {"ute|ingenstans|gatan|bilen|trapphus*|trappuppgång*|parken|tält*|centralen|stationen|"
          "härbärge*"},
         4,
         true,
         {},
         {},
         "sommar*|semester*|camping*|kul|mysigt|underbart"},
        {"where-sleep",
         Category::acute_need,
         true,
         "sova|sover|bo|ta",
         {"var|vart|någonstans|ingenstans|vägen", "inatt|ikväll|natt|natten|idag|nu"},
         5,
         true},
        {"no-roof", Category::acute_need, true, "tak", {"huvud*|huvudet"}, 3, false},
        {"homeless",
         Category::acute_need,
         false,
         "hemlös*|bostadslös*|uteliggare",
         {},
         3,
         true,
         {},
         {},
         {},
         {},
         false,
         true},
        {"evicted",
         Category::acute_need,
         false,
         "vräka|vräkt|vräkning*|avhysa|avhysning*|avhyst*",
         {},
         3,
         true,
         {},
         {},
         {},
         {},
         false,
         true},
        {"thrown-out",
         Category::acute_need,
         true,
         "kasta|slänga|sparka|kastade|slängde|slängt|kastat",
         {"ut", "mig|oss|barn*|hemifrån|lägenhet*"},
         4,
         true},
        {"medicine-money",
         Category::acute_need,
         true,
         "medicin*|läkemedel*|insulin|antibiotika|penicillin",
         {"råd|pengar|betala|köpa", kNegators},
         5,
         false},
        {"no-money-today",
         Category::acute_need,
         false,
         "pengar|kronor|kr|öre",
         {"ingen|inga|noll|slut"},
         3,
         false,
         {},
         {},
         {},
         {},
         false,
         true},
    };
    return s;
}

// The words that tell what a text as a whole is (text_context()).
struct ContextTerms {
    // Markers of a professional's, student's or writer's question: two points make a
    // text generic; "kan man" and the rules of a law are one point, a study or a job two.
    Term generic2, generic1, work, work_as, modal, man;
    Term since, years, was, childhood, present, as, joke, urgent, self, be, grade;
    std::uint64_t mask = 0;  // the bits of all of them in TermSet::words[0]
};

struct Terms {
    TermTable table;
    std::vector<Rule> rules;
    ContextTerms context;
    Term cancel;  // negators that cancel a negatable rule's match
};

const Terms& terms() {
    static const Terms t = [] {
        Terms x;
        auto& tt = x.table;
        // The context's terms first: their ids are below 64, so text_context() reads
        // them from one word of each TermSet.
        auto& c = x.context;
        c.generic2 = Term(
            tt,
            "uppsats*|studera|studerar|student*|kurs|kursen|utbildning*|föreläsning*|redovisning*|"
            "skolarbete*|"
            "forskning*|forskar*|statistik*|rutin|rutiner|rutinen|volontär*|arbetsplats*|kollega*|"
            "kollegor|yrke*|"
            "yrkesroll*|lagstiftning*|examensarbete*|artikel*|roman*|novell*|klient*|brukare*|"
            "föreläsa|"
            "handbok|"
            "riktlinje*|policy|utredare|arbetsgivare*|tjänsteman|socionom*");
        c.generic1 = Term(
            tt,
            "allmänt|generellt|hypotetisk*|praktik*|regel|regler|reglerna|lagen|paragraf*|vanligt|"
            "elev|"
            "elever|eleven|"
            "material|metod*|bok|boken|film|filmen|serie|serien|teori*");
        c.work = Term(tt, "jobba|jobbar|arbeta|arbetar|jobbat");
        c.work_as = Term(tt, "som|på|inom|med");
        c.modal = Term(tt, "kan|får|bör|ska|måste|brukar");
        c.man = Term(tt, "man");
        c.since = Term(tt, "sedan|sen");
        c.years = Term(tt, "år|åren|länge|årtionde*|decennium*");
        c.was = Term(tt, "var");
        c.childhood = Term(tt, "liten|barn|yngre|ung|tonåring|tonåren|mindre");
        c.present = Term(tt, "fortfarande|igen|ikväll|inatt|just|nyss|pågår|pågående");
        c.as = Term(tt, "som");
        c.joke = Term(tt, "haha*|hehe*|lol|xd|skämt*|skoj*|ironisk*|bildligt|överdriv*");
        c.urgent = Term(tt,
                        "idag|ikväll|inatt|imorgon|förrgår|igår|helgen|akut|genast|dygn|dygnet|"
                        "dagar|kväll|natt");
        c.self = Term(tt, "jag|ja|jg");
        c.be = Term(tt, "vara|är|ar|e");
        c.grade =
            Term(tt, "sexan|sjuan|åttan|nian|femman|fyran|högstadiet|mellanstadiet|lågstadiet");
        for (const auto* term : {&c.generic2, &c.generic1, &c.work, &c.work_as, &c.modal, &c.man,
                                 &c.since, &c.years, &c.was, &c.childhood, &c.present, &c.as,
                                 &c.joke, &c.urgent, &c.self, &c.be, &c.grade}) {
            if (term->id() >= 64) throw std::logic_error("triage: context term id above 63");
            c.mask |= std::uint64_t{1} << term->id();
        }
        for (const auto& s : specs()) {
            Rule rule{&s,
                      Term(tt, s.anchor),
                      {},
                      Term(tt, s.unless_before),
                      Term(tt, s.unless_after),
                      Term(tt, s.unless_near),
                      Term(tt, s.weak_if_near)};
            for (const auto n : s.need) rule.need.emplace_back(tt, n);
            x.rules.push_back(std::move(rule));
        }
        x.cancel = Term(tt, std::string(kNegators) + "|ingen|inga|inget");
        return x;
    }();
    return t;
}

bool any_in(const std::vector<Word>& w, std::size_t lo, std::size_t hi, std::size_t clause,
            const Term& t, std::size_t skip) {
    for (std::size_t k = lo; k <= hi && k < w.size(); ++k) {
        if (k != skip && w[k].clause == clause && t.matches(w[k])) return true;
    }
    return false;
}

}  // namespace

namespace {
// The value of a word of one or two ASCII digits ("8", "14"), else -1.
int small_number(const Word& w) {
    const auto& d = w.folded();
    if (!w.digits || d.empty() || d.size() > 2) return -1;
    int n = 0;
    for (const char ch : d) {
        if (ch < '0' || ch > '9') return -1;
        n = n * 10 + (ch - '0');
    }
    return n;
}
}  // namespace

void annotate_terms(Spelling& s) {
    const auto& t = terms();
    auto look = [&](const std::string& spelling) {
        if (const auto it = t.table.exact.find(spelling); it != t.table.exact.end()) {
            for (const auto id : it->second) s.terms.set(id);
        }
        if (spelling.empty()) return;
        for (const auto& [prefix, id] :
             t.table.prefixes[static_cast<unsigned char>(spelling.front())]) {
            if (spelling.starts_with(prefix)) s.terms.set(id);
        }
    };
    look(s.folded);
    for (const auto& l : s.lemmas) look(l);
    for (std::size_t k = 0; k < t.rules.size(); ++k) {
        const auto& anchor = t.rules[k].anchor;
        if (!anchor.empty() && s.terms.test(anchor.id()))
            s.anchors.push_back(static_cast<std::uint16_t>(k));
    }
}

TextContext text_context(const std::vector<Word>& words) {
    const auto& t = terms().context;
    const std::uint64_t generic2 = t.generic2.bit0(), generic1 = t.generic1.bit0(),
                        work = t.work.bit0(), work_as = t.work_as.bit0(), modal = t.modal.bit0(),
                        man = t.man.bit0(), since = t.since.bit0(), years = t.years.bit0(),
                        was = t.was.bit0(), childhood = t.childhood.bit0(),
                        present = t.present.bit0(), as = t.as.bit0(), joke = t.joke.bit0(),
                        urgent = t.urgent.bit0(), self = t.self.bit0(), be = t.be.bit0(),
                        grade = t.grade.bit0();
    // The context terms word k matches (numbers match none), as bits.
    auto terms_of = [&](std::size_t k) -> std::uint64_t {
        return words[k].digits ? 0 : words[k].spelling->terms.words[0] & t.mask;
    };

    TextContext c;
    std::size_t generic_count = 0;
    const std::size_t n = words.size();
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint64_t m = terms_of(i);
        if (m == 0) continue;
        const std::uint64_t next = i + 1 < n ? terms_of(i + 1) : 0;
        if ((m & generic2) != 0)
            generic_count += 2;
        else if ((m & generic1) != 0)
            ++generic_count;
        if ((m & work) != 0 && (next & work_as) != 0) generic_count += 2;
        if ((m & modal) != 0 && (next & man) != 0) ++generic_count;
        if ((m & since) != 0) {
            for (std::size_t k = i >= 3 ? i - 3 : 0; k < i; ++k) {
                if ((terms_of(k) & years) != 0) c.past = true;
            }
        }
        if ((m & was) != 0 && i + 1 < n) {
            const std::size_t hi = std::min(n - 1, i + 2);
            for (std::size_t k = i + 1; k <= hi; ++k) {
                if ((terms_of(k) & childhood) != 0) c.past = true;
            }
        }
        if ((m & present) != 0) c.present = true;
        if ((m & joke) != 0) c.joking = true;
        // "när jag var 8", "som barn"
        if ((m & was) != 0 && i + 1 < n) {
            const int age = small_number(words[i + 1]);
            if (age >= 0 && age < 18) c.past = true;
        }
        if ((m & as) != 0 && (next & childhood) != 0) c.past = true;
        if ((m & urgent) != 0) c.urgent = true;
        // "jag är 14", "jag är 15 år", "jag går i nian"
        if ((m & self) != 0 && i + 2 < n && (next & be) != 0) {
            const int age = small_number(words[i + 2]);
            if (age >= 6 && age < 18) c.minor_writer = true;
        }
        if ((m & grade) != 0) c.minor_writer = true;
    }
    c.generic = generic_count >= 2;
    return c;
}

std::vector<RuleHit> apply_rules(const std::vector<Word>& w, const TextContext& context) {
    std::vector<RuleHit> hits;
    const auto& cancel = terms().cancel;
    const auto& all = terms().rules;
    // (rule, word) for every word a rule's anchor matches, by rule and then in text order.
    std::vector<std::pair<std::size_t, std::size_t>> anchors;
    for (std::size_t i = 0; i < w.size(); ++i) {
        if (w[i].digits) continue;
        for (const auto r : w[i].spelling->anchors) anchors.emplace_back(r, i);
    }
    std::sort(anchors.begin(), anchors.end());
    for (const auto& [k, i] : anchors) {
        const auto& rule = all[k];
        const auto& s = *rule.spec;
        const auto window = static_cast<std::size_t>(s.window);
        const std::size_t clause = w[i].clause;
        const std::size_t lo = s.needs_after ? i + 1 : (i >= window ? i - window : 0);
        const std::size_t hi = std::min(w.size() - 1, i + window);
        if (!rule.unless_before.empty() && i > 0 && w[i - 1].clause == clause &&
            rule.unless_before.matches(w[i - 1]))
            continue;
        if (!rule.unless_after.empty() && any_in(w, i + 1, i + 1, clause, rule.unless_after, i))
            continue;
        std::size_t first = i, last = i;
        bool ok = true;
        for (const auto& need : rule.need) {
            bool found = false;
            for (std::size_t j = lo; j <= hi && !found; ++j) {
                if (j == i || w[j].clause != clause || !need.matches(w[j])) continue;
                found = true;
                first = std::min(first, j);
                last = std::max(last, j);
            }
            if (!found) {
                ok = false;
                break;
            }
        }
        if (!ok) continue;
        // A negator shortly before the match ("har aldrig tänkt på att ta mitt liv",
        // "inga självmordstankar") or inside or just after it ("slår mig aldrig").
        if (s.negatable && any_in(w, first >= 4 ? first - 4 : 0, std::min(last + 1, w.size() - 1),
                                  clause, cancel, i))
            continue;
        if (!rule.unless_near.empty() && any_in(w, lo, hi, clause, rule.unless_near, i)) continue;
        bool strong = s.strong;
        if (!rule.weak_if_near.empty() && any_in(w, lo, hi, clause, rule.weak_if_near, i))
            strong = false;
        if (s.strong_if_urgent) strong = context.urgent;
        // A professional's or student's question, or something long past and dealt
        // with, is not a crisis by its words alone: leave it to the classifier.
        if (context.generic || context.joking) strong = false;
        if (context.past && !context.present && s.category != Category::acute_need) strong = false;
        hits.push_back(RuleHit{s.category, first, last, strong, s.id});
        // A minor speaking of their own danger is also a child at risk.
        if (context.minor_writer && s.category != Category::child &&
            s.category != Category::acute_need)
            hits.push_back(RuleHit{Category::child, first, last, strong, "minor-writer"});
    }
    std::sort(hits.begin(), hits.end(), [](const RuleHit& a, const RuleHit& b) {
        return a.first != b.first ? a.first < b.first : a.last < b.last;
    });
    return hits;
}

}  // namespace radfraga::moderation::detail
