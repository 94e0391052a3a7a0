// Fuzzes the query path that untrusted input reaches: parse_query (validation, quotes,
// prefixes, exclusions), build_query (analysis, synonyms, spelling hook) and snippet
// highlighting; and Markdown stripping + snippets over the input as an answer. Any input
// must give a QueryError or a query, quickly, and never crash.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
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
        const auto first = detail::parse_query(text);
        // Letters put back, against a made-up archive that knows some terms (a hash of
        // the term decides), so every path of restore_letters is taken; the restored text
        // must parse again.
        // The same made-up archive of 1 000 documents ranks the query, so the paths that
        // depend on what the archive has (caps, the split of an unknown compound into
        // words the archive has) are taken too.
        const detail::TermFreq made_up = [](const std::string& t) -> std::uint64_t {
            if (t.empty()) return 1000;
            const auto v = std::hash<std::string>{}(t);
            return v % 5 == 0 ? v % 40 : 0;
        };
        const auto restored = detail::restore_letters(first, text, h.analyzer, made_up);
        const std::string_view query = restored ? std::string_view(*restored) : text;
        detail::ParsedQuery parsed = first;
        if (restored) {
            try {
                parsed = detail::parse_query(query);
            } catch (const QueryError&) {
                __builtin_trap();  // the text with the letters back must be a valid query
            }
        }
        const auto built = detail::build_query(
            parsed, query, h.analyzer, &h.synonyms,
            [](const std::string& w) -> std::optional<std::string> {
                if (w.size() > 6) return w.substr(0, 5);
                return std::nullopt;
            },
            made_up);
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
