// Small cryptographic building blocks over OpenSSL 3, with RAII for every context.
#pragma once
#include <filesystem>
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

// Reads a key file of exactly `size` random bytes, or creates one (mode 0600, written to
// a temporary file and renamed, so a crash never leaves a half-written key). Throws
// std::runtime_error with one sentence if the file exists with the wrong size or cannot
// be read or written.
Bytes load_or_create_key(const std::filesystem::path& file, std::size_t size, Random& random);

// Authenticated encryption with AES-256-GCM for text at rest (the askers' unredacted
// originals). Output layout: 12-byte random nonce || ciphertext || 16-byte tag.
class SecretBox {
public:
    // `key` must be 32 bytes.
    explicit SecretBox(Bytes key);
    Bytes seal(std::string_view plaintext, Random& random) const;
    // nullopt if the ciphertext was tampered with or made with another key.
    std::optional<std::string> open(std::span<const unsigned char> sealed) const;

private:
    Bytes key_;
};

}  // namespace radfraga
