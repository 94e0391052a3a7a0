// Snippets: the best window of a question or answer, HTML-escaped, with <mark> around
// the words that met the query. Kept apart from the index so the fuzzer can drive it.
#pragma once
#include <string>
#include <string_view>
#include <unordered_map>

#include "search/src/analyzer.hpp"
#include "search/src/query.hpp"

namespace radfraga::search::detail {

// Answers are written in Markdown. Returns the text a reader sees, as plain text:
// emphasis markers (** __ * _ ~~), heading marks (#), list markers (- * + 1.), block
// quotes (>), code fences and backticks, link and image syntax ([text](url) → text,
// <https://…> → the address), reference definitions, HTML comments and tags, and
// horizontal rules are removed; line breaks and runs of white space become one space.
// Words and their order are kept, so the snippet reads like the rendered answer.
std::string strip_markdown(std::string_view text);

// Which words of a text meet the query, decided once per word for all the snippets of
// one result page (the same words recur in its questions and answers).
struct SnippetMemo {
    std::unordered_map<std::string, int> decided;  // word → match number, -1 for none
    std::unordered_map<std::string, int> ids;      // position stem → match number
};

// The window of at most `window_bytes` of `text` (plain text, see strip_markdown) with
// the most distinct matched words; `score` ranks windows of different texts (more
// distinct matches first). Only the first `scan_bytes` bytes are searched for matches;
// the window always starts at a word.
// `memo` must only be shared by calls with the same `q`.
std::string make_snippet(std::string_view text, const BuiltQuery& q, const Analyzer& analyzer, int& score,
                         SnippetMemo& memo, std::size_t window_bytes = 240, std::size_t scan_bytes = 8192);
std::string make_snippet(std::string_view text, const BuiltQuery& q, const Analyzer& analyzer, int& score,
                         std::size_t window_bytes = 240, std::size_t scan_bytes = 8192);

}  // namespace radfraga::search::detail
