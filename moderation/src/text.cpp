#include "moderation/src/text.hpp"

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <type_traits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "core/utf8.hpp"

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

namespace {
// Appends the UTF-8 encoding of `cp` at `enc` and returns its length.
std::size_t encode_utf8(char32_t cp, char* enc) {
    if (cp < 0x80) {
        enc[0] = static_cast<char>(cp);
        return 1;
    }
    if (cp < 0x800) {
        enc[0] = static_cast<char>(0xC0u | (cp >> 6));
        enc[1] = static_cast<char>(0x80u | (cp & 0x3Fu));
        return 2;
    }
    if (cp < 0x10000) {
        enc[0] = static_cast<char>(0xE0u | (cp >> 12));
        enc[1] = static_cast<char>(0x80u | ((cp >> 6) & 0x3Fu));
        enc[2] = static_cast<char>(0x80u | (cp & 0x3Fu));
        return 3;
    }
    enc[0] = static_cast<char>(0xF0u | (cp >> 18));
    enc[1] = static_cast<char>(0x80u | ((cp >> 12) & 0x3Fu));
    enc[2] = static_cast<char>(0x80u | ((cp >> 6) & 0x3Fu));
    enc[3] = static_cast<char>(0x80u | (cp & 0x3Fu));
    return 4;
}

}  // namespace

// Lower-cases the code point at t[k] (well-formed UTF-8) into out and returns the number
// of bytes written; `len` is set to the bytes read. to_lower() never makes a
// character longer in UTF-8 (Latin-1, Latin Extended-A, Greek and Cyrillic stay two bytes;
// İ becomes i, one byte shorter).
std::size_t lower_other(std::string_view t, std::size_t k, char* out, std::size_t& len) {
    const char32_t cp = decode(t, k, len);
    char enc[4];
    const std::size_t elen = encode_utf8(to_lower(cp), enc);
    if (elen > len) throw std::logic_error("moderation: lower-casing lengthened a character");
    std::memcpy(out, enc, elen);
    return elen;
}

namespace {
// Eight ASCII-or-not bytes with the ASCII capitals lower-cased (0x20 added to each byte in
// 'A'..'Z'); bytes of 0x80 and above are left as they are. No carry crosses a byte: the
// sums are taken over the low seven bits.
std::uint64_t lower8(std::uint64_t v) {
    constexpr std::uint64_t ones = 0x0101010101010101ull;
    const std::uint64_t x = v & (ones * 0x7F);
    const std::uint64_t ge_a = x + ones * (0x80 - 'A');      // high bit: >= 'A'
    const std::uint64_t gt_z = x + ones * (0x80 - 'Z' - 1);  // high bit: > 'Z'
    const std::uint64_t upper = ge_a & ~gt_z & ~v & (ones * 0x80);
    return v | (upper >> 2);  // 0x80 >> 2 == 0x20
}

// Bytes of v that are zero, exactly: the high bit of each such byte (no borrow crosses a
// byte: the sum is taken over the low seven bits).
std::uint64_t zero_bytes(std::uint64_t v) {
    constexpr std::uint64_t low7 = 0x7F7F7F7F7F7F7F7Full;
    return ~(((v & low7) + low7) | v | low7);
}

// Eight bytes that are ASCII and whole two-byte Latin-1 letters (C3 80 .. C3 BF) only, as
// lower8() and then with the Latin-1 capitals lower-cased (0x20 added to a second byte of
// 80..9E but 97, ×); false, leaving `out` alone, for any other eight bytes (another
// multi-byte character, or a C3 whose second byte lies past the eighth).
bool lower8_latin1(std::uint64_t v, std::uint64_t& out) {
    constexpr std::uint64_t ones = 0x0101010101010101ull;
    constexpr std::uint64_t high = ones * 0x80;
    const std::uint64_t lead = zero_bytes(v ^ (ones * 0xC3));
    const std::uint64_t cont = v & ~(v << 1) & high;  // 10xxxxxx
    const std::uint64_t pair = lead & (cont >> 8);    // a C3 and a continuation after it
    const std::uint64_t second = pair << 8;
    if ((v & high) != (pair | second)) return false;
    const std::uint64_t below_9f = ~((v & (ones * 0x7F)) + ones * (0x80 - 0x1F)) & high;
    const std::uint64_t upper = second & below_9f & ~zero_bytes(v ^ (ones * 0x97));
    out = lower8(v) | (upper >> 2);
    return true;
}

}  // namespace

// The check answers as radfraga::is_valid_utf8 does: ASCII eight bytes at a time and
// well-formed two-byte sequences inline, any other sequence checked by is_valid_utf8
// itself, one sequence at a time (the check has no state between sequences, and a
// sequence cut off by the end of the text is invalid).
Lowering lower_in_place(std::string_view t, char* buf) {
    const std::size_t n = t.size();
    const char* const src = t.data();
    bool same_length = true;
    std::size_t i = 0;
    while (i < n) {
#if defined(__SSE2__)
        // Sixteen ASCII bytes at once, the capitals found by one signed comparison.
        if (i + 16 <= n) {
            const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + i));
            if (_mm_movemask_epi8(v) == 0) {
                const __m128i upper = _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8(0x80 - 'A')),
                                                     _mm_set1_epi8(-128 + 26));
                _mm_storeu_si128(reinterpret_cast<__m128i*>(buf + i),
                                 _mm_or_si128(v, _mm_and_si128(upper, _mm_set1_epi8(0x20))));
                i += 16;
                continue;
            }
        }
#endif
        if (i + 8 <= n) {
            std::uint64_t v;
            std::memcpy(&v, src + i, 8);
            const std::uint64_t high = v & 0x8080808080808080ull;
            std::uint64_t lv = lower8(v);
            if (high == 0 || lower8_latin1(v, lv)) {
                std::memcpy(buf + i, &lv, 8);
                i += 8;
                continue;
            }
            std::memcpy(buf + i, &lv, 8);
            // The bytes before the first non-ASCII one are done.
            i += static_cast<std::size_t>(__builtin_ctzll(high)) / 8;
        }
        const auto b0 = static_cast<unsigned char>(src[i]);
        if (b0 < 0x80) {
            buf[i] = ascii_lower(src[i]);
            ++i;
            continue;
        }
        if (b0 >= 0xC2 && b0 <= 0xDF && i + 1 < n &&
            (static_cast<unsigned char>(src[i + 1]) & 0xC0u) == 0x80u) {
            if (b0 == 0xC3) {  // Latin-1: å ä ö é ü ... (Å = C3 85 -> å = C3 A5)
                const auto b1 = static_cast<unsigned char>(src[i + 1]);
                buf[i] = src[i];
                buf[i + 1] =
                    static_cast<char>(b1 >= 0x80 && b1 <= 0x9E && b1 != 0x97 ? b1 + 0x20 : b1);
            } else {
                std::size_t len = 2;
                if (lower_other(t, i, buf + i, len) != len) same_length = false;
            }
            i += 2;
            continue;
        }
        const std::size_t len = b0 >= 0xF0 ? 4 : b0 >= 0xE0 ? 3 : b0 >= 0xC0 ? 2 : 1;
        if (i + len > n || !is_valid_utf8(t.substr(i, len))) return Lowering::invalid_utf8;
        std::size_t read = len;
        if (lower_other(t, i, buf + i, read) != len) same_length = false;
        i += len;
    }
    return same_length ? Lowering::same_length : Lowering::shorter;
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
    std::vector<Token> tokens(max_tokens(s.size()));
    tokens.resize(tokenize_to(s, tokens.data()));
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

// True if s[j] and s[j + 1] are a lower-case Latin-1 letter: C3 9F (ß) to C3 BF but ÷.
bool lower_latin1_at(std::string_view s, std::size_t j) {
    if (j + 1 >= s.size() || static_cast<unsigned char>(s[j]) != 0xC3) return false;
    const auto b1 = static_cast<unsigned char>(s[j + 1]);
    return b1 >= 0x9F && b1 <= 0xBF && b1 != 0xB7;
}

// Marks a letter read in token t: the first one decides first_upper.
void letter(Token& t, bool up) {
    if (!t.has_letter) t.first_upper = up;
    t.has_letter = true;
}

// Reads the rest of token t from t.end, which lies inside it or just after it: sets
// t.end and the flags of what it reads (t.all_upper is true until a lower-case letter
// is read, and made false at the end if t has no letter). The word rules: letters and
// ASCII digits, joined across a single inner hyphen or apostrophe ('-', '\'', U+2019,
// U+2010) between two of them.
void read_token(std::string_view s, Token& t) {
    const std::size_t size = s.size();
    std::size_t j = t.end;
    while (j < size) {
        const unsigned char c = byte_class(s[j]);
        if (c == kLower) {
            // A run of lower-case ASCII letters, all with the same effect.
            letter(t, false);
            t.all_upper = false;
            j = lower_run_end(s, j + 1);
            continue;
        }
        if (c == kUpper) {
            letter(t, true);
            ++j;
            continue;
        }
        if (c == kDigit) {
            t.has_digit = true;
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
                letter(t, up);
                if (!up) t.all_upper = false;
                j += 2;
                continue;
            }
        }
        std::size_t l = 1;
        const char32_t cp = decode(s, j, l);
        if (is_letter(cp)) {
            const bool up = is_upper(cp);
            letter(t, up);
            // Combining marks are neither; only real letters decide all_upper.
            if (!up && !(cp >= 0x300 && cp <= 0x36F)) t.all_upper = false;
            j += l;
            continue;
        }
        if ((cp == '-' || cp == '\'' || cp == 0x2019 || cp == 0x2010) && j + l < size) {
            std::size_t l2 = 1;
            const char32_t n = decode(s, j + l, l2);
            if (is_letter(n) || (n >= '0' && n <= '9')) {
                if (cp == '-') t.has_hyphen = true;
                j += l;
                continue;
            }
        }
        break;
    }
    t.end = j;
    t.all_upper = t.all_upper && t.has_letter;
}
}  // namespace

namespace {
// A Token's seven flags as they lie in memory, one byte each from has_letter on: the
// common word's flags are written with one eight-byte store (the byte after has_hyphen is
// padding).
static_assert(offsetof(Token, has_letter) == 16 && offsetof(Token, has_digit) == 17 &&
              offsetof(Token, first_upper) == 18 && offsetof(Token, all_upper) == 19 &&
              offsetof(Token, sentence_start) == 20 && offsetof(Token, newline_before) == 21 &&
              offsetof(Token, has_hyphen) == 22 && sizeof(Token) == 24);
static_assert(std::endian::native == std::endian::little && std::is_trivially_copyable_v<Token>);
constexpr std::uint64_t kFlagLetter = 1ull << 0;
constexpr std::uint64_t kFlagFirstUpper = 1ull << 16;
constexpr std::uint64_t kFlagAllUpper = 1ull << 24;
constexpr std::uint64_t kFlagSentenceStart = 1ull << 32;
constexpr std::uint64_t kFlagNewline = 1ull << 40;
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
        Token& t = *out++;
        if (bc <= kUpper) {
            // Most words: an ASCII letter, then lower-case letters, ASCII or Latin-1 (C3 9F
            // to C3 BF but ÷), up to a space or a stop, taken whole here; any other word
            // goes on in read_token().
            bool more = false;  // the word goes on after its lower-case letters
            std::size_t j = i + 1;
            for (;;) {
                j = lower_run_end(s, j);
                if (j >= size || byte_class(s[j]) > kJoiner) break;  // most words end here
                if (!lower_latin1_at(s, j)) {
                    more = true;
                    break;
                }
                j += 2;
            }
            const std::uint64_t up = bc == kUpper ? 1u : 0u;
            const std::uint64_t one = j == i + 1 ? 1u : 0u;
            const std::uint64_t fl =
                kFlagLetter | up * kFlagFirstUpper | (up & one) * kFlagAllUpper |
                (sentence_start ? kFlagSentenceStart : 0) | (newline ? kFlagNewline : 0);
            t.start = i;
            t.end = j;
            std::memcpy(reinterpret_cast<unsigned char*>(&t) + offsetof(Token, has_letter), &fl,
                        sizeof fl);
            if (more) read_token(s, t);
        } else {
            t = Token{i, i, false, false, false, true, sentence_start, newline, false};
            read_token(s, t);
        }
        sentence_start = false;
        newline = false;
        i = t.end;
        // A single space, the most common byte between words, changes nothing.
        if (i < size && s[i] == ' ') ++i;
    }
    return static_cast<std::size_t>(out - first);
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
