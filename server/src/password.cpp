#include "server/password.hpp"

#include <argon2.h>

#include <array>
#include <stdexcept>

namespace radfraga::server {

namespace {
constexpr std::uint32_t kTimeCost = 2;
constexpr std::uint32_t kMemoryKiB = 19 * 1024;
constexpr std::uint32_t kLanes = 1;
constexpr std::size_t kHashLen = 32;
constexpr std::size_t kSaltLen = 16;
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
    return argon2id_verify(encoded.c_str(), password.data(), password.size()) == ARGON2_OK;
}

std::string password_problem(std::string_view password) {
    if (password.size() < 12) return "Lösenordet måste ha minst 12 tecken.";
    if (password.size() > 256) return "Lösenordet får ha högst 256 tecken.";
    return {};
}

}  // namespace radfraga::server
