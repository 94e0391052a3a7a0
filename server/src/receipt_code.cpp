#include "server/src/receipt_code.hpp"

#include "core/crypto.hpp"

namespace radfraga::server {

namespace {

constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

// The value of a typed symbol (Crockford's decoding: any case, O as 0, I and L as 1),
// or -1.
int symbol_value(char c) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if (c == 'O') return 0;
    if (c == 'I' || c == 'L') return 1;
    const auto at = kAlphabet.find(c);
    return at == std::string_view::npos ? -1 : static_cast<int>(at);
}

// Length of a separator people type or phones substitute at the start of `s`, else 0:
// white space, the hyphen-minus, no-break space, Unicode hyphens and dashes, minus.
std::size_t separator_length(std::string_view s) {
    const char c = s.front();
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '-') return 1;
    if (s.starts_with("\xC2\xA0")) return 2;  // U+00A0
    if (s.size() >= 3 && s.starts_with("\xE2\x80")) {
        const auto b = static_cast<unsigned char>(s[2]);
        if (b >= 0x90 && b <= 0x95) return 3;  // U+2010..U+2015
        if (b == 0xAF) return 3;               // U+202F narrow no-break space
    }
    if (s.starts_with("\xE2\x88\x92")) return 3;  // U+2212 minus sign
    return 0;
}

}  // namespace

std::string new_receipt_code(Random& random) {
    unsigned char bytes[18];  // 144 bits, of which 140 are used
    random.fill(bytes);
    std::string out;
    out.reserve(kReceiptCodeSymbols);
    unsigned acc = 0;
    int bits = 0;
    for (const unsigned char b : bytes) {
        acc = (acc << 8) | b;
        bits += 8;
        while (bits >= 5 && out.size() < kReceiptCodeSymbols) {
            bits -= 5;
            out += kAlphabet[(acc >> bits) & 31];
        }
        acc &= (1u << bits) - 1;
    }
    return out;
}

std::string group_receipt_code(std::string_view canonical) {
    std::string out;
    for (std::size_t i = 0; i < canonical.size(); ++i) {
        if (i && i % 4 == 0) out += '-';
        out += canonical[i];
    }
    return out;
}

std::optional<std::string> canonical_receipt_code(std::string_view typed) {
    if (typed.size() > 4 * kReceiptCodeSymbols) return std::nullopt;
    std::string out;
    while (!typed.empty()) {
        if (const auto n = separator_length(typed)) {
            typed.remove_prefix(n);
            continue;
        }
        const int v = symbol_value(typed.front());
        if (v < 0) return std::nullopt;
        out += kAlphabet[static_cast<std::size_t>(v)];
        typed.remove_prefix(1);
    }
    if (out.size() != kReceiptCodeSymbols) return std::nullopt;
    return out;
}

std::vector<std::string> receipt_token_candidates(std::string_view typed) {
    std::vector<std::string> out;
    if (auto code = canonical_receipt_code(typed)) out.push_back(std::move(*code));
    std::string old;
    for (const char c : typed)
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') old += c;
    if (old.size() >= 22 && old.size() <= 64 && base64url_decode(old) &&
        (out.empty() || out.front() != old))
        out.push_back(std::move(old));
    return out;
}

}  // namespace radfraga::server
