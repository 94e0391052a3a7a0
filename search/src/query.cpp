#include "search/src/query.hpp"

#include <algorithm>

#include "core/utf8.hpp"

namespace radfraga::search::detail {

namespace {

// Relative weights of the ways a document can meet a query word. The word itself (any
// inflection) counts fully; a synonym a little less, since it may shift the meaning;
// compound parts found apart ("skuld … hyra" for "hyresskuld") less still.
constexpr double synonym_weight = 0.7;
// ... unless the archive itself uses the reader's word at least as often as the synonym:
// then the reader's word already finds what the archive has to say, and the synonym is
// mostly broader ("försörjningsstöd" → "bidrag"), so it counts less. A reader's everyday
// word that the archive rarely uses ("bidrag", "soc") keeps the full synonym weight.
constexpr double synonym_weight_broader = 0.35;
// ... and is left out when the reader's word alone is in more documents than this: the
// reader's own word already finds more than anyone reads, a broader synonym of a common
// word has a low BM25 weight anyway, and its long posting list was the dearest part of
// such queries on a 100 000-question archive (the sample's 120 never reach it).
constexpr std::uint64_t broader_synonym_max_own = 5000;
constexpr double parts_weight = 0.25;
constexpr std::uint64_t weak_ways_max_own = 5000;
constexpr double in_compound_weight = 0.3;
constexpr double correction_weight = 0.9;
// Documents where two neighbouring query words stand close together (within
// proximity_window positions, any order) get a bonus: "lämna … man", "skyddat boende".
constexpr double proximity_weight = 1.0;
constexpr Xapian::termcount proximity_window = 4;
// How the alternative ways to meet one word combine (see word_query).
constexpr Expr::Op combine_op = Expr::Op::or_;

using Op = Expr::Op;

Expr group(const std::vector<std::string>& stems, const char* prefix = "Z") {
    std::vector<Expr> terms;
    for (const auto& s : stems) terms.push_back(Expr::leaf(prefix + s));
    if (terms.size() == 1) return std::move(terms.front());
    return Expr::of(Op::synonym, std::move(terms));
}

void note(BuiltQuery& b, const std::vector<std::string>& stems) {
    for (const auto& s : stems) b.highlight.insert("Z" + s);
}

// All the ways to meet one analysed word: its stems; the word inside a compound of the
// document; for a compound, its parts apart. (OP_MAX would avoid counting a document
// that meets the word in several ways more than once, but Xapian 1.4.22 crashes on
// OP_MAX under OP_SCALE_WEIGHT when the match prunes by max weight; OP_OR also ranked
// better on the dev queries.)
//
// The weak ways (inside a compound, parts apart) are left out when the word itself is in
// more than weak_ways_max_own documents: it already finds more than anyone reads, and
// their long posting lists were a third of such queries' cost at 100 000 questions.
Expr word_query(const WordAnalysis& a, BuiltQuery& b, const TermFreq& termfreq) {
    std::vector<Expr> ways;
    ways.push_back(group(a.primary));
    note(b, a.primary);
    if (termfreq && !a.primary.empty() && termfreq("Z" + a.primary.front()) > weak_ways_max_own) {
        return ways.front();
    }
    ways.push_back(Expr::scaled(group(a.primary, "P"), in_compound_weight));
    if (a.parts.size() >= 2) {
        std::vector<Expr> parts;
        for (const auto& p : a.parts) {
            if (p.empty()) continue;
            parts.push_back(group(p));
            note(b, p);
        }
        ways.push_back(Expr::scaled(Expr::of(Op::and_, std::move(parts)), parts_weight));
    }
    return Expr::of(combine_op, std::move(ways));
}

Expr expr_query(const SynonymExpr& e, BuiltQuery& b) {
    std::vector<Expr> words;
    for (const auto& stems : e.stems) {
        if (stems.empty()) continue;  // stopwords in a multi-word expression
        words.push_back(group(stems));
        note(b, stems);
    }
    if (words.empty()) return {};
    return Expr::of(Op::and_, std::move(words));
}

// Words that phrase a question rather than name its subject: modal and helper verbs
// and fillers ("vill bli fosterförälder", "måste jag", "vad gör man", "finns det").
// They are indexed (a phrase may need them) but a query drops them when it has other
// words, so they neither rank documents nor earn a proximity bonus ("vill bli").
bool is_phrasing_word(const std::string& w) {
    static const std::unordered_set<std::string> words = {
        "vill", "ville", "får", "fick", "få", "måste", "behöver", "borde", "bör", "kunna", "kunde", "göra", "gör",
        "gjorde", "gjort", "finns", "fanns", "undrar", "undra", "snälla", "tack", "hej", "hejsan", "typ", "liksom",
        "verkligen", "egentligen", "bara", "också", "någon", "något", "några", "nån", "nåt", "nåra", "ngn", "ngt",
        "kommer", "tror", "tycker", "veta", "vet", "blivit", "varit", "hade", "har", "hur", "vad", "varför", "när"};
    return words.contains(w);
}

bool is_possessive(const std::string& w) {
    static const std::unordered_set<std::string> words = {"min", "din", "sin", "hans", "hennes", "deras",
                                                          "vår", "er", "ens", "hens"};
    return words.contains(w);
}

}  // namespace

ParsedQuery parse_query(std::string_view text) {
    if (text.size() > Limits::max_query_bytes) {
        throw QueryError(QueryErrorKind::too_long, "query longer than " + std::to_string(Limits::max_query_bytes) + " bytes");
    }
    if (!is_valid_utf8(text)) throw QueryError(QueryErrorKind::invalid_utf8, "query is not valid UTF-8");

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
        const std::ptrdiff_t before = std::lower_bound(quotes.begin(), quotes.end(), t.begin) - quotes.begin();
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
        item.exclude = t.begin > 0 && text[t.begin - 1] == '-' && (t.begin == 1 || text[t.begin - 2] == ' ');
        if (t.end < text.size() && text[t.end] == '*' && t.word.size() >= 2) item.kind = QueryItem::Kind::prefix;
        item.words.push_back(std::move(t));
        out.items.push_back(std::move(item));
    }
    // A one-word phrase is a word.
    for (auto& item : out.items) {
        if (item.kind == QueryItem::Kind::phrase && item.words.size() == 1) item.kind = QueryItem::Kind::word;
    }
    return out;
}

BuiltQuery build_query(const ParsedQuery& parsed, std::string_view text, const Analyzer& analyzer,
                       const Synonyms* synonyms, const Corrector& correct, const TermFreq& termfreq) {
    BuiltQuery b;
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
            any_substance = any_substance || (!analyzer.is_stopword(w.word) && !is_phrasing_word(w.word));
        }
    }

    // Corrections, recorded as byte ranges of `text` to replace for the suggestion.
    std::vector<std::pair<const Token*, std::string>> corrections;

    std::vector<std::string> near_terms;  // Snowball stems of the content words, in order
    std::vector<std::string> plain_words;  // the plain words in order, for synonyms
    std::vector<Expr> plain_queries;  // one per plain word; empty for a dropped stopword
    for (const auto& item : parsed.items) {
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
            Expr q = terms.size() == 1 ? Expr::leaf(*terms.front().get_terms_begin())
                                       : Expr::xapian(Xapian::Query(Xapian::Query::OP_PHRASE, terms.begin(), terms.end(),
                                                                    static_cast<Xapian::termcount>(item.words.size())));
            (item.exclude ? negative : positive).push_back(std::move(q));
            continue;
        }
        const Token& t = item.words.front();
        auto a = analyzer.analyze(t.word);
        if (item.exclude) {
            negative.push_back(group(a->primary));
            continue;
        }
        plain_words.push_back(t.word);
        // "man" is a noun after a possessive ("min man", "hennes man") and otherwise
        // mostly the pronoun "one" ("hur gör man"), which says nothing about the topic.
        const bool pronoun_man = analyzer.mode() == Analysis::swedish && t.word == "man" && any_content &&
                                 !(plain_words.size() >= 2 && is_possessive(plain_words[plain_words.size() - 2]));
        const bool phrasing = analyzer.mode() == Analysis::swedish && any_substance && is_phrasing_word(t.word);
        if ((a->stopword || pronoun_man || phrasing) && any_content) {
            plain_queries.emplace_back();
            continue;
        }
        Expr q = word_query(*a, b, termfreq);
        near_terms.push_back("Z" + a->position);
        if (correct) {
            if (auto fixed = correct(t.word)) {
                auto fa = analyzer.analyze(*fixed);
                Expr fq = word_query(*fa, b, termfreq);
                std::vector<Expr> both;
                both.push_back(std::move(q));
                both.push_back(Expr::scaled(std::move(fq), correction_weight));
                q = Expr::of(combine_op, std::move(both));
                corrections.emplace_back(&t, *fixed);
            }
        }
        plain_queries.push_back(std::move(q));
    }

    // Synonyms: a matched span of words becomes the best of (its words, a synonym).
    std::vector<SynonymMatch> matches;
    if (synonyms != nullptr) matches = synonyms->match(plain_words, analyzer);
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
        // archive uses the reader's words (the rarest of them, for a span) and each
        // alternative (the rarest of its words).
        std::unordered_set<std::string> own_stems;
        std::uint64_t own_freq = UINT64_MAX;
        for (std::size_t i = m.first; i < m.first + m.count; ++i) {
            const auto a = analyzer.analyze(plain_words[i]);
            own_stems.insert(a->primary.begin(), a->primary.end());
            if (termfreq && !a->stopword && !a->primary.empty())
                own_freq = std::min(own_freq, termfreq("Z" + a->primary.front()));
        }
        if (own_freq == UINT64_MAX) own_freq = 0;
        auto expr_freq = [&](const SynonymExpr& e) -> std::uint64_t {
            std::uint64_t f = UINT64_MAX;
            for (const auto& stems : e.stems) {
                if (stems.empty()) continue;
                std::uint64_t best = 0;  // any of the word's stems
                for (const auto& s : stems) best = std::max(best, termfreq("Z" + s));
                f = std::min(f, best);
            }
            return f == UINT64_MAX ? 0 : f;
        };
        std::vector<Expr> strong, weak;
        for (const auto* e : m.alternatives) {
            const bool adds = std::any_of(e->stems.begin(), e->stems.end(), [&](const auto& stems) {
                return std::any_of(stems.begin(), stems.end(), [&](const auto& s) { return !own_stems.contains(s); });
            });
            if (!adds) continue;
            Expr q = expr_query(*e, b);
            if (q.empty()) continue;
            const bool broader = termfreq && own_freq > 0 && own_freq >= expr_freq(*e);
            if (broader && own_freq > broader_synonym_max_own) continue;
            (broader ? weak : strong).push_back(std::move(q));
        }
        Expr mine = Expr::of(Op::or_, std::move(own));
        if (strong.empty() && weak.empty()) {
            if (!mine.empty()) positive.push_back(std::move(mine));
            continue;
        }
        std::vector<Expr> syns;
        if (!strong.empty()) syns.push_back(Expr::scaled(Expr::of(combine_op, std::move(strong)), synonym_weight));
        if (!weak.empty()) syns.push_back(Expr::scaled(Expr::of(combine_op, std::move(weak)), synonym_weight_broader));
        Expr syn = Expr::of(combine_op, std::move(syns));
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

    if (proximity_weight > 0 && analyzer.mode() == Analysis::swedish && near_terms.size() >= 2) {
        for (std::size_t i = 0; i + 1 < near_terms.size(); ++i) {
            if (near_terms[i] == near_terms[i + 1]) continue;
            b.near_pairs.emplace_back(near_terms[i], near_terms[i + 1]);
        }
        b.proximity_window = proximity_window;
        b.proximity_weight = proximity_weight;
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

Xapian::Query to_xapian(const Expr& e) {
    auto kids = [&] {
        std::vector<Xapian::Query> out;
        out.reserve(e.kids.size());
        for (const auto& k : e.kids) out.push_back(to_xapian(k));
        return out;
    };
    switch (e.op) {
        case Op::term: return Xapian::Query(e.term);
        case Op::opaque: return e.opaque;
        case Op::scale: return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, to_xapian(e.kids.at(0)), e.factor);
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
        case Op::and_not: return Xapian::Query(Xapian::Query::OP_AND_NOT, to_xapian(e.kids.at(0)), to_xapian(e.kids.at(1)));
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
