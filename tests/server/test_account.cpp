// server/routes_account: an expert's own account through the handlers: the one-time
// enrolment link, the password rules at login, "Byt lösenord" and "Mina inloggningar",
// and the absolute session lifetime.
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <regex>

#include "core/crypto.hpp"
#include "core/totp.hpp"
#include "server/password.hpp"
#include "store/src/sqlite.hpp"
#include "tests/server/audit.hpp"
#include "tests/server/site.hpp"

namespace rs = radfraga::store;
namespace srv = radfraga::server;
using radfraga::test::between;
using radfraga::test::Browser;
using radfraga::test::Site;

namespace {

const std::string kAnnaKey = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const std::string kAnnaPassword = "anna-lösenord-123";

using radfraga::test::audit_actions;
using radfraga::test::has;

std::string code(const std::string& key, radfraga::UnixSeconds at) {
    return radfraga::totp_code(*radfraga::base32_decode(key), at);
}

// The enrolment page's form, read from the page at `path`.
struct EnrolForm {
    std::string key, pending, skydd;
};
EnrolForm read_enrol_form(const std::string& body) {
    EnrolForm f;
    f.key = between(body, "id=\"totp-nyckel\">", "<");
    f.pending = between(body, "name=\"pending\" value=\"", "\"");
    f.skydd = between(body, "name=\"skydd\" value=\"", "\"");
    return f;
}
std::string enrol_body(const EnrolForm& f, const std::string& password, const std::string& again,
                       const std::string& kod) {
    return "skydd=" + Site::enc(f.skydd) + "&pending=" + Site::enc(f.pending) +
           "&losenord=" + Site::enc(password) + "&losenord2=" + Site::enc(again) + "&kod=" + kod;
}

struct Desk : Site {
    radfraga::ExpertId anna =
        add_enrolled_expert("anna", "Anna", rs::Role::expert, kAnnaPassword, kAnnaKey);
    // A new account and its enrolment link's path, as `radfraga user add` makes them.
    std::string invite(const std::string& username) {
        const auto id = store.accounts().add_expert({username, "Dana Ek", rs::Role::expert, ""});
        const auto token = radfraga::random_token(random, 32);
        store.accounts().create_enrolment(id, radfraga::sha256(token));
        return "/expert/valkommen/" + token;
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(account)

// Enrolment needs no typing (issue 17, item 9): the enrolment page shows a QR code drawn on
// the server (an inline SVG, no script, no outside service), a clickable otpauth:// link,
// and the key in groups of four beside them.
BOOST_AUTO_TEST_CASE(enrolment_shows_a_qr_code_a_link_and_the_key_in_groups) {
    Desk d;
    const auto link = d.invite("dana");
    Browser b{d};
    const auto page = b.go("GET", link).body;
    const auto svg = page.find("<svg");
    BOOST_REQUIRE(svg != std::string::npos);
    BOOST_TEST(page.find("role=\"img\"", svg) != std::string::npos);
    BOOST_TEST(page.find("aria-label=\"QR-kod", svg) != std::string::npos);
    BOOST_TEST(page.find("<path fill=\"#000\" d=\"M4 4h7v1h-7z", svg) != std::string::npos);
    const auto uri = between(page, "<a href=\"otpauth://totp/", "\"");
    BOOST_TEST(uri.find("secret=") != std::string::npos, page);
    const auto key = between(page, "id=\"totp-nyckel\">", "<");
    BOOST_TEST(key.size() == 39u, key);  // 32 characters in 8 groups
    for (std::size_t i = 4; i < key.size(); i += 5) BOOST_TEST(key[i] == ' ');
}

BOOST_AUTO_TEST_CASE(an_enrolment_link_sets_password_and_totp_once_and_logs_in) {
    Desk d;
    const auto link = d.invite("dana");
    Browser b{d};
    // Before enrolment the account has no password that works.
    BOOST_TEST(b.login("dana", "").status == 401);
    const auto page = b.go("GET", link);
    BOOST_REQUIRE_EQUAL(page.status, 200);
    BOOST_TEST(page.header("cache-control") == "no-store");
    BOOST_TEST(page.body.find("Välkommen till Rådfråga, Dana Ek") != std::string::npos);
    const auto f = read_enrol_form(page.body);
    BOOST_REQUIRE(!f.key.empty());
    BOOST_REQUIRE(!f.pending.empty());
    const std::string good = "tre små grisar i Umeå";
    const auto ok_code = code(f.key, d.clock.now());
    // Each refusal keeps the link and the key, and sets nothing.
    auto r = b.go("POST", link, enrol_body(f, good, good + "x", ok_code));
    BOOST_TEST(r.status == 422);
    BOOST_TEST(r.body.find("inte likadana") != std::string::npos);
    BOOST_TEST(read_enrol_form(r.body).key == f.key);
    r = b.go("POST", link, enrol_body(f, "sommar2024sommar", "sommar2024sommar", ok_code));
    BOOST_TEST(r.status == 422);
    BOOST_TEST(r.body.find("för vanligt") != std::string::npos);
    r = b.go("POST", link, enrol_body(f, "åååååå12345", "åååååå12345", ok_code));
    BOOST_TEST(r.status == 422);
    BOOST_TEST(r.body.find("minst 12 tecken") != std::string::npos);
    r = b.go("POST", link, enrol_body(f, good, good, code(f.key, d.clock.now() + 300)));
    BOOST_TEST(r.status == 422);
    BOOST_TEST(r.body.find("Koden stämmer inte") != std::string::npos);
    // A form from another site is refused.
    b.extra = {{"sec-fetch-site", "cross-site"}};
    BOOST_TEST(b.go("POST", link, enrol_body(f, good, good, ok_code)).status == 400);
    b.extra.clear();
    BOOST_TEST(d.store.accounts().expert_auth("dana")->password_hash.empty());
    BOOST_TEST(b.cookie.empty());

    r = b.go("POST", link, enrol_body(f, good, good, ok_code));
    BOOST_TEST(r.status == 303);
    BOOST_TEST(r.header("location") == "/expert");
    BOOST_TEST(b.logged_in());  // password and second factor done
    const auto auth = d.store.accounts().expert_auth("dana");
    BOOST_TEST(srv::verify_password(good, auth->password_hash));
    BOOST_TEST(!auth->totp_secret_ct.empty());
    BOOST_TEST(has(audit_actions(d.dir / "radfraga.db"), "enrolled"));
    // Used: the link is gone, for a reload and for a second form post.
    Browser other{d};
    BOOST_TEST(other.go("GET", link).status == 410);
    BOOST_TEST(other
                   .go("POST", link,
                       enrol_body(f, "ett helt annat lösenord", "ett helt annat lösenord", ok_code))
                   .status == 410);
    BOOST_TEST(srv::verify_password(good, d.store.accounts().expert_auth("dana")->password_hash));
    // The code used at enrolment cannot be used again; the next one logs in.
    BOOST_TEST(!other.full_login("dana", good, f.key));
    d.clock.advance(30);
    Browser third{d};
    BOOST_TEST(third.full_login("dana", good, f.key));
    // Unknown and malformed links.
    BOOST_TEST(other.go("GET", "/expert/valkommen/" + std::string(43, 'A')).status == 410);
    BOOST_TEST(other.go("GET", "/expert/valkommen/kort").status == 410);
}

BOOST_AUTO_TEST_CASE(an_enrolment_link_expires_after_72_hours) {
    Desk d;
    const auto link = d.invite("dana");
    Browser b{d};
    d.clock.advance(72 * 3600 - 60);
    const auto page = b.go("GET", link);
    BOOST_REQUIRE_EQUAL(page.status, 200);
    const auto f = read_enrol_form(page.body);
    d.clock.advance(60);
    const std::string good = "tre små grisar i Umeå";
    BOOST_TEST(b.go("POST", link, enrol_body(f, good, good, code(f.key, d.clock.now()))).status ==
               410);
    BOOST_TEST(b.go("GET", link).body.find("Länken fungerar inte längre") != std::string::npos);
    BOOST_TEST(d.store.accounts().expert_auth("dana")->password_hash.empty());
}

BOOST_AUTO_TEST_CASE(an_over_long_password_is_refused_at_login_before_hashing) {
    Desk d;
    // Accounts whose stored hashes match a 128- and a 129-character password: the second
    // logs in only if the password were hashed.
    const std::string long128 = std::string(127, 'k') + "ö";
    const std::string long129 = long128 + "x";
    d.add_enrolled_expert("lang", "Lång", rs::Role::expert, long128, kAnnaKey);
    d.add_enrolled_expert("langre", "Längre", rs::Role::expert, long129, kAnnaKey);
    Browser a{d};
    BOOST_TEST(a.login("lang", long128).status == 303);
    Browser b{d};
    const auto refused = b.login("langre", long129);
    BOOST_TEST(refused.status == 401);
    Browser c{d};
    BOOST_TEST(refused.body == c.login("anna", "fel lösenord helt").body);
    // 600 bytes of "å" (300 characters) are refused the same way.
    Browser e{d};
    std::string many;
    for (int i = 0; i < 300; ++i) many += "å";
    BOOST_TEST(e.login("anna", many).status == 401);
}

BOOST_AUTO_TEST_CASE(
    a_password_change_needs_the_current_password_and_a_code_and_ends_other_sessions) {
    Desk d;
    Browser here{d};
    BOOST_REQUIRE(here.full_login("anna", kAnnaPassword, kAnnaKey));
    d.clock.advance(30);
    Browser phone{d};
    BOOST_REQUIRE(phone.full_login("anna", kAnnaPassword, kAnnaKey));
    d.clock.advance(30);
    BOOST_TEST(here.go("GET", "/expert/losenord").status == 200);
    const std::string fresh = "en ny vår i Kiruna 77";
    const auto form = [&](const std::string& current, const std::string& kod, const std::string& p1,
                          const std::string& p2) {
        return "csrf=" + Site::enc(here.csrf) + "&nuvarande=" + Site::enc(current) + "&kod=" + kod +
               "&losenord=" + Site::enc(p1) + "&losenord2=" + Site::enc(p2);
    };
    const auto now_code = [&] { return code(kAnnaKey, d.clock.now()); };
    // Without the CSRF token nothing happens.
    BOOST_TEST(here.go("POST", "/expert/losenord",
                       "nuvarande=" + Site::enc(kAnnaPassword) + "&kod=" + now_code() +
                           "&losenord=" + Site::enc(fresh) + "&losenord2=" + Site::enc(fresh))
                   .status == 403);
    // A new password that is refused costs no code.
    BOOST_TEST(
        here.go("POST", "/expert/losenord", form(kAnnaPassword, now_code(), fresh, "x")).status ==
        422);
    BOOST_TEST(here.go("POST", "/expert/losenord",
                       form(kAnnaPassword, now_code(), "Lösenord2024!", "Lösenord2024!"))
                   .status == 422);
    // The wrong current password, or no valid code: refused.
    BOOST_TEST(
        here.go("POST", "/expert/losenord", form("fel lösenord helt", now_code(), fresh, fresh))
            .status == 401);
    d.clock.advance(30);
    BOOST_TEST(
        here.go("POST", "/expert/losenord", form(kAnnaPassword, "000000", fresh, fresh)).status ==
        401);
    BOOST_TEST(has(audit_actions(d.dir / "radfraga.db"), "password_change_refused"));
    BOOST_TEST(
        srv::verify_password(kAnnaPassword, d.store.accounts().expert_auth("anna")->password_hash));
    d.clock.advance(30);
    const auto done =
        here.go("POST", "/expert/losenord", form(kAnnaPassword, now_code(), fresh, fresh));
    BOOST_TEST(done.status == 200);
    BOOST_TEST(done.body.find("Lösenordet är bytt") != std::string::npos);
    BOOST_TEST(has(audit_actions(d.dir / "radfraga.db"), "password_changed"));
    BOOST_TEST(here.logged_in());
    BOOST_TEST(!phone.logged_in());  // the other session ended
    d.clock.advance(30);
    Browser again{d};
    BOOST_TEST(again.login("anna", kAnnaPassword).status == 401);
    BOOST_TEST(again.full_login("anna", fresh, kAnnaKey));
}

BOOST_AUTO_TEST_CASE(an_expert_ends_another_session_and_all_others) {
    Desk d;
    d.add_enrolled_expert("bo", "Bo", rs::Role::admin, "bo-lösenord-12345", kAnnaKey);
    std::vector<std::unique_ptr<Browser>> anna;
    for (int i = 0; i < 3; ++i) {
        anna.push_back(std::make_unique<Browser>(d));
        BOOST_REQUIRE(anna.back()->full_login("anna", kAnnaPassword, kAnnaKey));
        d.clock.advance(30);
    }
    Browser bo{d};
    BOOST_REQUIRE(bo.full_login("bo", "bo-lösenord-12345", kAnnaKey));
    Browser& me = *anna[2];
    const auto page = me.go("GET", "/expert/inloggningar");
    BOOST_REQUIRE_EQUAL(page.status, 200);
    BOOST_TEST(page.body.find("Den här inloggningen") != std::string::npos);
    // Times only: no address, browser or token is shown.
    BOOST_TEST(page.body.find("Mozilla") == std::string::npos);
    BOOST_TEST(page.body.find(me.cookie.substr(me.cookie.find('=') + 1)) == std::string::npos);
    std::vector<std::string> ids;
    const std::regex id_field("name=\"id\" value=\"([0-9a-f]{32})\"");
    for (auto it = std::sregex_iterator(page.body.begin(), page.body.end(), id_field);
         it != std::sregex_iterator(); ++it)
        ids.push_back((*it)[1]);
    BOOST_REQUIRE_EQUAL(ids.size(), 2u);  // the two others, not this one
    // Without the CSRF token, or with another account's session, nothing ends.
    BOOST_TEST(me.go("POST", "/expert/inloggningar/avsluta", "id=" + ids[0]).status == 403);
    const auto bo_id =
        d.store.accounts().sessions_of(d.store.accounts().expert_auth("bo")->id, {})[0].id;
    me.go("POST", "/expert/inloggningar/avsluta", "csrf=" + Site::enc(me.csrf) + "&id=" + bo_id);
    BOOST_TEST(bo.logged_in());
    BOOST_TEST(anna[0]->logged_in());
    BOOST_TEST(anna[1]->logged_in());
    // One: the newest other session is listed first.
    const auto one = me.go("POST", "/expert/inloggningar/avsluta",
                           "csrf=" + Site::enc(me.csrf) + "&id=" + ids[0]);
    BOOST_TEST(one.status == 200);
    BOOST_TEST(one.body.find("Inloggningen är avslutad") != std::string::npos);
    BOOST_TEST(!anna[1]->logged_in());
    BOOST_TEST(anna[0]->logged_in());
    BOOST_TEST(has(audit_actions(d.dir / "radfraga.db"), "session_revoked"));
    // All others.
    const auto all =
        me.go("POST", "/expert/inloggningar/avsluta-andra", "csrf=" + Site::enc(me.csrf));
    BOOST_TEST(all.status == 200);
    BOOST_TEST(!anna[0]->logged_in());
    BOOST_TEST(me.logged_in());
    BOOST_TEST(bo.logged_in());
    BOOST_TEST(has(audit_actions(d.dir / "radfraga.db"), "other_sessions_revoked"));
}

BOOST_AUTO_TEST_CASE(a_session_ends_12_hours_after_login_however_active) {
    Desk d;
    Browser b{d};
    BOOST_REQUIRE(b.full_login("anna", kAnnaPassword, kAnnaKey));
    for (int i = 0; i < 35; ++i) {
        d.clock.advance(20 * 60);
        BOOST_TEST_REQUIRE(b.logged_in());
    }
    d.clock.advance(20 * 60);  // 12 hours after the login
    const auto r = b.go("GET", "/expert");
    BOOST_TEST(r.status == 303);
    BOOST_TEST(r.header("location") == "/expert/logga-in");
}

BOOST_AUTO_TEST_CASE(a_reset_ends_the_sessions_and_the_old_key) {
    Desk d;
    Browser b{d};
    BOOST_REQUIRE(b.full_login("anna", kAnnaPassword, kAnnaKey));
    // What `radfraga user reset anna` does.
    const auto token = radfraga::random_token(d.random, 32);
    BOOST_REQUIRE(d.store.accounts().reset_expert("anna", radfraga::sha256(token)).has_value());
    BOOST_TEST(!b.logged_in());
    d.clock.advance(30);
    Browser c{d};
    BOOST_TEST(c.login("anna", kAnnaPassword).status == 401);
    // The new link enrols a new key; the old one no longer works.
    const auto link = "/expert/valkommen/" + token;
    const auto f = read_enrol_form(c.go("GET", link).body);
    BOOST_REQUIRE(!f.key.empty());
    BOOST_TEST(f.key != kAnnaKey);
    const std::string fresh = "en ny vår i Kiruna 77";
    BOOST_TEST(c.go("POST", link, enrol_body(f, fresh, fresh, code(f.key, d.clock.now()))).status ==
               303);
    d.clock.advance(30);
    Browser e{d};
    BOOST_TEST(!e.full_login("anna", fresh, kAnnaKey));
    d.clock.advance(30);
    Browser g{d};
    BOOST_TEST(g.full_login("anna", fresh, f.key));
}

BOOST_AUTO_TEST_SUITE_END()
