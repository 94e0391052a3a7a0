#include "search/src/query.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <utility>

#include "core/utf8.hpp"

namespace radfraga::search::detail {

namespace {

// Relative weights of the ways a document can meet a query word. The word itself (any
// inflection) counts fully; a synonym by how sure its rule is (synonyms.txt, "@ w");
// compound parts found apart ("skuld … hyra" for "hyresskuld") less still. Each weaker
// way is further capped by Stats::cap, so that a rare expansion (high idf) does not
// outrank the reader's own word. A broader synonym (the archive uses the reader's word
// at least as often) is left out when the reader's word alone is in more documents
// than this: the reader's own word already finds more than anyone reads, a broader
// synonym of a common word weighs little anyway, and its long posting list was the
// dearest part of such queries on a 100 000-question archive (the sample's 120 never
// reach it).
constexpr std::uint64_t broader_synonym_max_own = 5000;
constexpr double parts_weight = 0.25;
// A synonym is "broader" when the archive uses the reader's word at least as often: then
// the reader's word already finds what the archive has to say and the synonym mostly
// widens it ("försörjningsstöd" → "bidrag"); it counts this much of its rule's weight.
// A reader's everyday word the archive seldom uses ("bidrag", "soc") keeps it whole.
constexpr double broader_factor = 0.5;
// A compound the archive does not have at all ("äldreboendeplats") can only be found by
// its parts, so they count more; and each part meets its synonyms ("fosterhems|placering"
// finds "familjehem" and "placering").
constexpr double absent_parts_weight = 0.6;
constexpr double absent_modifier_weight = 0.3;
constexpr double absent_head_weight = 0.1;
constexpr std::uint64_t weak_ways_max_own = 5000;
constexpr double in_compound_weight = 0.3;
// Synonyms at least this sure are marked in snippets; broader ones ("bidrag" for
// "socialbidrag") rank but are not shown as what the reader asked for.
constexpr double highlight_min_weight = 0.5;
constexpr double correction_weight = 0.9;
// Documents where two neighbouring query words stand close together (within
// proximity_window positions, any order) get a bonus: "lämna … man", "skyddat boende".
// Positions count only the indexed words of a sentence, so the window spans about twice
// the text it would with every word counted; a near pair is weaker evidence than the
// words themselves and adds half their weights, so that two words side by side do not
// outrank a document with more of the reader's words.
constexpr double proximity_weight = 0.5;
constexpr Xapian::termcount proximity_window = 4;
// How the alternative ways to meet one word combine (see word_query).
constexpr Expr::Op combine_op = Expr::Op::or_;

using Op = Expr::Op;

// Document frequencies and BM25's idf as the index has them (termfreq("") is the number
// of documents); without them (the fuzzer, explain_query) every cap below is 1.
class Stats {
  public:
    explicit Stats(const TermFreq& tf) : tf_(tf), n_(tf ? static_cast<double>(tf("")) : 0) {}
    bool known() const { return tf_ && n_ > 0; }
    double df(const std::string& term) const { return tf_ ? static_cast<double>(tf_(term)) : 0; }
    // The documents with any of the stems (an OP_SYNONYM), estimated as Xapian 1.4 does.
    double df_any(const std::vector<std::string>& stems, const char* prefix = "Z") const {
        double out = 0;
        for (const auto& s : stems) out = join(out, df(prefix + s));
        return out;
    }
    double join(double a, double b) const {
        return n_ > 0 ? std::min(n_, a + b - a * b / n_) : a + b;
    }
    // Xapian's BM25 idf (BM25Weight::init, with its guard for very common terms).
    double idf(double df) const {
        double tw = (n_ - df + 0.5) / (df + 0.5);
        if (tw < 2) tw = tw * 0.5 + 1;
        return std::log(tw);
    }

    // The factor that keeps an expansion of the reader's words from outranking the
    // words themselves: the expansion (an AND of groups with document frequencies
    // `expansion`) may weigh at most what the reader's words (`own`) weigh at best, so a
    // rare expansion, whose idf is high, cannot lift a document above one that has the
    // reader's own word. Where the reader's words occur nowhere there is nothing to
    // outrank, and the expansion counts as itself.
    double cap(const std::vector<double>& own, const std::vector<double>& expansion) const {
        if (!known() || expansion.empty()) return 1;
        const double rarest = *std::min_element(expansion.begin(), expansion.end());
        if (rarest <= 0) return 1;  // matches nothing anyway
        if (own.empty() || *std::min_element(own.begin(), own.end()) <= 0) return 1;
        double ub = 0, own_ub = 0;
        for (const double d : expansion) ub += idf(d);
        for (const double d : own) own_ub += idf(d);
        if (ub <= 0) return 1;
        return std::clamp(own_ub / ub, 0.0, 1.0);
    }

  private:
    const TermFreq& tf_;
    double n_ = 0;
};

Expr group(const std::vector<std::string>& stems, const char* prefix = "Z") {
    std::vector<Expr> terms;
    for (const auto& s : stems) terms.push_back(Expr::leaf(prefix + s));
    if (terms.size() == 1) return std::move(terms.front());
    return Expr::of(Op::synonym, std::move(terms));
}

void note(BuiltQuery& b, const std::vector<std::string>& stems) {
    for (const auto& s : stems) b.highlight.insert("Z" + s);
}

Expr expr_query(const SynonymExpr& e, BuiltQuery& b, bool highlight);

// Each alternative way to say a span of the query, scaled by its rule's weight and,
// when `capped` (a span of one word), by Stats::cap for the reader's words (`own_dfs`).
// A span of several words ("ta barnen") is not capped: its words scattered over a
// document do not say what the phrase says, so the phrase's synonym ("omhändertagande")
// may outrank them. Alternatives less sure than highlight_min_weight are not marked.
void add_alternatives(const std::vector<SynonymAlternative>& alts,
                      const std::vector<double>& own_dfs, bool capped, const Stats& st,
                      BuiltQuery& b, std::vector<Expr>& out) {
    for (const auto& alt : alts) {
        Expr q = expr_query(*alt.expr, b, alt.weight >= highlight_min_weight);
        if (q.empty()) continue;
        std::vector<double> dfs;
        for (const auto& stems : alt.expr->stems) {
            if (!stems.empty()) dfs.push_back(st.df_any(stems));
        }
        const double factor = alt.weight * (capped ? st.cap(own_dfs, dfs) : 1.0);
        if (factor > 0) out.push_back(Expr::scaled(std::move(q), factor));
    }
}

// A compound the archive lacks may be there with a synonym in place of one part
// ("drogtest" for "narkotikatest" and "knarktest"): each one-word synonym of a part
// joined to the other part as Swedish joins them (directly, with a linking "s", or
// without a modifier's final "a"/"e": "skola" in "skolhem"), kept when the archive has
// it, and weighed as sure as the synonym is. Only a compound the archive has is sought,
// so no part is met inside unrelated compounds ("tid" in "fritid").
// `part_matches[i]`: the synonym matches of a.part_words[i].
Expr swapped_compounds(const WordAnalysis& a,
                       const std::vector<std::vector<SynonymMatch>>& part_matches, BuiltQuery& b,
                       const Stats& st, const Analyzer& analyzer) {
    std::vector<Expr> found;
    std::unordered_set<std::string> seen;
    for (std::size_t side = 0; side < 2; ++side) {
        for (const auto& m : part_matches[side]) {
            for (const auto& alt : m.alternatives) {
                if (alt.expr->words.size() != 1) continue;
                // The synonym as listed ("droger") and its stems ("drog"), a compound's
                // usual modifier.
                std::vector<std::string> forms{alt.expr->words.front()};
                for (const auto& stem : alt.expr->stems.front()) forms.push_back(stem);
                std::vector<std::string> joined;
                for (const auto& w : forms) {
                    const std::string& modifier = side == 0 ? w : a.part_words[0];
                    const std::string& head = side == 0 ? a.part_words[1] : w;
                    joined.push_back(modifier + head);
                    joined.push_back(modifier + "s" + head);
                    if (modifier.size() > 3 && (modifier.back() == 'a' || modifier.back() == 'e'))
                        joined.push_back(modifier.substr(0, modifier.size() - 1) + head);
                }
                for (const auto& c : joined) {
                    if (!seen.insert(c).second) continue;
                    const auto ca = analyzer.analyze(c);
                    if (ca->stopword || ca->primary.empty() || st.df_any(ca->primary) <= 0)
                        continue;
                    if (alt.weight >= highlight_min_weight) note(b, ca->primary);
                    found.push_back(Expr::scaled(group(ca->primary), alt.weight));
                }
            }
        }
    }
    return Expr::of(combine_op, std::move(found));
}

// All the ways to meet one analysed word: its stems; the word inside a compound of the
// document; for a compound, its parts apart. (OP_MAX would avoid counting a document
// that meets the word in several ways more than once, but Xapian 1.4.22 crashes on
// OP_MAX under OP_SCALE_WEIGHT when the match prunes by max weight; OP_OR also ranked
// better on the dev queries.) The word inside a document's compound is capped
// (Stats::cap) so that a rare compound cannot outrank the word itself; the parts apart
// weigh a quarter, which keeps them below it (capping them too lost relevant answers:
// "hyresskuld" finds "skulder … hyran" this way). Neither is highlighted: "fosterhem"
// marks no "hem" (nor "hemlig", whose stem is "hem").
//
// The weak ways (inside a compound, parts apart) are left out when the word itself is in
// more than weak_ways_max_own documents: it already finds more than anyone reads, and
// their long posting lists were a third of such queries' cost at 100 000 questions.
Expr word_query(const WordAnalysis& a, BuiltQuery& b, const Stats& st, const Synonyms* synonyms,
                const Analyzer& analyzer) {
    std::vector<Expr> ways;
    ways.push_back(group(a.primary));
    note(b, a.primary);
    if (st.known() && !a.primary.empty() && st.df("Z" + a.primary.front()) > weak_ways_max_own) {
        return ways.front();
    }
    const double own = st.df_any(a.primary);
    const double in_compounds = st.df_any(a.primary, "P");
    ways.push_back(
        Expr::scaled(group(a.primary, "P"), in_compound_weight * st.cap({own}, {in_compounds})));
    if (a.parts.size() >= 2) {
        const bool absent = st.known() && own == 0 && in_compounds == 0;
        // An absent compound's parts' synonym matches, read by both ways below.
        std::vector<std::vector<SynonymMatch>> part_matches;
        if (absent && synonyms != nullptr) {
            for (const auto& w : a.part_words)
                part_matches.push_back(synonyms->match({w}, analyzer));
        }
        std::vector<Expr> parts;
        std::vector<double> part_dfs(a.parts.size(), 0);  // 0 for an empty part
        for (std::size_t i = 0; i < a.parts.size(); ++i) {
            const auto& p = a.parts[i];
            if (p.empty()) continue;
            const double part_df = part_dfs[i] = st.df_any(p);
            Expr part = group(p);
            if (i < part_matches.size()) {
                // The part's own synonyms: "fosterhem" in "fosterhemsplacering".
                std::vector<Expr> alts;
                for (const auto& m : part_matches[i]) {
                    add_alternatives(m.alternatives, {part_df}, true, st, b, alts);
                }
                if (!alts.empty()) {
                    alts.insert(alts.begin(), std::move(part));
                    part = Expr::of(combine_op, std::move(alts));
                }
            }
            parts.push_back(std::move(part));
        }
        const double weight = absent ? absent_parts_weight : parts_weight;
        ways.push_back(Expr::scaled(Expr::of(Op::and_, std::move(parts)), weight));
        if (part_matches.size() == 2) {
            Expr swapped = swapped_compounds(a, part_matches, b, st, analyzer);
            if (!swapped.empty()) ways.push_back(std::move(swapped));
        }
        const bool modifier_known = part_dfs.front() > 0;
        if (absent && absent_modifier_weight > 0 && modifier_known) {
            // The archive may say it with the modifier alone ("ledsagare" for
            // "ledsagartjänst", "sjukhuset" for "sjukhusvistelse").
            ways.push_back(Expr::scaled(group(a.parts.front()), absent_modifier_weight));
        }
        if (absent && absent_head_weight > 0 && modifier_known && part_dfs.back() > 0 &&
            analyzer.noun(a.part_words.back())) {
            // A compound whose head is a noun names a kind of it (a "tvångsauktion" is an
            // "auktion"), and an archive without the compound may only say the noun. It is
            // the broader class, so it weighs a third of the modifier and only beside a
            // modifier the archive has, which keeps the topic: "fosterförälder", whose
            // "foster" the archive never writes, lists no answer about any "förälder".
            // An adjective's head is no class of the compound ("bostadslös" is no kind
            // of "lös").
            ways.push_back(Expr::scaled(group(a.parts.back()), absent_head_weight));
        }
    }
    return Expr::of(combine_op, std::move(ways));
}

Expr expr_query(const SynonymExpr& e, BuiltQuery& b, bool highlight) {
    std::vector<Expr> words;
    for (const auto& stems : e.stems) {
        if (stems.empty()) continue;  // stopwords in a multi-word expression
        words.push_back(group(stems));
        if (highlight) note(b, stems);
    }
    if (words.empty()) return {};
    return Expr::of(Op::and_, std::move(words));
}

// Words that phrase a question rather than name its subject: question words, modal and
// helper verbs, verbs that only frame the question, pronouns and fillers ("vill bli
// fosterförälder", "måste jag", "vad gör man", "finns det", "vad händer om"), and the
// words that join a sentence which the stopword list lacks: the pronoun forms "sitt",
// "mej", "dej", "sej", conjunctions ("eftersom", "fastän", "innan") and prepositions
// ("hos", "genom"), and the answer word "ja" (an answer opens with it).
// They are indexed (a phrase may need them) but a query drops them when it has other
// words, so they neither rank documents nor earn a proximity bonus ("vill bli").
bool is_phrasing_word(const std::string& w) {
    static const std::unordered_set<std::string> words = {
        // question words
        "hur", "vad", "varför", "när", "var", "vart", "vem", "vems", "vilken", "vilket", "vilka",
        // modal and helper verbs, in their forms
        "vill", "ville", "velat", "får", "fick", "fått", "få", "måste", "behöva", "behöver",
        "behövde", "behövt", "borde", "bör", "kan", "kunna", "kunde", "kunnat", "ska", "skall",
        "skulle", "brukar", "brukade", "brukat", "bruka", "kommer", "har", "hade", "haft", "ha",
        "blivit", "varit",
        // verbs that only frame the question ("vad gör man", "finns det", "vad händer om")
        "göra", "gör", "gjorde", "gjort", "finns", "fanns", "funnits", "finnas", "händer", "hände",
        "hänt", "hända", "undrar", "undra", "tror", "tycker", "veta", "vet", "visste",
        // pronouns and fillers
        "någon", "något", "några", "nån", "nåt", "nåra", "ngn", "ngt", "hen", "snälla", "tack",
        "hej", "hejsan", "typ", "liksom", "verkligen", "egentligen", "bara", "också", "väl", "nog",
        "sitt", "mej", "dej", "sej",
        // conjunctions that join clauses, prepositions, the answer word "ja"
        "eftersom", "fastän", "innan", "medan", "ifall", "tills", "ja", "hos", "genom", "bland",
        "kring", "trots", "pga"};
    return words.contains(w);
}

// A query of this many words or more is a whole sentence, and its function words
// (stopwords) say something of how the reader puts it: "vår tjej har inte gått till
// skolan sen" shares "vår", "har inte", "till" with "Vår dotter har inte varit i
// skolan". Plain Snowball, which keeps them, beat this index on whole questions through
// them alone (without its stopwords it fell below: twenty-first set, question 0.539 →
// 0.452, issue 20, twelfth round). Shorter queries keep them out: in "trygghetslarm
// för pappa som bor själv" they only join the words.
constexpr std::size_t function_words_min_words = 8;

// A compound the archive does not have is found by its parts, so the split that counts
// is one into words the archive has: "julklappspengar" is "julklapps|pengar" (the
// archive says "julklappar" and "pengar"), not "jul|klappspengar", which Analyzer's
// dictionary-only split prefers because its shorter side is longer; "feriearbetslön" is
// "feriearbets|lön". The analyzer's split stands when the archive has both its parts.
// Otherwise every split into a modifier and a head of three letters or more is tried:
// the head as written (an inflected head keeps its inflection: "pengar"), the modifier
// as written or without its linking "s" ("julklapps", "julklapp"), each meeting the
// archive by its stems. Of the splits whose both sides the archive has, the one whose
// shorter side is longest wins, and of those the longer modifier (as in the analyzer).
// Null when no split is better. At most max_archive_split_analyses analyses per word: a
// hostile query of long unknown words costs no more than a few common ones.
constexpr std::size_t max_archive_split_analyses = 96;

std::shared_ptr<const WordAnalysis> split_by_archive(const std::string& word, const WordAnalysis& a,
                                                     const Analyzer& analyzer, const Stats& st) {
    if (!st.known() || analyzer.mode() != Analysis::swedish || a.stopword) return nullptr;
    if (st.df_any(a.primary) > 0 || st.df_any(a.primary, "P") > 0) return nullptr;
    const auto known = [&](const std::vector<std::string>& stems) { return st.df_any(stems) > 0; };
    if (a.parts.size() >= 2 &&
        std::all_of(a.parts.begin(), a.parts.end(), [&](const auto& p) { return known(p); }))
        return nullptr;
    if (code_points(word) < 7) return nullptr;
    std::size_t budget = max_archive_split_analyses;
    // A side of the split must be a word (the dictionary's, or one the archive writes:
    // "sobril|beroende", "swish|insättningar"), not merely share a Snowball stem with one:
    // "tonår|ingar" is no split although "ingar" stems as "inga" does.
    const auto word_known = [&](const std::string& w) -> std::shared_ptr<const WordAnalysis> {
        if (budget == 0) return nullptr;
        --budget;
        if (analyzer.is_stopword(w)) return nullptr;
        if (st.df("W" + w) == 0 && !analyzer.accepts(w)) return nullptr;
        auto wa = analyzer.analyze(w);
        return known(wa->primary) ? wa : nullptr;
    };
    std::shared_ptr<WordAnalysis> best;
    std::size_t best_score = 0;
    for (std::size_t i = 1; i < word.size() && budget > 0; ++i) {
        if (is_continuation(word[i])) continue;
        const std::string head = word.substr(i);
        const std::string written = word.substr(0, i);
        const std::size_t head_len = code_points(head), mod_len = code_points(written);
        if (head_len < 3 || mod_len < 3) continue;
        if (std::min(head_len, mod_len) < best_score) continue;
        if (head == "het" || head == "heten") continue;
        const auto ha = word_known(head);
        if (!ha) continue;
        // The modifier in its base forms by the analyzer's linking rules, and also with
        // the "e" a linking "s" replaced ("arbets" → "arbete"), which those rules lack.
        std::vector<std::string> forms = modifier_forms(written);
        if (mod_len >= 4 && written.back() == 's')
            forms.insert(forms.begin() + 2, written.substr(0, i - 1) + "e");
        for (const auto& form : forms) {
            const auto ma = word_known(form);
            if (!ma) continue;
            const std::size_t score = std::min(head_len, code_points(form));
            const bool better =
                !best || score > best_score ||
                (score == best_score && code_points(form) > code_points(best->part_words[0]));
            if (better) {
                best = std::make_shared<WordAnalysis>(a);
                best->parts = {ma->primary, ha->primary};
                best->part_words = {form, head};
                best_score = score;
            }
            break;
        }
    }
    return best;
}

bool is_possessive(const std::string& w) {
    static const std::unordered_set<std::string> words = {"min",   "din", "sin", "hans", "hennes",
                                                          "deras", "vår", "er",  "ens",  "hens"};
    return words.contains(w);
}

}  // namespace

ParsedQuery parse_query(std::string_view text) {
    if (text.size() > Limits::max_query_bytes) {
        throw QueryError(QueryErrorKind::too_long,
                         "query longer than " + std::to_string(Limits::max_query_bytes) + " bytes");
    }
    if (!is_valid_utf8(text))
        throw QueryError(QueryErrorKind::invalid_utf8, "query is not valid UTF-8");

    // Quote i opens a phrase if i is even; a token belongs to the phrase whose quote
    // count before it is odd. An unbalanced last quote runs to the end of the text.
    std::vector<std::size_t> quotes;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '"') quotes.push_back(i);
    }
    auto tokens = tokenize(text);
    if (tokens.size() > Limits::max_query_words) tokens.resize(Limits::max_query_words);

    ParsedQuery out;
    std::ptrdiff_t current_phrase = -1;
    for (auto& t : tokens) {
        const std::ptrdiff_t before =
            std::lower_bound(quotes.begin(), quotes.end(), t.begin) - quotes.begin();
        const bool in_phrase = before % 2 == 1;
        if (in_phrase) {
            if (current_phrase == before && !out.items.empty()) {
                out.items.back().words.push_back(std::move(t));
                continue;
            }
            current_phrase = before;
            QueryItem item;
            item.kind = QueryItem::Kind::phrase;
            const std::size_t q = quotes[static_cast<std::size_t>(before - 1)];
            item.exclude = q > 0 && text[q - 1] == '-' && (q == 1 || text[q - 2] == ' ');
            item.words.push_back(std::move(t));
            out.items.push_back(std::move(item));
            continue;
        }
        current_phrase = -1;
        QueryItem item;
        item.exclude =
            t.begin > 0 && text[t.begin - 1] == '-' && (t.begin == 1 || text[t.begin - 2] == ' ');
        if (t.end < text.size() && text[t.end] == '*' && t.word.size() >= 2)
            item.kind = QueryItem::Kind::prefix;
        item.words.push_back(std::move(t));
        out.items.push_back(std::move(item));
    }
    // A one-word phrase is a word.
    for (auto& item : out.items) {
        if (item.kind == QueryItem::Kind::phrase && item.words.size() == 1)
            item.kind = QueryItem::Kind::word;
    }
    return out;
}

BuiltQuery build_query(const ParsedQuery& parsed, std::string_view text, const Analyzer& analyzer,
                       const Synonyms* synonyms, const Corrector& correct,
                       const TermFreq& termfreq) {
    BuiltQuery b;
    const Stats st(termfreq);
    std::vector<Expr> positive;
    std::vector<Expr> negative;

    // Stopwords are dropped, unless the query has nothing else; so are phrasing words
    // when the query has a word of substance.
    bool any_content = false;
    bool any_substance = false;
    for (const auto& item : parsed.items) {
        if (item.exclude) continue;
        for (const auto& w : item.words) {
            any_content = any_content || !analyzer.is_stopword(w.word);
            any_substance =
                any_substance || (!analyzer.is_stopword(w.word) && !is_phrasing_word(w.word));
        }
    }

    std::size_t words_in_query = 0;
    for (const auto& item : parsed.items) {
        if (!item.exclude) words_in_query += item.words.size();
    }
    const bool whole_sentence =
        analyzer.mode() == Analysis::swedish && words_in_query >= function_words_min_words;

    // Corrections, recorded as byte ranges of `text` to replace for the suggestion.
    std::vector<std::pair<const Token*, std::string>> corrections;

    std::vector<std::string> near_terms;      // Snowball stems of the content words, in order
    std::vector<std::string> plain_words;     // the plain words in order, for synonyms
    std::vector<Expr> plain_queries;          // one per plain word; empty for a dropped stopword
    std::vector<Expr> phrasing_words;         // the dropped phrasing words' stems
    std::vector<std::string> all_near_terms;  // near_terms and phrasing words, in order
    std::vector<int> reader_word_of;          // per plain word: its index in b.reader_words, or -1
    const Token* verb_before = nullptr;  // the word before, when a content word that may be a verb
    std::string verb_position;           // its position stem
    for (const auto& item : parsed.items) {
        const Token* before = std::exchange(verb_before, nullptr);
        if (item.kind == QueryItem::Kind::prefix) {
            const std::string& w = item.words.front().word;
            Xapian::Query q(Xapian::Query::OP_WILDCARD, "W" + w,
                            static_cast<Xapian::termcount>(Limits::max_wildcard_expansion),
                            Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT);
            (item.exclude ? negative : positive).push_back(Expr::xapian(q));
            if (!item.exclude) b.highlight_prefixes.push_back(w);
            continue;
        }
        if (item.kind == QueryItem::Kind::phrase) {
            std::vector<Xapian::Query> terms;
            for (const auto& w : item.words) {
                if (analyzer.is_stopword(w.word)) continue;
                auto a = analyzer.analyze(w.word);
                terms.emplace_back("Z" + a->position);
                if (!item.exclude) b.highlight.insert("Z" + a->position);
            }
            if (terms.empty()) continue;
            // Stopwords take no position in the index, so the phrase's words stand side
            // by side: "stöd i boendet" is "stöd" followed by "boendet".
            Expr q = terms.size() == 1 ? Expr::leaf(*terms.front().get_terms_begin())
                                       : Expr::xapian(Xapian::Query(
                                             Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                                             static_cast<Xapian::termcount>(terms.size())));
            (item.exclude ? negative : positive).push_back(std::move(q));
            continue;
        }
        const Token& t = item.words.front();
        auto a = analyzer.analyze(t.word);
        if (!item.exclude) {
            if (auto split = split_by_archive(t.word, *a, analyzer, st)) a = std::move(split);
        }
        if (item.exclude) {
            negative.push_back(group(a->primary));
            continue;
        }
        plain_words.push_back(t.word);
        // "man" is a noun after a possessive ("min man", "hennes man") and otherwise
        // mostly the pronoun "one" ("hur gör man"), which says nothing about the topic.
        const bool pronoun_man =
            analyzer.mode() == Analysis::swedish && t.word == "man" && any_content &&
            !(plain_words.size() >= 2 && is_possessive(plain_words[plain_words.size() - 2]));
        const bool phrasing =
            analyzer.mode() == Analysis::swedish && any_substance && is_phrasing_word(t.word);
        // A particle right after a verb ("ta över kontraktet", "ta av sig slöjan"): the
        // particle is a stopword and ranks nothing, but the two together are what the
        // reader means (index_text indexes them as one term).
        if (before != nullptr && analyzer.is_particle(t.word) && t.begin >= before->end &&
            text.substr(before->end, t.begin - before->end).find_first_not_of(" \t\r\n") ==
                std::string_view::npos) {
            b.particle_terms.push_back(particle_term(verb_position, t.word));
        }
        if ((a->stopword || pronoun_man || phrasing) && any_content) {
            if (a->stopword && whole_sentence) {
                std::string term = function_term(t.word);
                if (std::find(b.function_terms.begin(), b.function_terms.end(), term) ==
                    b.function_terms.end())
                    b.function_terms.push_back(std::move(term));
            }
            if (phrasing && !a->stopword) {
                phrasing_words.push_back(group(a->primary));
                std::vector<std::string> terms;
                for (const auto& stem : a->primary) terms.push_back("Z" + stem);
                b.phrasing_terms.push_back(std::move(terms));
                all_near_terms.push_back("Z" + a->position);
            }
            plain_queries.emplace_back();
            continue;
        }
        Expr q = word_query(*a, b, st, synonyms, analyzer);
        BuiltQuery::ReaderWord reader;
        for (const auto& stem : a->primary) reader.own.push_back("Z" + stem);
        near_terms.push_back("Z" + a->position);
        all_near_terms.push_back("Z" + a->position);
        if (a->may_be_verb) {
            verb_before = &t;
            verb_position = a->position;
        }
        if (correct) {
            if (auto fixed = correct(t.word)) {
                auto fa = analyzer.analyze(*fixed);
                if (auto split = split_by_archive(*fixed, *fa, analyzer, st)) fa = std::move(split);
                Expr fq = word_query(*fa, b, st, synonyms, analyzer);
                std::vector<Expr> both;
                both.push_back(std::move(q));
                both.push_back(Expr::scaled(std::move(fq), correction_weight));
                q = Expr::of(combine_op, std::move(both));
                corrections.emplace_back(&t, *fixed);
                for (const auto& stem : fa->primary) reader.own.push_back("Z" + stem);
                // The archive lacks the word as written (that is when there is a
                // correction), so its nearness to the other words is the correction's.
                near_terms.back() = "Z" + fa->position;
                all_near_terms.back() = near_terms.back();
                // A misspelling has no synonyms of its own, so those of its correction
                // stand in; a real word the archive lacks ("bostadslös") keeps its own,
                // which a correction to a neighbouring form could lose.
                if (!analyzer.listed(t.word)) plain_words.back() = *fixed;
            }
        }
        plain_queries.push_back(std::move(q));
        reader_word_of.resize(plain_queries.size(), -1);
        std::sort(reader.own.begin(), reader.own.end());
        reader.own.erase(std::unique(reader.own.begin(), reader.own.end()), reader.own.end());
        if (!reader.own.empty()) {
            reader.met = reader.own;
            for (const auto& stem : a->primary) reader.met.push_back("P" + stem);
            reader_word_of.back() = static_cast<int>(b.reader_words.size());
            b.reader_words.push_back(std::move(reader));
        }
    }
    reader_word_of.resize(plain_queries.size(), -1);

    // Synonyms: a matched span of words becomes the best of (its words, a synonym).
    std::vector<SynonymMatch> matches;
    if (synonyms != nullptr) {
        // Over the words that count: "kan de ta min dotter" is "ta dotter".
        std::vector<bool> dropped(plain_queries.size());
        for (std::size_t i = 0; i < plain_queries.size(); ++i)
            dropped[i] = plain_queries[i].empty();
        matches = synonyms->match(plain_words, analyzer, dropped);
        // A word the archive never writes, which no rule holds, can only be found through
        // other words: the general thesaurus's. A word the archive writes finds what the
        // archive says, and the thesaurus's other senses would only drift from it ("slå"
        // is also "vinna"), so it is used for absent words alone ("stålar", "snuten"), and
        // only beside a word the archive knows, which tells the sense that matters: a
        // query of absent words alone would otherwise show whatever one sense of them
        // finds ("trumpet", also a form of "trumpen", sulky, would list an answer that
        // says "sur") instead of finding nothing.
        if (st.known() && !whole_sentence) {
            std::vector<bool> covered(plain_words.size());
            for (const auto& m : matches)
                for (std::size_t i = m.first; i < m.first + m.count; ++i) covered[i] = true;
            // Each counting word once: known (itself, inside a compound or through a rule),
            // absent, or a compound the archive lacks (known if it has both parts; asked
            // only when some word is absent and none is known otherwise).
            std::vector<bool> absent(plain_words.size());
            std::vector<std::shared_ptr<const WordAnalysis>> compounds;
            bool any_absent = false, any_known = false;
            for (std::size_t i = 0; i < plain_words.size(); ++i) {
                if (dropped[i]) continue;
                if (covered[i]) {
                    any_known = true;
                    continue;
                }
                auto a = analyzer.analyze(plain_words[i]);
                if (st.df_any(a->primary) > 0 || st.df_any(a->primary, "P") > 0) {
                    any_known = true;
                } else if (a->parts.size() >= 2) {
                    compounds.push_back(std::move(a));
                } else if (!a->stopword) {
                    absent[i] = any_absent = true;
                }
            }
            const auto parts_known = [&](const std::shared_ptr<const WordAnalysis>& a) {
                return std::all_of(a->parts.begin(), a->parts.end(),
                                   [&](const auto& part) { return st.df_any(part) > 0; });
            };
            const bool anchored =
                any_absent &&
                (any_known || std::any_of(compounds.begin(), compounds.end(), parts_known));
            std::vector<SynonymMatch> all;
            std::size_t m = 0;
            for (std::size_t i = 0; i < plain_words.size() && anchored; ++i) {
                for (; m < matches.size() && matches[m].first <= i; ++m) all.push_back(matches[m]);
                if (!absent[i]) continue;
                auto found = synonyms->thesaurus_match(i, plain_words[i], analyzer);
                if (!found.alternatives.empty()) all.push_back(std::move(found));
            }
            for (; m < matches.size(); ++m) all.push_back(matches[m]);
            matches = std::move(all);
        }
    }
    std::size_t next = 0;
    auto flush_until = [&](std::size_t end) {
        for (; next < end; ++next) {
            if (!plain_queries[next].empty()) positive.push_back(plain_queries[next]);
        }
    };
    for (const auto& m : matches) {
        flush_until(m.first);
        std::vector<Expr> own;
        for (std::size_t i = m.first; i < m.first + m.count; ++i) {
            if (!plain_queries[i].empty()) own.push_back(plain_queries[i]);
        }
        next = m.first + m.count;
        // The span's own stems (an alternative that adds no other term is no alternative:
        // "socialtjänsten" and "socialtjänst" share their stem), and how often the
        // archive uses each of the reader's words.
        std::unordered_set<std::string> own_stems;
        std::vector<double> own_dfs;
        for (std::size_t i = m.first; i < m.first + m.count; ++i) {
            if (plain_queries[i].empty()) continue;  // a stopword or phrasing word in the span
            const auto a = analyzer.analyze(plain_words[i]);
            own_stems.insert(a->primary.begin(), a->primary.end());
            if (!a->primary.empty()) own_dfs.push_back(st.df_any(a->primary));
        }
        double own_first = -1;  // the rarest of the reader's words, by its first stem
        for (std::size_t i = m.first; i < m.first + m.count; ++i) {
            if (plain_queries[i].empty()) continue;
            const auto a = analyzer.analyze(plain_words[i]);
            if (a->primary.empty()) continue;
            const double d = st.df("Z" + a->primary.front());
            own_first = own_first < 0 ? d : std::min(own_first, d);
        }
        // A synonym of one word says what the reader's words say: a document that has it
        // meets them. (The words of a longer expression scattered over a document do not.)
        for (std::size_t i = m.first; i < m.first + m.count; ++i) {
            if (reader_word_of[i] < 0 || m.from_thesaurus) continue;
            auto& met = b.reader_words[static_cast<std::size_t>(reader_word_of[i])].met;
            for (const auto& alt : m.alternatives) {
                const auto words = std::count_if(alt.expr->stems.begin(), alt.expr->stems.end(),
                                                 [](const auto& g) { return !g.empty(); });
                if (words != 1) continue;
                for (const auto& stems : alt.expr->stems)
                    for (const auto& stem : stems) met.push_back("Z" + stem);
            }
        }
        std::vector<SynonymAlternative> kept;
        for (const auto& alt : m.alternatives) {
            const auto& e = *alt.expr;
            const bool adds = std::any_of(e.stems.begin(), e.stems.end(), [&](const auto& stems) {
                return std::any_of(stems.begin(), stems.end(),
                                   [&](const auto& s) { return !own_stems.contains(s); });
            });
            if (!adds) continue;
            // A broader alternative (the archive uses the reader's word at least as
            // often) of a very common word: the word already finds more than anyone
            // reads, and the alternative's long list was the dearest part of the query.
            double alt_rarest = -1;
            for (const auto& stems : e.stems) {
                if (stems.empty()) continue;
                double d = 0;
                for (const auto& s : stems) d = std::max(d, st.df("Z" + s));
                alt_rarest = alt_rarest < 0 ? d : std::min(alt_rarest, d);
            }
            const bool broader = st.known() && own_first > 0 && own_first >= alt_rarest;
            if (broader && own_first > broader_synonym_max_own) continue;
            kept.push_back(alt);
            if (broader) kept.back().weight *= broader_factor;
        }
        std::vector<Expr> syns;
        add_alternatives(kept, own_dfs, own_dfs.size() == 1, st, b, syns);
        Expr mine = Expr::of(Op::or_, std::move(own));
        if (syns.empty()) {
            if (!mine.empty()) positive.push_back(std::move(mine));
            continue;
        }
        Expr syn =
            syns.size() == 1 ? std::move(syns.front()) : Expr::of(combine_op, std::move(syns));
        if (mine.empty()) {
            positive.push_back(std::move(syn));
        } else {
            std::vector<Expr> both;
            both.push_back(std::move(mine));
            both.push_back(std::move(syn));
            positive.push_back(Expr::of(combine_op, std::move(both)));
        }
    }
    flush_until(plain_queries.size());
    for (auto& w : b.reader_words) {
        std::sort(w.met.begin(), w.met.end());
        w.met.erase(std::unique(w.met.begin(), w.met.end()), w.met.end());
    }

    if (proximity_weight > 0 && analyzer.mode() == Analysis::swedish &&
        (near_terms.size() >= 2 || !b.particle_terms.empty())) {
        for (std::size_t i = 0; i + 1 < near_terms.size(); ++i) {
            if (near_terms[i] == near_terms[i + 1]) continue;
            b.near_pairs.emplace_back(near_terms[i], near_terms[i + 1]);
        }
        b.proximity_window = proximity_window;
        b.proximity_weight = proximity_weight;
    }

    if (!positive.empty() && !phrasing_words.empty()) {
        std::vector<Expr> with = positive;
        for (auto& w : phrasing_words) with.push_back(std::move(w));
        b.with_phrasing_expr = Expr::of(Op::or_, std::move(with));
        if (!negative.empty()) {
            b.with_phrasing_expr = Expr::of(
                Op::and_not, {std::move(b.with_phrasing_expr), Expr::of(Op::or_, negative)});
        }
        b.with_phrasing = to_xapian(b.with_phrasing_expr);
    }
    // The second ranking of a fused query (phrasing words or a whole sentence's function
    // words) is ordered by the nearness of all its words.
    if (!positive.empty() && (!phrasing_words.empty() || !b.function_terms.empty()) &&
        proximity_weight > 0) {
        for (std::size_t i = 0; i + 1 < all_near_terms.size(); ++i) {
            if (all_near_terms[i] == all_near_terms[i + 1]) continue;
            b.with_phrasing_near_pairs.emplace_back(all_near_terms[i], all_near_terms[i + 1]);
        }
    }
    if (!positive.empty()) {
        b.expr = Expr::of(Op::or_, positive);
        // What every match must have when nothing is ranked: each item, not the bonus.
        b.all_words_expr = Expr::of(Op::and_, std::move(positive));
        if (!negative.empty()) {
            const Expr none = Expr::of(Op::or_, std::move(negative));
            b.expr = Expr::of(Op::and_not, {std::move(b.expr), none});
            b.all_words_expr = Expr::of(Op::and_not, {std::move(b.all_words_expr), none});
        }
        b.query = to_xapian(b.expr);
        b.all_words = to_xapian(b.all_words_expr);
    }

    if (!corrections.empty()) {
        std::string s;
        std::size_t at = 0;
        for (const auto& [tok, fixed] : corrections) {
            s.append(text.substr(at, tok->begin - at));
            s += fixed;
            at = tok->end;
        }
        s.append(text.substr(at));
        b.suggestion = std::move(s);
    }
    return b;
}

namespace {

struct Variant {
    std::string word;
    int changes = 0;  // letters put back
};

// Every way to read `w` (lower-case ASCII) with å, ä, ö put back: an 'a' may be å or ä,
// an 'o' ö, and "aa", "ae", "oe" may be å, ä, ö. `w` itself is not among them.
void add_variants(std::string_view w, std::size_t at, std::string& cur, int changes,
                  std::vector<Variant>& out) {
    if (at == w.size()) {
        if (changes > 0) out.push_back({cur, changes});
        return;
    }
    const std::size_t keep = cur.size();
    const auto branch = [&](std::string_view put, std::size_t skip, int changed) {
        cur.append(put);
        add_variants(w, at + skip, cur, changes + changed, out);
        cur.resize(keep);
    };
    const std::string_view two = w.substr(at, 2);
    if (two == "aa") branch("å", 2, 1);
    if (two == "ae") branch("ä", 2, 1);
    if (two == "oe") branch("ö", 2, 1);
    branch(w.substr(at, 1), 1, 0);
    if (w[at] == 'a') {
        branch("å", 1, 1);
        branch("ä", 1, 1);
    } else if (w[at] == 'o') {
        branch("ö", 1, 1);
    }
}

// Lower-case ASCII letters only, two or more, with an a or an o; and not too many of
// them (3^7 readings at most).
bool may_lack_letters(const std::string& w) {
    if (w.size() < 2 || w.find_first_not_of("abcdefghijklmnopqrstuvwxyz") != std::string::npos)
        return false;
    const auto choices = std::count(w.begin(), w.end(), 'a') + std::count(w.begin(), w.end(), 'o');
    return choices > 0 && choices <= 7;
}

std::vector<Variant> variants_of(const std::string& w) {
    std::vector<Variant> out;
    std::string cur;
    add_variants(w, 0, cur, 0, out);
    return out;
}

// The best of `vs` by `score` (0: none), fewer letters put back breaking ties.
template <class Score>
std::optional<std::string> best_variant(const std::vector<Variant>& vs, Score score) {
    const Variant* best = nullptr;
    std::uint64_t best_score = 0;
    for (const auto& v : vs) {
        const std::uint64_t sc = score(v.word);
        if (sc > best_score || (sc == best_score && sc > 0 && v.changes < best->changes)) {
            best = &v;
            best_score = sc;
        }
    }
    if (best == nullptr) return std::nullopt;
    return best->word;
}

}  // namespace

std::optional<std::string> restore_letters(const ParsedQuery& parsed, std::string_view text,
                                           const Analyzer& analyzer, const TermFreq& termfreq,
                                           const Corrector& correct) {
    if (analyzer.mode() != Analysis::swedish || !termfreq) return std::nullopt;
    for (std::string_view letter : {"å", "ä", "ö", "Å", "Ä", "Ö"}) {
        if (text.find(letter) != std::string_view::npos) return std::nullopt;
    }
    std::vector<const Token*> tokens;
    for (const auto& item : parsed.items) {
        if (item.kind == QueryItem::Kind::prefix) continue;
        for (const auto& t : item.words) tokens.push_back(&t);
    }
    const auto freq = [&](const std::string& w) { return termfreq("W" + w); };
    const auto stems_known = [&](const WordAnalysis& a, bool with_parts) {
        std::uint64_t n = 0;
        for (const auto& s : a.primary) n += termfreq("Z" + s) > 0 ? 1U : 0U;
        if (with_parts) {
            for (const auto& part : a.parts)
                n += !part.empty() && termfreq("Z" + part.front()) > 0 ? 1U : 0U;
        }
        return n;
    };
    constexpr std::uint64_t stopword_score = std::numeric_limits<std::uint64_t>::max();
    // Bounds on the work a query may cause (a hostile query of 32 long words): readings
    // looked up in the archive, and readings checked against the dictionary.
    constexpr std::size_t max_dictionary_readings = 243;
    std::size_t archive_budget = 8192;
    std::size_t dictionary_budget = 512;

    std::vector<std::pair<const Token*, std::string>> put;
    std::vector<bool> done(tokens.size(), false);
    // Words the archive does not know.
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const std::string& w = tokens[i]->word;
        if (!may_lack_letters(w) || analyzer.is_stopword(w) || freq(w) > 0) continue;
        // A strong verb's form is known by its own stem only: typed without the letters
        // it may be another word ("vald" is "våld" as often as "välja"'s "vald"), and the
        // infinitive's stem, which the archive has, would say it is known.
        if (analyzer.is_verb_form(w)) {
            if (termfreq("Z" + analyzer.analyze(w)->primary.front()) > 0) continue;
        } else if (stems_known(*analyzer.analyze(w), false) > 0) {
            continue;
        }
        const auto vs = variants_of(w);
        if (vs.size() > archive_budget) break;
        archive_budget -= vs.size();
        auto best = best_variant(vs, [&](const std::string& v) {
            return analyzer.is_stopword(v) ? stopword_score : freq(v);
        });
        if (!best && vs.size() <= std::min(max_dictionary_readings, dictionary_budget) &&
            !analyzer.accepts(w) && !(correct && correct(w))) {
            dictionary_budget -= vs.size();
            best = best_variant(vs, [&](const std::string& v) -> std::uint64_t {
                return analyzer.accepts(v) ? stems_known(*analyzer.analyze(v), true) : 0;
            });
        }
        if (best) {
            put.emplace_back(tokens[i], std::move(*best));
            done[i] = true;
        }
    }
    if (put.empty()) return std::nullopt;
    // The query was typed without the letters: known words too, where a variant is far
    // more common. Never into a stopword or phrasing word, which answers use everywhere
    // ("bor" is no "bör").
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const std::string& w = tokens[i]->word;
        if (done[i] || !may_lack_letters(w) || analyzer.is_stopword(w)) continue;
        // A word the archive never writes as such (known only by a stem it shares, as
        // "ager" with "ag") takes any variant it does write; another, one four times as
        // common.
        const std::uint64_t written = freq(w);
        const std::uint64_t need = written == 0 ? 1 : 4 * written;
        const auto vs = variants_of(w);
        if (vs.size() > archive_budget) break;
        archive_budget -= vs.size();
        auto best = best_variant(vs, [&](const std::string& v) -> std::uint64_t {
            if (analyzer.is_stopword(v) || is_phrasing_word(v)) return 0;
            const std::uint64_t f = freq(v);
            return f >= need ? f : 0;
        });
        if (best) put.emplace_back(tokens[i], std::move(*best));
    }
    std::sort(put.begin(), put.end(),
              [](const auto& a, const auto& b) { return a.first->begin < b.first->begin; });
    std::string out;
    std::size_t at = 0;
    for (const auto& [tok, word] : put) {
        out.append(text.substr(at, tok->begin - at));
        out += word;
        at = tok->end;
    }
    out.append(text.substr(at));
    // Each letter put back takes a byte more; a text that would no longer be a valid
    // query stays as it was.
    if (out.size() > Limits::max_query_bytes) return std::nullopt;
    return out;
}

Xapian::Query to_xapian(const Expr& e) {
    auto kids = [&] {
        std::vector<Xapian::Query> out;
        out.reserve(e.kids.size());
        for (const auto& k : e.kids) out.push_back(to_xapian(k));
        return out;
    };
    switch (e.op) {
        case Op::term:
            return Xapian::Query(e.term);
        case Op::opaque:
            return e.opaque;
        case Op::scale:
            return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, to_xapian(e.kids.at(0)), e.factor);
        case Op::synonym: {
            const auto k = kids();
            return Xapian::Query(Xapian::Query::OP_SYNONYM, k.begin(), k.end());
        }
        case Op::or_: {
            const auto k = kids();
            return Xapian::Query(Xapian::Query::OP_OR, k.begin(), k.end());
        }
        case Op::and_: {
            const auto k = kids();
            return Xapian::Query(Xapian::Query::OP_AND, k.begin(), k.end());
        }
        case Op::and_not:
            return Xapian::Query(Xapian::Query::OP_AND_NOT, to_xapian(e.kids.at(0)),
                                 to_xapian(e.kids.at(1)));
    }
    return {};
}

bool highlighted(const std::string& word, const BuiltQuery& q, const Analyzer& analyzer) {
    if (q.highlight.empty()) {  // prefixes only: no need to analyse the word
        return std::any_of(q.highlight_prefixes.begin(), q.highlight_prefixes.end(),
                           [&](const std::string& p) { return word.starts_with(p); });
    }
    return highlighted(word, *analyzer.analyze(word), q);
}

bool highlighted(const std::string& word, const WordAnalysis& a, const BuiltQuery& q) {
    for (const auto& p : q.highlight_prefixes) {
        if (!word.empty() && word.starts_with(p)) return true;
    }
    if (q.highlight.empty() || a.stopword) return false;
    // The set holds a query's few terms ("Z" + stem): comparing with each is cheaper
    // than building and hashing "Z" + stem for every stem of every word of a page.
    auto has = [&](const std::string& stem) {
        if (q.highlight.size() > 16) return q.highlight.contains("Z" + stem);
        return std::any_of(q.highlight.begin(), q.highlight.end(), [&](const std::string& h) {
            return h.size() == stem.size() + 1 && h.compare(1, std::string::npos, stem) == 0;
        });
    };
    for (const auto& s : a.primary) {
        if (has(s)) return true;
    }
    // "skuld" also marks "hyresskulden".
    for (const auto& g : a.parts) {
        for (const auto& s : g) {
            if (has(s)) return true;
        }
    }
    return false;
}

}  // namespace radfraga::search::detail
