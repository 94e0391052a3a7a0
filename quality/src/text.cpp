#include "quality/src/text.hpp"

#include <algorithm>
#include <array>

namespace radfraga::quality::detail {

char32_t decode(std::string_view s, std::size_t i, std::size_t& len) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    auto cont = [&](std::size_t k) {
        return i + k < s.size()
                   ? static_cast<char32_t>(static_cast<unsigned char>(s[i + k]) & 0x3Fu)
                   : char32_t{0};
    };
    if (b0 < 0x80) {
        len = 1;
        return b0;
    }
    if (b0 < 0xE0) {
        len = 2;
        return (static_cast<char32_t>(b0 & 0x1Fu) << 6) | cont(1);
    }
    if (b0 < 0xF0) {
        len = 3;
        return (static_cast<char32_t>(b0 & 0x0Fu) << 12) | (cont(1) << 6) | cont(2);
    }
    len = 4;
    return (static_cast<char32_t>(b0 & 0x07u) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3);
}

bool is_letter(char32_t cp) {
    if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    if (cp < 0xC0) return cp == 0xAA || cp == 0xB5 || cp == 0xBA;
    if (cp == 0xD7 || cp == 0xF7) return false;
    // Latin-1 letters, Latin Extended, IPA, Greek, Cyrillic ... up to general punctuation.
    return cp < 0x2000 && !(cp >= 0x2B0 && cp < 0x370);
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (std::size_t i = 0; i < out.size(); ++i) {
        const auto c = static_cast<unsigned char>(out[i]);
        if (c >= 'A' && c <= 'Z') {
            out[i] = static_cast<char>(c + 32);
        } else if (c == 0xC3 && i + 1 < out.size()) {
            const auto d = static_cast<unsigned char>(out[i + 1]);
            if (d >= 0x80 && d <= 0x9E && d != 0x97) out[i + 1] = static_cast<char>(d + 0x20);
            ++i;
        }
    }
    return out;
}

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

bool is_alnum_at(std::string_view s, std::size_t i) {
    if (i >= s.size()) return false;
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= '0' && c <= '9') return true;
    std::size_t len = 0;
    return is_letter(decode(s, i, len));
}

// True if the code point ending just before byte i is a letter or digit.
bool is_alnum_before(std::string_view s, std::size_t i) {
    if (i == 0) return false;
    std::size_t j = i - 1;
    while (j > 0 && (static_cast<unsigned char>(s[j]) & 0xC0u) == 0x80u) --j;
    return is_alnum_at(s, j);
}

void blank(std::string& t, std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to && i < t.size(); ++i) {
        if (t[i] != '\n') t[i] = ' ';
    }
}

// Inline markup on [from, to) of one line.
void mask_inline(std::string& t, std::size_t from, std::size_t to) {
    const std::string_view v(t);
    for (std::size_t i = from; i < to; ++i) {
        const char c = t[i];
        if (c == '\\' && i + 1 < to && static_cast<unsigned char>(t[i + 1]) < 0x80 &&
            !is_alnum_at(v, i + 1) && !is_space(t[i + 1])) {
            t[i] = ' ';
            ++i;
        } else if (c == '*' || c == '`' || c == '~' || c == '[') {
            t[i] = ' ';
        } else if (c == '_') {
            if (!(is_alnum_before(v, i) && is_alnum_at(v, i + 1))) t[i] = ' ';
        } else if (c == '!' && i + 1 < to && t[i + 1] == '[') {
            t[i] = ' ';
        } else if (c == ']') {
            t[i] = ' ';
            if (i + 1 < to && (t[i + 1] == '(' || t[i + 1] == '[')) {
                const char close = t[i + 1] == '(' ? ')' : ']';
                std::size_t j = i + 2;
                int depth = 1;
                for (; j < to; ++j) {
                    if (t[j] == (close == ')' ? '(' : '[')) ++depth;
                    if (t[j] == close && --depth == 0) break;
                }
                if (j < to) {
                    blank(t, i, j + 1);
                    i = j;
                }
            }
        } else if (c == '<') {
            // An HTML tag or an autolink: "<" then a letter, "/" or "!" and no space to ">".
            if (i + 1 < to &&
                (t[i + 1] == '/' || t[i + 1] == '!' ||
                 (static_cast<unsigned char>(t[i + 1]) < 0x80 && is_alnum_at(v, i + 1)))) {
                std::size_t j = i + 1;
                while (j < to && t[j] != '>' && t[j] != '<' && t[j] != '\n') ++j;
                if (j < to && t[j] == '>') {
                    blank(t, i, j + 1);
                    i = j;
                }
            }
        } else if ((c == 'h' || c == 'w') && !is_alnum_before(v, i) &&
                   (v.substr(i, 7) == "http://" || v.substr(i, 8) == "https://" ||
                    v.substr(i, 4) == "www.")) {
            // A bare address, without the punctuation that closes the sentence after it.
            std::size_t j = i;
            while (j < to && !is_space(t[j])) ++j;
            while (j > i &&
                   (t[j - 1] == '.' || t[j - 1] == ',' || t[j - 1] == ')' || t[j - 1] == '!' ||
                    t[j - 1] == '?' || t[j - 1] == ';' || t[j - 1] == ':'))
                --j;
            blank(t, i, j);
            i = j - 1;
        }
    }
}

bool is_fence(std::string_view line) {
    std::size_t i = 0;
    while (i < line.size() && i < 4 && line[i] == ' ') ++i;
    return line.substr(i, 3) == "```" || line.substr(i, 3) == "~~~";
}

// A thematic break or setext underline: only one of - * _ = (at least three) and spaces.
bool is_rule(std::string_view line) {
    char mark = 0;
    int n = 0;
    for (const char c : line) {
        if (c == ' ' || c == '\t' || c == '\r') continue;
        if (c != '-' && c != '*' && c != '_' && c != '=') return false;
        if (mark != 0 && c != mark) return false;
        mark = c;
        ++n;
    }
    return n >= 3;
}

}  // namespace

PlainText plain_text(std::string_view md) {
    PlainText p;
    p.text.assign(md);
    std::string& t = p.text;
    bool in_fence = false;
    bool new_block = true;
    std::size_t ls = 0;
    while (ls <= t.size()) {
        std::size_t le = t.find('\n', ls);
        if (le == std::string::npos) le = t.size();
        const std::string_view line(std::string_view(t).substr(ls, le - ls));
        if (in_fence || is_fence(line)) {
            if (!in_fence || is_fence(line)) in_fence = in_fence ? false : true;
            blank(t, ls, le);
            new_block = true;
        } else if (line.find_first_not_of(" \t\r") == std::string_view::npos) {
            new_block = true;
        } else if (is_rule(line)) {
            blank(t, ls, le);
            new_block = true;
        } else {
            std::size_t i = ls;
            bool heading = false;
            // Container and block markers at the start of the line, any number of them.
            for (;;) {
                while (i < le && (t[i] == ' ' || t[i] == '\t')) ++i;
                if (i < le && t[i] == '>') {
                    t[i++] = ' ';
                    continue;
                }
                if (i < le && t[i] == '#') {
                    std::size_t j = i;
                    while (j < le && t[j] == '#') ++j;
                    if (j - i <= 6 && (j == le || t[j] == ' ')) {
                        blank(t, i, j);
                        heading = true;
                        new_block = true;
                        i = j;
                        continue;
                    }
                }
                if (i + 1 < le && (t[i] == '-' || t[i] == '*' || t[i] == '+') && t[i + 1] == ' ') {
                    t[i++] = ' ';
                    new_block = true;
                    continue;
                }
                std::size_t j = i;
                while (j < le && j - i < 9 && t[j] >= '0' && t[j] <= '9') ++j;
                if (j > i && j + 1 < le && (t[j] == '.' || t[j] == ')') && t[j + 1] == ' ') {
                    blank(t, i, j + 1);
                    new_block = true;
                    i = j + 1;
                    continue;
                }
                break;
            }
            if (heading) {
                // Closing hashes of an ATX heading.
                std::size_t e = le;
                while (e > i && (t[e - 1] == ' ' || t[e - 1] == '\r')) --e;
                std::size_t h = e;
                while (h > i && t[h - 1] == '#') --h;
                if (h < e && (h == i || t[h - 1] == ' ')) blank(t, h, e);
            }
            mask_inline(t, i, le);
            if (new_block) {
                std::size_t first = i;
                while (first < le && is_space(t[first])) ++first;
                p.block_starts.push_back(first);
            }
            new_block = heading;
        }
        if (le == t.size()) break;
        ls = le + 1;
    }
    return p;
}

std::vector<Word> words(std::string_view s) {
    std::vector<Word> out;
    std::size_t i = 0;
    while (i < s.size()) {
        std::size_t len = 1;
        const char32_t cp = decode(s, i, len);
        const bool digit = cp >= '0' && cp <= '9';
        if (!digit && !is_letter(cp)) {
            i += len;
            continue;
        }
        Word w;
        w.start = i;
        w.first_digit = digit;
        w.first_upper =
            !digit && (cp < 0x80 ? (cp >= 'A' && cp <= 'Z') : (cp >= 0xC0 && cp <= 0xDE));
        std::size_t j = i;
        for (;;) {
            std::size_t l = 1;
            const char32_t c = decode(s, j, l);
            if (c >= '0' && c <= '9') {
                j += l;
            } else if (is_letter(c)) {
                ++w.letters;
                w.has_letter = true;
                j += l;
            } else if ((c == '-' || c == '\'' || c == ':' || c == '.' || c == 0x2019) &&
                       j + l < s.size() && is_alnum_at(s, j + l) && is_alnum_before(s, j)) {
                if (c == '.') {
                    // Only between digits, or between lower-case letters ("t.ex").
                    const auto a = static_cast<unsigned char>(s[j - 1]);
                    const auto b = static_cast<unsigned char>(s[j + 1]);
                    const bool digits = a >= '0' && a <= '9' && b >= '0' && b <= '9';
                    const bool lowers = a >= 'a' && a <= 'z' && b >= 'a' && b <= 'z';
                    if (!digits && !lowers) break;
                }
                j += l;
            } else {
                break;
            }
            if (j >= s.size()) break;
        }
        w.end = j;
        out.push_back(w);
        i = j;
    }
    return out;
}

namespace {

// Abbreviations whose period never ends a sentence (they are followed by more of it).
constexpr std::array<std::string_view, 18> kNeverFinal = {
    "kap",  "t.ex", "bl.a", "s.k", "p.g.a", "fr.o.m", "t.o.m", "jfr", "ca",
    "resp", "enl",  "nr",   "st",  "p",     "f.d",    "d.v.s", "dvs", "kl"};

}  // namespace

std::vector<Sentence> sentences(const PlainText& plain, const std::vector<Word>& ws) {
    std::vector<Sentence> out;
    if (ws.empty()) return out;
    const std::string_view t(plain.text);
    const auto& blocks = plain.block_starts;
    std::size_t first = 0;
    for (std::size_t k = 0; k < ws.size(); ++k) {
        const std::size_t gap_from = ws[k].end;
        const std::size_t gap_to = k + 1 < ws.size() ? ws[k + 1].start : t.size();
        // Closing punctuation in the gap, and whether a block starts in it.
        std::size_t punct_end = 0;
        bool strong = false;
        bool period = false;
        for (std::size_t i = gap_from; i < gap_to; ++i) {
            if (t[i] == '.' || t[i] == '!' || t[i] == '?') {
                punct_end = i + 1;
                if (t[i] == '.')
                    period = true;
                else
                    strong = true;
            }
        }
        const auto b = std::upper_bound(blocks.begin(), blocks.end(), gap_from);
        const bool block_break = k + 1 == ws.size() || (b != blocks.end() && *b <= gap_to);
        bool end = block_break || strong;
        if (!end && period) {
            const std::string w = lower(t.substr(ws[k].start, ws[k].end - ws[k].start));
            const bool abbrev =
                std::find(kNeverFinal.begin(), kNeverFinal.end(), w) != kNeverFinal.end();
            const Word& next = ws[k + 1];
            end = !abbrev && (next.first_upper || next.first_digit);
        }
        if (end) {
            Sentence s;
            s.first = first;
            s.last = k;
            s.start = ws[first].start;
            s.end = punct_end != 0 ? punct_end : ws[k].end;
            out.push_back(s);
            first = k + 1;
        }
    }
    return out;
}

}  // namespace radfraga::quality::detail
