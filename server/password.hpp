// Expert passwords: Argon2id (libargon2) at OWASP's recommended parameters
// (19 MiB memory, 2 iterations, 1 lane), stored as the standard encoded string.
//
// The rules for a new password (ASVS 2.1): at least 12 and at most 128 characters
// (Unicode code points, not bytes), and not a common or breached password. No
// composition rules. Login refuses a password over 128 characters before hashing it.
#pragma once
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>

#include "core/clock.hpp"

namespace radfraga::server {

inline constexpr std::size_t kMinPasswordChars = 12;
inline constexpr std::size_t kMaxPasswordChars = 128;

// Hashes `password` with a fresh 16-byte salt from `random`.
std::string hash_password(std::string_view password, Random& random);

// Constant-time verification against an encoded hash. False for a malformed hash
// (an account without a usable password stores an empty one).
bool verify_password(std::string_view password, const std::string& encoded);

// The characters of `password`: Unicode code points if it is well-formed UTF-8 (bytes that
// are not UTF-8 continuation bytes, so malformed input is never counted as shorter).
std::size_t password_chars(std::string_view password);

// True if `password` has more than kMaxPasswordChars characters. Login checks this before
// any hashing, so an over-long password costs nothing and gets the wrong-password answer.
bool password_too_long(std::string_view password);

// Lists of common and breached passwords. An entry and a candidate are compared after
// Unicode NFKC normalisation and case folding (ICU's nfkc_cf). A candidate is common
// when it is an entry, or is made of at most two entries (one twice, or two) with at
// most six other characters that are not letters (digits, spaces, punctuation) before,
// between or after them: "Sommar2024!", "sommar2024sommar", "Password123456".
// Entries shorter than three characters are ignored. Immutable; thread-safe.
class CommonPasswords {
  public:
    // `lists`: texts with one entry a line; lines starting with '#' are comments.
    explicit CommonPasswords(std::span<const std::string_view> lists);
    // John the Ripper's list (Debian's john-data, embedded at build time) and Rådfråga's
    // Swedish list (server/data/common-passwords-sv.txt), built on first use.
    static const CommonPasswords& builtin();
    bool common(std::string_view password) const;
    std::size_t size() const { return entries_.size(); }

  private:
    std::unordered_set<std::string> entries_;  // normalised
    std::size_t longest_ = 0;                  // in code points
};

// Unicode NFKC with case folding (ICU), for comparing passwords with list entries.
// Malformed UTF-8 is returned unchanged.
std::string fold_password(std::string_view s);

// Why a new password is refused (in Swedish, for the person choosing it), or empty.
// Checks length in characters and CommonPasswords::builtin().
std::string password_problem(std::string_view password);

}  // namespace radfraga::server
