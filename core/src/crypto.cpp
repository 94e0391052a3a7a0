#include "core/crypto.hpp"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cassert>
#include <fstream>
#include <memory>
#include <stdexcept>

namespace radfraga {

namespace {
struct CipherCtxFree {
    void operator()(EVP_CIPHER_CTX* c) const { EVP_CIPHER_CTX_free(c); }
};
using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, CipherCtxFree>;

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
        if (c >= 'A' && c <= 'Z') v = static_cast<unsigned>(c - 'A');
        else if (c >= 'a' && c <= 'z') v = static_cast<unsigned>(c - 'a' + 26);
        else if (c >= '0' && c <= '9') v = static_cast<unsigned>(c - '0' + 52);
        else if (c == '-') v = 62;
        else if (c == '_') v = 63;
        else return std::nullopt;
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

Bytes load_or_create_key(const std::filesystem::path& file, std::size_t size, Random& random) {
    std::error_code ec;
    if (std::filesystem::exists(file, ec)) {
        std::ifstream in(file, std::ios::binary);
        Bytes key(size + 1);
        in.read(reinterpret_cast<char*>(key.data()), static_cast<std::streamsize>(key.size()));
        if (static_cast<std::size_t>(in.gcount()) != size)
            throw std::runtime_error("the key file " + file.string() + " is damaged (wrong size)");
        key.resize(size);
        return key;
    }
    std::filesystem::create_directories(file.parent_path(), ec);
    Bytes key(size);
    random.fill(key);
    const auto tmp = file.string() + ".new";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0) throw std::runtime_error("cannot create the key file " + file.string());
    const auto n = ::write(fd, key.data(), key.size());
    const bool ok = n == static_cast<ssize_t>(key.size()) && ::fsync(fd) == 0;
    ::close(fd);
    if (!ok || ::rename(tmp.c_str(), file.c_str()) != 0) {
        ::unlink(tmp.c_str());
        throw std::runtime_error("cannot write the key file " + file.string());
    }
    return key;
}

SecretBox::SecretBox(Bytes key) : key_(std::move(key)) { assert(key_.size() == 32); }

Bytes SecretBox::seal(std::string_view plaintext, Random& random) const {
    Bytes out(kNonce + plaintext.size() + kTag);
    random.fill(std::span(out.data(), kNonce));
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    int len = 0;
    if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key_.data(), out.data()) != 1 ||
        EVP_EncryptUpdate(ctx.get(), out.data() + kNonce, &len,
                          reinterpret_cast<const unsigned char*>(plaintext.data()),
                          static_cast<int>(plaintext.size())) != 1 ||
        EVP_EncryptFinal_ex(ctx.get(), out.data() + kNonce + len, &len) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kTag),
                            out.data() + kNonce + plaintext.size()) != 1)
        throw std::runtime_error("AES-GCM encryption failed");
    return out;
}

std::optional<std::string> SecretBox::open(std::span<const unsigned char> sealed) const {
    if (sealed.size() < kNonce + kTag) return std::nullopt;
    const std::size_t n = sealed.size() - kNonce - kTag;
    std::string out(n, '\0');
    CipherCtx ctx(EVP_CIPHER_CTX_new());
    int len = 0;
    Bytes tag(sealed.end() - kTag, sealed.end());
    if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key_.data(), sealed.data()) != 1 ||
        EVP_DecryptUpdate(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &len,
                          sealed.data() + kNonce, static_cast<int>(n)) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kTag), tag.data()) != 1 ||
        EVP_DecryptFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(out.data()) + len, &len) != 1)
        return std::nullopt;
    return out;
}

}  // namespace radfraga
