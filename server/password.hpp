// Expert passwords: Argon2id (libargon2) at OWASP's recommended parameters
// (19 MiB memory, 2 iterations, 1 lane), stored as the standard encoded string.
#pragma once
#include <string>
#include <string_view>

#include "core/clock.hpp"

namespace radfraga::server {

// Hashes `password` with a fresh 16-byte salt from `random`.
std::string hash_password(std::string_view password, Random& random);

// Constant-time verification against an encoded hash. False for a malformed hash.
bool verify_password(std::string_view password, const std::string& encoded);

// Why a new password is refused (in Swedish, for the person choosing it), or empty.
std::string password_problem(std::string_view password);

}  // namespace radfraga::server
