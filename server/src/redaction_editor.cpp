#include "server/src/redaction_editor.hpp"

#include <algorithm>
#include <cstdint>

#include "web/web.hpp"

namespace radfraga::server {

namespace {

constexpr std::size_t kContext = 24;

bool continuation(char c) {
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// How well the occurrence of length `len` at `at` in `text` sits in `p`'s context: the
// bytes it shares with `before` (ending at it) and with `after` (starting after it).
std::size_t fit(std::string_view text, std::size_t at, std::size_t len, const Proposal& p) {
    std::size_t score = 0;
    while (score < p.before.size() && score < at &&
           text[at - 1 - score] == p.before[p.before.size() - 1 - score])
        ++score;
    std::size_t a = 0;
    const std::size_t end = at + len;
    while (a < p.after.size() && end + a < text.size() && text[end + a] == p.after[a]) ++a;
    return score + a;
}

struct Best {
    std::size_t at = std::string_view::npos;
    std::size_t score = 0;
};

// The occurrence of `needle` in `text` that fits `p`'s context best (the first on a tie).
Best locate(std::string_view text, std::string_view needle, const Proposal& p) {
    Best best;
    if (needle.empty()) return best;
    for (auto at = text.find(needle); at != std::string_view::npos;
         at = text.find(needle, at + 1)) {
        const auto s = fit(text, at, needle.size(), p);
        if (best.at == std::string_view::npos || s > best.score) best = {at, s};
    }
    return best;
}

// Words with the white space after them: the diff's units.
std::vector<std::string_view> tokens(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t i = 0;
    while (i < s.size()) {
        std::size_t j = i;
        while (j < s.size() && s[j] != ' ' && s[j] != '\n' && s[j] != '\t') ++j;
        while (j < s.size() && (s[j] == ' ' || s[j] == '\n' || s[j] == '\t')) ++j;
        out.push_back(s.substr(i, j - i));
        i = j;
    }
    return out;
}

// Escaped, line breaks kept.
void append_text(std::string& out, std::string_view s) {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto nl = s.find('\n', i);
        const auto end = nl == std::string_view::npos ? s.size() : nl;
        out += web::escape_html(s.substr(i, end - i));
        if (nl == std::string_view::npos) break;
        out += "<br>\n";
        i = nl + 1;
    }
}

// A run of changed words in `tag` (its trailing white space outside the mark).
void append_marked(std::string& out, std::string_view run, std::string_view tag) {
    if (run.empty()) return;
    std::size_t end = run.size();
    while (end > 0 && (run[end - 1] == ' ' || run[end - 1] == '\n' || run[end - 1] == '\t')) --end;
    out += "<";
    out += tag;
    out += ">";
    append_text(out, run.substr(0, end));
    out += "</";
    out += tag;
    out += ">";
    append_text(out, run.substr(end));
}

std::string_view join(const std::vector<std::string_view>& t, std::size_t from, std::size_t to) {
    if (from >= to) return {};
    return {t[from].data(),
            static_cast<std::size_t>(t[to - 1].data() + t[to - 1].size() - t[from].data())};
}

}  // namespace

Proposal proposal(std::string_view original, const moderation::Finding& f) {
    {
        Proposal p;
        p.text = f.text;
        p.placeholder = std::string(moderation::placeholder(f.type));
        std::size_t from = f.start > kContext ? f.start - kContext : 0;
        while (from < f.start && continuation(original[from])) ++from;
        p.before = std::string(original.substr(from, f.start - from));
        std::size_t to = std::min(original.size(), f.end + kContext);
        while (to < original.size() && to > f.end && continuation(original[to])) --to;
        p.after = std::string(original.substr(f.end, to - f.end));
        return p;
    }
}

bool is_applied(std::string_view text, const Proposal& p) {
    const auto as_text = locate(text, p.text, p);
    const auto as_placeholder = locate(text, p.placeholder, p);
    if (as_placeholder.at == std::string_view::npos) return false;
    if (as_text.at == std::string_view::npos) return true;
    return as_placeholder.score > as_text.score;
}

std::string toggle(std::string text, const Proposal& p, bool apply) {
    if (is_applied(text, p) == apply) return text;
    const std::string_view from = apply ? p.text : p.placeholder;
    const std::string_view to = apply ? p.placeholder : p.text;
    const auto best = locate(text, from, p);
    if (best.at == std::string_view::npos) return text;
    text.replace(best.at, from.size(), to);
    return text;
}

RedactionDiff redaction_diff(std::string_view original, std::string_view published) {
    const auto a = tokens(original);
    const auto b = tokens(published);
    // The common ends first; the longest common subsequence of words in between.
    std::size_t pre = 0;
    while (pre < a.size() && pre < b.size() && a[pre] == b[pre]) ++pre;
    std::size_t suf = 0;
    while (suf < a.size() - pre && suf < b.size() - pre &&
           a[a.size() - 1 - suf] == b[b.size() - 1 - suf])
        ++suf;
    const std::size_t n = a.size() - pre - suf, m = b.size() - pre - suf;
    RedactionDiff d;
    append_text(d.original_html, join(a, 0, pre));
    append_text(d.public_html, join(b, 0, pre));
    if (n * m > 4'000'000) {  // too long to align word by word: the middles as changed
        append_marked(d.original_html, join(a, pre, pre + n), "del");
        append_marked(d.public_html, join(b, pre, pre + m), "ins");
    } else {
        std::vector<std::uint32_t> len((n + 1) * (m + 1), 0);
        const auto at = [&](std::size_t i, std::size_t j) -> std::uint32_t& {
            return len[i * (m + 1) + j];
        };
        for (std::size_t i = n; i-- > 0;)
            for (std::size_t j = m; j-- > 0;)
                at(i, j) = a[pre + i] == b[pre + j] ? at(i + 1, j + 1) + 1
                                                    : std::max(at(i + 1, j), at(i, j + 1));
        // Walk the table: between two common words, what was removed from the original
        // and what was put into the public text are one marked run each.
        std::size_t i = 0, j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a[pre + i] == b[pre + j]) {
                append_text(d.original_html, a[pre + i++]);
                append_text(d.public_html, b[pre + j++]);
                continue;
            }
            const std::size_t i0 = i, j0 = j;
            while ((i < n || j < m) && !(i < n && j < m && a[pre + i] == b[pre + j])) {
                if (j == m || (i < n && at(i + 1, j) >= at(i, j + 1)))
                    ++i;
                else
                    ++j;
            }
            append_marked(d.original_html, join(a, pre + i0, pre + i), "del");
            append_marked(d.public_html, join(b, pre + j0, pre + j), "ins");
        }
    }
    append_text(d.original_html, join(a, a.size() - suf, a.size()));
    append_text(d.public_html, join(b, b.size() - suf, b.size()));
    d.original_html = "<p>" + d.original_html + "</p>";
    d.public_html = "<p>" + d.public_html + "</p>";
    return d;
}

}  // namespace radfraga::server
