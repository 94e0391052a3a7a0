// Fuzzes the query path that untrusted input reaches: parse_query (validation, quotes,
// prefixes, exclusions), build_query (analysis, synonyms, spelling hook) and snippet
// highlighting; and Markdown stripping + snippets over the input as an answer. Any input
// must give a QueryError or a query, quickly, and never crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "search/src/analyzer.hpp"
#include "search/src/embedded.hpp"
#include "search/src/query.hpp"
#include "search/src/snippet.hpp"
#include "search/src/synonyms.hpp"

using namespace radfraga::search;

namespace {
// The dictionaries take ~0.2 s to load: once per fuzzing process, not per input.
struct Harness {
    Options options;
    detail::Analyzer analyzer{options};
    detail::Synonyms synonyms;
    Harness() {
        synonyms.add_rules(detail::embedded_file("synonyms.txt"), "synonyms.txt", analyzer);
    }
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static Harness h;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const auto parsed = detail::parse_query(text);
        const auto built =
            detail::build_query(parsed, text, h.analyzer, &h.synonyms,
                                [](const std::string& w) -> std::optional<std::string> {
                                    if (w.size() > 6) return w.substr(0, 5);
                                    return std::nullopt;
                                });
        (void)built.query.get_description();
        for (const auto& t : detail::tokenize(text))
            (void)detail::highlighted(t.word, built, h.analyzer);
        // The input as a Markdown answer: stripped and made into a snippet.
        int score = 0;
        (void)detail::make_snippet(detail::strip_markdown(text), built, h.analyzer, score);
    } catch (const QueryError&) {
    }
    return 0;
}
