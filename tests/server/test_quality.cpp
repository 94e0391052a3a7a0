// server/quality: law references that know their date (the notice on the public page and
// the API record, the experts' re-review list), the receipt's "did you understand the
// answer?" form and API call with the statistics' small-count suppression, and the
// counters of searches that found nothing (issue 22).
#include <boost/test/unit_test.hpp>

#include <boost/json.hpp>

#include <sstream>

#include "core/totp.hpp"
#include "tests/server/site.hpp"

namespace rs = radfraga::store;
namespace srv = radfraga::server;
using radfraga::test::Site;

namespace {

std::string between(const std::string& s, const std::string& a, const std::string& b) {
    const auto i = s.find(a);
    if (i == std::string::npos) return {};
    const auto j = s.find(b, i + a.size());
    return s.substr(i + a.size(), j - i - a.size());
}

const std::string kAnnaKey = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
const std::string kBoKey = "KRSXG5CTMVRXEZLUKN2XAZLSKNSWG4TF";

// A logged-in expert's browser: keeps the session cookie and the CSRF token.
struct Browser {
    explicit Browser(const Site& s) : site(s), app(s.app) {}
    Browser(const Site& s, const srv::App& a) : site(s), app(a) {}
    const Site& site;
    const srv::App& app;
    std::string cookie;
    std::string csrf;
    srv::Response go(const std::string& method, const std::string& target,
                     const std::string& body = "") {
        srv::Request r;
        r.method = method;
        r.target = target;
        r.body = body;
        r.client_key = "browser";
        r.headers.emplace_back("host", "localhost:8080");
        r.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
        if (!cookie.empty()) r.headers.emplace_back("cookie", cookie);
        auto res = app.handle(r);
        if (const auto c = res.header("set-cookie"); !c.empty())
            cookie = std::string(c.substr(0, c.find(';')));
        if (const auto t = between(res.body, "name=\"csrf\" value=\"", "\""); !t.empty()) csrf = t;
        return res;
    }
    void login(const std::string& user, const std::string& password, const std::string& key) {
        const auto page = go("GET", "/expert/logga-in");
        const auto token = between(page.body, "name=\"skydd\" value=\"", "\"");
        BOOST_REQUIRE_EQUAL(go("POST", "/expert/logga-in",
                               "skydd=" + Site::enc(token) + "&anvandare=" + Site::enc(user) +
                                   "&losenord=" + Site::enc(password))
                                .status,
                            303);
        go("GET", "/expert/tvafaktor");
        const auto code = radfraga::totp_code(*radfraga::base32_decode(key), site.clock.now());
        BOOST_REQUIRE_EQUAL(
            go("POST", "/expert/tvafaktor", "csrf=" + Site::enc(csrf) + "&kod=" + code).status,
            303);
    }
};

struct Desk : Site {
    radfraga::ExpertId anna =
        add_enrolled_expert("anna", "Anna", rs::Role::expert, "anna-lösenord-123", kAnnaKey);
    radfraga::ExpertId bo =
        add_enrolled_expert("bo", "Bo", rs::Role::admin, "bo-lösenord-12345", kBoKey);
    int asked = 0;

    // Asks a question (from a client of its own, past the asking rate limit) and, when
    // `answer`, answers and publishes it; returns the receipt path "/kvitto/…".
    std::string receipt(bool answer = true) {
        const auto path = ask("Fråga om hyran", "Räknas hyran in när jag söker försörjningsstöd?",
                              "asker-" + std::to_string(asked++));
        if (answer) {
            using T = rs::Transition;
            const auto id = store.cases().queue().back().id;
            BOOST_REQUIRE(store.cases().claim(id, anna, 3600) == T::ok);
            BOOST_REQUIRE(store.cases().save_redactions(id, anna, "Hyran", "Räknas hyran in?", 1) ==
                          T::ok);
            BOOST_REQUIRE(store.cases().save_draft(id, anna, "Ja, hyran räknas in.", "Anna") ==
                          T::ok);
            BOOST_REQUIRE(store.cases().submit_for_review(id, anna) == T::ok);
            BOOST_REQUIRE(
                store.cases().approve_and_publish(id, bo, [](const rs::PublicationRecord&) {
                    return std::vector<unsigned char>(64, 9);
                }) == T::ok);
        }
        return path;
    }
    // Sends the receipt page's form.
    srv::Response understood(const std::string& path, const std::string& fields,
                             const std::string& client = "c1") {
        return post(path + "/forstod", "skydd=" + enc(token(path)) + "&" + fields, client);
    }
    srv::Response api(const std::string& target, const std::string& body) {
        return post(target, body, "api", "application/json");
    }
};

// Imports one archived question answered on `answered_at` with `answer`; returns its id.
radfraga::QuestionId import_answer(Site& site, const std::string& external_id,
                                   const std::string& title, const std::string& answer,
                                   const std::string& answered_at) {
    boost::json::object o;
    o["id"] = external_id;
    o["title"] = title;
    o["question"] = "Jag har ingen inkomst just nu. Kan jag få hjälp med hyran?";
    o["pseudonym"] = "Utan lön";
    o["answer"] = answer;
    o["signature"] = "Socialrådgivningen";
    o["category"] = "boende";
    o["asked_at"] = answered_at;
    o["answered_at"] = answered_at;
    std::istringstream in(boost::json::serialize(o) + "\n");
    const auto report = srv::import_archive(in, site.store);
    BOOST_REQUIRE_EQUAL(report.inserted, 1u);
    const auto id = site.store.public_reads().find_by_external_id(external_id);
    BOOST_REQUIRE(id.has_value());
    return *id;
}

std::string token_of(const std::string& path) {
    return path.substr(std::string("/kvitto/").size());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(quality_routes)

BOOST_AUTO_TEST_CASE(an_answer_citing_a_replaced_law_carries_a_notice_until_it_is_re_reviewed) {
    Desk d;
    const std::string title = "Försörjningsstöd när lönen dröjer";
    const auto id = import_answer(d, "lag-2020", title,
                                  "Du kan ansöka om försörjningsstöd enligt 4 kap. 1 § SoL.",
                                  "2020-03-02T10:00:00+01:00");
    const std::string page = "/fraga/" + std::to_string(id.value);
    const std::string api = "/api/v1/questions/" + std::to_string(id.value);
    const std::string notice = "Lagen har ändrats sedan svaret skrevs";

    // The public page and the API record say that the law changed, with the date.
    auto body = d.get(page).body;
    BOOST_TEST(body.find(notice) != std::string::npos);
    BOOST_TEST(body.find("som gällde till och med 30 juni 2025") != std::string::npos);
    auto refs = boost::json::parse(d.get(api).body).at("law_references").as_array();
    BOOST_REQUIRE_EQUAL(refs.size(), 1u);
    BOOST_TEST(refs[0].at("law").as_string() == "SoL");
    BOOST_TEST(refs[0].at("sfs").as_string() == "2001:453");
    BOOST_TEST(refs[0].at("chapter").as_string() == "4");
    BOOST_TEST(refs[0].at("section").as_string() == "1");
    BOOST_TEST(refs[0].at("text").as_string() == "4 kap. 1 § SoL");
    BOOST_TEST(refs[0].at("status").as_string() == "replaced");
    BOOST_TEST(refs[0].at("replaced_by").as_string() == "2025:400");
    BOOST_TEST(refs[0].at("in_force_until").as_string() == "2025-06-30");

    // Experts see it in the re-review list.
    Browser anna{d};
    anna.login("anna", "anna-lösenord-123", kAnnaKey);
    auto list = anna.go("GET", "/expert/kvalitet");
    BOOST_TEST(list.status == 200);
    BOOST_TEST(list.body.find(title) != std::string::npos);
    BOOST_TEST(list.body.find("4 kap. 1 § SoL (SFS 2001:453)") != std::string::npos);

    // Re-review: Anna writes a new version, she cannot approve it herself, Bo does.
    const std::string here = "/expert/fraga/" + std::to_string(id.value);
    BOOST_TEST(anna.go("GET", here).body.find("Granska om svaret") != std::string::npos);
    const std::string text = "Du kan ansöka om ekonomiskt bistånd enligt 4 kap. 1 § SoL.";
    auto r =
        anna.go("POST", here + "/ny-version",
                "csrf=" + Site::enc(anna.csrf) + "&svar=" + Site::enc(text) + "&signatur=Anna");
    BOOST_TEST(r.header("location") == here + "?ok=ny-version#meddelande");
    // Still published, still with the notice, until another expert approves.
    BOOST_TEST(d.get(page).body.find(notice) != std::string::npos);
    BOOST_TEST(anna.go("GET", here).body.find("godkann-ny-version") == std::string::npos);
    r = anna.go("POST", here + "/godkann-ny-version", "csrf=" + Site::enc(anna.csrf));
    BOOST_TEST(r.header("location") == here + "?fel=own_answer#meddelande");
    Browser bo{d};
    bo.login("bo", "bo-lösenord-12345", kBoKey);
    BOOST_TEST(bo.go("GET", here).body.find("godkann-ny-version") != std::string::npos);
    r = bo.go("POST", here + "/godkann-ny-version", "csrf=" + Site::enc(bo.csrf));
    BOOST_TEST(r.header("location") == here + "?ok=ny-version-publicerad#meddelande");

    // Dated now, signed, and citing the law in force now: the notice and the entry go.
    body = d.get(page).body;
    BOOST_TEST(body.find(notice) == std::string::npos);
    BOOST_TEST(body.find("ekonomiskt bistånd") != std::string::npos);
    const auto record = boost::json::parse(d.get(api).body).as_object();
    BOOST_TEST(record.at("answer_version").as_int64() == 2);
    BOOST_TEST(!record.at("answer_signature").is_null());
    refs = record.at("law_references").as_array();
    BOOST_REQUIRE_EQUAL(refs.size(), 1u);
    BOOST_TEST(refs[0].at("sfs").as_string() == "2025:400");
    BOOST_TEST(refs[0].at("status").as_string() == "current");
    BOOST_TEST(anna.go("GET", "/expert/kvalitet").body.find(title) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(an_answer_written_under_the_law_in_force_has_no_notice) {
    Desk d;
    const auto id = import_answer(d, "lag-2025", "Hyran efter juli",
                                  "Du kan ansöka om bistånd enligt socialtjänstlagen.",
                                  "2025-09-01T10:00:00+02:00");
    BOOST_TEST(d.get("/fraga/" + std::to_string(id.value)).body.find("Lagen har ändrats") ==
               std::string::npos);
    const auto refs =
        boost::json::parse(d.get("/api/v1/questions/" + std::to_string(id.value)).body)
            .at("law_references")
            .as_array();
    BOOST_REQUIRE_EQUAL(refs.size(), 1u);
    BOOST_TEST(refs[0].at("sfs").as_string() == "2025:400");
    BOOST_TEST(refs[0].at("chapter").is_null());
    BOOST_TEST(refs[0].at("status").as_string() == "current");
}

BOOST_AUTO_TEST_CASE(the_receipt_asks_whether_the_answer_was_understood_once_there_is_one) {
    Desk d;
    const auto waiting = d.receipt(false);
    BOOST_TEST(d.get(waiting).body.find("Förstod du svaret?") == std::string::npos);
    BOOST_TEST(d.understood(waiting, "svar=ja").header("location") == waiting);
    BOOST_TEST(d.store.quality().understood_per_month(0).empty());

    const auto path = d.receipt();
    const auto page = d.get(path).body;
    BOOST_TEST(page.find("<h2 id=\"forstod-rubrik\">Förstod du svaret?</h2>") != std::string::npos);
    BOOST_TEST(page.find("action=\"" + path + "/forstod\"") != std::string::npos);
    BOOST_TEST(page.find("checked") == std::string::npos);

    // No JavaScript: a form post and a redirect back to the thanks.
    const auto r = d.understood(path, "svar=delvis&kommentar=" + Site::enc("Orden var svåra."));
    BOOST_TEST(r.status == 303);
    BOOST_TEST(r.header("location") == path + "?forstod=tack#forstod");
    const auto after = d.get(path + "?forstod=tack").body;
    BOOST_TEST(after.find("Tack! Ditt svar är sparat.") != std::string::npos);
    BOOST_TEST(after.find("value=\"delvis\" required checked") != std::string::npos);
    // The comment went through the redactor (the test site marks it «…»).
    const auto comments = d.store.quality().understood_comments(0);
    BOOST_REQUIRE_EQUAL(comments.size(), 1u);
    BOOST_TEST(comments[0].comment == "«Orden var svåra.»");

    // Changeable: still one vote.
    BOOST_TEST(d.understood(path, "svar=ja").status == 303);
    const auto months = d.store.quality().understood_per_month(0);
    BOOST_REQUIRE_EQUAL(months.size(), 1u);
    BOOST_TEST(months[0].yes == 1);
    BOOST_TEST(months[0].partly == 0);
    BOOST_TEST(d.get(path).body.find("Du har svarat: <strong>Ja</strong>") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_understood_form_refuses_bad_input_and_unknown_receipts) {
    Desk d;
    const auto path = d.receipt();
    BOOST_TEST(d.understood(path, "svar=kanske").header("location") ==
               path + "?forstod=val#forstod");
    BOOST_TEST(d.get(path + "?forstod=val").body.find("Välj Ja, Delvis eller Nej.") !=
               std::string::npos);
    BOOST_TEST(
        d.understood(path, "svar=nej&kommentar=" + std::string(301, 'x')).header("location") ==
        path + "?forstod=lang#forstod");
    BOOST_TEST(d.store.quality().understood_per_month(0).empty());
    // A comment of 300 characters (not bytes) is taken.
    std::string three_hundred;
    for (int i = 0; i < 300; ++i) three_hundred += "ö";
    BOOST_TEST(d.understood(path, "svar=nej&kommentar=" + Site::enc(three_hundred)).status == 303);
    // An unknown receipt is the same 404 as everywhere; a missing form token is refused.
    BOOST_TEST(
        d.post("/kvitto/AAAA-BBBB-CCCC-DDDD/forstod", "skydd=" + Site::enc(d.token()) + "&svar=ja")
            .status == 404);
    BOOST_TEST(d.post(path + "/forstod", "svar=ja").status == 400);
}

BOOST_AUTO_TEST_CASE(the_api_records_and_changes_the_vote_of_a_receipt) {
    Desk d;
    const auto path = d.receipt();
    const auto token = token_of(path);
    const std::string url = "/api/v1/receipts/" + token + "/feedback";
    auto r = d.api(url, R"({"understood": "partly", "comment": "Vad betyder norm?"})");
    BOOST_TEST(r.status == 200);
    auto o = boost::json::parse(r.body).as_object();
    BOOST_TEST(o.at("understood").as_string() == "partly");
    BOOST_TEST(o.at("changed").as_bool() == false);
    BOOST_TEST(r.header("cache-control") == "no-store");
    // The token in the body, as for the other receipt calls.
    r = d.api("/api/v1/receipts/feedback",
              R"({"receipt_token": ")" + token + R"(", "understood": "yes"})");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(boost::json::parse(r.body).at("changed").as_bool() == true);
    // The receipt's status shows the vote.
    const auto status = d.get("/api/v1/receipts/" + token);
    BOOST_TEST(boost::json::parse(status.body).at("understood").as_string() == "yes");

    BOOST_TEST(d.api(url, R"({"understood": "kanske"})").status == 422);
    BOOST_TEST(d.api(url, R"({"understood": "no", "comment": 5})").status == 400);
    BOOST_TEST(
        d.api(url, R"({"understood": "no", "comment": ")" + std::string(301, 'x') + "\"}").status ==
        422);
    BOOST_TEST(
        d.api("/api/v1/receipts/AAAA-BBBB-CCCC-DDDD/feedback", R"({"understood": "no"})").status ==
        404);
    const auto waiting = token_of(d.receipt(false));
    const auto unanswered =
        d.api("/api/v1/receipts/" + waiting + "/feedback", R"({"understood": "no"})");
    BOOST_TEST(unanswered.status == 409);
    BOOST_TEST(unanswered.body.find("no_answer") != std::string::npos);
    BOOST_TEST(d.get("/api/v1/receipts/feedback").status == 404);
}

BOOST_AUTO_TEST_CASE(the_statistics_page_suppresses_small_understood_counts_and_shows_comments) {
    Desk d;
    // Three votes: the month shows "<5" and no split.
    std::vector<std::string> receipts;
    for (int i = 0; i < 3; ++i) receipts.push_back(d.receipt());
    for (const auto& p : receipts) d.understood(p, "svar=ja");
    d.understood(receipts[0], "svar=nej&kommentar=" + Site::enc("Svårt ord: verkställighet."));
    // Only admins see the statistics, and with them the comments (redacted).
    Browser anna{d};
    anna.login("anna", "anna-lösenord-123", kAnnaKey);
    BOOST_TEST(anna.go("GET", "/expert/statistik").status == 403);
    BOOST_TEST(anna.go("GET", "/expert/kvalitet").body.find("verkställighet") == std::string::npos);
    Browser bo{d};
    bo.login("bo", "bo-lösenord-12345", kBoKey);
    auto page = bo.go("GET", "/expert/statistik");
    BOOST_TEST(page.status == 200);
    BOOST_TEST(page.body.find("Förstod frågeställarna svaren?") != std::string::npos);
    BOOST_TEST(page.body.find("<td>&lt;5</td><td>–</td><td>–</td><td>–</td><td>–</td>") !=
               std::string::npos);
    BOOST_TEST(page.body.find("«Svårt ord: verkställighet.»") != std::string::npos);
    // Never on a public page or the asker's receipt.
    BOOST_TEST(d.get(receipts[1]).body.find("verkställighet") == std::string::npos);

    // Seven votes, one of them "no": a part of 1–4, so still no split.
    for (int i = 0; i < 4; ++i) {
        receipts.push_back(d.receipt());
        d.understood(receipts.back(), "svar=ja");
    }
    page = bo.go("GET", "/expert/statistik");
    BOOST_TEST(page.body.find("<td>7</td><td>–</td><td>–</td><td>–</td><td>–</td>") !=
               std::string::npos);
    // Ten votes, five of each non-zero part: the split and the share.
    for (int i = 0; i < 3; ++i) {
        receipts.push_back(d.receipt());
        d.understood(receipts.back(), "svar=nej");
    }
    d.understood(receipts[1], "svar=nej");
    page = bo.go("GET", "/expert/statistik");
    BOOST_TEST(page.body.find("<td>10</td><td>5</td><td>0</td><td>5</td><td>50 %</td>") !=
               std::string::npos);
    BOOST_TEST(page.body.find("<td>&lt;5</td><td>–") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(
    the_answer_editor_shows_lix_long_sentences_passive_and_jargon_without_blocking) {
    Desk d;
    d.ask("Hjälp i hemmet", "Kan jag få hjälp med städningen?", "asker-x");
    const auto id = d.store.cases().queue().back().id;
    const std::string here = "/expert/fraga/" + std::to_string(id.value);
    BOOST_REQUIRE(d.store.cases().claim(id, d.anna, 3600) == rs::Transition::ok);
    BOOST_REQUIRE(d.store.cases().save_redactions(id, d.anna, "Hjälp i hemmet", "Kan jag få hjälp?",
                                                  0) == rs::Transition::ok);
    Browser anna{d};
    anna.login("anna", "anna-lösenord-123", kAnnaKey);
    // Without a saved draft: a hint, no gauge.
    auto page = anna.go("GET", here).body;
    BOOST_TEST(page.find("id=\"klarsprak\"") != std::string::npos);
    BOOST_TEST(page.find("<meter") == std::string::npos);
    // An official-style text: a long sentence, passive verbs and jargon. It is saved and
    // sent for review all the same (never a block), and the page shows the check.
    const std::string text =
        "Biståndsbedömningen av den enskildes behov av insatser genomförs av handläggaren "
        "efter att ansökan har inkommit och beslut fattas därefter enligt gällande "
        "riktlinjer varefter verkställigheten påbörjas i enlighet med genomförandeplanen.";
    auto r = anna.go(
        "POST", here + "/svar",
        "csrf=" + Site::enc(anna.csrf) + "&svar=" + Site::enc(text) + "&signatur=Anna&satt=spara");
    BOOST_TEST(r.header("location") == here + "?ok=sparad#meddelande");
    page = anna.go("GET", here).body;
    BOOST_TEST(page.find("<meter id=\"lix-matare\"") != std::string::npos);
    BOOST_TEST(page.find("målet är högst 40") != std::string::npos);
    BOOST_TEST(page.find("Över målet") != std::string::npos);
    BOOST_TEST(page.find("1 meningar med fler än 25 ord") != std::string::npos);
    BOOST_TEST(page.find("<mark class=\"jargon\">Biståndsbedömningen</mark> – skriv hellre: "
                         "bedömning av vilken hjälp du kan få") != std::string::npos);
    BOOST_TEST(page.find("<mark class=\"jargon\">verkställigheten</mark>") != std::string::npos);
    BOOST_TEST(page.find("0 passiva verb") == std::string::npos);
    // The live check: the same panel for the text being typed, stored nowhere.
    r = anna.go("POST", here + "/klarsprak",
                "csrf=" + Site::enc(anna.csrf) + "&svar=" + Site::enc("Du får hjälp. Ring oss."));
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.header("cache-control") == "no-store");
    BOOST_TEST(r.body.find("Inom målet.") != std::string::npos);
    BOOST_TEST(r.body.find("0 fackord") != std::string::npos);
    BOOST_TEST(d.store.cases().case_view(id)->working->body == text);
    // Without the CSRF token the live check is refused like every dashboard post.
    BOOST_TEST(anna.go("POST", here + "/klarsprak", "svar=x").status == 403);
    BOOST_TEST(anna.go("POST", here + "/svar",
                       "csrf=" + Site::enc(anna.csrf) + "&svar=" + Site::enc(text) +
                           "&signatur=Anna&satt=granskning")
                   .header("location") == here + "?ok=skickad#meddelande");
}

BOOST_AUTO_TEST_CASE(the_lix_target_is_the_services_own) {
    Desk d;
    d.config.lix_target = 90;
    const auto own = d.make_app();
    Browser anna{d, *own};
    d.ask("Hjälp i hemmet", "Kan jag få hjälp med städningen?", "asker-y");
    const auto id = d.store.cases().queue().back().id;
    anna.login("anna", "anna-lösenord-123", kAnnaKey);
    const std::string here = "/expert/fraga/" + std::to_string(id.value);
    BOOST_REQUIRE(d.store.cases().claim(id, d.anna, 3600) == rs::Transition::ok);
    anna.go("GET", here);
    const auto r = anna.go(
        "POST", here + "/klarsprak",
        "csrf=" + Site::enc(anna.csrf) +
            "&svar=" + Site::enc("Biståndsbedömningen genomförs av socialnämndens handläggare."));
    BOOST_TEST(r.body.find("målet är högst 90") != std::string::npos);
    BOOST_TEST(r.body.find("Inom målet.") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(searches_that_find_nothing_are_counted_only_when_every_word_is_a_known_word) {
    Desk d;
    const auto search = [&](const std::string& q, const std::string& client) {
        srv::Request r;
        r.method = "GET";
        r.target = "/sok?q=" + Site::enc(q);
        r.client_key = client;
        return d.app.handle(r);
    };
    const auto gaps = [&] { return d.store.quality().search_gaps("2000-01-01", "2100-01-01", 1); };
    // Counted per search (nothing ties a count to a client), case-folded with its spaces
    // made one and its punctuation dropped; never cached, so each search counts. Neither
    // the archive nor the search's thesaurus has these words ("trumpet" would find an
    // answer: it is also a form of "trumpen", sulky, which the thesaurus calls "sur").
    for (int i = 0; i < 4; ++i) {
        const auto r = search(i % 2 ? "Fagott  Harpa?" : "fagott harpa", "c" + std::to_string(i));
        BOOST_TEST(r.status == 200);
        BOOST_TEST(r.header("cache-control") == "no-store");
    }
    search("fagott harpa", "c0");
    auto g = gaps();
    BOOST_REQUIRE_EQUAL(g.size(), 1u);
    BOOST_TEST(g[0].term == "fagott harpa");
    BOOST_TEST(g[0].count == 5);
    // Not counted: a search that finds something; a word that is no Swedish word (a
    // withdrawn question's rare word, a typo); a name, even in lower case; a personal
    // identity number; digits.
    for (const std::string q : {"hyra", "xyzzyplugg", "fagott qhwzkvbnrtjaxe", "fagott anna",
                                "försörjningsstöd Lisa Berg", "fagott 19850315-1234", "fagott 12"})
        search(q, "c9");
    BOOST_TEST(gaps().size() == 1u);
    // The API counts too.
    d.get("/api/v1/search?q=fagott+harpa");
    BOOST_TEST(gaps()[0].count == 6);
    // What is on disk is the term, the day and the count: nothing else.
    BOOST_TEST(d.store.quality().search_gaps("2000-01-01", "2100-01-01", 1)[0].days == 1);

    // The admins' page shows terms searched five times or more; experts do not see it.
    Browser anna{d};
    anna.login("anna", "anna-lösenord-123", kAnnaKey);
    BOOST_TEST(anna.go("GET", "/expert/sokluckor").status == 403);
    Browser bo{d};
    bo.login("bo", "bo-lösenord-12345", kBoKey);
    auto page = bo.go("GET", "/expert/sokluckor");
    BOOST_TEST(page.status == 200);
    BOOST_TEST(page.body.find("fagott harpa") != std::string::npos);
    BOOST_TEST(page.body.find("<td>6</td><td>1</td>") != std::string::npos);
    BOOST_TEST(page.body.find("href=\"/sok?q=fagott+harpa\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_term_searched_fewer_than_five_times_is_not_shown) {
    Desk d;
    for (int i = 0; i < 4; ++i) {
        srv::Request r;
        r.method = "GET";
        r.target = "/sok?q=segelflyg";
        r.client_key = "c" + std::to_string(i);
        d.app.handle(r);
    }
    BOOST_REQUIRE_EQUAL(d.store.quality().search_gaps("2000-01-01", "2100-01-01", 1).size(), 1u);
    Browser bo{d};
    bo.login("bo", "bo-lösenord-12345", kBoKey);
    const auto page = bo.go("GET", "/expert/sokluckor");
    BOOST_TEST(page.body.find("segelflyg") == std::string::npos);
    BOOST_TEST(page.body.find("Inga sökord att visa") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
