#include "core/totp.hpp"

#include <array>
#include <stdexcept>

#include "core/crypto.hpp"

namespace radfraga {

namespace {

constexpr char kBase32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
constexpr int kMaxWindow = 10;

// The 5-bit value of a base32 character, or -1.
int base32_value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a';
    if (c >= '2' && c <= '7') return c - '2' + 26;
    return -1;
}

std::uint32_t pow10(int digits) {
    std::uint32_t p = 1;
    for (int i = 0; i < digits; ++i) p *= 10;
    return p;
}

bool unreserved(unsigned char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

std::string percent_encode(std::string_view s) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size());
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (unreserved(c)) {
            out += ch;
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

}  // namespace

std::string base32_encode(std::span<const unsigned char> data) {
    std::string out;
    out.reserve((data.size() * 8 + 4) / 5);
    unsigned acc = 0;
    int bits = 0;
    for (const unsigned char b : data) {
        acc = ((acc << 8) | b) & 0xFFFu;  // at most 4 + 8 bits are ever pending
        bits += 8;
        while (bits >= 5) {
            bits -= 5;
            out += kBase32[(acc >> bits) & 31u];
        }
    }
    if (bits > 0) out += kBase32[(acc << (5 - bits)) & 31u];
    return out;
}

std::optional<Bytes> base32_decode(std::string_view text) {
    std::string symbols;
    symbols.reserve(text.size());
    std::size_t padding = 0;
    for (const char c : text) {
        if (c == ' ') continue;
        if (c == '=') {
            ++padding;
            continue;
        }
        if (padding > 0 || base32_value(c) < 0) return std::nullopt;  // data after padding
        symbols += c;
    }
    // A final group of 8 symbols carries 5 bytes; a shorter one 1–4 bytes in 2, 4, 5 or
    // 7 symbols. 1, 3 and 6 symbols are impossible.
    const std::size_t rest = symbols.size() % 8;
    if (rest == 1 || rest == 3 || rest == 6) return std::nullopt;
    if (padding > 0 && (rest == 0 || padding != 8 - rest)) return std::nullopt;

    Bytes out;
    out.reserve(symbols.size() * 5 / 8);
    unsigned acc = 0;
    int bits = 0;
    for (const char c : symbols) {
        acc = ((acc << 5) | static_cast<unsigned>(base32_value(c))) & 0x1FFFu;  // <= 7 + 5 bits
        bits += 5;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<unsigned char>((acc >> bits) & 0xFFu));
        }
    }
    // Leftover bits must be zero for a canonical encoding.
    if (bits > 0 && (acc & ((1u << bits) - 1)) != 0) return std::nullopt;
    return out;
}

std::string group_key(std::string_view key) {
    std::string out;
    out.reserve(key.size() + key.size() / 4);
    for (std::size_t i = 0; i < key.size(); ++i) {
        if (i > 0 && i % 4 == 0) out += ' ';
        out += key[i];
    }
    return out;
}

Bytes new_totp_secret(Random& random) {
    Bytes secret(kTotpSecretBytes);
    random.fill(secret);
    return secret;
}

std::string hotp_code(std::span<const unsigned char> secret, std::uint64_t counter, int digits) {
    if (digits < 6 || digits > 8) throw std::invalid_argument("HOTP codes have 6 to 8 digits");
    std::array<unsigned char, 8> message{};
    for (std::size_t i = 0; i < message.size(); ++i)
        message[7 - i] = static_cast<unsigned char>((counter >> (8 * i)) & 0xFFu);

    Bytes mac = hmac_sha1(secret, message);
    if (mac.size() != 20) throw std::runtime_error("HMAC-SHA1 failed");

    // RFC 4226 section 5.3: dynamic truncation.
    const std::size_t offset = mac[19] & 0x0Fu;
    const std::uint32_t binary =
        ((std::uint32_t{mac[offset]} & 0x7Fu) << 24) | (std::uint32_t{mac[offset + 1]} << 16) |
        (std::uint32_t{mac[offset + 2]} << 8) | std::uint32_t{mac[offset + 3]};
    wipe(mac);
    std::uint32_t value = binary % pow10(digits);
    std::string code(static_cast<std::size_t>(digits), '0');
    for (std::size_t i = code.size(); i-- > 0;) {
        code[i] = static_cast<char>('0' + value % 10);
        value /= 10;
    }
    return code;
}

std::int64_t totp_step(UnixSeconds t) {
    if (t < 0) throw std::invalid_argument("TOTP is undefined before 1970");
    return t / kTotpPeriod;
}

std::string totp_code(std::span<const unsigned char> secret, UnixSeconds t) {
    return hotp_code(secret, static_cast<std::uint64_t>(totp_step(t)), kTotpDigits);
}

std::optional<std::int64_t> verify_totp(std::span<const unsigned char> secret,
                                        std::string_view code, UnixSeconds now,
                                        std::int64_t last_used_step, int window) {
    if (window < 0 || window > kMaxWindow) throw std::invalid_argument("TOTP window out of range");
    std::string typed;
    for (const char c : code) {
        if (c == ' ') continue;
        if (c < '0' || c > '9' || typed.size() == kTotpDigits) return std::nullopt;
        typed += c;
    }
    if (typed.size() != kTotpDigits || now < 0 || secret.empty()) return std::nullopt;

    const std::int64_t current = totp_step(now);
    const std::span typed_bytes(reinterpret_cast<const unsigned char*>(typed.data()), typed.size());
    std::optional<std::int64_t> matched;
    // Every step in the window is computed and compared, matched or not, so the time
    // taken says nothing about which step (if any) matched.
    for (std::int64_t step = current - window; step <= current + window; ++step) {
        if (step < 0) continue;
        const std::string expected =
            hotp_code(secret, static_cast<std::uint64_t>(step), kTotpDigits);
        const std::span expected_bytes(reinterpret_cast<const unsigned char*>(expected.data()),
                                       expected.size());
        if (constant_time_equal(expected_bytes, typed_bytes) && step > last_used_step)
            matched = step;
    }
    return matched;
}

std::string otpauth_uri(std::string_view issuer, std::string_view account,
                        std::string_view base32_secret) {
    if (issuer.empty() || account.empty())
        throw std::invalid_argument("an otpauth URI needs an issuer and an account");
    const auto secret = base32_decode(base32_secret);
    if (!secret || secret->empty()) throw std::invalid_argument("the TOTP secret is not base32");
    const std::string canonical = base32_encode(*secret);
    const std::string enc_issuer = percent_encode(issuer);
    return "otpauth://totp/" + enc_issuer + ":" + percent_encode(account) + "?secret=" + canonical +
           "&issuer=" + enc_issuer + "&algorithm=SHA1&digits=6&period=30";
}

}  // namespace radfraga
