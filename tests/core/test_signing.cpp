// core/signing.hpp: Ed25519 answer signatures, the key file, the canonical record, and
// interoperability with the openssl command-line tool (docs/signatures.md).
#include <boost/test/unit_test.hpp>

#include <sys/stat.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "core/signing.hpp"
#include "tests/core/support.hpp"
#include "tests/support/temp_dir.hpp"

using namespace radfraga;
using radfraga::test::FixedRandom;
using radfraga::test::TempDir;
namespace fs = std::filesystem;

namespace {

Bytes from_hex(std::string_view hex) {
    Bytes out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
        out.push_back(
            static_cast<unsigned char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
    return out;
}

// RFC 8032 section 7.1, TEST 1.
const Bytes rfc8032_secret =
    from_hex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
const Bytes rfc8032_public =
    from_hex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
const Bytes rfc8032_signature = from_hex(
    "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b4"
    "6b"
    "d25bf5f0595bbe24655141438e7a100b");

SignedRecord sample_record() {
    SignedRecord r;
    r.question_id = "1234";
    r.version = 2;
    r.published_at = "2024-05-06T10:00:00+02:00";
    r.title = "Hyra";
    r.question = "Får jag hjälp?\nMvh";
    r.answer = "Hej!";
    r.signature_name = "Socialrådgivningen";
    return r;
}

unsigned mode_of(const fs::path& p) {
    struct stat st {};
    BOOST_REQUIRE(::stat(p.c_str(), &st) == 0);
    return st.st_mode & 07777u;
}

bool have_openssl_cli() {
    return fs::exists("/usr/bin/openssl");
}

std::string shell_quote(const fs::path& p) {
    std::string out = "'";
    for (const char c : p.string()) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// Runs `command` through the shell with output to `log`; its exit status.
int run(const std::string& command, const fs::path& log) {
    const int status = std::system((command + " >" + shell_quote(log) + " 2>&1").c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(core)

BOOST_AUTO_TEST_CASE(canonical_record_of_a_known_answer_is_fixed) {
    const std::string expected =
        "radfraga-answer-v1\n"
        "question_id:4:1234\n"
        "version:1:2\n"
        "published_at:25:2024-05-06T10:00:00+02:00\n"
        "title:4:Hyra\n"
        "question:20:Får jag hjälp?\nMvh\n"
        "answer:4:Hej!\n"
        "signature_name:19:Socialrådgivningen\n";
    BOOST_TEST(canonical_answer_record(sample_record()) == expected);

    SignedRecord empty;
    empty.version = 0;
    BOOST_TEST(canonical_answer_record(empty) ==
               "radfraga-answer-v1\nquestion_id:0:\nversion:1:0\npublished_at:0:\ntitle:0:\n"
               "question:0:\nanswer:0:\nsignature_name:0:\n");
}

BOOST_AUTO_TEST_CASE(canonical_record_cannot_be_forged_by_moving_text_between_fields) {
    // A title that contains what looks like the next field must not produce the same bytes
    // as a record that really has that field.
    SignedRecord a = sample_record();
    a.title = "Hyra\nquestion:3:abc";
    a.question = "";
    SignedRecord b = sample_record();
    b.title = "Hyra";
    b.question = "abc";
    BOOST_TEST(canonical_answer_record(a) != canonical_answer_record(b));
    SignedRecord c = sample_record();
    c.answer = "Hej!\n";
    SignedRecord d = sample_record();
    d.answer = "Hej!";
    d.signature_name = "\nSocialrådgivningen";
    BOOST_TEST(canonical_answer_record(c) != canonical_answer_record(d));
}

BOOST_AUTO_TEST_CASE(signer_reproduces_the_rfc_8032_test_vector) {
    TempDir dir;
    FixedRandom random(rfc8032_secret);
    const auto signer = Signer::load_or_create(dir / "signing.pem", random);
    BOOST_TEST(signer.public_key_raw() == rfc8032_public);
    BOOST_TEST(signer.sign("") == rfc8032_signature);
    BOOST_TEST(verify_signature(rfc8032_public, "", rfc8032_signature));
}

BOOST_AUTO_TEST_CASE(signatures_round_trip) {
    TempDir dir;
    SystemRandom random;
    const auto signer = Signer::load_or_create(dir / "keys" / "signing.pem", random);
    const std::string record = canonical_answer_record(sample_record());
    const Bytes sig = signer.sign(record);
    BOOST_TEST(sig.size() == kEd25519SignatureBytes);
    BOOST_TEST(signer.public_key_raw().size() == kEd25519PublicKeyBytes);
    BOOST_TEST(verify_signature(signer.public_key_raw(), record, sig));
    // Ed25519 is deterministic.
    BOOST_TEST(signer.sign(record) == sig);
}

BOOST_AUTO_TEST_CASE(a_tampered_record_is_rejected) {
    TempDir dir;
    SystemRandom random;
    const auto signer = Signer::load_or_create(dir / "signing.pem", random);
    const SignedRecord original = sample_record();
    const Bytes sig = signer.sign(canonical_answer_record(original));
    const Bytes pub = signer.public_key_raw();
    BOOST_REQUIRE(verify_signature(pub, canonical_answer_record(original), sig));

    const std::pair<const char*, void (*)(SignedRecord&)> changes[] = {
        {"question_id", [](SignedRecord& r) { r.question_id = "1235"; }},
        {"version", [](SignedRecord& r) { r.version = 3; }},
        {"published_at", [](SignedRecord& r) { r.published_at = "2024-05-06T10:00:01+02:00"; }},
        {"title", [](SignedRecord& r) { r.title = "Hyran"; }},
        {"question", [](SignedRecord& r) { r.question = "Får jag hjälp?\nMvh "; }},
        {"answer", [](SignedRecord& r) { r.answer = "Hej."; }},
        {"signature_name", [](SignedRecord& r) { r.signature_name = "Socialtjänsten"; }},
    };
    for (const auto& [field, change] : changes) {
        BOOST_TEST_CONTEXT("changed field: " << field) {
            SignedRecord r = original;
            change(r);
            BOOST_TEST(!verify_signature(pub, canonical_answer_record(r), sig));
        }
    }
    // A flipped bit anywhere in the signature, a truncated or extended one.
    for (std::size_t i = 0; i < sig.size(); i += 7) {
        Bytes bad = sig;
        bad[i] ^= 0x01;
        BOOST_TEST(!verify_signature(pub, canonical_answer_record(original), bad));
    }
    BOOST_TEST(!verify_signature(pub, canonical_answer_record(original),
                                 Bytes(sig.begin(), sig.end() - 1)));
    Bytes longer = sig;
    longer.push_back(0);
    BOOST_TEST(!verify_signature(pub, canonical_answer_record(original), longer));
    BOOST_TEST(!verify_signature(pub, canonical_answer_record(original), Bytes{}));
}

BOOST_AUTO_TEST_CASE(a_signature_under_another_key_is_rejected) {
    TempDir dir;
    SystemRandom random;
    const auto one = Signer::load_or_create(dir / "one.pem", random);
    const auto two = Signer::load_or_create(dir / "two.pem", random);
    BOOST_TEST(one.public_key_raw() != two.public_key_raw());
    const std::string record = canonical_answer_record(sample_record());
    BOOST_TEST(!verify_signature(two.public_key_raw(), record, one.sign(record)));
    // Malformed public keys are false, not errors.
    BOOST_TEST(!verify_signature(Bytes(31, 1), record, one.sign(record)));
    BOOST_TEST(!verify_signature(Bytes{}, record, one.sign(record)));
    BOOST_TEST(!verify_signature(Bytes(32, 0), record, one.sign(record)));
}

BOOST_AUTO_TEST_CASE(the_key_file_is_created_once_with_mode_0600_and_reloaded) {
    TempDir dir;
    const auto file = dir / "data" / "signing-key.pem";
    SystemRandom random;
    const auto first = Signer::load_or_create(file, random);
    BOOST_REQUIRE(fs::exists(file));
    BOOST_TEST(mode_of(file) == 0600u);
    const std::string pem = test::read_file(file);
    BOOST_TEST(pem.starts_with("-----BEGIN PRIVATE KEY-----\n"));
    // No temporary file is left beside the key.
    BOOST_TEST(
        std::distance(fs::directory_iterator(file.parent_path()), fs::directory_iterator()) == 1);

    FixedRandom unused({7});
    const auto second = Signer::load_or_create(file, unused);
    BOOST_TEST(unused.calls() == 0);
    BOOST_TEST(second.public_key_raw() == first.public_key_raw());
    BOOST_TEST(second.public_key_pem() == first.public_key_pem());
    BOOST_TEST(test::read_file(file) == pem);
    const std::string record = canonical_answer_record(sample_record());
    BOOST_TEST(verify_signature(first.public_key_raw(), record, second.sign(record)));
}

BOOST_AUTO_TEST_CASE(a_key_file_readable_by_others_is_restricted_to_0600) {
    TempDir dir;
    const auto file = dir / "signing.pem";
    SystemRandom random;
    const auto first = Signer::load_or_create(file, random);
    BOOST_REQUIRE(::chmod(file.c_str(), 0644) == 0);
    const auto again = Signer::load_or_create(file, random);
    BOOST_TEST(mode_of(file) == 0600u);
    BOOST_TEST(again.public_key_raw() == first.public_key_raw());
}

BOOST_AUTO_TEST_CASE(a_damaged_key_file_is_refused_and_left_alone) {
    TempDir dir;
    const auto file = dir / "signing.pem";
    SystemRandom random;
    for (const std::string& bad :
         {std::string(""), std::string("not a key\n"), std::string(100000, 'A')}) {
        test::write_file(file, bad);
        BOOST_CHECK_THROW(Signer::load_or_create(file, random), std::runtime_error);
        BOOST_TEST(test::read_file(file) == bad);
    }
    // A valid PEM of the wrong kind: a public key, not a private one.
    const auto other = Signer::load_or_create(dir / "other.pem", random);
    test::write_file(file, other.public_key_pem());
    try {
        Signer::load_or_create(file, random);
        BOOST_ERROR("a public key was accepted as the signing key");
    } catch (const std::runtime_error& e) {
        BOOST_TEST(std::string(e.what()).find("Ed25519 private key") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(the_public_key_pem_parses_back_to_the_raw_key) {
    TempDir dir;
    SystemRandom random;
    const auto signer = Signer::load_or_create(dir / "signing.pem", random);
    const std::string pem = signer.public_key_pem();
    BOOST_TEST(pem.starts_with("-----BEGIN PUBLIC KEY-----\n"));
    BOOST_TEST(pem.ends_with("-----END PUBLIC KEY-----\n"));
    const auto raw = ed25519_public_key_from_pem(pem);
    BOOST_REQUIRE(raw);
    BOOST_TEST(*raw == signer.public_key_raw());
    BOOST_TEST(!ed25519_public_key_from_pem(""));
    BOOST_TEST(!ed25519_public_key_from_pem(
        "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"));
    BOOST_TEST(!ed25519_public_key_from_pem(test::read_file(dir / "signing.pem")));
}

BOOST_AUTO_TEST_CASE(openssl_pkeyutl_verifies_a_signature_made_by_the_library) {
    if (!have_openssl_cli()) {
        BOOST_TEST_MESSAGE("skipped: /usr/bin/openssl is not installed");
        return;
    }
    TempDir dir;
    SystemRandom random;
    const auto signer = Signer::load_or_create(dir / "signing.pem", random);
    const std::string record = canonical_answer_record(sample_record());
    test::write_file(dir / "record.txt", record);
    const Bytes sig = signer.sign(record);
    test::write_file(dir / "record.sig", std::string(sig.begin(), sig.end()));
    test::write_file(dir / "radfraga-signing-key.pem", signer.public_key_pem());
    const auto log = dir / "openssl.log";

    // The command documented in docs/signatures.md.
    const std::string verify = "/usr/bin/openssl pkeyutl -verify -pubin -inkey " +
                               shell_quote(dir / "radfraga-signing-key.pem") + " -rawin -in ";
    const std::string sigfile = " -sigfile " + shell_quote(dir / "record.sig");
    BOOST_TEST(run(verify + shell_quote(dir / "record.txt") + sigfile, log) == 0);
    BOOST_TEST(test::read_file(log).find("Signature Verified Successfully") != std::string::npos);

    // A tampered record fails with openssl too.
    SignedRecord changed = sample_record();
    changed.version = 3;
    test::write_file(dir / "changed.txt", canonical_answer_record(changed));
    BOOST_TEST(run(verify + shell_quote(dir / "changed.txt") + sigfile, log) != 0);

    // openssl reads the private key file and derives the same public key.
    BOOST_TEST(run("/usr/bin/openssl pkey -in " + shell_quote(dir / "signing.pem") +
                       " -pubout -out " + shell_quote(dir / "derived.pem"),
                   log) == 0);
    BOOST_TEST(test::read_file(dir / "derived.pem") == signer.public_key_pem());
}

BOOST_AUTO_TEST_CASE(a_key_made_by_openssl_genpkey_is_loaded) {
    if (!have_openssl_cli()) {
        BOOST_TEST_MESSAGE("skipped: /usr/bin/openssl is not installed");
        return;
    }
    TempDir dir;
    const auto file = dir / "signing.pem";
    BOOST_REQUIRE(run("/usr/bin/openssl genpkey -algorithm ed25519 -out " + shell_quote(file),
                      dir / "log") == 0);
    FixedRandom unused({7});
    const auto signer = Signer::load_or_create(file, unused);
    BOOST_TEST(unused.calls() == 0);
    BOOST_TEST(mode_of(file) == 0600u);
    const std::string record = canonical_answer_record(sample_record());
    BOOST_TEST(verify_signature(signer.public_key_raw(), record, signer.sign(record)));
}

BOOST_AUTO_TEST_SUITE_END()
