// core/keyfile.hpp and core/crypto.hpp: the careful key-file writer, the versioned key
// ring for text at rest, AAD binding, and ciphertexts written before key versions.
#include <sys/stat.h>
#include <unistd.h>
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <stdexcept>
#include <string>

#include "core/crypto.hpp"
#include "core/keyfile.hpp"
#include "tests/core/support.hpp"
#include "tests/support/temp_dir.hpp"

using namespace radfraga;
using radfraga::test::FixedRandom;
using radfraga::test::TempDir;
namespace fs = std::filesystem;

namespace {

unsigned mode_of(const fs::path& p) {
    struct stat st {};
    BOOST_REQUIRE(::lstat(p.c_str(), &st) == 0);
    return st.st_mode & 07777u;
}

Bytes from_hex(std::string_view hex) {
    Bytes out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
        out.push_back(
            static_cast<unsigned char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
    return out;
}

// Made by the SecretBox of before key versions (nonce || ciphertext || tag, no AAD) from the
// key Bytes(32, 7), the nonce 01 02 … 0c and the plaintext "Hej, det gäller min son".
constexpr std::string_view kLegacyPlain = "Hej, det gäller min son";
constexpr std::string_view kLegacyHex =
    "0102030405060708090a0b0cf31982b24a8e8758c559c1baf9cbc632f488385e92385d893f8d28989a981f55f2e656"
    "a51c8ed012";

}  // namespace

BOOST_AUTO_TEST_SUITE(keys)

BOOST_AUTO_TEST_CASE(an_originals_key_readable_by_others_is_restricted_to_0600) {
    TempDir dir;
    const auto file = dir / "keys" / "originals.key";
    SystemRandom random;
    const Bytes first = load_or_create_key(file, 32, random);
    BOOST_TEST(mode_of(file) == 0600u);
    BOOST_REQUIRE(::chmod(file.c_str(), 0644) == 0);
    const Bytes again = load_or_create_key(file, 32, random);
    BOOST_TEST(again == first);
    BOOST_TEST(mode_of(file) == 0600u);
}

BOOST_AUTO_TEST_CASE(key_files_never_follow_a_planted_symlink) {
    TempDir dir;
    fs::create_directories(dir / "keys");
    const auto file = dir / "keys" / "originals.key";
    const auto victim = dir / "victim";
    test::write_file(victim, "keep me");
    // A symlink where the old writer put its temporary file, and one at the key's name.
    fs::create_symlink(victim, file.string() + ".new");
    SystemRandom random;
    const Bytes key = load_or_create_key(file, 32, random);
    BOOST_TEST(key.size() == 32u);
    BOOST_TEST(test::read_file(victim) == "keep me");
    BOOST_TEST(!fs::is_symlink(file));

    const auto linked = dir / "keys" / "audit.key";
    fs::create_symlink(victim, linked);
    BOOST_CHECK_THROW(load_or_create_key(linked, 32, random), std::runtime_error);
    BOOST_TEST(test::read_file(victim) == "keep me");
}

BOOST_AUTO_TEST_CASE(the_writer_never_replaces_a_key_another_process_wrote_first) {
    TempDir dir;
    const auto file = dir / "k";
    BOOST_TEST(write_new_key_file(file, "first"));
    BOOST_TEST(!write_new_key_file(file, "second"));
    BOOST_TEST(test::read_file(file) == "first");
    BOOST_TEST(mode_of(file) == 0600u);
    // No temporary file is left beside the key.
    BOOST_TEST(std::distance(fs::directory_iterator(dir.path()), fs::directory_iterator()) == 1);
}

BOOST_AUTO_TEST_CASE(a_damaged_key_file_is_refused_and_left_alone) {
    TempDir dir;
    const auto file = dir / "originals.key";
    test::write_file(file, "short");
    SystemRandom random;
    BOOST_CHECK_THROW(load_or_create_key(file, 32, random), std::runtime_error);
    BOOST_TEST(test::read_file(file) == "short");
}

BOOST_AUTO_TEST_CASE(aad_binds_a_ciphertext_to_its_purpose_and_row) {
    const SecretBox box(Bytes(32, 7));
    SystemRandom random;
    const auto aad = secret_aad(SecretPurpose::question_original, 12);
    BOOST_TEST(aad == "question-original:12");
    BOOST_TEST(secret_aad(SecretPurpose::follow_up_original, 3) == "follow-up-original:3");
    BOOST_TEST(secret_aad(SecretPurpose::totp_secret, 4) == "totp:4");
    const Bytes ct = box.seal("hemligt", aad, random);
    BOOST_TEST(box.open(ct, aad).value_or("") == "hemligt");
    BOOST_TEST(!box.open(ct, secret_aad(SecretPurpose::question_original, 13)).has_value());
    BOOST_TEST(!box.open(ct, secret_aad(SecretPurpose::follow_up_original, 12)).has_value());
    BOOST_TEST(!box.open_legacy(ct).has_value());
    BOOST_TEST(box.version_of(ct).value_or(0) == 1u);
}

BOOST_AUTO_TEST_CASE(ciphertexts_from_before_key_versions_still_open) {
    const SecretBox box(Bytes(32, 7));
    const Bytes legacy = from_hex(kLegacyHex);
    BOOST_TEST(box.open_legacy(legacy).value_or("") == kLegacyPlain);
    BOOST_TEST(!box.open(legacy, "question-original:1").has_value());
}

BOOST_AUTO_TEST_CASE(a_new_key_version_seals_new_text_and_old_versions_stay_readable) {
    TempDir dir;
    SystemRandom random;
    const auto keys = dir / "keys";
    const auto v1 = SecretBox::load_or_create(keys, random);
    BOOST_TEST(v1.current_version() == 1u);
    BOOST_TEST(fs::exists(keys / "originals.key"));
    const Bytes old = v1.seal("gammal", "totp:1", random);

    BOOST_TEST(SecretBox::add_key_version(keys, random) == 2u);
    BOOST_TEST(mode_of(keys / "originals.2.key") == 0600u);
    const auto v2 = SecretBox::load_or_create(keys, random);
    BOOST_TEST(v2.current_version() == 2u);
    BOOST_TEST(v2.open(old, "totp:1").value_or("") == "gammal");
    const Bytes fresh = v2.seal("ny", "totp:1", random);
    BOOST_TEST(v2.version_of(fresh).value_or(0) == 2u);
    BOOST_TEST(!v1.open(fresh, "totp:1").has_value());
    // The ring reloads the same keys.
    BOOST_TEST(SecretBox::load_or_create(keys, random).open(fresh, "totp:1").value_or("") == "ny");
}

BOOST_AUTO_TEST_CASE(hmac_sha256_matches_rfc_4231_test_case_2) {
    const std::string key = "Jefe";
    const Bytes mac = hmac_sha256(Bytes(key.begin(), key.end()), "what do ya want for nothing?");
    BOOST_TEST(hex_encode(mac) ==
               "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

BOOST_AUTO_TEST_SUITE_END()
