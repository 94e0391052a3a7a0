// Query parsing: user text → a small syntax tree → a Xapian::Query. Kept apart from the
// index so the fuzzer can drive it without a database.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <xapian.h>

#include "search/src/analyzer.hpp"
#include "search/src/synonyms.hpp"

namespace radfraga::search::detail {

struct QueryItem {
    enum class Kind { word, phrase, prefix };
    Kind kind = Kind::word;
    std::vector<Token> words;  // one for word/prefix; one or more for phrase
    bool exclude = false;      // written as -word or -"a phrase"
};

struct ParsedQuery {
    std::vector<QueryItem> items;
};

// Validates and parses. Syntax: words; "a phrase" (an unbalanced quote runs to the end);
// -word / -"phrase" excludes; word* is a prefix (≥ 2 letters, else a plain word).
// Parentheses and all other punctuation are separators. At most
// Limits::max_query_words words are kept. Throws QueryError for too_long/invalid_utf8;
// returns no items for text without words (the caller decides what that means).
ParsedQuery parse_query(std::string_view text);

// Spelling correction for a word that occurs nowhere in the index; nullopt if none.
using Corrector = std::function<std::optional<std::string>(const std::string& word)>;

// A query as a tree that both Xapian and the in-memory ranker (ranker.hpp) evaluate:
// to_xapian() gives the Xapian::Query, and the ranker computes the same weights (BM25 as
// Xapian's BM25Weight, OR and AND summing their parts, SCALE_WEIGHT multiplying them).
// Phrases and wildcards are opaque: only Xapian evaluates them.
struct Expr {
    enum class Op { term, synonym, scale, or_, and_, and_not, opaque };
    Op op = Op::or_;
    std::string term;   // term: the term
    double factor = 1;  // scale: the factor
    std::vector<Expr>
        kids;              // synonym: terms; scale: one; or_, and_: any; and_not: (kept, excluded)
    Xapian::Query opaque;  // opaque: the query (never empty)

    static Expr leaf(std::string t) {
        Expr e;
        e.op = Op::term;
        e.term = std::move(t);
        return e;
    }
    static Expr of(Op op, std::vector<Expr> kids) {
        Expr e;
        e.op = op;
        e.kids = std::move(kids);
        return e;
    }
    static Expr scaled(Expr kid, double factor) {
        Expr e;
        e.op = Op::scale;
        e.factor = factor;
        e.kids.push_back(std::move(kid));
        return e;
    }
    static Expr xapian(Xapian::Query q) {
        Expr e;
        e.op = Op::opaque;
        e.opaque = std::move(q);
        return e;
    }
    // Matches nothing: an OR, AND or SYNONYM without parts (as an empty Xapian::Query).
    bool empty() const {
        return (op == Op::or_ || op == Op::and_ || op == Op::synonym) && kids.empty();
    }
};

// The Xapian query for `e`, built with the same constructors as before the tree existed.
Xapian::Query to_xapian(const Expr& e);

struct BuiltQuery {
    // Every way to meet the words, and the exclusions; empty (MatchNothing) if nothing
    // positive. It finds and ranks the matches, all but the proximity bonus.
    Xapian::Query query;
    Expr expr;  // the same as a tree
    // The proximity bonus: where two neighbouring query words stand within
    // `proximity_window` positions of each other (any order) in a document, their BM25
    // weights in it count again, times `proximity_weight`. The pairs are position terms
    // (Z + WordAnalysis::position). Reading positions for every match is the dearest
    // part of a query over a large archive, so the index adds the bonus to the
    // documents of the page only (see Index::Impl::rerank). Empty if no two words can
    // be near.
    std::vector<std::pair<std::string, std::string>> near_pairs;
    // Each verb the reader wrote with its particle ("ta över", "stänga av"), as its
    // particle_term (analyzer.hpp). The particle is a stopword, so the words alone
    // cannot tell "ta över kontraktet" from any "ta"; a document that has the two
    // together gets a bonus on the page as for a near pair (Index::Impl::rerank).
    std::vector<std::string> particle_terms;
    unsigned proximity_window = 0;
    double proximity_weight = 0;
    // The same words, each required (AND of the items, every way to meet a word still
    // counts; no proximity bonus). For orders that do not rank: newest first.
    Xapian::Query all_words;
    Expr all_words_expr;
    // For a query phrased as a question (phrasing words were dropped): the same query
    // with the phrasing words back in, each at full weight. Its ranking is fused with
    // the query's own (Index::Impl::fuse), so a question that repeats a question's
    // wording ("får … veta") keeps what plain word matching finds. Empty otherwise.
    Xapian::Query with_phrasing;
    Expr with_phrasing_expr;
    // Its proximity pairs: neighbouring words, phrasing words included.
    std::vector<std::pair<std::string, std::string>> with_phrasing_near_pairs;
    // The phrasing words' terms, one group (an OP_SYNONYM in with_phrasing) per word:
    // with_phrasing is the query's own OR these groups, which lets the index score it
    // over the query's own first matches only (Index::Impl::fuse).
    std::vector<std::vector<std::string>> phrasing_terms;
    // A whole sentence's function words: the distinct stopwords of a query of at least
    // function_words_min_words words, as the index's presence terms (S<word>, see
    // index_text); empty for a shorter query. They weigh the question fusion's matches
    // (Index::Impl::fused_match) and make a query fused that has them.
    std::vector<std::string> function_terms;
    // The reader's content words, one group per word: `own` holds the Z terms of the word
    // as written (its stems and its correction's), `met` also the ways a document says
    // the same word otherwise (inside a compound, a synonym of one word). A question's
    // matches keep the reader's own words first (Index::Impl::keep_readers_words_first).
    struct ReaderWord {
        std::vector<std::string> own;
        std::vector<std::string> met;
    };
    std::vector<ReaderWord> reader_words;
    std::unordered_set<std::string> highlight;    // Z terms whose words are highlighted
    std::vector<std::string> highlight_prefixes;  // surface prefixes (from word*)
    std::optional<std::string> suggestion;        // the query text with corrections applied
};

// The number of documents holding a term; used to weigh synonyms (see query.cpp).
using TermFreq = std::function<std::uint64_t(const std::string& term)>;

// Builds the query. `synonyms` may be null (baseline); `correct` and `termfreq` may be
// empty (then every synonym gets the same weight).
BuiltQuery build_query(const ParsedQuery& parsed, std::string_view text, const Analyzer& analyzer,
                       const Synonyms* synonyms, const Corrector& correct,
                       const TermFreq& termfreq = {});

// A query typed without å, ä and ö, as on a keyboard or phone that lacks them
// ("forsorjningsstod", "vald i nara relationer", "hur gor jag"; also "foersoerjning"),
// with the letters put back: the query text with each such word replaced, or nullopt
// when nothing changes. Only for a text with no å, ä or ö at all (whoever typed one has
// them). A word is put back when the archive does not know it (no surface word, no
// stem: `termfreq` of "W" + word and "Z" + stem is 0) and a variant with å/ä for an a,
// ö for an o (or å, ä, ö for aa, ae, oe) is an archive word or a stopword (the most
// frequent wins), or else, when the dictionary does not accept the word and `correct`
// has no correction for it ("fadersskap" is "faderskap", not "fadersskåp"), a variant
// the dictionary accepts whose stems and compound parts the archive has most of
// ("tandvardsbistand").
// Once one word was put back, the query was typed without the letters, and a word the
// archive does know is put back too where a variant that is no stopword or phrasing
// word is at least four times as frequent ("vald" → "våld", not "bor" → "bör"), or is
// written at all when the word itself never is ("ager" → "äger").
std::optional<std::string> restore_letters(const ParsedQuery& parsed, std::string_view text,
                                           const Analyzer& analyzer, const TermFreq& termfreq,
                                           const Corrector& correct = {});

// Whether a word (a Token::word) matches the highlight set.
bool highlighted(const std::string& word, const BuiltQuery& q, const Analyzer& analyzer);
// The same, for a word already analysed; `word` (lower-cased) is only needed for
// prefixes and may be empty when the query has none.
bool highlighted(const std::string& word, const WordAnalysis& a, const BuiltQuery& q);

}  // namespace radfraga::search::detail
