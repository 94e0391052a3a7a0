// store: ciphertexts sealed knowing their row id, re-sealing every ciphertext at once
// (key rotation), and the keyed audit chain.
#include <boost/test/unit_test.hpp>

#include <stdexcept>

#include "core/crypto.hpp"
#include "store/src/sqlite.hpp"
#include "store/store.hpp"
#include "tests/support/temp_dir.hpp"

namespace rs = radfraga::store;
namespace test = radfraga::test;
using radfraga::Bytes;
using radfraga::ExpertId;
using radfraga::FollowUpId;
using radfraga::ManualClock;
using radfraga::QuestionId;
using radfraga::SecretPurpose;

namespace {

Bytes blob(const std::filesystem::path& db, const std::string& sql) {
    rs::sql::Connection c(db, rs::sql::Connection::Mode::read_only);
    auto st = c.prepare(sql);
    return st.step() ? st.blob(0) : Bytes{};
}

QuestionId ask(rs::Store& s, ManualClock& clock, unsigned char tag) {
    rs::NewQuestion q;
    q.title = "Hyran";
    q.body = "Min fråga.";
    q.pseudonym = "Orolig";
    q.seal_original = [tag](QuestionId id) {
        return Bytes{tag, static_cast<unsigned char>(id.value)};
    };
    q.receipt_hash = radfraga::sha256(std::to_string(tag) + std::to_string(clock.now()));
    q.erase_original_after = clock.now() + 86400;
    clock.advance(1);
    return s.askers().add_question(q);
}

const Bytes key_a(32, 1);
const Bytes key_b(32, 2);

}  // namespace

BOOST_AUTO_TEST_SUITE(secrets)

BOOST_AUTO_TEST_CASE(originals_are_sealed_knowing_their_row_id) {
    test::TempDir dir;
    ManualClock clock(1'790'000'000);
    rs::Store s(dir / "db", clock);
    const auto q1 = ask(s, clock, 7);
    const auto q2 = ask(s, clock, 8);
    BOOST_TEST(blob(dir / "db",
                    "SELECT original_ct FROM questions WHERE id = " + std::to_string(q2.value)) ==
               (Bytes{8, static_cast<unsigned char>(q2.value)}));
    std::optional<FollowUpId> seen;
    const auto f = s.askers().add_follow_up(
        q1, "Och i juli?",
        [&](FollowUpId id) {
            seen = id;
            return Bytes{9, 9};
        },
        3);
    BOOST_REQUIRE(f.has_value());
    BOOST_TEST(seen.has_value());
    BOOST_TEST(seen->value == f->value);
    BOOST_TEST(blob(dir / "db", "SELECT original_ct FROM follow_ups") == (Bytes{9, 9}));
}

BOOST_AUTO_TEST_CASE(reseal_replaces_every_ciphertext_in_one_transaction) {
    test::TempDir dir;
    ManualClock clock(1'790'000'000);
    rs::Store s(dir / "db", clock);
    const auto q = ask(s, clock, 7);
    s.askers().add_follow_up(
        q, "Och i juli?",
        [](FollowUpId) {
            return Bytes{9, 9};
        },
        3);
    const ExpertId anna = s.accounts().add_expert({"anna", "Anna", rs::Role::expert, "x"});
    s.accounts().add_expert(
        {"bo", "Bo", rs::Role::expert, "x"});  // not enrolled: nothing to re-seal
    s.accounts().set_totp_secret(anna, {5, 5}, 100);

    // A failure half-way changes nothing.
    int calls = 0;
    BOOST_CHECK_THROW(s.reseal_secrets([&](SecretPurpose, std::int64_t,
                                           std::span<const unsigned char>) -> std::optional<Bytes> {
        if (++calls == 3) throw std::runtime_error("boom");
        return Bytes{0};
    }),
                      std::runtime_error);
    BOOST_TEST(calls == 3);
    BOOST_TEST(blob(dir / "db", "SELECT original_ct FROM questions") ==
               (Bytes{7, static_cast<unsigned char>(q.value)}));

    std::vector<std::string> seen;
    const auto n = s.reseal_secrets([&](SecretPurpose p, std::int64_t id,
                                        std::span<const unsigned char> ct) -> std::optional<Bytes> {
        seen.push_back(radfraga::secret_aad(p, id));
        if (p == SecretPurpose::follow_up_original) return std::nullopt;  // left as it is
        Bytes out(ct.begin(), ct.end());
        out.push_back(0xEE);
        return out;
    });
    BOOST_TEST(n == 2u);
    BOOST_TEST(seen.size() == 3u);
    BOOST_TEST(blob(dir / "db", "SELECT original_ct FROM questions") ==
               (Bytes{7, static_cast<unsigned char>(q.value), 0xEE}));
    BOOST_TEST(blob(dir / "db", "SELECT original_ct FROM follow_ups") == (Bytes{9, 9}));
    BOOST_TEST(s.accounts().expert_auth("anna")->totp_secret_ct == (Bytes{5, 5, 0xEE}));
    BOOST_TEST(s.accounts().expert_auth("anna")->totp_last_step == 100);
}

BOOST_AUTO_TEST_CASE(a_keyed_audit_chain_cannot_be_rebuilt_without_the_key) {
    test::TempDir dir;
    ManualClock clock(1'700'000'000);
    rs::Store s(dir / "db", clock, key_a);
    s.audit().append_audit({"expert", 7, QuestionId{1}, "claimed", ""});
    s.audit().append_audit({"expert", 8, QuestionId{1}, "published", "version=1"});
    auto check = s.audit().check_audit_chain(key_a);
    BOOST_TEST(!check.first_broken.has_value());
    BOOST_TEST(check.keyed_from.value_or(0) == 1);
    BOOST_TEST(check.rows == 3);
    // Verified under another key, the keyed part fails at its first row.
    BOOST_TEST(s.audit().check_audit_chain(key_b).first_broken.value_or(0) == 1);

    // Someone with write access edits row 3 and rebuilds its hash the unkeyed way.
    rs::sql::Connection c(dir / "db", rs::sql::Connection::Mode::read_write);
    c.exec("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET actor_id = 9 WHERE id = 3");
    BOOST_TEST(s.audit().check_audit_chain(key_a).first_broken.value_or(0) == 3);
    BOOST_TEST(s.audit().verify_audit_chain().value_or(0) == 3);
}

BOOST_AUTO_TEST_CASE(unkeyed_rows_verify_as_they_are_up_to_where_the_keyed_chain_starts) {
    test::TempDir dir;
    ManualClock clock(1'700'000'000);
    {
        rs::Store old(dir / "db", clock);  // a database from before keyed chains
        old.audit().append_audit({"system", std::nullopt, QuestionId{1}, "received", ""});
        old.audit().append_audit({"expert", 7, QuestionId{1}, "claimed", ""});
    }
    { rs::Store once(dir / "db", clock, key_a); }
    rs::Store s(dir / "db", clock, key_a);  // opening with the key again starts nothing new
    s.audit().append_audit({"expert", 8, QuestionId{1}, "published", "version=1"});
    const auto check = s.audit().check_audit_chain(key_a);
    BOOST_TEST(!check.first_broken.has_value());
    BOOST_TEST(check.keyed_from.value_or(0) == 3);
    BOOST_TEST(check.rows == 4);
    // Without the key only the unkeyed part can be checked, and that is said.
    const auto keyless = s.audit().check_audit_chain(std::nullopt);
    BOOST_TEST(keyless.first_broken.value_or(0) == 3);

    // Moving the start of the keyed part later, to hide edits behind it, shows.
    rs::sql::Connection c(dir / "db", rs::sql::Connection::Mode::read_write);
    c.exec("UPDATE settings SET value = '4' WHERE key = 'audit_keyed_from'");
    BOOST_TEST(s.audit().check_audit_chain(key_a).first_broken.value_or(0) == 3);
    c.exec("DELETE FROM settings WHERE key = 'audit_keyed_from'");
    BOOST_TEST(s.audit().check_audit_chain(key_a).first_broken.value_or(0) == 3);

    // A store that has not been given the key refuses to extend a keyed chain.
    c.exec("INSERT INTO settings (key, value) VALUES ('audit_keyed_from', '3')");
    rs::Store keyless_store(dir / "db", clock);
    BOOST_CHECK_THROW(
        keyless_store.audit().append_audit({"system", std::nullopt, std::nullopt, "x", ""}),
        rs::Error);
}

BOOST_AUTO_TEST_SUITE_END()
