#include "core/crypto.hpp"

#include "core/keyfile.hpp"

#include <fcntl.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cassert>
#include <memory>
#include <stdexcept>

namespace radfraga {

namespace {
struct CipherCtxFree {
    void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;
struct MacFree {
    void operator()(EVP_MAC* m) const { EVP_MAC_free(m); }
};
using MacPtr = std::unique_ptr<EVP_MAC, MacFree>;
struct MacCtxFree {
    void operator()(EVP_MAC_CTX* c) const { EVP_MAC_CTX_free(c); }
};
using MacCtx = std::unique_ptr<EVP_MAC_CTX, MacCtxFree>;

constexpr std::size_t kNonce = 12;
constexpr std::size_t kTag = 16;
constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
}  // namespace

Bytes sha256(std::string_view data) {
    Bytes out(32);
    unsigned int len = 0;
    if (EVP_Digest(data.data(), data.size(), out.data(), &len, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256 failed");
    return out;
}

bool constant_time_equal(std::span<const unsigned char> a, std::span<const unsigned char> b) {
    if (a.size() != b.size()) return false;
    return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

std::string base64url_encode(std::span<const unsigned char> d) {
    std::string out;
    out.reserve((d.size() * 4 + 2) / 3);
    std::size_t i = 0;
    for (; i + 3 <= d.size(); i += 3) {
        const unsigned v = (unsigned{d[i]} << 16) | (unsigned{d[i + 1]} << 8) | d[i + 2];
        out += kB64[(v >> 18) & 63];
        out += kB64[(v >> 12) & 63];
        out += kB64[(v >> 6) & 63];
        out += kB64[v & 63];
    }
    if (d.size() - i == 1) {
        const unsigned v = unsigned{d[i]} << 16;
        out += kB64[(v >> 18) & 63];
        out += kB64[(v >> 12) & 63];
    } else if (d.size() - i == 2) {
        const unsigned v = (unsigned{d[i]} << 16) | (unsigned{d[i + 1]} << 8);
        out += kB64[(v >> 18) & 63];
        out += kB64[(v >> 12) & 63];
        out += kB64[(v >> 6) & 63];
    }
    return out;
}

std::optional<Bytes> base64url_decode(std::string_view s) {
    if (s.size() % 4 == 1) return std::nullopt;
    Bytes out;
    out.reserve(s.size() * 3 / 4);
    unsigned acc = 0;
    int bits = 0;
    for (const char c : s) {
        unsigned v;
        if (c >= 'A' && c <= 'Z')
            v = static_cast<unsigned>(c - 'A');
        else if (c >= 'a' && c <= 'z')
            v = static_cast<unsigned>(c - 'a' + 26);
        else if (c >= '0' && c <= '9')
            v = static_cast<unsigned>(c - '0' + 52);
        else if (c == '-')
            v = 62;
        else if (c == '_')
            v = 63;
        else
            return std::nullopt;
        acc = (acc << 6) | v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<unsigned char>((acc >> bits) & 0xFF));
        }
    }
    // Leftover bits must be zero for a canonical encoding.
    if (bits > 0 && (acc & ((1u << bits) - 1)) != 0) return std::nullopt;
    return out;
}

std::string hex_encode(std::span<const unsigned char> d) {
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    out.reserve(d.size() * 2);
    for (const auto b : d) {
        out += hex[b >> 4];
        out += hex[b & 15];
    }
    return out;
}

std::string random_token(Random& random, std::size_t bytes) {
    assert(bytes >= 16);
    Bytes b(bytes);
    random.fill(b);
    return base64url_encode(b);
}

namespace {

// HMAC under the OpenSSL digest named `digest` ("SHA256", "SHA1"), `size` bytes long.
Bytes hmac(const char* digest, std::size_t size, std::span<const unsigned char> key,
           std::span<const unsigned char> data) {
    // Fetched once: an EVP_MAC is immutable and may be shared between threads.
    static const MacPtr mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr));
    if (!mac) throw std::runtime_error("HMAC failed (no HMAC in OpenSSL)");
    const MacCtx ctx(EVP_MAC_CTX_new(mac.get()));
    std::string name(digest);
    const OSSL_PARAM params[] = {
        OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, name.data(), 0),
        OSSL_PARAM_construct_end(),
    };
    // A zero-length key is a valid HMAC key, but a null pointer would mean "keep the
    // previous key" to EVP_MAC_init.
    static constexpr unsigned char empty = 0;
    Bytes out(size);
    std::size_t len = 0;
    if (!ctx ||
        EVP_MAC_init(ctx.get(), key.empty() ? &empty : key.data(), key.size(), params) != 1 ||
        EVP_MAC_update(ctx.get(), data.data(), data.size()) != 1 ||
        EVP_MAC_final(ctx.get(), out.data(), &len, out.size()) != 1 || len != out.size())
        throw std::runtime_error(std::string("HMAC-") + digest + " failed");
    return out;
}

}  // namespace

Bytes hmac_sha256(std::span<const unsigned char> key, std::string_view data) {
    return hmac("SHA256", 32, key,
                std::span(reinterpret_cast<const unsigned char*>(data.data()), data.size()));
}

Bytes hmac_sha1(std::span<const unsigned char> key, std::span<const unsigned char> data) {
    return hmac("SHA1", 20, key, data);
}

void wipe(std::span<unsigned char> secret) {
    OPENSSL_cleanse(secret.data(), secret.size());
}

Bytes load_or_create_key(const std::filesystem::path& file, std::size_t size, Random& random) {
    for (int attempt = 0; attempt < 2; ++attempt) {
        if (const auto existing = read_key_file(file, size + 1)) {
            if (existing->s.size() != size)
                throw std::runtime_error("the key file " + file.string() +
                                         " is damaged (wrong size)");
            return Bytes(existing->s.begin(), existing->s.end());
        }
        WipedString fresh(std::string(size, '\0'));
        random.fill(std::span(reinterpret_cast<unsigned char*>(fresh.s.data()), size));
        if (write_new_key_file(file, fresh.s)) return Bytes(fresh.s.begin(), fresh.s.end());
        // Another process wrote its key first: read that one.
    }
    throw std::runtime_error("cannot settle on a key in " + file.string());
}

std::string secret_aad(SecretPurpose purpose, std::int64_t id) {
    const char* name = "";
    switch (purpose) {
        case SecretPurpose::question_original:
            name = "question-original:";
            break;
        case SecretPurpose::follow_up_original:
            name = "follow-up-original:";
            break;
        case SecretPurpose::totp_secret:
            name = "totp:";
            break;
        case SecretPurpose::totp_enrolment:
            name = "totp-enrolment:";
            break;
    }
    return name + std::to_string(id);
}

namespace {

constexpr std::string_view kMagic = "RFSB";
constexpr std::size_t kHeader = 8;
constexpr std::size_t kKeyBytes = 32;

std::filesystem::path key_file(const std::filesystem::path& dir, std::uint32_t version) {
    return dir / (version == 1 ? std::string("originals.key")
                               : "originals." + std::to_string(version) + ".key");
}

// The versions of the key files in `dir`, by their names; the files are not read.
std::vector<std::uint32_t> key_versions(const std::filesystem::path& dir) {
    std::vector<std::uint32_t> out;
    std::error_code ec;
    for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name == "originals.key") {
            out.push_back(1);
            continue;
        }
        if (!name.starts_with("originals.") || !name.ends_with(".key")) continue;
        const std::string digits = name.substr(10, name.size() - 14);
        if (digits.empty() || digits.size() > 9 || digits[0] == '0' ||
            digits.find_first_not_of("0123456789") != std::string::npos)
            continue;
        const auto v = static_cast<std::uint32_t>(std::stoul(digits));
        if (v > 1) out.push_back(v);
    }
    return out;
}

// AES-256-GCM over `in` with `nonce`; `aad` authenticated. Output: ciphertext || tag.
bool gcm_seal(const Bytes& key, const unsigned char* nonce, std::span<const std::string_view> aad,
              std::string_view in, unsigned char* out) {
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    int len = 0;
    if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.data(), nonce) != 1)
        return false;
    for (const auto a : aad)
        if (!a.empty() && EVP_EncryptUpdate(ctx.get(), nullptr, &len,
                                            reinterpret_cast<const unsigned char*>(a.data()),
                                            static_cast<int>(a.size())) != 1)
            return false;
    return EVP_EncryptUpdate(ctx.get(), out, &len,
                             reinterpret_cast<const unsigned char*>(in.data()),
                             static_cast<int>(in.size())) == 1 &&
           EVP_EncryptFinal_ex(ctx.get(), out + len, &len) == 1 &&
           EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kTag),
                               out + in.size()) == 1;
}

// Opens nonce || ciphertext || tag (`body`) under `key` with `aad`.
std::optional<std::string> gcm_open(const Bytes& key, std::span<const unsigned char> body,
                                    std::span<const std::string_view> aad) {
    if (body.size() < kNonce + kTag) return std::nullopt;
    const std::size_t n = body.size() - kNonce - kTag;
    std::string out(n, '\0');
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    int len = 0;
    Bytes tag(body.end() - kTag, body.end());
    if (!ctx ||
        EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.data(), body.data()) != 1)
        return std::nullopt;
    for (const auto a : aad)
        if (!a.empty() && EVP_DecryptUpdate(ctx.get(), nullptr, &len,
                                            reinterpret_cast<const unsigned char*>(a.data()),
                                            static_cast<int>(a.size())) != 1)
            return std::nullopt;
    if (EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &len,
                          body.data() + kNonce, static_cast<int>(n)) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kTag), tag.data()) !=
            1 ||
        EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(out.data()) + len, &len) !=
            1) {
        OPENSSL_cleanse(out.data(), out.size());
        return std::nullopt;
    }
    return out;
}

}  // namespace

SecretBox::SecretBox(Bytes key) : current_(1) {
    assert(key.size() == kKeyBytes);
    keys_.emplace(1, std::move(key));
}

SecretBox::SecretBox(std::map<std::uint32_t, Bytes> keys, std::uint32_t current)
    : keys_(std::move(keys)), current_(current) {
    assert(keys_.contains(current_));
    for ([[maybe_unused]] const auto& [v, k] : keys_) assert(k.size() == kKeyBytes);
}

SecretBox::~SecretBox() {
    for (auto& [v, k] : keys_) OPENSSL_cleanse(k.data(), k.size());
}

SecretBox SecretBox::load_or_create(const std::filesystem::path& keys_dir, Random& random) {
    std::map<std::uint32_t, Bytes> keys;
    keys.emplace(1, load_or_create_key(key_file(keys_dir, 1), kKeyBytes, random));
    for (const auto v : key_versions(keys_dir))
        if (v > 1) keys.emplace(v, load_or_create_key(key_file(keys_dir, v), kKeyBytes, random));
    const std::uint32_t current = keys.rbegin()->first;
    return SecretBox(std::move(keys), current);
}

std::uint32_t SecretBox::add_key_version(const std::filesystem::path& keys_dir, Random& random) {
    std::uint32_t next = 2;
    for (const auto v : key_versions(keys_dir)) next = std::max(next, v + 1);
    if (!std::filesystem::exists(key_file(keys_dir, 1)))
        throw std::runtime_error("there is no key version 1 (" + key_file(keys_dir, 1).string() +
                                 ") to rotate from");
    WipedString fresh(std::string(kKeyBytes, '\0'));
    random.fill(std::span(reinterpret_cast<unsigned char*>(fresh.s.data()), kKeyBytes));
    if (!write_new_key_file(key_file(keys_dir, next), fresh.s))
        throw std::runtime_error("another process made key version " + std::to_string(next) +
                                 " at the same time");
    return next;
}

Bytes SecretBox::seal(std::string_view plaintext, std::string_view aad, Random& random) const {
    Bytes out(kHeader + kNonce + plaintext.size() + kTag);
    std::copy(kMagic.begin(), kMagic.end(), out.begin());
    for (int i = 0; i < 4; ++i)
        out[4 + static_cast<std::size_t>(i)] = static_cast<unsigned char>(current_ >> (24 - 8 * i));
    random.fill(std::span(out.data() + kHeader, kNonce));
    const std::string_view header(reinterpret_cast<const char*>(out.data()), kHeader);
    const std::string_view parts[] = {header, aad};
    if (!gcm_seal(keys_.at(current_), out.data() + kHeader, parts, plaintext,
                  out.data() + kHeader + kNonce))
        throw std::runtime_error("AES-GCM encryption failed");
    return out;
}

std::optional<std::uint32_t> SecretBox::version_of(std::span<const unsigned char> sealed) const {
    if (sealed.size() < kHeader + kNonce + kTag ||
        !std::equal(kMagic.begin(), kMagic.end(), sealed.begin()))
        return std::nullopt;
    std::uint32_t v = 0;
    for (std::size_t i = 4; i < kHeader; ++i) v = (v << 8) | sealed[i];
    return v;
}

std::optional<std::string> SecretBox::open(std::span<const unsigned char> sealed,
                                           std::string_view aad) const {
    const auto version = version_of(sealed);
    if (!version) return std::nullopt;
    const auto key = keys_.find(*version);
    if (key == keys_.end()) return std::nullopt;
    const std::string_view header(reinterpret_cast<const char*>(sealed.data()), kHeader);
    const std::string_view parts[] = {header, aad};
    return gcm_open(key->second, sealed.subspan(kHeader), parts);
}

std::optional<std::string> SecretBox::open_legacy(std::span<const unsigned char> sealed) const {
    const auto key = keys_.find(1);
    if (key == keys_.end()) return std::nullopt;
    return gcm_open(key->second, sealed, {});
}

}  // namespace radfraga
