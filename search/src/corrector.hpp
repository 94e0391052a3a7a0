// The spelling corrector of an index, shared by the index and the tools that show how
// it reads a query (bench/search/explain_query).
#pragma once

#include <xapian.h>

#include <algorithm>
#include <optional>
#include <string>

#include "search/src/analyzer.hpp"
#include "search/src/query.hpp"

namespace radfraga::search::detail {

// A word the spelling table holds: three letters or more and no digit (numbers are no
// misspellings of one another).
inline bool spelling_word(const std::string& w) {
    if (w.size() < 3) return false;
    return std::none_of(w.begin(), w.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// A word of four letters or more that the archive has neither as written nor by any of
// its stems is spelled as its nearest archive word (edit distance 1 below six letters,
// else 2), unless the dictionary lists the word and the suggestion is another word.
// `analyzer` and `db` must outlive the corrector.
inline Corrector archive_corrector(const Analyzer& analyzer, Xapian::Database& db) {
    return [&analyzer, &db](const std::string& w) -> std::optional<std::string> {
        if (w.size() < 4 || !spelling_word(w)) return std::nullopt;
        if (db.term_exists("W" + w)) return std::nullopt;
        auto a = analyzer.analyze(w);
        for (const auto& s : a->primary) {
            if (db.term_exists("Z" + s)) return std::nullopt;
        }
        const unsigned distance = w.size() < 6 ? 1 : 2;
        std::string s = db.get_spelling_suggestion(w, distance);
        if (s.empty() || s == w) return std::nullopt;
        // A word the dictionary lists is no misspelling, only a word the archive does
        // not use: the nearest archive word is another word ("dröjer" → "droger")
        // unless it is a form of the same one, differing in its ending only ("dement"
        // → "demens").
        if (!same_but_ending(w, s) && analyzer.listed(w)) return std::nullopt;
        return s;
    };
}

}  // namespace radfraga::search::detail
