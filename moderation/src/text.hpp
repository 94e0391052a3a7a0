// Internal: UTF-8 decoding, character classes and word tokens for Swedish text.
// All functions assume well-formed UTF-8 (the Redactor validates input first).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace radfraga::moderation::detail {

// Decodes the code point at s[i] (well-formed UTF-8 assumed) and sets len to its size.
inline char32_t decode(std::string_view s, std::size_t i, std::size_t& len) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) {
        len = 1;
        return b0;
    }
    auto cont = [&](std::size_t k) {
        return static_cast<char32_t>(static_cast<unsigned char>(s[i + k]) & 0x3Fu);
    };
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

// Start of the code point that ends just before byte i (i > 0).
inline std::size_t prev_start(std::string_view s, std::size_t i) {
    std::size_t j = i - 1;
    while (j > 0 && (static_cast<unsigned char>(s[j]) & 0xC0u) == 0x80u) --j;
    return j;
}

void append_utf8(std::string& out, char32_t cp);

bool is_letter(char32_t cp);     // letters of alphabetic scripts (and combining marks)
char32_t to_lower(char32_t cp);  // Latin, Greek-free simple lower-casing
inline bool is_upper(char32_t cp) {
    return to_lower(cp) != cp;
}
inline bool is_ascii_digit(char c) {
    return c >= '0' && c <= '9';
}
// True if w is one of `words`, each compared by length and first byte before its other
// bytes (most words differ there, so memcmp is rarely reached).
template <std::size_t N>
[[gnu::always_inline]] inline bool one_of(std::string_view w, const std::string_view (&words)[N]) {
    for (const std::string_view x : words) {
        if (x.size() == w.size() && (x.empty() || (x[0] == w[0] && x == w))) return true;
    }
    return false;
}

inline bool is_ascii_alpha(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
inline bool is_ascii_alnum(char c) {
    return is_ascii_digit(c) || is_ascii_alpha(c);
}
inline char ascii_lower(char c) {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

// Lower-cases a UTF-8 string (see to_lower).
std::string lower(std::string_view s);
void lower_into(std::string_view s, std::string& out);

// Lower-cases the code point at t[k] (well-formed UTF-8) into out and returns the number
// of bytes written; `len` is set to the bytes read. to_lower() never makes a character
// longer in UTF-8 (Latin-1, Latin Extended-A, Greek and Cyrillic stay two bytes; İ
// becomes i, one byte shorter).
std::size_t lower_other(std::string_view t, std::size_t k, char* out, std::size_t& len);

enum class Lowering { same_length, shorter, invalid_utf8 };

// Checks that `t` is well-formed UTF-8 (as radfraga::is_valid_utf8 would) and writes it
// lower-cased (as lower() would) to `buf`, t.size() bytes, at the same offsets, in one
// pass. Returns invalid_utf8 as soon as a sequence is not well-formed (`buf` is then partly
// written), and shorter if a character lower-cases to fewer bytes (İ), which shifts every
// later offset: the caller then lowers token by token instead.
Lowering lower_in_place(std::string_view t, char* buf);

// A lower-cased word as it is typed on a keyboard without Swedish letters: å and ä
// become a, ö becomes o, é/è e, ü u ("kvarnvägen" -> "kvarnvagen", "umeå" -> "umea").
// Returns false (and leaves `out` empty) when the word has none of them.
bool fold_diacritics(std::string_view lower_word, std::string& out);

// True if the code point before byte i (or i == 0) is not a letter or digit.
bool alnum_boundary_before(std::string_view s, std::size_t i);
// True if the code point at byte i (or end of text) is not a letter or digit.
bool alnum_boundary_after(std::string_view s, std::size_t i);

// A word: a maximal run of letters and digits, joined across single inner hyphens and
// apostrophes ("Anna-Karin", "O'Brien", "ex-sambo").
struct Token {
    std::size_t start = 0;
    std::size_t end = 0;
    bool has_letter = false;
    bool has_digit = false;
    bool first_upper = false;     // first letter is upper-case
    bool all_upper = false;       // every letter is upper-case
    bool sentence_start = false;  // first word of the text, a line, or after . ! ? :
    bool newline_before = false;  // a line break lies between the previous token and this
    bool has_hyphen = false;      // an ASCII '-' joins two of its parts ("Anna-Karin")
};

// The most tokens a text of `size` bytes has: every token but the last is followed by at
// least one byte that belongs to no token.
constexpr std::size_t max_tokens(std::size_t size) {
    return (size + 1) / 2;
}

// Tokenizes `s` into `out`, which has room for max_tokens(s.size()), and returns the count.
std::size_t tokenize_to(std::string_view s, Token* out);

std::vector<Token> tokenize(std::string_view s);

// A read-only list of tokens whose buffer grows without initialising its slots, so a text's
// tokens are written once, straight from the tokenizer (a std::vector would zero them or
// check its capacity at every token). Reused from text to text.
class TokenList {
  public:
    std::size_t size() const noexcept { return size_; }
    bool empty() const noexcept { return size_ == 0; }
    const Token& operator[](std::size_t i) const noexcept { return data_.get()[i]; }
    const Token& back() const noexcept { return data_.get()[size_ - 1]; }
    const Token* begin() const noexcept { return data_.get(); }
    const Token* end() const noexcept { return data_.get() + size_; }
    // Replaces the list by the tokens of `s`.
    void tokenize(std::string_view s);
    void swap(TokenList& other) noexcept {
        data_.swap(other.data_);
        std::swap(size_, other.size_);
        std::swap(capacity_, other.capacity_);
    }

  private:
    struct Free {
        void operator()(Token* p) const noexcept { ::operator delete(p); }
    };
    // Raw storage: Token is an aggregate, so the allocation itself creates its objects.
    std::unique_ptr<Token, Free> data_;
    std::size_t size_ = 0;
    std::size_t capacity_ = 0;
};

}  // namespace radfraga::moderation::detail
