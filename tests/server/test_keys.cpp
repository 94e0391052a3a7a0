// server: key rotation and the audit chain from the command line, and the audit trail of
// logins (password, second factor, replays, logout, refused admin pages).
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <sstream>

#include "core/crypto.hpp"
#include "core/keyfile.hpp"
#include "core/totp.hpp"
#include "server/cli.hpp"
#include "server/password.hpp"
#include "store/src/sqlite.hpp"
#include "tests/server/audit.hpp"
#include "tests/server/site.hpp"

namespace rs = radfraga::store;
namespace srv = radfraga::server;
using radfraga::Bytes;
using radfraga::QuestionId;
using radfraga::SecretBox;
using radfraga::SecretPurpose;
using radfraga::test::Browser;
using radfraga::test::Site;

namespace {

int cli(const std::vector<std::string>& args, std::string& out, std::string& err) {
    std::istringstream in;
    std::ostringstream o, e;
    const int rc = srv::run_cli(args, in, o, e);
    out = o.str();
    err = e.str();
    return rc;
}

Bytes from_hex(std::string_view hex) {
    Bytes out;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2)
        out.push_back(
            static_cast<unsigned char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
    return out;
}

// Sealed by the SecretBox of before key versions under Bytes(32, 7), no AAD
// (tests/core/test_keys.cpp).
const Bytes kLegacy = from_hex(
    "0102030405060708090a0b0cf31982b24a8e8758c559c1baf9cbc632f488385e92385d893f8d28989a981f55f2e656"
    "a51c8ed012");

using radfraga::test::audit_actions;
using radfraga::test::has;

}  // namespace

BOOST_AUTO_TEST_SUITE(keys)

BOOST_AUTO_TEST_CASE(rotate_keys_reencrypts_old_and_legacy_ciphertexts_under_a_new_version) {
    radfraga::test::TempDir dir;
    std::filesystem::create_directories(dir / "keys");
    BOOST_REQUIRE(
        radfraga::write_new_key_file(dir / "keys" / "originals.key", std::string(32, '\x07')));
    QuestionId q{0};
    {
        radfraga::ManualClock clock(1'790'000'000);
        rs::Store s(dir / "radfraga.db", clock);  // a database from before this change
        rs::NewQuestion nq;
        nq.title = "Hyran";
        nq.body = "Min fråga.";
        nq.pseudonym = "Orolig";
        nq.seal_original = [](QuestionId) { return kLegacy; };
        nq.receipt_hash = radfraga::sha256("kvitto");
        nq.erase_original_after = clock.now() + 86400;
        q = s.askers().add_question(nq);
    }
    std::string out, err;
    BOOST_TEST(cli({"rotate-keys", "--data", dir.path().string()}, out, err) == 0, err);
    BOOST_TEST(out.find("key version 2 made; 1 stored secrets re-encrypted") != std::string::npos,
               out);
    BOOST_TEST(std::filesystem::exists(dir / "keys" / "originals.2.key"));
    BOOST_TEST(std::filesystem::exists(dir / "keys" / "originals.key"));  // backups still need it

    radfraga::SystemRandom random;
    const auto box = SecretBox::load_or_create(dir / "keys", random);
    rs::sql::Connection c(dir / "radfraga.db", rs::sql::Connection::Mode::read_only);
    auto st = c.prepare("SELECT original_ct FROM questions WHERE id = " + std::to_string(q.value));
    BOOST_REQUIRE(st.step());
    const auto ct = st.blob(0);
    BOOST_TEST(box.version_of(ct).value_or(0) == 2u);
    BOOST_TEST(box.open(ct, radfraga::secret_aad(SecretPurpose::question_original, q.value))
                   .value_or("") == "Hej, det gäller min son");
    // Bound to its row: it does not open as another question's original.
    BOOST_TEST(!box.open(ct, radfraga::secret_aad(SecretPurpose::question_original, q.value + 1))
                    .has_value());

    // A second rotation re-encrypts from version 2 to 3.
    BOOST_TEST(cli({"rotate-keys", "--data", dir.path().string()}, out, err) == 0, err);
    BOOST_TEST(out.find("key version 3 made; 1 stored") != std::string::npos, out);
}

BOOST_AUTO_TEST_CASE(audit_verify_reports_where_the_keyed_chain_starts_and_the_first_broken_row) {
    radfraga::test::TempDir dir;
    {
        radfraga::ManualClock clock(1'790'000'000);
        rs::Store s(dir / "radfraga.db", clock);  // unkeyed rows from before this change
        s.audit().append_audit({"system", std::nullopt, std::nullopt, "old", ""});
    }
    std::string out, err;
    // purge writes through the keyed store: the keyed part starts at row 2.
    BOOST_TEST(cli({"purge", "--data", dir.path().string()}, out, err) == 0, err);
    const auto perms = std::filesystem::status(dir / "keys" / "audit.key").permissions() &
                       std::filesystem::perms::all;
    BOOST_TEST(
        (perms == (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write)));
    BOOST_TEST(cli({"audit", "verify", "--data", dir.path().string()}, out, err) == 0, out + err);
    BOOST_TEST(out.find("keyed with HMAC-SHA-256 from row 2") != std::string::npos, out);
    BOOST_TEST(out.find("the chain holds") != std::string::npos, out);

    rs::sql::Connection c(dir / "radfraga.db", rs::sql::Connection::Mode::read_write);
    c.exec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET detail = 'x' WHERE id = 2");
    BOOST_TEST(cli({"audit", "verify", "--data", dir.path().string()}, out, err) == 1, out + err);
    BOOST_TEST(out.find("broken at row 2") != std::string::npos, out);
}

BOOST_AUTO_TEST_CASE(every_step_of_a_login_is_audited_on_its_own) {
    Site d;
    const std::string key = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    d.add_enrolled_expert("anna", "Anna", rs::Role::expert, "anna-lösenord-123", key);
    Browser b{d};
    const auto go = [&](const std::string& method, const std::string& target,
                        const std::string& body = "") { return b.go(method, target, body); };
    const auto login = [&] { return b.login("anna", "anna-lösenord-123"); };
    const auto db = d.dir / "radfraga.db";
    BOOST_REQUIRE_EQUAL(login().status, 303);
    auto actions = audit_actions(db);
    BOOST_TEST(has(actions, "password_ok"));
    BOOST_TEST(!has(actions, "login"));  // nothing says "logged in" before the second factor

    go("GET", "/expert/tvafaktor");
    const auto secret = radfraga::base32_decode(key);
    BOOST_REQUIRE(secret.has_value());
    BOOST_TEST(
        go("POST", "/expert/tvafaktor", "csrf=" + Site::enc(b.csrf) + "&kod=000000x").status ==
        401);
    BOOST_TEST(has(audit_actions(db), "second_factor_failed"));
    const auto code = radfraga::totp_code(*secret, d.clock.now());
    BOOST_TEST(
        go("POST", "/expert/tvafaktor", "csrf=" + Site::enc(b.csrf) + "&kod=" + code).status ==
        303);
    actions = audit_actions(db);
    BOOST_TEST(has(actions, "totp_enrolled"));
    BOOST_TEST(has(actions, "second_factor_ok"));

    // An admin page refused.
    go("GET", "/expert");
    BOOST_TEST(go("GET", "/expert/mallar").status == 403);
    BOOST_TEST(has(audit_actions(db), "admin_refused"));

    // Log out, log in again and replay the code just used.
    BOOST_TEST(go("POST", "/expert/logga-ut", "csrf=" + Site::enc(b.csrf)).status == 303);
    BOOST_TEST(has(audit_actions(db), "logout"));
    b.cookie.clear();
    BOOST_REQUIRE_EQUAL(login().status, 303);
    go("GET", "/expert/tvafaktor");
    BOOST_TEST(
        go("POST", "/expert/tvafaktor", "csrf=" + Site::enc(b.csrf) + "&kod=" + code).status ==
        401);
    BOOST_TEST(has(audit_actions(db), "second_factor_replayed"));
    BOOST_TEST(!d.store.audit().verify_audit_chain().has_value());
}

// An imported answer carries no signature (answer_signature is null): `verify` says the
// record is not signed, never that a signature does not match.
BOOST_AUTO_TEST_CASE(verify_says_an_unsigned_record_is_not_signed) {
    radfraga::test::TempDir dir;
    radfraga::test::FixedRandom random;
    const auto signer = radfraga::Signer::load_or_create(dir / "signing.pem", random);
    {
        std::ofstream pem(dir / "public.pem");
        pem << signer.public_key_pem();
        std::ofstream rec(dir / "records.jsonl");
        rec << R"({"id":7,"title":"T","question":"Q","answer":"A","signature":"S",)"
            << R"("answered_at":"2020-01-01T00:00:00Z","answer_version":1,"answer_signature":null})"
            << "\n"
            << R"({"id":"imp-12","title":"T","question":"Q","answer":"A","signature":"S",)"
            << R"("answered_at":"2020-01-01T00:00:00Z","answer_version":1})"
            << "\n";
    }
    std::string out, err;
    const int rc = cli(
        {"verify", "--public-key", (dir / "public.pem").string(), (dir / "records.jsonl").string()},
        out, err);
    BOOST_TEST(rc == 1);
    BOOST_TEST(out.find("does not match") == std::string::npos, out);
    BOOST_TEST(out.find("question 7: not signed") != std::string::npos, out + err);
    BOOST_TEST(out.find("question imp-12: not signed") != std::string::npos, out + err);
}

BOOST_AUTO_TEST_SUITE_END()
