// Snippets: the best window of a question or answer, HTML-escaped, with <mark> around
// the words that met the query. Kept apart from the index so the fuzzer can drive it.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

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
    // word → match number, -1 for none. An open-addressing table: a page of results
    // meets a few thousand distinct words, and a node per word (std::unordered_map) was
    // a tenth of the search page's CPU in allocations.
    class Decided {
      public:
        // The number decided for `a`, or nullptr.
        const int* find(const WordAnalysis* a) const;
        void insert(const WordAnalysis* a, int id);

      private:
        std::size_t slot_of(const WordAnalysis* a) const;
        std::vector<std::pair<const WordAnalysis*, int>> slots_;  // size a power of two, or 0
        std::size_t used_ = 0;
    };
    Decided decided;
    std::unordered_map<std::string, int> ids;  // position stem → match number
};

// A plain text made ready for snippets: its words found and analysed, so a text that
// comes up on many result pages is read once (the index keeps them, see index.cpp).
// Independent of any query.
struct PreparedText {
    struct Word {
        std::uint32_t begin = 0;   // byte offset in `plain`
        std::uint16_t length = 0;  // bytes (tokenize drops words over 64 bytes)
        std::uint16_t analysis =
            0;  // index into `analyses` (fewer distinct words than bytes scanned)
        std::uint32_t end() const { return begin + length; }
    };
    std::string plain;
    std::vector<Word> words;  // the words of the scanned part (and a window beyond it)
    // Each distinct word's analysis; it keeps the analysis alive when the analyzer's
    // cache drops it, so the pointer identifies the word for SnippetMemo.
    std::vector<std::shared_ptr<const WordAnalysis>> analyses;
    std::vector<std::uint32_t> first;  // per analysis: the index of its first word
    bool cut = false;                  // words stop before the end of `plain`
    std::size_t scan_bytes = 0;
    std::size_t bytes() const {
        return plain.capacity() + words.capacity() * sizeof(Word) + analyses.capacity() * 16 +
               first.capacity() * 4 + sizeof(PreparedText);
    }
};

// Prepares `plain` (see strip_markdown) for snippets of windows up to `window_bytes`
// whose matches lie in the first `scan_bytes` bytes.
PreparedText prepare_text(std::string plain, const Analyzer& analyzer,
                          std::size_t window_bytes = 240, std::size_t scan_bytes = 8192);

// The snippet of a prepared text; as make_snippet below.
std::string make_snippet(const PreparedText& text, const BuiltQuery& q, int& score,
                         SnippetMemo& memo, std::size_t window_bytes = 240);

// The window of at most `window_bytes` of `text` (plain text, see strip_markdown) with
// the most distinct matched words; `score` ranks windows of different texts (more
// distinct matches first). Only the first `scan_bytes` bytes are searched for matches;
// the window always starts at a word.
// `memo` must only be shared by calls with the same `q`.
std::string make_snippet(std::string_view text, const BuiltQuery& q, const Analyzer& analyzer,
                         int& score, SnippetMemo& memo, std::size_t window_bytes = 240,
                         std::size_t scan_bytes = 8192);
std::string make_snippet(std::string_view text, const BuiltQuery& q, const Analyzer& analyzer,
                         int& score, std::size_t window_bytes = 240, std::size_t scan_bytes = 8192);

}  // namespace radfraga::search::detail
