// server/expert_*: the experts' dashboard as handlers: login, TOTP, CSRF, the
// lifecycle through the routes, four eyes, XSS in the dashboard, signatures.
#include <boost/test/unit_test.hpp>

#include <boost/json.hpp>

#include <fstream>
#include <iterator>

#include "core/signing.hpp"
#include "core/totp.hpp"
#include "server/password.hpp"
#include "tests/server/site.hpp"

namespace rs = radfraga::store;
namespace srv = radfraga::server;
using radfraga::test::between;
using radfraga::test::Site;

namespace {

// The TOTP keys of the Desk's accounts.
const std::string kAnnaKey = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const std::string kBoKey = "KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TF";

// A browser of one of the Desk's experts.
struct Browser : radfraga::test::Browser {
    using radfraga::test::Browser::Browser;
    // Logs in with the password and a code from `key` (by default the Desk's key of
    // `user`); returns the key.
    std::string full_login(const std::string& user, const std::string& password,
                           std::string key = "") {
        if (key.empty()) key = user == "bo" ? kBoKey : kAnnaKey;
        BOOST_REQUIRE(radfraga::test::Browser::full_login(user, password, key));
        return key;
    }
    srv::Response act(std::int64_t q, const std::string& action, const std::string& fields = "") {
        return go("POST", "/expert/fraga/" + std::to_string(q) + "/" + action,
                  "csrf=" + Site::enc(csrf) + (fields.empty() ? "" : "&" + fields));
    }
};

struct Desk : Site {
    Desk() {
        add_enrolled_expert("anna", "Anna", rs::Role::expert, "anna-lösenord-123", kAnnaKey);
        add_enrolled_expert("bo", "Bo", rs::Role::admin, "bo-lösenord-12345", kBoKey);
    }
    std::int64_t asked(const std::string& text) {
        ask("Fråga om hyran", text);
        return store.cases().queue().back().id.value;
    }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(expert)

BOOST_AUTO_TEST_CASE(dashboard_needs_a_login) {
    Desk d;
    Browser b{d};
    const auto r = b.go("GET", "/expert");
    BOOST_TEST(r.status == 303);
    BOOST_TEST(r.header("location") == "/expert/logga-in");
    BOOST_TEST(b.go("POST", "/expert/fraga/1/ta", "csrf=x").status == 403);
    BOOST_TEST(b.go("GET", "/expert/logga-in").header("cache-control") == "no-store");
}

BOOST_AUTO_TEST_CASE(unknown_users_and_wrong_passwords_get_the_same_answer) {
    Desk d;
    Browser a{d};
    Browser b{d};
    const auto wrong = a.login("anna", "fel lösenord helt");
    const auto unknown = b.login("nobody", "fel lösenord helt");
    BOOST_TEST(wrong.status == 401);
    BOOST_TEST(unknown.status == 401);
    BOOST_TEST(wrong.body == unknown.body);
    BOOST_TEST(a.cookie.empty());
}

// The bytes of the database and its WAL: any write transaction changes them.
std::string database_bytes(const Site& site) {
    std::string all;
    for (const char* name : {"radfraga.db", "radfraga.db-wal"}) {
        std::ifstream in(site.dir / name, std::ios::binary);
        all.append(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        all += '|';
    }
    return all;
}

BOOST_AUTO_TEST_CASE(one_client_s_failures_never_lock_the_account_for_another) {
    Desk d;
    Browser attacker{d};
    attacker.client = "attacker";
    // Failures well past the old lockout of five, spaced out so the attacker's own
    // per-client limits let each one through to the password check.
    for (int i = 0; i < 8; ++i) {
        attacker.login("anna", "fel lösenord " + std::to_string(i));
        d.clock.advance(20 * 60);
    }
    Browser anna{d};
    anna.client = "annas-kontor";
    BOOST_TEST(anna.login("anna", "anna-lösenord-123").status == 303);
}

BOOST_AUTO_TEST_CASE(failures_from_one_client_back_off_exponentially_with_a_cap) {
    Desk d;
    Browser b{d};
    const auto wrong = [&] { return b.login("anna", "fel lösenord helt").status; };
    // A few free tries, then each failure doubles the wait before the next try.
    BOOST_TEST(wrong() == 401);
    BOOST_TEST(wrong() == 401);
    BOOST_TEST(wrong() == 401);
    const auto throttled = b.login("anna", "anna-lösenord-123");
    BOOST_TEST(throttled.status == 429);  // refused before the password is checked
    BOOST_TEST(throttled.header("retry-after") == "5");
    d.clock.advance(5);
    BOOST_TEST(wrong() == 401);
    BOOST_TEST(b.login("anna", "anna-lösenord-123").status == 429);
    d.clock.advance(9);
    BOOST_TEST(b.login("anna", "anna-lösenord-123").status == 429);  // 10 s after the fourth
    d.clock.advance(1);
    BOOST_TEST(wrong() == 401);
    // Unknown usernames are throttled the same way (no enumeration through the limits).
    Browser c{d};
    c.client = "other";
    for (int i = 0; i < 3; ++i) BOOST_TEST(c.login("nobody", "fel lösenord helt").status == 401);
    BOOST_TEST(c.login("nobody", "fel lösenord helt").status == 429);
    // The wait never exceeds 15 minutes, however many failures (it reaches 15 minutes at
    // the eleventh).
    for (int i = 0; i < 12; ++i) {
        d.clock.advance(15 * 60);
        BOOST_TEST(wrong() == 401);
    }
    d.clock.advance(15 * 60);
    BOOST_TEST(b.login("anna", "anna-lösenord-123").status == 303);
    // A success starts the count afresh.
    Browser e{d};
    BOOST_TEST(e.login("anna", "fel lösenord helt").status == 401);
    BOOST_TEST(e.login("anna", "fel lösenord helt").status == 401);
}

BOOST_AUTO_TEST_CASE(a_failed_login_writes_nothing_for_known_or_unknown_users) {
    Desk d;
    Browser b{d};
    b.go("GET", "/expert/logga-in");
    const auto before = database_bytes(d);
    BOOST_TEST(b.login("anna", "fel lösenord helt").status == 401);
    BOOST_TEST(b.login("nobody", "fel lösenord helt").status == 401);
    BOOST_TEST((database_bytes(d) == before));
    BOOST_TEST(b.login("anna", "anna-lösenord-123").status == 303);
}

BOOST_AUTO_TEST_CASE(totp_is_required_after_the_password) {
    Desk d;
    Browser b{d};
    const auto key = b.full_login("anna", "anna-lösenord-123");
    BOOST_TEST(b.go("GET", "/expert").status == 200);
    // Next login: password alone is not enough.
    Browser c{d};
    BOOST_TEST(c.login("anna", "anna-lösenord-123").status == 303);
    BOOST_TEST(c.go("GET", "/expert").header("location") == "/expert/tvafaktor");
    BOOST_TEST(c.go("GET", "/expert/fraga/1").header("location") == "/expert/tvafaktor");
    // The code just used by b cannot be replayed.
    BOOST_TEST(c.go("GET", "/expert/tvafaktor").body.find("Engångskod") != std::string::npos);
    const auto secret = radfraga::base32_decode(key);
    const auto r =
        c.go("POST", "/expert/tvafaktor",
             "csrf=" + Site::enc(c.csrf) + "&kod=" + radfraga::totp_code(*secret, d.clock.now()));
    BOOST_TEST(r.status == 401);
    d.clock.advance(30);
    const auto ok =
        c.go("POST", "/expert/tvafaktor",
             "csrf=" + Site::enc(c.csrf) + "&kod=" + radfraga::totp_code(*secret, d.clock.now()));
    BOOST_TEST(ok.status == 303);
}

// The experts' pages are a work tool: no public quick-exit bar or footer; the public
// pages keep both.
BOOST_AUTO_TEST_CASE(expert_pages_have_no_quick_exit_bar_or_public_footer) {
    Desk d;
    Browser b{d};
    BOOST_TEST(d.get("/").body.find("id=\"lamna-sidan\"") != std::string::npos);
    BOOST_TEST(d.get("/").body.find("<footer") != std::string::npos);
    const auto id = d.asked("Jag undrar hur länge det tar att få svar på en ansökan om bistånd.");
    std::vector<std::string> pages{b.go("GET", "/expert/logga-in").body};
    b.full_login("anna", "anna-lösenord-123");
    pages.push_back(b.go("GET", "/expert").body);
    pages.push_back(b.go("GET", "/expert/fraga/" + std::to_string(id)).body);
    for (const auto& body : pages) {
        BOOST_TEST(body.find("id=\"lamna-sidan\"") == std::string::npos);
        BOOST_TEST(body.find("<footer") == std::string::npos);
        BOOST_TEST(body.find("<main") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(sessions_end_at_logout_and_when_idle) {
    Desk d;
    Browser b{d};
    b.full_login("anna", "anna-lösenord-123");
    const auto old_cookie = b.cookie;
    BOOST_TEST(b.go("POST", "/expert/logga-ut", "csrf=" + Site::enc(b.csrf)).status == 303);
    Browser thief{d, old_cookie};
    BOOST_TEST(thief.go("GET", "/expert").header("location") == "/expert/logga-in");
    Browser c{d};
    c.full_login("bo", "bo-lösenord-12345");
    d.clock.advance(31 * 60);
    BOOST_TEST(c.go("GET", "/expert").header("location") == "/expert/logga-in");
}

BOOST_AUTO_TEST_CASE(forged_csrf_changes_nothing) {
    Desk d;
    const auto q = d.asked("Min fråga om hyran är lång nog att godtas.");
    Browser b{d};
    b.full_login("anna", "anna-lösenord-123");
    const auto r = b.go("POST", "/expert/fraga/" + std::to_string(q) + "/ta", "csrf=forged");
    BOOST_TEST(r.status == 403);
    BOOST_TEST(b.go("POST", "/expert/fraga/" + std::to_string(q) + "/ta", "").status == 403);
    BOOST_TEST(!d.store.cases().case_view(radfraga::QuestionId{q})->claimed_by.has_value());
}

BOOST_AUTO_TEST_CASE(expert_posts_from_another_site_are_refused_even_with_the_csrf_token) {
    Desk d;
    const auto q = d.asked("Min fråga om hyran är lång nog att godtas.");
    Browser b{d};
    b.full_login("anna", "anna-lösenord-123");
    for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
             {"origin", "https://evil.example"},
             {"origin", "http://localhost:8080.evil.example"},
             {"sec-fetch-site", "cross-site"},
             {"sec-fetch-site", "same-site"}}) {
        b.extra = {{name, value}};
        BOOST_TEST(b.act(q, "ta").status == 403, name << ": " << value);
        BOOST_TEST(!d.store.cases().case_view(radfraga::QuestionId{q})->claimed_by.has_value(),
                   name << ": " << value);
    }
    // The site's own origin, as browsers send it, is accepted.
    b.extra = {{"origin", "http://localhost:8080"}, {"sec-fetch-site", "same-origin"}};
    BOOST_TEST(b.act(q, "ta").status == 303);
    BOOST_TEST(d.store.cases().case_view(radfraga::QuestionId{q})->claimed_by.has_value());
}

BOOST_AUTO_TEST_CASE(expert_actions_and_refusals_name_the_account) {
    Desk d;
    const auto q = d.asked("Min fråga om hyran är lång nog att godtas.");
    Browser b{d};
    b.full_login("anna", "anna-lösenord-123");
    BOOST_TEST(b.act(q, "ta").account == "anna");
    BOOST_TEST(b.go("GET", "/expert").account == "anna");
    BOOST_TEST(
        b.go("POST", "/expert/fraga/" + std::to_string(q) + "/lamna", "csrf=forged").status == 403);
    BOOST_REQUIRE(!d.errors.empty());
    BOOST_TEST(d.errors.back().find("security: ") == 0u, d.errors.back());
    BOOST_TEST(d.errors.back().find("account=anna") != std::string::npos, d.errors.back());
    // Public pages name nobody.
    BOOST_TEST(d.get("/").account.empty());
}

BOOST_AUTO_TEST_CASE(two_experts_answer_review_and_publish_a_signed_answer) {
    Desk d;
    const auto q = d.asked("Jag heter Lisa Berg och undrar om hyran räknas in i normen.");
    Browser anna{d};
    Browser bo{d};
    anna.full_login("anna", "anna-lösenord-123");
    bo.full_login("bo", "bo-lösenord-12345");
    BOOST_TEST(anna.act(q, "ta").header("location").find("ok=") != std::string_view::npos);
    // Others see who holds it and cannot take it. One question waits: singular Swedish.
    const auto queue = bo.go("GET", "/expert").body;
    BOOST_TEST(queue.find("Anna") != std::string::npos);
    BOOST_TEST(queue.find("1 fråga väntar.") != std::string::npos);
    BOOST_TEST(bo.act(q, "ta").header("location").find("fel=claimed_by_other") !=
               std::string_view::npos);
    // The redaction review shows the original with the finding marked.
    const auto page = anna.go("GET", "/expert/fraga/" + std::to_string(q));
    BOOST_TEST(page.body.find("<mark class=\"pii\" data-type=\"name\">Lisa Berg") !=
               std::string::npos);
    // The history shows "YYYY-MM-DD HH:MM"; the offset-bearing form is in datetime.
    const auto hist = page.body.find("<ol class=\"history\"><li><time datetime=\"");
    BOOST_REQUIRE(hist != std::string::npos);
    const auto shown = page.body.find("\">", hist + 40);
    BOOST_REQUIRE(shown != std::string::npos);
    BOOST_TEST(page.body.substr(shown + 2, 17).size() == 17u);
    BOOST_TEST(page.body[shown + 2 + 10] == ' ');
    BOOST_TEST(page.body.substr(shown + 2 + 16, 7) == "</time>");
    BOOST_TEST(anna.act(q, "granskning", "satt=forslag&f0=1").header("location").find("ok=") !=
               std::string_view::npos);
    BOOST_TEST(
        anna.act(q, "svar", "satt=mall&mall=inledning&svar=&signatur=Socialr%C3%A5dgivningen")
            .status == 303);
    BOOST_TEST(d.store.cases()
                   .case_view(radfraga::QuestionId{q})
                   ->working->body.find("Tack för att du skriver") != std::string::npos);
    BOOST_TEST(anna.act(q, "svar",
                        "satt=granskning&svar=" + Site::enc("Hej!\n\nJa, hyran ingår.") +
                            "&signatur=Socialr%C3%A5dgivningen")
                   .header("location")
                   .find("ok=skickad") != std::string_view::npos);
    // Each action says what happened, not "Klart.".
    const auto sent = anna.go("GET", "/expert/fraga/" + std::to_string(q) + "?ok=skickad").body;
    BOOST_TEST(sent.find("role=\"status\">Svaret skickades till granskning.</p>") !=
               std::string::npos);
    BOOST_TEST(sent.find("Klart.") == std::string::npos);
    // Four eyes: Anna cannot publish her own answer, whatever she sends.
    BOOST_TEST(anna.act(q, "publicera").header("location").find("fel=own_answer") !=
               std::string_view::npos);
    BOOST_TEST(!d.store.public_reads().published_question(radfraga::QuestionId{q}).has_value());
    BOOST_TEST(bo.act(q, "publicera").header("location").find("ok=publicerad") !=
               std::string_view::npos);
    BOOST_TEST(bo.go("GET", "/expert/fraga/" + std::to_string(q) + "?ok=publicerad")
                   .body.find("role=\"status\">Frågan är publicerad.</p>") != std::string::npos);
    const auto pub = d.get("/fraga/" + std::to_string(q));
    BOOST_TEST(pub.status == 200);
    BOOST_TEST(pub.body.find("Lisa Berg") == std::string::npos);
    // The placeholder as a quiet mark, not in brackets.
    BOOST_TEST(pub.body.find("[namn]") == std::string::npos);
    BOOST_TEST(pub.body.find("<span class=\"visually-hidden\">borttaget: </span>namn</span>") !=
               std::string::npos);
    BOOST_TEST(pub.body.find("Ja, hyran ingår.") != std::string::npos);
    BOOST_TEST(pub.body.find("elektroniskt signerat") != std::string::npos);
    // The signature verifies against the well-known key and the API record.
    const auto key_pem = d.get("/.well-known/radfraga-signing-key.pem").body;
    const auto key = radfraga::ed25519_public_key_from_pem(key_pem);
    BOOST_REQUIRE(key.has_value());
    const auto rec =
        boost::json::parse(d.get("/api/v1/questions/" + std::to_string(q)).body).as_object();
    const auto sig =
        radfraga::base64url_decode(std::string(rec.at("answer_signature").as_string()));
    BOOST_REQUIRE(sig.has_value());
    const auto message = radfraga::canonical_answer_record(radfraga::SignedRecord{
        std::to_string(q), rec.at("answer_version").as_int64(),
        std::string(rec.at("answered_at").as_string()), std::string(rec.at("title").as_string()),
        std::string(rec.at("question").as_string()), std::string(rec.at("answer").as_string()),
        std::string(rec.at("signature").as_string())});
    BOOST_TEST(radfraga::verify_signature(*key, message, *sig));
    BOOST_TEST(!radfraga::verify_signature(*key, message + " ", *sig));
    // Published: the original is erased.
    BOOST_TEST(d.store.cases().case_view(radfraga::QuestionId{q})->original_ct.empty());
}

BOOST_AUTO_TEST_CASE(stored_xss_in_a_question_is_escaped_in_the_dashboard) {
    Desk d;
    const auto q =
        d.asked("<script>alert('x')</script><img src=x onerror=alert(1)> min fråga om hyran");
    Browser b{d};
    b.full_login("anna", "anna-lösenord-123");
    const auto queue = b.go("GET", "/expert");
    BOOST_TEST(queue.body.find("<script>alert") == std::string::npos);
    b.act(q, "ta");
    const auto page = b.go("GET", "/expert/fraga/" + std::to_string(q));
    BOOST_TEST(page.status == 200);
    BOOST_TEST(page.body.find("<script>alert") == std::string::npos);
    BOOST_TEST(page.body.find("<img src=x") == std::string::npos);
    BOOST_TEST(page.body.find("&lt;script&gt;") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(declines_duplicates_and_follow_ups_through_the_routes) {
    Desk d;
    const auto q = d.asked("En fråga som inte ska publiceras men få ett privat svar.");
    Browser b{d};
    b.full_login("anna", "anna-lösenord-123");
    b.act(q, "ta");
    BOOST_TEST(b.act(q, "avboj", "skal=").header("location").find("fel=invalid") !=
               std::string_view::npos);
    BOOST_TEST(b.act(q, "avboj",
                     "skal=" + Site::enc("Gäller bara dig") +
                         "&privat_svar=" + Site::enc("Hej, här är svaret."))
                   .header("location")
                   .find("ok=") != std::string_view::npos);
    BOOST_TEST((d.store.cases().case_view(radfraga::QuestionId{q})->state ==
                radfraga::store::QuestionState::declined));
    const auto q2 = d.asked("Samma fråga som en publicerad om familjehem och 18 år.");
    b.act(q2, "ta");
    BOOST_TEST(b.act(q2, "dubblett", "publicerad=1").header("location").find("ok=") !=
               std::string_view::npos);
    BOOST_TEST(d.store.cases().case_view(radfraga::QuestionId{q2})->duplicate_of->value == 1);
}

// Free text experts write is bounded and refused with control characters or bytes that
// are not UTF-8: the refusal comes back on the form, in Swedish, with what was typed, and
// nothing is stored. Every free-text field of the dashboard is tried.
BOOST_AUTO_TEST_CASE(expert_free_text_has_length_and_character_limits) {
    Desk d;
    const std::string receipt =
        d.ask("Fråga om hyran", "En fråga om hyran som är lång nog för att godtas.");
    const auto q = d.store.cases().queue().back().id.value;
    const radfraga::QuestionId id{q};
    Browser anna{d};
    Browser bo{d};
    anna.full_login("anna", "anna-lösenord-123");
    bo.full_login("bo", "bo-lösenord-12345");
    anna.act(q, "ta");
    const auto refused = [](const srv::Response& r, const std::string& message) {
        BOOST_TEST(r.status == 400);
        BOOST_TEST(r.body.find("role=\"alert\">" + message) != std::string::npos, message);
    };
    const std::string nbsp = "\u00a0";
    std::string aa;
    for (int i = 0; i < 10'000; ++i) aa += "å";

    // The answer and its signature.
    auto r = anna.act(q, "svar", "satt=spara&svar=" + std::string(10'001, 'a') + "&signatur=Anna");
    refused(r, "Svaret får vara högst 10" + nbsp + "000 tecken, nu är det 10" + nbsp + "001.");
    BOOST_TEST(r.body.find(">" + std::string(10'001, 'a') + "</textarea>") !=
               std::string::npos);  // kept
    BOOST_TEST(r.body.find("maxlength=\"10000\"") != std::string::npos);
    refused(anna.act(q, "svar", "satt=spara&svar=Hej%01du&signatur=Anna"),
            "Svaret innehåller osynliga styrtecken (till exempel från inklistrad text) som inte "
            "kan sparas.");
    refused(anna.act(q, "svar", "satt=spara&svar=Hej%7Fdu&signatur=Anna"),
            "Svaret innehåller osynliga styrtecken (till exempel från inklistrad text) som inte "
            "kan sparas.");
    r = anna.act(q, "svar", "satt=spara&svar=Hej%FF%FEdu&signatur=Anna");
    refused(r, "Svaret innehåller tecken som inte kan läsas (texten är inte giltig UTF-8).");
    BOOST_TEST(r.body.find('\xff') == std::string::npos);
    refused(anna.act(q, "svar", "satt=spara&svar=Hej&signatur=" + std::string(101, 'S')),
            "Signaturen får vara högst 100 tecken, nu är det 101.");
    refused(anna.act(q, "svar", "satt=spara&svar=Hej&signatur=Anna%0AAndersson"),
            "Signaturen ska stå på en rad.");
    r = anna.act(q, "svar", "satt=spara&autosave=1&svar=Hej%00&signatur=Anna");
    BOOST_TEST(r.status == 400);
    BOOST_TEST(boost::json::parse(r.body).at("error").as_string().starts_with(
        "Svaret innehåller osynliga"));
    BOOST_TEST(!d.store.cases().case_view(id)->working.has_value());
    // At the limit, with tabs and line breaks, is fine.
    BOOST_TEST(anna.act(q, "svar",
                        "satt=spara&svar=" + Site::enc(aa) + "&signatur=" + std::string(100, 'S'))
                   .status == 303);
    BOOST_TEST(
        anna.act(q, "svar", "satt=spara&svar=Hej%09du%0D%0A%0D%0ASvar&signatur=Anna").status ==
        303);
    BOOST_TEST(d.store.cases().case_view(id)->working->body == "Hej\tdu\n\nSvar");

    // The redaction review.
    refused(anna.act(q, "granskning", "satt=text&rubrik=Hyran%0Aigen&text=Texten"),
            "Rubriken ska stå på en rad.");
    r = anna.act(q, "granskning", "satt=text&rubrik=Hyran&text=" + std::string(12'001, 't'));
    refused(r, "Texten får vara högst 12" + nbsp + "000 tecken, nu är det 12" + nbsp + "001.");
    BOOST_TEST(r.body.find("value=\"Hyran\"") != std::string::npos);
    BOOST_TEST(!d.store.cases().case_view(id)->redactions_reviewed);

    // Declining: the reason and the private answer.
    refused(anna.act(q, "avboj", "skal=Nej%1B%5B31m&privat_svar=Hej"),
            "Skälet innehåller osynliga styrtecken");
    r = anna.act(q, "avboj", "skal=" + std::string(501, 'n') + "&privat_svar=Hej");
    refused(r, "Skälet får vara högst 500 tecken, nu är det 501.");
    BOOST_TEST(r.body.find("value=\"" + std::string(501, 'n') + "\"") != std::string::npos);
    refused(anna.act(q, "avboj", "skal=Nej&privat_svar=" + std::string(10'001, 'p')),
            "Det privata svaret får vara högst");
    BOOST_TEST((d.store.cases().case_view(id)->state != radfraga::store::QuestionState::declined));

    // Answering a follow-up.
    const auto token = receipt.substr(receipt.rfind('/') + 1);
    BOOST_REQUIRE_EQUAL(d.post("/api/v1/receipts/" + token + "/follow-ups",
                               R"({"text": "Och i juli då?"})", "api", "application/json")
                            .status,
                        201);
    const auto fu = d.store.cases().case_view(id)->follow_ups.at(0).id.value;
    r = anna.act(q, "foljdfraga", "foljdfraga=" + std::to_string(fu) + "&svar=Ja%08+tack");
    refused(r, "Svaret på följdfrågan innehåller osynliga styrtecken");
    BOOST_TEST(r.body.find(">Ja tack</textarea>") !=
               std::string::npos);  // shown again without them
    BOOST_TEST(r.body.find('\b') == std::string::npos);
    r = anna.act(q, "foljdfraga",
                 "foljdfraga=" + std::to_string(fu) + "&svar=" + std::string(10'001, 'j'));
    refused(r, "Svaret på följdfrågan får vara högst");
    BOOST_TEST(r.body.find(">" + std::string(10'001, 'j') + "</textarea>") != std::string::npos);
    BOOST_TEST((d.store.cases().case_view(id)->follow_ups.at(0).state ==
                radfraga::store::FollowUpState::received));

    // The reviewer's comment.
    BOOST_REQUIRE(anna.act(q, "granskning", "satt=text&rubrik=Hyran&text=Texten+om+hyran")
                      .header("location")
                      .find("ok=") != std::string_view::npos);
    BOOST_REQUIRE(anna.act(q, "svar", "satt=granskning&svar=Ja&signatur=Anna")
                      .header("location")
                      .find("ok=skickad") != std::string_view::npos);
    r = bo.act(q, "tillbaka", "kommentar=" + std::string(2'001, 'k'));
    refused(r, "Kommentaren får vara högst 2" + nbsp + "000 tecken, nu är det 2" + nbsp + "001.");
    BOOST_TEST(r.body.find(">" + std::string(2'001, 'k') + "</textarea>") != std::string::npos);
    BOOST_TEST(
        (d.store.cases().case_view(id)->state == radfraga::store::QuestionState::awaiting_review));

    // House templates (admins).
    r = bo.go("POST", "/expert/mallar",
              "csrf=" + Site::enc(bo.csrf) +
                  "&mall=avslutning&rubrik=Slut&text=" + std::string(10'001, 'm'));
    refused(r,
            "Mallens text får vara högst 10" + nbsp + "000 tecken, nu är det 10" + nbsp + "001.");
    BOOST_TEST(r.body.find(">" + std::string(10'001, 'm') + "</textarea>") != std::string::npos);
    refused(bo.go("POST", "/expert/mallar",
                  "csrf=" + Site::enc(bo.csrf) + "&mall=avslutning&rubrik=Slut%0C&text=Hej"),
            "Mallens rubrik innehåller osynliga styrtecken");
    refused(bo.go("POST", "/expert/mallar",
                  "csrf=" + Site::enc(bo.csrf) + "&mall=avslutning&rubrik=Slut&text=%C3"),
            "Mallens text innehåller tecken som inte kan läsas");
    for (const auto& t : d.store.cases().templates())
        BOOST_TEST(t.body.find("mmmm") == std::string::npos);
}

// What experts write is Markdown rendered in safe mode: raw HTML and script links in an
// answer show neither in the reviewer's preview nor on the public page.
BOOST_AUTO_TEST_CASE(raw_html_and_script_links_in_an_answer_are_not_rendered) {
    Desk d;
    const auto q = d.asked("En fråga om hyran som är lång nog för att godtas.");
    Browser anna{d};
    Browser bo{d};
    anna.full_login("anna", "anna-lösenord-123");
    bo.full_login("bo", "bo-lösenord-12345");
    anna.act(q, "ta");
    anna.act(q, "granskning", "satt=text&rubrik=Hyran&text=Texten+om+hyran");
    const std::string answer =
        "Hej!\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)> "
        "[klicka](javascript:alert(3)) [här](JAVASCRIPT:alert(4))";
    BOOST_REQUIRE(
        anna.act(q, "svar", "satt=granskning&svar=" + Site::enc(answer) + "&signatur=Anna")
            .header("location")
            .find("ok=skickad") != std::string_view::npos);
    const auto preview = bo.go("GET", "/expert/fraga/" + std::to_string(q)).body;
    BOOST_REQUIRE(bo.act(q, "publicera").header("location").find("ok=publicerad") !=
                  std::string_view::npos);
    const auto pub = d.get("/fraga/" + std::to_string(q)).body;
    for (const auto* page : {&preview, &pub}) {
        BOOST_TEST(page->find("<script>alert") == std::string::npos);
        BOOST_TEST(page->find("onerror") == std::string::npos);
        BOOST_TEST(page->find("href=\"javascript") == std::string::npos);
        BOOST_TEST(page->find("href=\"JAVASCRIPT") == std::string::npos);
        BOOST_TEST(page->find(">klicka</a>") !=
                   std::string::npos);  // the link text stays, its URL does not
    }
}

BOOST_AUTO_TEST_CASE(only_admins_edit_templates) {
    Desk d;
    Browser anna{d};
    Browser bo{d};
    anna.full_login("anna", "anna-lösenord-123");
    bo.full_login("bo", "bo-lösenord-12345");
    BOOST_TEST(anna.go("GET", "/expert/mallar").status == 403);
    BOOST_TEST(bo.go("GET", "/expert/mallar").status == 200);
    BOOST_TEST(
        bo.go("POST", "/expert/mallar",
              "csrf=" + Site::enc(bo.csrf) + "&mall=avslutning&rubrik=Slut&text=Vi+h%C3%B6rs")
            .status == 303);
    BOOST_TEST(d.store.cases().templates().back().body == "Vi hörs");
}

// Takes an answer through claim, redaction review, answer and submission by Anna, up to
// where Bo reviews it.
void answered(Desk& d, Browser& anna, std::int64_t q, const std::string& answer) {
    BOOST_REQUIRE(anna.act(q, "ta").header("location").find("ok=") != std::string_view::npos);
    BOOST_REQUIRE(anna.act(q, "granskning", "satt=forslag&f0=1").header("location").find("ok=") !=
                  std::string_view::npos);
    BOOST_REQUIRE(
        anna.act(q, "svar",
                 "satt=granskning&svar=" + Site::enc(answer) + "&signatur=Socialr%C3%A5dgivningen")
            .header("location")
            .find("ok=skickad") != std::string_view::npos);
    BOOST_REQUIRE((d.store.cases().case_view(radfraga::QuestionId{q})->state ==
                   radfraga::store::QuestionState::awaiting_review));
}

// The check at publication: a name the expert typed into the answer blocks publishing
// until the reviewer removes it or accepts it; the decision is bound to the texts it was
// made on.
BOOST_AUTO_TEST_CASE(a_name_in_the_answer_blocks_publication_until_removed) {
    Desk d;
    const auto q = d.asked("Jag undrar om hyran räknas in i normen för försörjningsstöd.");
    Browser anna{d}, bo{d};
    anna.full_login("anna", "anna-lösenord-123");
    bo.full_login("bo", "bo-lösenord-12345");
    answered(d, anna, q, "Hej Karin!\n\nJa, hyran ingår i beräkningen.");
    const radfraga::QuestionId id{q};
    // Publishing without a decision is refused, and the page shows the finding.
    const auto refused = bo.act(q, "publicera");
    BOOST_TEST(refused.header("location").find("fel=grind") != std::string_view::npos);
    BOOST_TEST(!d.store.public_reads().published_question(id).has_value());
    const auto page = bo.go("GET", "/expert/fraga/" + std::to_string(q));
    BOOST_TEST(page.body.find("<mark class=\"pii\">Karin</mark>") != std::string::npos);
    const auto fp = between(page.body, "name=\"grind\" value=\"", "\"");
    BOOST_REQUIRE(!fp.empty());
    // A decision made on other texts (a stale page) is refused too.
    BOOST_TEST(
        bo.act(q, "publicera", "grind=stale&g0=ta-bort").header("location").find("fel=grind") !=
        std::string_view::npos);
    BOOST_TEST(!d.store.public_reads().published_question(id).has_value());
    // Removed: the published answer has the placeholder, never the name.
    BOOST_TEST(bo.act(q, "publicera", "grind=" + Site::enc(fp) + "&g0=ta-bort")
                   .header("location")
                   .find("ok=publicerad") != std::string_view::npos);
    const auto pub = d.get("/fraga/" + std::to_string(q));
    BOOST_TEST(pub.body.find("Karin") == std::string::npos);
    BOOST_TEST(pub.body.find("Hej [namn]!") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_finding_the_reviewer_accepts_is_published_and_audited) {
    Desk d;
    const auto q = d.asked("Jag undrar om hyran räknas in i normen för försörjningsstöd.");
    Browser anna{d}, bo{d};
    anna.full_login("anna", "anna-lösenord-123");
    bo.full_login("bo", "bo-lösenord-12345");
    answered(d, anna, q, "Hej!\n\nRing Karin Ek på Föreningen Skuld, hon svarar på allt om hyran.");
    const auto page = bo.go("GET", "/expert/fraga/" + std::to_string(q));
    const auto fp = between(page.body, "name=\"grind\" value=\"", "\"");
    BOOST_REQUIRE(!fp.empty());
    BOOST_TEST(bo.act(q, "publicera", "grind=" + Site::enc(fp) + "&g0=godta")
                   .header("location")
                   .find("ok=publicerad") != std::string_view::npos);
    BOOST_TEST(d.get("/fraga/" + std::to_string(q)).body.find("Karin Ek") != std::string::npos);
    const auto view = d.store.cases().case_view(radfraga::QuestionId{q});
    BOOST_TEST(std::any_of(view->history.begin(), view->history.end(),
                           [](const auto& h) { return h.action == "accepted_at_publication"; }));
}

// The operator's allow-list: only admins edit it; it is written to the data folder and
// the redactor stops proposing its words (inflected forms too) at once.
BOOST_AUTO_TEST_CASE(admins_edit_the_redaction_allow_list) {
    Desk d;
    d.config.data_dir = d.dir.path();
    Browser anna{d}, bo{d};
    anna.full_login("anna", "anna-lösenord-123");
    bo.full_login("bo", "bo-lösenord-12345");
    BOOST_TEST(anna.go("GET", "/expert/tillatna-ord").status == 403);
    BOOST_TEST(bo.go("GET", "/expert/tillatna-ord").status == 200);
    BOOST_TEST(!d.redactor.find("Hej Soctanter! Tack Soctanterna.").empty());
    BOOST_TEST(bo.go("POST", "/expert/tillatna-ord", "csrf=forged&ord=Soctanter").status == 403);
    BOOST_TEST(!std::filesystem::exists(d.dir / "redaction-allow.txt"));
    const auto r =
        bo.go("POST", "/expert/tillatna-ord",
              "csrf=" + Site::enc(bo.csrf) + "&ord=" + Site::enc("Soctanter\r\n# vår tjänst\n"));
    BOOST_TEST(r.status == 303);
    std::ifstream f(d.dir / "redaction-allow.txt");
    const std::string saved{std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
    BOOST_TEST(saved == "Soctanter\n# vår tjänst\n");
    BOOST_TEST(d.redactor.find("Hej Soctanter! Tack Soctanterna.").empty());
    const auto fs = d.redactor.find("Hej Soctanter!\n/Lisa");
    BOOST_REQUIRE_EQUAL(fs.size(), 1u);
    BOOST_TEST(fs[0].text == "Lisa");
    BOOST_TEST(bo.go("GET", "/expert/tillatna-ord").body.find("Soctanter") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(statistics_suppress_small_counts_and_export_csv) {
    Desk d;
    for (int i = 0; i < 3; ++i)
        d.asked("Fråga nummer " + std::to_string(i) + " om hyran och bidraget.");
    Browser anna{d};
    Browser bo{d};
    anna.full_login("anna", "anna-lösenord-123");
    bo.full_login("bo", "bo-lösenord-12345");
    BOOST_TEST(anna.go("GET", "/expert/statistik").status == 403);
    const auto page = bo.go("GET", "/expert/statistik");
    BOOST_TEST(page.status == 200);
    BOOST_TEST(page.body.find("&lt;5") != std::string::npos);
    const auto csv = bo.go("GET", "/expert/statistik.csv");
    BOOST_TEST(csv.header("content-type") == "text/csv; charset=utf-8");
    BOOST_TEST(csv.body.find("summa,mottagna,<5") != std::string::npos);
    BOOST_TEST(csv.body.find("Fråga nummer") == std::string::npos);
}

// The queue puts crisis first, by category (danger to life first), then oldest first;
// the case page names the kind and marks the words behind the flag.
BOOST_AUTO_TEST_CASE(queue_orders_crisis_by_category_then_age_and_marks_signals) {
    Desk d;
    d.ask("Fråga om hyran", "Räknas hyran med när man söker försörjningsstöd för en månad?", "c1");
    d.clock.advance(60);
    d.ask("Ingen mat",
          "Vi har ingen mat hemma idag och barnen är hungriga. Lönen kommer först på tisdag.",
          "c2");
    d.clock.advance(60);
    d.ask("Han slår mig",
          "Min man slog mig igår och nu säger han att han ska hämta kniven om jag går.", "c3");
    d.clock.advance(60);
    d.ask("Orkar inte", "Jag vill inte leva längre och har sparat tabletter i en burk i köket.",
          "c4");
    const auto queue = d.store.cases().queue();
    BOOST_REQUIRE_EQUAL(queue.size(), 4u);
    BOOST_TEST(queue[0].crisis_categories.find("suicide") != std::string::npos);
    BOOST_TEST(queue[1].crisis_categories.find("violence") != std::string::npos);
    BOOST_TEST(queue[2].crisis_categories.find("acute_need") != std::string::npos);
    BOOST_TEST(!queue[3].crisis);
    Browser b{d};
    b.full_login("anna", "anna-lösenord-123");
    const auto page = b.go("GET", "/expert").body;
    BOOST_TEST(page.find("självmord") != std::string::npos);
    BOOST_TEST(page.find("Orkar inte") < page.find("Han slår mig"));
    BOOST_TEST(page.find("Han slår mig") < page.find("Ingen mat"));
    BOOST_TEST(page.find("Ingen mat") < page.find("Fråga om hyran"));
    const auto case_page = b.go("GET", "/expert/fraga/" + std::to_string(queue[1].id.value)).body;
    BOOST_TEST(case_page.find("Kris: våld") != std::string::npos);
    BOOST_TEST(case_page.find("<mark class=\"crisis\" data-category=\"violence\">") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_case_page_warns_of_an_identifying_combination_with_its_parts) {
    Desk d;
    const auto q = d.asked("Vi bor i Dorotea och min son som är 7 år går på Tallbackaskolan.");
    const auto lone = d.asked("Vi bor i Dorotea och undrar hur man söker färdtjänst.");
    Browser anna{d};
    anna.full_login("anna", "anna-lösenord-123");
    BOOST_TEST(anna.act(q, "ta").status == 303);
    BOOST_TEST(anna.act(lone, "ta").status == 303);
    const auto page = anna.go("GET", "/expert/fraga/" + std::to_string(q)).body;
    BOOST_TEST(page.find("uppgifter som tillsammans kan peka ut någon") != std::string::npos);
    for (const char* part : {"data-kind=\"locality\">Dorotea", "data-kind=\"child_age\">7 år",
                             "data-kind=\"institution\">Tallbackaskolan"})
        BOOST_TEST(page.find(part) != std::string::npos, part);
    // One quasi-identifier alone: no warning.
    const auto other = anna.go("GET", "/expert/fraga/" + std::to_string(lone)).body;
    BOOST_TEST(other.find("uppgifter som tillsammans kan peka ut någon") == std::string::npos);
}

// ---- Issue 17: the redaction editor, the reviewer's check, follow-ups to who answered ----

namespace {

// The value of the form field `name` on a page ("" if absent).
std::string field_value(const std::string& page, const std::string& name) {
    return between(page, "name=\"" + name + "\" value=\"", "\"");
}

// The text in the textarea with id `id`, unescaped enough for these tests.
std::string textarea(const std::string& page, const std::string& id) {
    auto t = between(between(page, "id=\"" + id + "\"", "</textarea>") + "</textarea>", ">",
                     "</textarea>");
    for (const auto& [from, to] : {std::pair<std::string, std::string>{"&amp;", "&"},
                                   {"&quot;", "\""},
                                   {"&#39;", "'"},
                                   {"&lt;", "<"},
                                   {"&gt;", ">"}}) {
        for (auto at = t.find(from); at != std::string::npos; at = t.find(from, at + 1))
            t.replace(at, from.size(), to);
    }
    return t;
}

const std::string kTwoDetails =
    "Jag heter Lisa Berg och mitt nummer är 070-123 45 67. Jag undrar om hyran räknas in i "
    "normen.";

}  // namespace

// Item 7: one editor. The proposals change only their own spans of the text being
// published; the expert's hand edits (title and text) stay, through toggles on and off,
// until publication. Without script: the form says which boxes changed (v<i>).
BOOST_AUTO_TEST_CASE(toggling_proposals_never_overwrites_hand_edits) {
    Desk d;
    const auto q = d.asked(kTwoDetails);
    Browser anna{d}, bo{d};
    anna.full_login("anna", "anna-lösenord-123");
    bo.full_login("bo", "bo-lösenord-12345");
    anna.act(q, "ta");
    const std::string here = "/expert/fraga/" + std::to_string(q);
    auto page = anna.go("GET", here).body;
    BOOST_TEST(page.find("data-proposal=\"Lisa Berg\"") != std::string::npos);
    BOOST_TEST(field_value(page, "v0") == "0");
    std::string text = textarea(page, "f-text");
    BOOST_REQUIRE(text.find("Jag undrar om hyran") != std::string::npos);
    // A hand edit, then the name's proposal switched on.
    text.replace(text.find("Jag undrar om hyran"), 19, "Jag undrar (handskrivet) om hyran");
    auto r = anna.act(q, "granskning",
                      "satt=forslag&rubrik=" + Site::enc("Hyran och normen") +
                          "&text=" + Site::enc(text) + "&f0=1&v0=0&v1=0");
    BOOST_TEST(r.header("location").find("ok=granskad") != std::string_view::npos);
    auto view = d.store.cases().case_view(radfraga::QuestionId{q});
    BOOST_TEST(view->title == "Hyran och normen");
    BOOST_TEST(view->body.find("Jag heter [namn] och") != std::string::npos, view->body);
    BOOST_TEST(view->body.find("(handskrivet)") != std::string::npos, view->body);
    BOOST_TEST(view->body.find("070-123 45 67") != std::string::npos, view->body);
    // The page shows the boxes as the text stands; the name off again, the number on.
    page = anna.go("GET", here).body;
    BOOST_TEST(field_value(page, "v0") == "1");
    BOOST_TEST(field_value(page, "v1") == "0");
    text = textarea(page, "f-text");
    r = anna.act(q, "granskning",
                 "satt=text&rubrik=" + Site::enc("Hyran och normen") + "&text=" + Site::enc(text) +
                     "&v0=1&f1=1&v1=0");
    view = d.store.cases().case_view(radfraga::QuestionId{q});
    BOOST_TEST(view->body.find("Jag heter Lisa Berg och") != std::string::npos, view->body);
    BOOST_TEST(view->body.find("070-123 45 67") == std::string::npos, view->body);
    BOOST_TEST(view->body.find("(handskrivet)") != std::string::npos, view->body);
    // And on once more; then answered and published: the hand edits are published.
    r = anna.act(q, "granskning", "satt=forslag&f0=1&v0=0");
    BOOST_TEST(r.header("location").find("ok=granskad") != std::string_view::npos);
    BOOST_REQUIRE(anna.act(q, "svar",
                           "satt=granskning&svar=" + Site::enc("Hej!\n\nJa, hyran ingår.") +
                               "&signatur=Socialr%C3%A5dgivningen")
                      .header("location")
                      .find("ok=skickad") != std::string_view::npos);
    BOOST_TEST(bo.act(q, "publicera").header("location").find("ok=publicerad") !=
               std::string_view::npos);
    const auto pub = d.store.public_reads().published_question(radfraga::QuestionId{q});
    BOOST_REQUIRE(pub.has_value());
    BOOST_TEST(pub->body.find("(handskrivet)") != std::string::npos, pub->body);
    BOOST_TEST(pub->body.find("Lisa Berg") == std::string::npos, pub->body);
    BOOST_TEST(pub->body.find("070-123 45 67") == std::string::npos, pub->body);
    BOOST_TEST(pub->title == "Hyran och normen");
}

// Item 8: the reviewer sees the original beside the public text with what was removed
// marked, may edit the public text, and publishing records that someone other than the
// redaction's author checked it.
BOOST_AUTO_TEST_CASE(the_reviewer_checks_and_may_edit_the_redaction) {
    Desk d;
    const auto q = d.asked(kTwoDetails);
    Browser anna{d}, bo{d};
    anna.full_login("anna", "anna-lösenord-123");
    bo.full_login("bo", "bo-lösenord-12345");
    answered(d, anna, q, "Hej!\n\nJa, hyran ingår i normen.");
    const std::string here = "/expert/fraga/" + std::to_string(q);
    const auto page = bo.go("GET", here).body;
    BOOST_TEST(page.find("Kontrollera borttagna personuppgifter") != std::string::npos);
    BOOST_TEST(page.find("<del>Lisa Berg</del>") != std::string::npos, page);
    BOOST_TEST(page.find("<ins>[namn]</ins>") != std::string::npos);
    // The author does not get the reviewer's view, nor may edit through publishing.
    const auto own = anna.go("GET", here).body;
    BOOST_TEST(own.find("Kontrollera borttagna personuppgifter") == std::string::npos);
    const auto body = d.store.cases().case_view(radfraga::QuestionId{q})->body;
    BOOST_TEST(anna.act(q, "publicera", "rubrik=X&text=" + Site::enc(body + " ändrad"))
                   .header("location")
                   .find("fel=own_answer") != std::string_view::npos);
    BOOST_TEST(d.store.cases().case_view(radfraga::QuestionId{q})->body == body);
    // The reviewer removes the number the author left, and publishes.
    std::string edited = body;
    edited.replace(edited.find("070-123 45 67"), 13, "[telefonnummer]");
    BOOST_TEST(bo.act(q, "publicera",
                      "rubrik=" + Site::enc("Räknas hyran?") + "&text=" + Site::enc(edited))
                   .header("location")
                   .find("ok=publicerad") != std::string_view::npos);
    const auto pub = d.store.public_reads().published_question(radfraga::QuestionId{q});
    BOOST_REQUIRE(pub.has_value());
    BOOST_TEST(pub->body == edited);
    BOOST_TEST(pub->title == "Räknas hyran?");
    const auto view = d.store.cases().case_view(radfraga::QuestionId{q});
    const auto has = [&](const std::string& action, const std::string& who) {
        return std::any_of(view->history.begin(), view->history.end(),
                           [&](const auto& h) { return h.action == action && h.actor == who; });
    };
    BOOST_TEST(has("redactions_edited_in_review", "Bo"));
    BOOST_TEST(has("redactions_second_review", "Bo"));
    const auto history = bo.go("GET", here).body;
    BOOST_TEST(history.find("Bo: Kontrollerade borttagningen av personuppgifter") !=
               std::string::npos);
}

// Item 6: a follow-up goes to the expert who answered, claimed in their name; a colleague
// can take it over once that claim is stale (the expert is away).
BOOST_AUTO_TEST_CASE(a_follow_up_goes_to_the_expert_who_answered) {
    Desk d;
    const auto receipt = d.ask("Fråga om hyran", "Jag undrar om hyran räknas in i normen.");
    const auto q = d.store.cases().queue().back().id.value;
    Browser anna{d}, bo{d};
    anna.full_login("anna", "anna-lösenord-123");
    bo.full_login("bo", "bo-lösenord-12345");
    answered(d, anna, q, "Hej!\n\nJa, hyran ingår i normen.");
    BOOST_REQUIRE(bo.act(q, "publicera").header("location").find("ok=publicerad") !=
                  std::string_view::npos);
    const auto sent = d.post(receipt + "/foljdfraga",
                             "skydd=" + Site::enc(d.token(receipt)) +
                                 "&foljdfraga=" + Site::enc("Gäller det även el och internet?"));
    BOOST_REQUIRE_EQUAL(sent.status, 303);
    const auto view = d.store.cases().case_view(radfraga::QuestionId{q});
    BOOST_REQUIRE(view->claimed_by.has_value());
    BOOST_TEST(view->claimed_by_name == "Anna");
    const auto queue = anna.go("GET", "/expert").body;
    BOOST_TEST(queue.find("<span class=\"tag\">till dig</span>") != std::string::npos);
    BOOST_TEST(bo.go("GET", "/expert").body.find("till dig") == std::string::npos);
    // Anna answers it from her case page without claiming anything.
    const auto page = anna.go("GET", "/expert/fraga/" + std::to_string(q)).body;
    BOOST_TEST(page.find("name=\"foljdfraga\" value=\"") != std::string::npos);
    // Bo cannot take it while Anna's claim is fresh; once it is stale he can.
    BOOST_TEST(bo.act(q, "ta").header("location").find("fel=claimed_by_other") !=
               std::string_view::npos);
    d.clock.advance(static_cast<std::int64_t>(d.config.claim_stale_minutes) * 60 + 1);
    anna.full_login("anna", "anna-lösenord-123");
    bo.full_login("bo", "bo-lösenord-12345");
    BOOST_TEST(bo.act(q, "ta").header("location").find("ok=tagen") != std::string_view::npos);
}

// Item 5: the expert edits the public title; placeholders in titles are quiet marks on
// lists and headings, never brackets.
BOOST_AUTO_TEST_CASE(placeholders_in_public_titles_are_quiet_marks) {
    Desk d;
    const auto q =
        d.asked("Jag bor i [ort] och undrar om hyran räknas in i normen för försörjningsstöd.");
    Browser anna{d}, bo{d};
    anna.full_login("anna", "anna-lösenord-123");
    bo.full_login("bo", "bo-lösenord-12345");
    answered(d, anna, q, "Hej!\n\nJa, hyran ingår i normen.");
    const auto body = d.store.cases().case_view(radfraga::QuestionId{q})->body;
    BOOST_REQUIRE(
        bo.act(q, "publicera", "rubrik=" + Site::enc("Hyran i [ort]") + "&text=" + Site::enc(body))
            .header("location")
            .find("ok=publicerad") != std::string_view::npos);
    const std::string mark =
        "<span class=\"removed\"><span class=\"visually-hidden\">borttaget: "
        "</span>ort</span>";
    const auto slug = d.store.cases().case_view(radfraga::QuestionId{q})->category_slug;
    for (const std::string& target :
         {std::string("/"), "/fraga/" + std::to_string(q), "/amne/" + slug}) {
        const auto r = d.get(target);
        BOOST_TEST(r.body.find("Hyran i " + mark) != std::string::npos, target);
        // Never in brackets: not in a heading, a link, an excerpt or the window title,
        // which cannot hold markup and says it in words.
        BOOST_TEST(r.body.find("[ort]") == std::string::npos, target);
        BOOST_TEST(r.body.find("Jag bor i " + mark) != std::string::npos, target);
    }
    BOOST_TEST(d.get("/fraga/" + std::to_string(q))
                   .body.find("<title>Hyran i (ort borttaget) – Rådfråga</title>") !=
               std::string::npos);
    const auto feed = d.get("/feed.atom").body;
    BOOST_TEST(feed.find("<title>Hyran i (ort borttaget)</title>") != std::string::npos, feed);
    BOOST_TEST(feed.find("[ort]") == std::string::npos, feed);
}

BOOST_AUTO_TEST_SUITE_END()
