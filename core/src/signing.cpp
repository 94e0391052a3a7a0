#include "core/signing.hpp"

#include "core/keyfile.hpp"

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <array>
#include <cerrno>
#include <climits>
#include <stdexcept>

namespace radfraga {

void Signer::KeyFree::operator()(EVP_PKEY* k) const {
    EVP_PKEY_free(k);
}

namespace {

struct MdCtxFree {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
struct BioFree {
    void operator()(BIO* b) const { BIO_free(b); }
};
struct PkeyFree {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxFree>;
using Bio = std::unique_ptr<BIO, BioFree>;
using Pkey = std::unique_ptr<EVP_PKEY, PkeyFree>;

constexpr std::size_t kEd25519PrivateKeyBytes = 32;

const unsigned char* bytes_of(std::string_view s) {
    return reinterpret_cast<const unsigned char*>(s.data());
}

// The contents of a memory BIO.
std::string bio_contents(BIO* bio) {
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio, &data);
    if (n <= 0 || !data) return {};
    return std::string(data, static_cast<std::size_t>(n));
}

void append_field(std::string& out, std::string_view name, std::string_view value) {
    out += name;
    out += ':';
    out += std::to_string(value.size());
    out += ':';
    out += value;
    out += '\n';
}

Pkey parse_private_key(const std::string& pem, const std::filesystem::path& file) {
    if (pem.size() > INT_MAX)
        throw std::runtime_error("the signing key file " + file.string() + " is too large");
    Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    if (!bio) throw std::runtime_error("out of memory reading the signing key");
    Pkey key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    ERR_clear_error();
    if (!key || EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_ED25519)
        throw std::runtime_error("the signing key file " + file.string() +
                                 " does not hold an Ed25519 private key in PKCS#8 PEM");
    return key;
}

}  // namespace

std::string canonical_answer_record(const SignedRecord& r) {
    std::string out = "radfraga-answer-v1\n";
    out.reserve(out.size() + 128 + r.question_id.size() + r.published_at.size() + r.title.size() +
                r.question.size() + r.answer.size() + r.signature_name.size());
    append_field(out, "question_id", r.question_id);
    append_field(out, "version", std::to_string(r.version));
    append_field(out, "published_at", r.published_at);
    append_field(out, "title", r.title);
    append_field(out, "question", r.question);
    append_field(out, "answer", r.answer);
    append_field(out, "signature_name", r.signature_name);
    return out;
}

Signer Signer::load_or_create(const std::filesystem::path& file, Random& random) {
    for (int attempt = 0; attempt < 2; ++attempt) {
        // An Ed25519 PKCS#8 PEM is 119 bytes; anything far larger is not a key.
        if (auto pem = read_key_file(file, 64 * 1024)) {
            auto key = parse_private_key(pem->s, file);
            return Signer(std::unique_ptr<EVP_PKEY, KeyFree>(key.release()));
        }

        std::error_code ec;
        if (file.has_parent_path()) std::filesystem::create_directories(file.parent_path(), ec);
        std::array<unsigned char, kEd25519PrivateKeyBytes> seed{};
        random.fill(seed);
        Pkey key(EVP_PKEY_new_raw_private_key(EVP_PKEY_ED25519, nullptr, seed.data(), seed.size()));
        OPENSSL_cleanse(seed.data(), seed.size());
        if (!key) throw std::runtime_error("cannot create an Ed25519 key");

        Bio bio(BIO_new(BIO_s_secmem()));
        if (!bio || PEM_write_bio_PrivateKey(bio.get(), key.get(), nullptr, nullptr, 0, nullptr,
                                             nullptr) != 1)
            throw std::runtime_error("cannot encode the Ed25519 key as PEM");
        WipedString pem{bio_contents(bio.get())};
        if (write_new_key_file(file, pem.s))
            return Signer(std::unique_ptr<EVP_PKEY, KeyFree>(key.release()));
        // Another process wrote its key first: use that one.
    }
    throw std::runtime_error("cannot settle on a signing key in " + file.string());
}

Bytes Signer::sign(std::string_view message) const {
    MdCtx ctx(EVP_MD_CTX_new());
    Bytes sig(kEd25519SignatureBytes);
    std::size_t len = sig.size();
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key_.get()) != 1 ||
        EVP_DigestSign(ctx.get(), sig.data(), &len, bytes_of(message), message.size()) != 1 ||
        len != kEd25519SignatureBytes) {
        ERR_clear_error();
        throw std::runtime_error("Ed25519 signing failed");
    }
    return sig;
}

Bytes Signer::public_key_raw() const {
    Bytes out(kEd25519PublicKeyBytes);
    std::size_t len = out.size();
    if (EVP_PKEY_get_raw_public_key(key_.get(), out.data(), &len) != 1 ||
        len != kEd25519PublicKeyBytes) {
        ERR_clear_error();
        throw std::runtime_error("cannot read the Ed25519 public key");
    }
    return out;
}

std::string Signer::public_key_pem() const {
    Bio bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), key_.get()) != 1) {
        ERR_clear_error();
        throw std::runtime_error("cannot encode the Ed25519 public key as PEM");
    }
    return bio_contents(bio.get());
}

bool verify_signature(std::span<const unsigned char> public_key_raw, std::string_view message,
                      std::span<const unsigned char> signature) {
    if (public_key_raw.size() != kEd25519PublicKeyBytes ||
        signature.size() != kEd25519SignatureBytes)
        return false;
    Pkey key(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, public_key_raw.data(),
                                         public_key_raw.size()));
    MdCtx ctx(EVP_MD_CTX_new());
    const bool ok = key && ctx &&
                    EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) == 1 &&
                    EVP_DigestVerify(ctx.get(), signature.data(), signature.size(),
                                     bytes_of(message), message.size()) == 1;
    ERR_clear_error();
    return ok;
}

std::optional<Bytes> ed25519_public_key_from_pem(std::string_view pem) {
    if (pem.size() > INT_MAX) return std::nullopt;
    Bio bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    if (!bio) return std::nullopt;
    Pkey key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
    ERR_clear_error();
    if (!key || EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_ED25519) return std::nullopt;
    Bytes out(kEd25519PublicKeyBytes);
    std::size_t len = out.size();
    if (EVP_PKEY_get_raw_public_key(key.get(), out.data(), &len) != 1 || len != out.size()) {
        ERR_clear_error();
        return std::nullopt;
    }
    return out;
}

}  // namespace radfraga
