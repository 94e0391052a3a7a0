#include "moderation/src/text.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>

namespace radfraga::moderation::detail {

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0u | (cp >> 6)));
        out.push_back(static_cast<char>(0x80u | (cp & 0x3Fu)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0u | (cp >> 12)));
        out.push_back(static_cast<char>(0x80u | ((cp >> 6) & 0x3Fu)));
        out.push_back(static_cast<char>(0x80u | (cp & 0x3Fu)));
    } else {
        out.push_back(static_cast<char>(0xF0u | (cp >> 18)));
        out.push_back(static_cast<char>(0x80u | ((cp >> 12) & 0x3Fu)));
        out.push_back(static_cast<char>(0x80u | ((cp >> 6) & 0x3Fu)));
        out.push_back(static_cast<char>(0x80u | (cp & 0x3Fu)));
    }
}

bool is_letter(char32_t cp) {
    if (cp < 0x80) return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
    if (cp < 0xC0) return cp == 0xAA || cp == 0xB5 || cp == 0xBA;
    if (cp == 0xD7 || cp == 0xF7) return false;
    if (cp <= 0x24F) return true;  // Latin-1, Latin Extended-A/B
    if (cp <= 0x36F) return true;  // IPA, modifiers, combining marks
    if (cp >= 0x370 && cp <= 0x52F) return cp != 0x37E && cp != 0x387;  // Greek, Cyrillic
    if (cp >= 0x531 && cp <= 0x58F) return true;                        // Armenian
    if (cp >= 0x5D0 && cp <= 0x5EA) return true;                        // Hebrew letters
    if (cp >= 0x620 && cp <= 0x64A) return true;                        // Arabic letters
    if (cp >= 0x64B && cp <= 0x65F) return true;                        // Arabic marks
    if (cp >= 0x66E && cp <= 0x6D3) return true;
    if (cp >= 0x1200 && cp <= 0x139F) return true;  // Ethiopic (Tigrinya, Amharic)
    if (cp >= 0x1E00 && cp <= 0x1FFF) return true;  // Latin Extended Additional, Greek ext
    if (cp >= 0x3040 && cp <= 0x9FFF) return true;  // Kana, CJK
    if (cp >= 0xAC00 && cp <= 0xD7AF) return true;  // Hangul
    return false;
}

char32_t to_lower(char32_t cp) {
    if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 32;
    if (cp >= 0x100 && cp <= 0x17F) {
        if (cp == 0x130) return 'i';
        if (cp == 0x131 || cp == 0x138 || cp == 0x149 || cp == 0x17F) return cp;
        if (cp == 0x178) return 0xFF;
        if ((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E))
            return (cp % 2 == 1) ? cp + 1 : cp;
        return (cp % 2 == 0) ? cp + 1 : cp;
    }
    if (cp >= 0x410 && cp <= 0x42F) return cp + 32;
    if (cp >= 0x400 && cp <= 0x40F) return cp + 80;
    if (cp >= 0x391 && cp <= 0x3AB && cp != 0x3A2) return cp + 32;
    return cp;
}

void lower_into(std::string_view s, std::string& out) {
    out.clear();
    for (std::size_t i = 0; i < s.size();) {
        const char c = s[i];
        if (static_cast<unsigned char>(c) < 0x80) {
            out.push_back(ascii_lower(c));
            ++i;
            continue;
        }
        std::size_t len = 1;
        const char32_t cp = decode(s, i, len);
        append_utf8(out, to_lower(cp));
        i += len;
    }
}

bool fold_diacritics(std::string_view w, std::string& out) {
    out.clear();
    bool any = false;
    for (std::size_t i = 0; i < w.size(); ++i) {
        if (static_cast<unsigned char>(w[i]) == 0xC3 && i + 1 < w.size()) {
            const auto b = static_cast<unsigned char>(w[i + 1]);
            char c = 0;
            if (b == 0xA5 || b == 0xA4 || b == 0xA0 || b == 0xA1 || b == 0xA2)
                c = 'a';  // å ä à á â
            else if (b == 0xB6 || b == 0xB8 || b == 0xB3 || b == 0xB4)
                c = 'o';  // ö ø ó ô
            else if (b == 0xA9 || b == 0xA8 || b == 0xAA || b == 0xAB)
                c = 'e';  // é è ê ë
            else if (b == 0xBC || b == 0xBA)
                c = 'u';  // ü ú
            if (c != 0) {
                if (!any) out.assign(w.substr(0, i));
                out.push_back(c);
                ++i;
                any = true;
                continue;
            }
        }
        if (any) out.push_back(w[i]);
    }
    if (!any) out.clear();
    return any;
}

std::string lower(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    lower_into(s, out);
    return out;
}

namespace {
bool is_alnum_cp(char32_t cp) {
    return (cp >= '0' && cp <= '9') || is_letter(cp);
}
}  // namespace

bool alnum_boundary_before(std::string_view s, std::size_t i) {
    if (i == 0) return true;
    const std::size_t j = prev_start(s, i);
    std::size_t len = 1;
    return !is_alnum_cp(decode(s, j, len));
}

bool alnum_boundary_after(std::string_view s, std::size_t i) {
    if (i >= s.size()) return true;
    std::size_t len = 1;
    return !is_alnum_cp(decode(s, i, len));
}

std::vector<Token> tokenize(std::string_view s) {
    std::vector<Token> tokens;
    tokenize_into(s, tokens);
    return tokens;
}

namespace {
// What an ASCII byte is to the tokenizer; every byte from 0x80 on is kHigh. Ordered so
// that one comparison sorts a byte: up to kDigit it is part of a word, up to kHigh it may
// be, above kHigh it is not.
enum ByteClass : unsigned char {
    kLower,   // a-z
    kUpper,   // A-Z
    kDigit,   // 0-9
    kHigh,    // a byte of a multi-byte character
    kJoiner,  // - ' join two alphanumerics inside a token
    kSpace,   // ends a token; nothing else (spaces and punctuation but the below)
    kStop,    // . ! ? : end a sentence
    kBreak,   // \n \r end a line
};

constexpr std::array<unsigned char, 256> make_byte_classes() {
    std::array<unsigned char, 256> c{};
    for (std::size_t b = 0; b < 256; ++b) {
        c[b] = b >= 0x80 ? kHigh : kSpace;
        if (b >= 'a' && b <= 'z') c[b] = kLower;
        if (b >= 'A' && b <= 'Z') c[b] = kUpper;
        if (b >= '0' && b <= '9') c[b] = kDigit;
    }
    for (const char b : {'.', '!', '?', ':'}) c[static_cast<unsigned char>(b)] = kStop;
    for (const char b : {'\n', '\r'}) c[static_cast<unsigned char>(b)] = kBreak;
    for (const char b : {'-', '\''}) c[static_cast<unsigned char>(b)] = kJoiner;
    return c;
}
constexpr std::array<unsigned char, 256> kByteClass = make_byte_classes();

unsigned char byte_class(char b) {
    return kByteClass[static_cast<unsigned char>(b)];
}

// The end of the run of ASCII 'a'..'z' that starts at or continues from j: eight bytes at a
// time, so the end of a word is found by arithmetic rather than by a branch per letter.
[[gnu::always_inline]] inline std::size_t lower_run_end(std::string_view s, std::size_t j) {
    constexpr std::uint64_t ones = 0x0101010101010101ull;
    constexpr std::uint64_t high = ones * 0x80;
    while (j + 8 <= s.size()) {
        std::uint64_t v;
        std::memcpy(&v, s.data() + j, 8);
        const std::uint64_t x = v & (ones * 0x7F);  // no carry crosses a byte below
        const std::uint64_t ge_a = x + ones * (0x80 - 'a');
        const std::uint64_t gt_z = x + ones * (0x80 - 'z' - 1);
        const std::uint64_t other = ~(ge_a & ~gt_z & ~v) & high;  // bytes outside 'a'..'z'
        if (other != 0) return j + static_cast<std::size_t>(__builtin_ctzll(other)) / 8;
        j += 8;
    }
    while (j < s.size() && byte_class(s[j]) == kLower) ++j;
    return j;
}

// The flags of a token as its bytes are read; stored in a Token once at its end.
struct TokenState {
    bool has_letter = false;
    bool has_digit = false;
    bool first_upper = false;
    bool all_upper = true;
    bool first_letter_seen = false;
    bool has_hyphen = false;
    void letter(bool up) {
        if (!first_letter_seen) {
            first_upper = up;
            first_letter_seen = true;
        }
        has_letter = true;
    }
};

// Reads the rest of a token from byte j, which lies inside it or just after it, and
// returns its end. The word rules: letters and ASCII digits, joined across a single
// inner hyphen or apostrophe ('-', '\'', U+2019, U+2010) between two of them.
std::size_t token_end(std::string_view s, std::size_t j, TokenState& st) {
    const std::size_t size = s.size();
    while (j < size) {
        const unsigned char c = byte_class(s[j]);
        if (c == kLower) {
            // A run of lower-case ASCII letters, all with the same effect.
            st.letter(false);
            st.all_upper = false;
            j = lower_run_end(s, j + 1);
            continue;
        }
        if (c == kUpper) {
            st.letter(true);
            ++j;
            continue;
        }
        if (c == kDigit) {
            st.has_digit = true;
            ++j;
            continue;
        }
        // Any other ASCII byte ends the word unless it is an inner hyphen or apostrophe.
        if (c > kJoiner) break;
        if (static_cast<unsigned char>(s[j]) == 0xC3 && j + 1 < size) {
            // Latin-1 letters (å ä ö é ü Å Ä Ö ...), the common case in Swedish.
            const auto b1 = static_cast<unsigned char>(s[j + 1]);
            if (b1 >= 0x80 && b1 <= 0xBF && b1 != 0x97 && b1 != 0xB7) {
                const bool up = b1 <= 0x9E;
                st.letter(up);
                if (!up) st.all_upper = false;
                j += 2;
                continue;
            }
        }
        std::size_t l = 1;
        const char32_t cp = decode(s, j, l);
        if (is_letter(cp)) {
            const bool up = is_upper(cp);
            st.letter(up);
            // Combining marks are neither; only real letters decide all_upper.
            if (!up && !(cp >= 0x300 && cp <= 0x36F)) st.all_upper = false;
            j += l;
            continue;
        }
        if ((cp == '-' || cp == '\'' || cp == 0x2019 || cp == 0x2010) && j + l < size) {
            std::size_t l2 = 1;
            const char32_t n = decode(s, j + l, l2);
            if (is_letter(n) || (n >= '0' && n <= '9')) {
                if (cp == '-') st.has_hyphen = true;
                j += l;
                continue;
            }
        }
        break;
    }
    return j;
}
}  // namespace

std::size_t tokenize_to(std::string_view s, Token* const first) {
    const std::size_t size = s.size();
    Token* out = first;
    bool sentence_start = true;
    bool newline = false;
    std::size_t i = 0;
    while (i < size) {
        const unsigned char bc = byte_class(s[i]);
        if (bc > kHigh) {
            // Between words; a stop or a line break sets what the next word starts.
            sentence_start |= bc >= kStop;
            newline |= bc == kBreak;
            ++i;
            continue;
        }
        if (bc == kHigh) {
            std::size_t len = 1;
            const char32_t cp = decode(s, i, len);
            if (!is_letter(cp)) {
                if (cp == 0x2026) {  // …
                    sentence_start = true;
                } else if (cp == 0x2028 || cp == 0x2029) {  // line and paragraph separators
                    sentence_start = true;
                    newline = true;
                }
                i += len;
                continue;
            }
        }
        TokenState st;
        std::size_t j = i;
        if (bc <= kUpper) {
            // Most words: an ASCII letter, then lower-case letters, ASCII or Latin-1 (C3 9F
            // to C3 BF but ÷), up to a space or a stop, taken whole here; any other word
            // goes on in token_end().
            j = lower_run_end(s, i + 1);
            while (j + 1 < size && static_cast<unsigned char>(s[j]) == 0xC3 &&
                   static_cast<unsigned char>(s[j + 1]) >= 0x9F &&
                   static_cast<unsigned char>(s[j + 1]) <= 0xBF &&
                   static_cast<unsigned char>(s[j + 1]) != 0xB7)
                j = lower_run_end(s, j + 2);
            st.letter(bc == kUpper);
            st.all_upper = bc == kUpper && j == i + 1;
            if (j < size && byte_class(s[j]) <= kJoiner) j = token_end(s, j, st);
        } else {
            j = token_end(s, i, st);
        }
        *out++ = Token{i,
                       j,
                       st.has_letter,
                       st.has_digit,
                       st.first_upper,
                       st.all_upper && st.has_letter,
                       sentence_start,
                       newline,
                       st.has_hyphen};
        sentence_start = false;
        newline = false;
        i = j;
    }
    return static_cast<std::size_t>(out - first);
}

void tokenize_into(std::string_view s, std::vector<Token>& tokens) {
    tokens.resize(max_tokens(s.size()));
    tokens.resize(tokenize_to(s, tokens.data()));
}

void TokenList::tokenize(std::string_view s) {
    const std::size_t need = max_tokens(s.size());
    if (need > capacity_) {
        const std::size_t cap = std::max(need, 2 * capacity_);
        data_.reset(static_cast<Token*>(::operator new(cap * sizeof(Token))));
        capacity_ = cap;
    }
    size_ = tokenize_to(s, data_.get());
}

}  // namespace radfraga::moderation::detail
