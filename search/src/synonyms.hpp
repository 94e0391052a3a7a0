// Domain synonyms, applied at query time (so editing them needs no reindex).
// File format: see search/data/synonyms.txt.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "search/src/analyzer.hpp"

namespace radfraga::search::detail {

// An expression: one or more words, each with its primary stems.
struct SynonymExpr {
    std::vector<std::string> words;
    std::vector<std::vector<std::string>> stems;  // per word; empty for a stopword
};

struct SynonymMatch {
    std::size_t first = 0;  // index of the first matched query token
    std::size_t count = 0;  // tokens matched
    std::vector<const SynonymExpr*> alternatives;
};

class Synonyms {
public:
    // Parses rules (one per line). Throws Error naming `source` and the line on a
    // malformed rule (e.g. "a =>" with nothing on the right).
    void add_rules(std::string_view text, std::string_view source, const Analyzer& analyzer);
    // Longest matches, left to right, over a query's words. Words match when they share
    // a primary stem (or are equal).
    std::vector<SynonymMatch> match(const std::vector<std::string>& words, const Analyzer& analyzer) const;
    std::size_t rule_count() const { return rules_.size(); }

private:
    struct Rule {
        std::vector<SynonymExpr> from;
        std::vector<SynonymExpr> to;
        bool symmetric = true;
    };
    std::vector<Rule> rules_;
};

}  // namespace radfraga::search::detail
