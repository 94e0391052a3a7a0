// Small cryptographic building blocks over OpenSSL 3 (EVP APIs), with RAII for every
// context. Only core/ includes OpenSSL: every other module hashes, MACs and compares
// secrets through this header.
#pragma once
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.hpp"

namespace radfraga {

using Bytes = std::vector<unsigned char>;

// SHA-256 of `data`.
Bytes sha256(std::string_view data);

// Compares in time that depends only on the lengths, never on the contents.
bool constant_time_equal(std::span<const unsigned char> a, std::span<const unsigned char> b);

// A fresh token of `bytes` random bytes from `random`, as unpadded base64url.
// 16 bytes = 128 bits, the minimum for receipts and sessions.
std::string random_token(Random& random, std::size_t bytes = 16);

// Decodes unpadded base64url; nullopt for anything else.
std::optional<Bytes> base64url_decode(std::string_view s);
std::string base64url_encode(std::span<const unsigned char> data);
std::string hex_encode(std::span<const unsigned char> data);

// HMAC-SHA-256 of `data` under `key` (RFC 2104), 32 bytes.
Bytes hmac_sha256(std::span<const unsigned char> key, std::string_view data);

// HMAC-SHA-1 (20 bytes), for HOTP/TOTP only (RFC 4226 fixes the hash).
Bytes hmac_sha1(std::span<const unsigned char> key, std::span<const unsigned char> data);

// Overwrites `secret` with zeros in a way the compiler does not remove (OPENSSL_cleanse).
void wipe(std::span<unsigned char> secret);

// Reads the key file `file` of exactly `size` random bytes, or creates one from `random`
// with the careful writer of core/keyfile.hpp (mode 0600, never a symlink, never replacing
// a key another process wrote first: then that key is read and returned). Throws
// std::runtime_error with one sentence if the file has the wrong size or cannot be read or
// written.
Bytes load_or_create_key(const std::filesystem::path& file, std::size_t size, Random& random);

// What a ciphertext at rest is for. Each is bound, with its row id, into the ciphertext as
// AES-GCM associated data, so a ciphertext moved to another row or column no longer opens.
enum class SecretPurpose {
    question_original,   // questions.original_ct, by question id
    follow_up_original,  // follow_ups.original_ct, by follow-up id
    totp_secret,         // experts.totp_secret_ct, by expert id
    totp_enrolment,      // the pending TOTP key in the enrolment form, by expert id
};

// The associated data for `purpose` and `id`: "question-original:<id>",
// "follow-up-original:<id>", "totp:<id>", "totp-enrolment:<id>".
std::string secret_aad(SecretPurpose purpose, std::int64_t id);

// Authenticated encryption with AES-256-GCM for text at rest (askers' unredacted originals,
// experts' TOTP keys), under a ring of numbered key versions so keys can be rotated.
//
// Layout of a sealed text (all integers big-endian):
//   "RFSB" || key version (4 bytes) || 12-byte random nonce || ciphertext || 16-byte tag
// with the first 8 bytes and the caller's AAD authenticated as associated data.
// Texts sealed before key versions existed are nonce || ciphertext || tag under key
// version 1 without AAD; open_legacy() reads them, and the server re-seals them at start
// (docs/architecture.md, "Keys").
//
// Key files (folder `keys/`): version 1 is `originals.key`, version N > 1 is
// `originals.N.key`; each holds 32 random bytes. The highest version present seals.
class SecretBox {
  public:
    // A ring with one key, version 1. `key` must be 32 bytes.
    explicit SecretBox(Bytes key);
    // `keys` maps versions to 32-byte keys; `current` must be one of them.
    SecretBox(std::map<std::uint32_t, Bytes> keys, std::uint32_t current);
    SecretBox(SecretBox&&) noexcept = default;
    SecretBox(const SecretBox&) = delete;
    SecretBox& operator=(const SecretBox&) = delete;
    SecretBox& operator=(SecretBox&&) = delete;
    ~SecretBox();

    // Reads every key version in `keys_dir`, creating version 1 if there is none.
    static SecretBox load_or_create(const std::filesystem::path& keys_dir, Random& random);
    // Writes the key file of the next version (one above the highest present) and returns
    // that version. Throws if another process wrote that version at the same moment.
    static std::uint32_t add_key_version(const std::filesystem::path& keys_dir, Random& random);

    std::uint32_t current_version() const { return current_; }

    // Seals under the current version, binding `aad`.
    Bytes seal(std::string_view plaintext, std::string_view aad, Random& random) const;
    // nullopt if the text was tampered with, sealed with another AAD, or under a key version
    // this ring does not hold, or is not in the versioned layout.
    std::optional<std::string> open(std::span<const unsigned char> sealed,
                                    std::string_view aad) const;
    // Opens a text sealed before key versions (no header, no AAD, key version 1).
    std::optional<std::string> open_legacy(std::span<const unsigned char> sealed) const;
    // The key version in the header of a versioned text, nullopt for anything else. Says
    // nothing about authenticity: only open() does.
    std::optional<std::uint32_t> version_of(std::span<const unsigned char> sealed) const;

  private:
    std::map<std::uint32_t, Bytes> keys_;
    std::uint32_t current_;
};

}  // namespace radfraga
