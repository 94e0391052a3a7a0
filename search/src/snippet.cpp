#include "search/src/snippet.hpp"

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "core/html.hpp"

namespace radfraga::search::detail {

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}
bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
bool is_ascii_alnum(char c) {
    return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
// A byte of a word for the purpose of emphasis flanking: ASCII letters and digits and
// every byte of a multi-byte UTF-8 character (å, ä, ö …).
bool is_wordish(char c) {
    return is_ascii_alnum(c) || (static_cast<unsigned char>(c) & 0x80U) != 0;
}

std::string_view trim_left(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    return s;
}

// A thematic break or setext underline: three or more of one of - * _ = (spaces allowed).
bool is_rule(std::string_view line) {
    char mark = 0;
    int n = 0;
    for (char c : line) {
        if (c == ' ' || c == '\t' || c == '\r') continue;
        if (c != '-' && c != '*' && c != '_' && c != '=') return false;
        if (mark != 0 && c != mark) return false;
        mark = c;
        ++n;
    }
    return n >= 3;
}

// Removes the block-level marks at the start of a line: quotes, headings, list items.
std::string_view strip_block_marks(std::string_view line) {
    for (;;) {
        line = trim_left(line);
        if (line.starts_with(">")) {
            line.remove_prefix(1);
            continue;
        }
        break;
    }
    if (line.starts_with("#")) {
        std::size_t n = 0;
        while (n < line.size() && line[n] == '#') ++n;
        if (n <= 6 && (n == line.size() || line[n] == ' ' || line[n] == '\t')) {
            line.remove_prefix(n);
            // Closing hashes: "## Rubrik ##".
            while (!line.empty() &&
                   (line.back() == ' ' || line.back() == '#' || line.back() == '\r')) {
                line.remove_suffix(1);
            }
            return trim_left(line);
        }
    }
    if (line.size() >= 2 && (line[0] == '-' || line[0] == '*' || line[0] == '+') &&
        (line[1] == ' ' || line[1] == '\t')) {
        line.remove_prefix(2);
        line = trim_left(line);
        // Task lists: "- [ ] text", "- [x] text".
        if (line.size() >= 3 && line[0] == '[' && line[2] == ']' &&
            (line[1] == ' ' || line[1] == 'x' || line[1] == 'X')) {
            line.remove_prefix(3);
        }
        return trim_left(line);
    }
    std::size_t d = 0;
    while (d < line.size() && d < 9 && is_digit(line[d])) ++d;
    if (d > 0 && d + 1 < line.size() && (line[d] == '.' || line[d] == ')') &&
        (line[d + 1] == ' ' || line[d + 1] == '\t')) {
        line.remove_prefix(d + 2);
        return trim_left(line);
    }
    return line;
}

// "[label]: https://…" on a line of its own.
bool is_reference_definition(std::string_view line) {
    line = trim_left(line);
    if (!line.starts_with("[")) return false;
    const auto close = line.find("]:");
    return close != std::string_view::npos && close > 1 && line.find('[', 1) > close;
}

// Finds the ')' closing a link destination that opens at s[open] == '('; npos if none.
std::size_t link_destination_end(std::string_view s, std::size_t open) {
    int depth = 0;
    for (std::size_t i = open; i < s.size(); ++i) {
        if (s[i] == '\\') {
            ++i;
            continue;
        }
        if (s[i] == '(') ++depth;
        if (s[i] == ')' && --depth == 0) return i;
        if (s[i] == '\n') return std::string_view::npos;
    }
    return std::string_view::npos;
}

// Inline syntax of one paragraph's text (block marks already gone).
void strip_inline(std::string_view s, std::string& out) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '\\' && i + 1 < s.size() && !is_ascii_alnum(s[i + 1]) && !is_space(s[i + 1]) &&
            (static_cast<unsigned char>(s[i + 1]) & 0x80U) == 0) {
            out += s[++i];  // an escaped punctuation character is literal
            continue;
        }
        if (c == '!' && i + 1 < s.size() && s[i + 1] == '[') continue;  // image: keep its alt text
        if (c == '[') {
            // [text](url) and [text][ref] → text. Nested brackets are rare; take the first ']'.
            const auto close = s.find(']', i + 1);
            if (close != std::string_view::npos && close + 1 < s.size()) {
                if (s[close + 1] == '(') {
                    const auto end = link_destination_end(s, close + 1);
                    if (end != std::string_view::npos) {
                        strip_inline(s.substr(i + 1, close - i - 1), out);
                        i = end;
                        continue;
                    }
                } else if (s[close + 1] == '[') {
                    const auto end = s.find(']', close + 2);
                    if (end != std::string_view::npos) {
                        strip_inline(s.substr(i + 1, close - i - 1), out);
                        i = end;
                        continue;
                    }
                }
            }
            out += c;
            continue;
        }
        if (c == '<') {
            // Autolinks <https://…> and <mailto:…> show their address; comments vanish.
            if (s.substr(i).starts_with("<!--")) {
                const auto end = s.find("-->", i + 4);
                if (end != std::string_view::npos) {
                    i = end + 2;
                    continue;
                }
            }
            const auto end = s.find('>', i + 1);
            if (end != std::string_view::npos) {
                const auto inner = s.substr(i + 1, end - i - 1);
                if ((inner.starts_with("http://") || inner.starts_with("https://") ||
                     inner.starts_with("mailto:")) &&
                    std::none_of(inner.begin(), inner.end(),
                                 [](char x) { return is_space(x) || x == '<'; })) {
                    out += inner;
                    i = end;
                    continue;
                }
            }
            out += c;
            continue;
        }
        if (c == '`') continue;  // code spans: keep the code, drop the ticks
        if (c == '*' || c == '_' || c == '~') {
            // A run of emphasis marks touching a word on either side is syntax; a lone
            // "*" between spaces, or an underscore inside a word (snake_case), is text.
            std::size_t j = i;
            while (j < s.size() && s[j] == c) ++j;
            const bool before = i > 0 && !is_space(s[i - 1]);
            const bool after = j < s.size() && !is_space(s[j]);
            const bool inside_word =
                i > 0 && j < s.size() && is_wordish(s[i - 1]) && is_wordish(s[j]);
            const bool strike_single = c == '~' && j - i == 1;
            if ((before || after) && !(c == '_' && inside_word) && !strike_single) {
                i = j - 1;
                continue;
            }
            out.append(s.substr(i, j - i));
            i = j - 1;
            continue;
        }
        out += c;
    }
}

}  // namespace

std::string strip_markdown(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    std::string para;
    bool in_fence = false;
    auto flush_para = [&] {
        std::string inline_text;
        strip_inline(para, inline_text);
        para.clear();
        for (char c : inline_text) {
            if (is_space(c)) {
                if (!out.empty() && out.back() != ' ') out += ' ';
            } else {
                out += c;
            }
        }
        if (!out.empty() && out.back() != ' ') out += ' ';
    };
    while (!text.empty()) {
        const auto nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        const auto t = trim_left(line);
        if (t.starts_with("```") || t.starts_with("~~~")) {
            in_fence = !in_fence;
            continue;
        }
        if (in_fence) {
            para.append(line);
            para += ' ';
            continue;
        }
        if (t.empty() || t == "\r") {
            flush_para();
            continue;
        }
        if (is_rule(t) || is_reference_definition(t)) {
            flush_para();
            continue;
        }
        const auto content = strip_block_marks(line);
        if (content.size() != line.size() && !para.empty()) flush_para();  // a new block
        para.append(content);
        para += ' ';
    }
    flush_para();
    while (!out.empty() && out.back() == ' ') out.pop_back();
    return out;
}

std::string make_snippet(std::string_view text, const BuiltQuery& q, const Analyzer& analyzer,
                         int& best_score, std::size_t window_bytes, std::size_t scan_bytes) {
    SnippetMemo memo;
    return make_snippet(text, q, analyzer, best_score, memo, window_bytes, scan_bytes);
}

std::string make_snippet(std::string_view text, const BuiltQuery& q, const Analyzer& analyzer,
                         int& best_score, SnippetMemo& memo, std::size_t window_bytes,
                         std::size_t scan_bytes) {
    return make_snippet(prepare_text(std::string(text), analyzer, window_bytes, scan_bytes), q,
                        best_score, memo, window_bytes);
}

PreparedText prepare_text(std::string plain, const Analyzer& analyzer, std::size_t window_bytes,
                          std::size_t scan_bytes) {
    // Distinct words < bytes tokenised < 65 536, so a word's number fits in 16 bits.
    window_bytes = std::min<std::size_t>(window_bytes, 4096);
    scan_bytes = std::min<std::size_t>(scan_bytes, 65535 - window_bytes);
    PreparedText out;
    out.plain = std::move(plain);
    out.scan_bytes = scan_bytes;
    const std::string_view text = out.plain;
    // Tokenise a little beyond the scanned part, so a window that starts near its end
    // can still be filled.
    const std::string_view scanned =
        text.substr(0, std::min(text.size(), scan_bytes + window_bytes));
    auto tokens = tokenize(scanned);
    out.cut = scanned.size() < text.size();
    if (out.cut && !tokens.empty()) tokens.pop_back();  // may be cut
    std::unordered_map<std::string, std::uint16_t> seen;
    out.words.reserve(tokens.size());
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        auto [it, fresh] =
            seen.emplace(tokens[i].word, static_cast<std::uint16_t>(out.analyses.size()));
        if (fresh) {
            out.analyses.push_back(analyzer.analyze(tokens[i].word));
            out.first.push_back(static_cast<std::uint32_t>(i));
        }
        out.words.push_back(PreparedText::Word{
            static_cast<std::uint32_t>(tokens[i].begin),
            static_cast<std::uint16_t>(tokens[i].end - tokens[i].begin), it->second});
    }
    return out;
}

std::size_t SnippetMemo::Decided::slot_of(const WordAnalysis* a) const {
    // Fibonacci hashing of the address (its low bits are alignment).
    const auto h =
        static_cast<std::size_t>(reinterpret_cast<std::uintptr_t>(a) * 0x9E3779B97F4A7C15ull);
    const std::size_t mask = slots_.size() - 1;
    std::size_t i = (h >> 20) & mask;
    while (slots_[i].first != nullptr && slots_[i].first != a) i = (i + 1) & mask;
    return i;
}

const int* SnippetMemo::Decided::find(const WordAnalysis* a) const {
    if (slots_.empty()) return nullptr;
    const auto& slot = slots_[slot_of(a)];
    return slot.first == a ? &slot.second : nullptr;
}

void SnippetMemo::Decided::insert(const WordAnalysis* a, int id) {
    assert(a != nullptr);
    if ((used_ + 1) * 2 > slots_.size()) {  // at most half full
        std::vector<std::pair<const WordAnalysis*, int>> old(
            std::max<std::size_t>(1024, slots_.size() * 2), {nullptr, 0});
        old.swap(slots_);
        used_ = 0;
        for (const auto& [key, value] : old) {
            if (key != nullptr) insert(key, value);
        }
    }
    auto& slot = slots_[slot_of(a)];
    if (slot.first == nullptr) ++used_;
    slot = {a, id};
}

std::string make_snippet(const PreparedText& prepared, const BuiltQuery& q, int& best_score,
                         SnippetMemo& memo, std::size_t window_bytes) {
    best_score = -1;
    const std::string_view text = prepared.plain;
    const auto& tokens = prepared.words;
    // Each distinct word is decided once per page (memo), by its analysis.
    std::vector<int> word_id(prepared.analyses.size(), -2);  // -2: not looked up yet
    std::vector<int> match_id(tokens.size(), -1);
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (tokens[i].begin >= prepared.scan_bytes) break;
        const std::uint32_t k = tokens[i].analysis;
        if (word_id[k] == -2) {
            const WordAnalysis* a = prepared.analyses[k].get();
            const int* decided = memo.decided.find(a);
            if (decided == nullptr) {
                int id = -1;
                // The word itself only for prefixes (word*): lower-cased again from its
                // first occurrence.
                std::string word;
                if (!q.highlight_prefixes.empty()) {
                    const auto& w = tokens[prepared.first[k]];
                    auto again = tokenize(text.substr(w.begin, w.length));
                    if (!again.empty()) word = std::move(again.front().word);
                }
                if (highlighted(word, *a, q)) {
                    id = memo.ids.emplace(a->position, static_cast<int>(memo.ids.size()))
                             .first->second;
                }
                memo.decided.insert(a, id);
                word_id[k] = id;
            } else {
                word_id[k] = *decided;
            }
        }
        match_id[i] = word_id[k];
    }
    const auto& ids = memo.ids;

    // Sliding window: for each start at a match, the distinct matches within the window.
    std::size_t best_first = 0, best_last = 0;
    int best_distinct = -1, best_matches = 0;
    std::vector<int> count(ids.size(), 0);
    int distinct = 0, matches = 0;
    std::size_t j = 0;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (j < i) j = i;
        while (j < tokens.size() && tokens[j].end() - tokens[i].begin <= window_bytes) {
            if (match_id[j] >= 0) {
                if (count[static_cast<std::size_t>(match_id[j])]++ == 0) ++distinct;
                ++matches;
            }
            ++j;
        }
        if (match_id[i] >= 0 &&
            (distinct > best_distinct || (distinct == best_distinct && matches > best_matches))) {
            best_first = i;
            best_last = j;
            best_distinct = distinct;
            best_matches = matches;
        }
        if (i < j && match_id[i] >= 0) {
            if (--count[static_cast<std::size_t>(match_id[i])] == 0) --distinct;
            --matches;
        }
    }
    if (best_distinct < 0) {
        // No match in this text: its beginning.
        best_first = 0;
        best_last = 0;
        while (best_last < tokens.size() && tokens[best_last].end() <= window_bytes) ++best_last;
    } else {
        // Some context before the first match, if the window leaves room.
        const std::size_t room =
            window_bytes - (tokens[best_last - 1].end() - tokens[best_first].begin);
        while (best_first > 0 &&
               tokens[best_last - 1].end() - tokens[best_first - 1].begin <= window_bytes &&
               tokens[best_first].begin - tokens[best_first - 1].begin <= room) {
            --best_first;
            if (tokens[best_first].begin + 40 < tokens[best_first + 1].begin) break;
        }
    }
    best_score = best_distinct * 1000 + best_matches;
    if (tokens.empty() || best_last <= best_first) return {};

    std::string out;
    if (best_first > 0) out += "… ";
    std::size_t at = tokens[best_first].begin;
    for (std::size_t i = best_first; i < best_last; ++i) {
        append_html_escaped(out, text.substr(at, tokens[i].begin - at));
        const auto word = text.substr(tokens[i].begin, tokens[i].end() - tokens[i].begin);
        if (match_id[i] >= 0) {
            out += "<mark>";
            append_html_escaped(out, word);
            out += "</mark>";
        } else {
            append_html_escaped(out, word);
        }
        at = tokens[i].end();
    }
    if (best_last < tokens.size() || prepared.cut) {
        // Keep sentence punctuation right after the last word.
        if (at < text.size() && (text[at] == '.' || text[at] == '?' || text[at] == '!')) {
            append_html_escaped(out, text.substr(at, 1));
        }
        out += " …";
    }
    return out;
}

}  // namespace radfraga::search::detail
