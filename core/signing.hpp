// Ed25519 signatures over published answers (OpenSSL 3 EVP_PKEY API).
//
// What is signed is the canonical byte string of a SignedRecord:
//
//   radfraga-answer-v1\n
//   question_id:<n>:<n bytes>\n
//   version:<n>:<n bytes>\n          (the version in decimal, e.g. "version:1:3\n")
//   published_at:<n>:<n bytes>\n     (ISO 8601, byte for byte as stored and published)
//   title:<n>:<n bytes>\n
//   question:<n>:<n bytes>\n         (the redacted question as published)
//   answer:<n>:<n bytes>\n           (the answer's Markdown as published)
//   signature_name:<n>:<n bytes>\n   (e.g. "Socialrådgivningen")
//
// <n> is the field's length in bytes (UTF-8, not characters) in decimal without leading
// zeros; the bytes follow unchanged, newlines included. The fields are always present,
// always in this order, so no two records have the same byte string. docs/signatures.md
// says how anyone verifies a signature with the openssl command-line tool.
#pragma once
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/clock.hpp"
#include "core/crypto.hpp"

typedef struct evp_pkey_st EVP_PKEY;  // NOLINT: OpenSSL's own forward declaration

namespace radfraga {

inline constexpr std::size_t kEd25519PublicKeyBytes = 32;
inline constexpr std::size_t kEd25519SignatureBytes = 64;

struct SignedRecord {
    std::string question_id;
    std::int64_t version = 1;
    std::string published_at;  // ISO 8601
    std::string title;
    std::string question;
    std::string answer;
    std::string signature_name;
};

// The canonical byte string described at the top of this file.
std::string canonical_answer_record(const SignedRecord& record);

// The server's signing key. Move-only; sign() is const and safe to call from several
// threads at once.
class Signer {
  public:
    // Reads the PKCS#8 PEM Ed25519 private key at `private_key_pem`, or, if there is no
    // such file, makes one from 32 bytes of `random` and writes it there (creating the
    // folder; temporary file, fsync, rename, so a crash never leaves half a key; never
    // replacing a key another process wrote first). The file's mode is set to 0600 if it
    // was anything else. Throws std::runtime_error with one sentence if the file cannot
    // be read or written or holds no Ed25519 private key.
    static Signer load_or_create(const std::filesystem::path& private_key_pem, Random& random);

    // The 64-byte Ed25519 signature of `message` (pure Ed25519, no pre-hash).
    Bytes sign(std::string_view message) const;
    // The 32-byte raw public key.
    Bytes public_key_raw() const;
    // The public key as "-----BEGIN PUBLIC KEY-----" PEM (SubjectPublicKeyInfo), as
    // served at /.well-known/radfraga-signing-key.pem.
    std::string public_key_pem() const;

  private:
    struct KeyFree {
        void operator()(EVP_PKEY* k) const;
    };
    explicit Signer(std::unique_ptr<EVP_PKEY, KeyFree> key) : key_(std::move(key)) {}
    std::unique_ptr<EVP_PKEY, KeyFree> key_;
};

// True only if `signature` is a valid Ed25519 signature of `message` under the 32-byte
// raw public key. Wrong sizes and malformed keys are simply false.
bool verify_signature(std::span<const unsigned char> public_key_raw, std::string_view message,
                      std::span<const unsigned char> signature);

// The raw 32-byte key from a "BEGIN PUBLIC KEY" PEM holding an Ed25519 key, else nullopt
// (for `radfraga verify`, which is given the PEM from the well-known URL).
std::optional<Bytes> ed25519_public_key_from_pem(std::string_view pem);

}  // namespace radfraga
