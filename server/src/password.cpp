#include "server/password.hpp"

#include <argon2.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <array>
#include <limits>
#include <stdexcept>
#include <vector>

#include "core/embedded.hpp"
#include "core/utf8.hpp"

namespace radfraga::server {

// The embedded lists (server/CMakeLists.txt): john-data's password.lst and ours.
std::span<const EmbeddedFile> common_passwords_john();
std::span<const EmbeddedFile> common_passwords_sv();

namespace {
constexpr std::uint32_t kTimeCost = 2;
constexpr std::uint32_t kMemoryKiB = 19 * 1024;
constexpr std::uint32_t kLanes = 1;
constexpr std::size_t kHashLen = 32;
constexpr std::size_t kSaltLen = 16;

// How a common password may be dressed up (CommonPasswords): at most this many entries
// and this many characters that are not letters.
constexpr std::size_t kMaxEntries = 2;
constexpr int kMaxOther = 6;
constexpr std::size_t kMinEntryChars = 3;
}  // namespace

std::string hash_password(std::string_view password, Random& random) {
    std::array<unsigned char, kSaltLen> salt{};
    random.fill(salt);
    const std::size_t len =
        argon2_encodedlen(kTimeCost, kMemoryKiB, kLanes, kSaltLen, kHashLen, Argon2_id);
    std::string encoded(len, '\0');
    const int rc =
        argon2id_hash_encoded(kTimeCost, kMemoryKiB, kLanes, password.data(), password.size(),
                              salt.data(), salt.size(), kHashLen, encoded.data(), len);
    if (rc != ARGON2_OK)
        throw std::runtime_error(std::string("argon2: ") + argon2_error_message(rc));
    encoded.resize(encoded.find('\0'));
    return encoded;
}

bool verify_password(std::string_view password, const std::string& encoded) {
    if (encoded.empty()) return false;
    return argon2id_verify(encoded.c_str(), password.data(), password.size()) == ARGON2_OK;
}

std::size_t password_chars(std::string_view password) {
    if (!is_valid_utf8(password)) return password.size();
    std::size_t n = 0;
    for (const char c : password)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    return n;
}

bool password_too_long(std::string_view password) {
    // A code point is at most 4 bytes: anything longer is over the limit without counting.
    return password.size() > 4 * kMaxPasswordChars || password_chars(password) > kMaxPasswordChars;
}

std::string fold_password(std::string_view s) {
    if (!is_valid_utf8(s)) return std::string(s);
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfkc_cf = icu::Normalizer2::getNFKCCasefoldInstance(status);
    if (U_FAILURE(status)) throw std::runtime_error("ICU: no nfkc_cf normaliser");
    const icu::UnicodeString in = icu::UnicodeString::fromUTF8(
        icu::StringPiece(s.data(), static_cast<std::int32_t>(s.size())));
    const icu::UnicodeString out = nfkc_cf->normalize(in, status);
    if (U_FAILURE(status)) return std::string(s);
    std::string utf8;
    out.toUTF8String(utf8);
    return utf8;
}

CommonPasswords::CommonPasswords(std::span<const std::string_view> lists) {
    for (const std::string_view list : lists) {
        std::size_t at = 0;
        while (at < list.size()) {
            auto end = list.find('\n', at);
            if (end == std::string_view::npos) end = list.size();
            std::string_view line = list.substr(at, end - at);
            at = end + 1;
            while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
                line.remove_suffix(1);
            if (line.empty() || line.front() == '#') continue;
            std::string entry = fold_password(line);
            const std::size_t chars = password_chars(entry);
            if (chars < kMinEntryChars) continue;
            longest_ = std::max(longest_, chars);
            entries_.insert(std::move(entry));
        }
    }
}

const CommonPasswords& CommonPasswords::builtin() {
    static const CommonPasswords lists = [] {
        std::vector<std::string_view> texts;
        for (const auto& f : common_passwords_john()) texts.push_back(f.data);
        for (const auto& f : common_passwords_sv()) texts.push_back(f.data);
        return CommonPasswords(texts);
    }();
    return lists;
}

bool CommonPasswords::common(std::string_view password) const {
    const std::string s = fold_password(password);
    if (!is_valid_utf8(s)) return false;
    // Code point boundaries, and which code points are letters.
    std::vector<std::size_t> start;
    std::vector<bool> letter;
    const icu::UnicodeString u = icu::UnicodeString::fromUTF8(
        icu::StringPiece(s.data(), static_cast<std::int32_t>(s.size())));
    std::size_t byte = 0;
    for (std::int32_t i = 0; i < u.length(); i = u.moveIndex32(i, 1)) {
        const UChar32 c = u.char32At(i);
        start.push_back(byte);
        byte += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
        letter.push_back(u_isalpha(c) != 0);
    }
    const std::size_t n = start.size();
    start.push_back(s.size());
    // best[i][w]: the fewest non-letters in a cover of the first i code points by w entries
    // and non-letters; a cover of all of them within the limits makes the password common.
    constexpr int kNone = std::numeric_limits<int>::max();
    std::vector<std::array<int, kMaxEntries + 1>> best(n + 1);
    for (auto& b : best) b.fill(kNone);
    best[0][0] = 0;
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t w = 0; w <= kMaxEntries; ++w) {
            const int here = best[i][w];
            if (here == kNone || here > kMaxOther) continue;
            if (!letter[i]) best[i + 1][w] = std::min(best[i + 1][w], here + 1);
            if (w == kMaxEntries) continue;
            const std::size_t longest = std::min(longest_, n - i);
            for (std::size_t len = kMinEntryChars; len <= longest; ++len)
                if (entries_.contains(s.substr(start[i], start[i + len] - start[i])))
                    best[i + len][w + 1] = std::min(best[i + len][w + 1], here);
        }
    }
    const auto& end = best[n];
    return std::any_of(end.begin(), end.end(), [](int v) { return v <= kMaxOther; });
}

std::string password_problem(std::string_view password) {
    if (!is_valid_utf8(password)) return "Lösenordet innehåller tecken som inte går att läsa.";
    const std::size_t chars = password_chars(password);
    if (chars < kMinPasswordChars)
        return "Lösenordet måste ha minst " + std::to_string(kMinPasswordChars) + " tecken.";
    if (chars > kMaxPasswordChars)
        return "Lösenordet får ha högst " + std::to_string(kMaxPasswordChars) + " tecken.";
    if (CommonPasswords::builtin().common(password))
        return "Lösenordet är för vanligt: det finns i listor över lösenord som används ofta "
               "eller har läckt ut. Välj ett annat, gärna några ord som bara du vet hör ihop.";
    return {};
}

}  // namespace radfraga::server
