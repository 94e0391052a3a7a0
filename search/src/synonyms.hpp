// Domain synonyms, applied at query time (so editing them needs no reindex).
// File format: see search/data/synonyms.txt.
#pragma once
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "search/src/analyzer.hpp"
#include "search/src/thesaurus.hpp"

namespace radfraga::search::detail {

// An expression: one or more words, each with its primary stems.
struct SynonymExpr {
    std::vector<std::string> words;
    std::vector<std::vector<std::string>> stems;  // per word; empty for a stopword
};

// An alternative way to say a span of the query, and how sure it is to mean the same
// (the rule's weight, 0 < weight <= 1).
struct SynonymAlternative {
    const SynonymExpr* expr = nullptr;
    double weight = 1;
};

struct SynonymMatch {
    std::size_t first = 0;                         // index of the first matched query token
    std::size_t count = 0;                         // tokens matched
    std::vector<SynonymAlternative> alternatives;  // each expression once, at its best weight
    bool from_thesaurus = false;                   // Synonyms::thesaurus_match, not a rule
};

class Synonyms {
  public:
    // The weight of a rule that names none ("a, b" rather than "a, b @ 0.9").
    static constexpr double default_weight = 0.7;

    // Parses rules (one per line). Throws Error naming `source` and the line on a
    // malformed rule (e.g. "a =>" with nothing on the right, or a weight that is not a
    // number in (0, 1]).
    void add_rules(std::string_view text, std::string_view source, const Analyzer& analyzer);
    // Longest matches, left to right, over a query's words. Words match when they share
    // a primary stem (or are equal). Stopwords, and the words flagged in `ignore`, are
    // skipped in the query and in the expressions alike; a match's span (first, count)
    // is in `words` and may include skipped words.
    std::vector<SynonymMatch> match(const std::vector<std::string>& words, const Analyzer& analyzer,
                                    const std::vector<bool>& ignore = {}) const;
    std::size_t rule_count() const { return rules_.size(); }

    // A general thesaurus (thesaurus.hpp) for words the rules do not hold; each of its
    // synonyms weighs `weight`. Null: none.
    void set_thesaurus(std::shared_ptr<const Thesaurus> thesaurus, double weight);
    // The thesaurus's synonyms of query word `index`, `word`: those of each of its base
    // forms (Analyzer::base_forms), each expression once at the thesaurus's weight, the
    // word's own forms left out. No alternatives without a thesaurus or when it lacks the
    // word. The expressions live as long as this object. Thread-safe.
    SynonymMatch thesaurus_match(std::size_t index, const std::string& word,
                                 const Analyzer& analyzer) const;

  private:
    struct Rule {
        std::vector<SynonymExpr> from;
        std::vector<SynonymExpr> to;
        bool symmetric = true;
        double weight = default_weight;
    };
    std::vector<Rule> rules_;
    // Where each rule's left-hand expressions may start: (rule, expression) by the
    // expression's first word that is no stopword, and by each of that word's stems. A
    // query word can only begin a match of the expressions filed under itself or one of
    // its stems (see word_matches), so match() tries those instead of every rule.
    struct Start {
        std::size_t rule = 0;
        std::size_t expr = 0;
        bool operator<(const Start& o) const {
            return rule != o.rule ? rule < o.rule : expr < o.expr;
        }
        bool operator==(const Start& o) const = default;
    };
    std::unordered_map<std::string, std::vector<Start>> starts_;

    std::shared_ptr<const Thesaurus> thesaurus_;
    double thesaurus_weight_ = 0;
    // The thesaurus's expressions by headword, made once. Only headwords the thesaurus
    // has are kept, so however many words queries bring, it holds at most one entry per
    // headword. On the heap, so Synonyms stays movable.
    struct ThesaurusCache {
        std::mutex mutex;
        std::unordered_map<std::string, std::vector<std::unique_ptr<const SynonymExpr>>> exprs;
    };
    std::unique_ptr<ThesaurusCache> thesaurus_cache_ = std::make_unique<ThesaurusCache>();
};

}  // namespace radfraga::search::detail
