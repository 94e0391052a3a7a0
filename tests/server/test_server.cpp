// server/...: archive format, routes as plain functions, CLI errors, the Beast session.
#define BOOST_TEST_MODULE server
#include <boost/test/unit_test.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/json.hpp>

#include <array>
#include <cctype>
#include <csignal>
#include <fstream>
#include <future>
#include <map>
#include <sstream>
#include <thread>

#include "core/crypto.hpp"
#include "server/app.hpp"
#include "server/archive.hpp"
#include "server/cli.hpp"
#include "server/server.hpp"
#include "server/src/app_impl.hpp"
#include "server/src/log_sink.hpp"
#include "tests/server/site.hpp"
#include "tests/support/temp_dir.hpp"

namespace rs = radfraga::store;
namespace srv = radfraga::server;
namespace test = radfraga::test;
using radfraga::ManualClock;
using radfraga::test::Site;

namespace {

const std::string kGood =
    R"({"id": "t1", "title": "Hyran", "question": "Räknas hyran?", "pseudonym": "Orolig", )"
    R"("answer": "Ja.", "signature": "Socialrådgivningen", "category": "boende", )"
    R"("asked_at": "2024-03-30T23:30:00+01:00", "answered_at": "2024-04-02T10:00:00+02:00"})";

int cli(const std::vector<std::string>& args, std::string& out, std::string& err,
        const std::string& input = "") {
    std::istringstream in(input);
    std::ostringstream o, e;
    const int rc = srv::run_cli(args, in, o, e);
    out = o.str();
    err = e.str();
    return rc;
}

std::size_t lines(const std::string& s) {
    return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(server)

// ---- archive format ----

BOOST_AUTO_TEST_CASE(archive_line_parses_with_offsets_kept) {
    auto r = srv::parse_archive_line(kGood);
    BOOST_REQUIRE(std::holds_alternative<rs::ArchiveRecord>(r));
    const auto& rec = std::get<rs::ArchiveRecord>(r);
    BOOST_TEST(rec.external_id == "t1");
    BOOST_TEST(rec.asked_at.offset_minutes == 60);
    BOOST_TEST(rec.answered_at.offset_minutes == 120);
    const auto line = srv::serialize_archive_record(rec);
    BOOST_TEST(line.find("\"asked_at\":\"2024-03-30T23:30:00+01:00\"") != std::string::npos);
    BOOST_TEST(line.find("\"answered_at\":\"2024-04-02T10:00:00+02:00\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(archive_line_bad_input_is_refused_with_a_reason) {
    const std::vector<std::pair<std::string, std::string>> cases{
        {"{not json", "not valid JSON"},
        {"[1,2]", "not a JSON object"},
        {R"({"id": "x"})", "missing field"},
        {R"({"id": "a b", "title": "t", "question": "q", "answer": "a", "category": "boende", "asked_at": "2024-01-01T00:00:00Z", "answered_at": "2024-01-02T00:00:00Z"})",
         "field \"id\""},
        {R"({"id": "a", "title": "t", "question": "q", "answer": "a", "category": "boende", "asked_at": "2024-02-30T00:00:00Z", "answered_at": "2024-03-02T00:00:00Z"})",
         "asked_at"},
        {R"({"id": "a", "title": 5, "question": "q", "answer": "a", "category": "boende", "asked_at": "2024-01-01T00:00:00Z", "answered_at": "2024-01-02T00:00:00Z"})",
         "not a string"},
        {R"({"id": "a", "title": "t\u0007", "question": "q", "answer": "a", "category": "boende", "asked_at": "2024-01-01T00:00:00Z", "answered_at": "2024-01-02T00:00:00Z"})",
         "control characters"},
        {R"({"id": "a", "title": "  ", "question": "q", "answer": "a", "category": "boende", "asked_at": "2024-01-01T00:00:00Z", "answered_at": "2024-01-02T00:00:00Z"})",
         "empty"},
        {R"({"id": "a", "title": "t", "question": "q", "answer": "a", "category": "boende", "asked_at": "2024-01-03T00:00:00Z", "answered_at": "2024-01-02T00:00:00Z"})",
         "before"},
        {"{\"id\": \"\xff\"}", "not valid JSON"},
        {R"({"a":{"b":{"c":{"d":{"e":{}}}}}})", "not valid JSON"},
    };
    for (const auto& [line, expected] : cases) {
        auto r = srv::parse_archive_line(line);
        BOOST_REQUIRE_MESSAGE(std::holds_alternative<std::string>(r), line);
        BOOST_TEST(std::get<std::string>(r).find(expected) != std::string::npos,
                   line << " -> " << std::get<std::string>(r));
    }
}

BOOST_AUTO_TEST_CASE(import_reports_bad_lines_by_number_and_keeps_the_good_ones) {
    test::TempDir dir;
    ManualClock clock(1'700'000'000);
    rs::Store store(dir / "db", clock);
    std::string good2 = kGood;
    good2.replace(good2.find("\"t1\""), 4, "\"t2\"");
    std::string unknown_cat = kGood;
    unknown_cat.replace(unknown_cat.find("\"boende\""), 8, "\"okand\"");
    std::istringstream in(kGood + "\n{broken\n\n" + unknown_cat + "\n" + good2 + "\n");
    const auto report = srv::import_archive(in, store);
    BOOST_TEST(report.inserted == 2u);
    BOOST_REQUIRE_EQUAL(report.errors.size(), 2u);
    BOOST_TEST(report.errors[0].first == 2u);
    BOOST_TEST(report.errors[1].first == 4u);
    BOOST_TEST(report.errors[1].second.find("unknown category") != std::string::npos);
}

// ---- routes ----

BOOST_AUTO_TEST_CASE(sealed_responses_keep_their_fields_and_drop_splitting_ones) {
    srv::Response r;
    r.set("content-type", "text/html; charset=utf-8");
    r.set("x-bad", "a\r\nSet-Cookie: x=1");
    r.set("x:colon", "v");
    r.set("x-nul", std::string("a\0b", 3));
    r.set("cache-control", "no-cache");
    std::string unsealed;
    r.append_fields(unsealed);
    BOOST_TEST(unsealed == "content-type: text/html; charset=utf-8\r\ncache-control: no-cache\r\n");
    BOOST_TEST(r.wire_fields.empty());
    r.seal();
    BOOST_TEST(r.wire_fields == unsealed);
    r.set("x-later", "1");  // unseals: the session joins the fields again, this one too
    BOOST_TEST(r.wire_fields.empty());
}

BOOST_AUTO_TEST_CASE(a_page_from_the_cache_has_the_fields_of_the_page_rendered) {
    Site site;
    const auto first = site.get("/fraga/1");
    const auto again = site.get("/fraga/1");  // from the page cache, sealed
    BOOST_TEST(first.status == 200);
    BOOST_TEST(again.body == first.body);
    std::string a;
    first.append_fields(a);
    BOOST_TEST(again.wire_fields == a);
}

BOOST_AUTO_TEST_CASE(healthz_answers_ok) {
    Site site;
    const auto r = site.get("/healthz");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.body == "ok\n");
}

BOOST_AUTO_TEST_CASE(question_page_shows_a_published_answer) {
    Site site;
    const auto id = site.store.public_reads().find_by_external_id("s001");
    BOOST_REQUIRE(id.has_value());
    const auto r = site.get("/fraga/" + std::to_string(id->value));
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.header("content-type") == "text/html; charset=utf-8");
    BOOST_TEST(r.body.find("Måste jag flytta från familjehemmet") != std::string::npos);
    BOOST_TEST(r.body.find("Snart 18") != std::string::npos);
    BOOST_TEST(r.body.find("Lämna sidan snabbt") != std::string::npos);
    BOOST_TEST(r.body.find("<html lang=\"sv\">") != std::string::npos);
    // Answered in 2023, read in 2026: the page says the answer is old.
    BOOST_TEST(r.body.find("gammalt") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(unknown_or_malformed_question_ids_are_404) {
    Site site;
    for (const auto* t : {"/fraga/99999", "/fraga/abc", "/fraga/-1", "/fraga/0", "/fraga/1%00",
                          "/fraga/99999999999999999999", "/fraga/", "/finns-inte"})
        BOOST_TEST(site.get(t).status == 404, t);
}

BOOST_AUTO_TEST_CASE(security_headers_are_on_every_response) {
    Site site;
    for (const auto* t : {"/", "/fraga/1", "/finns-inte", "/static/style.css", "/healthz"}) {
        const auto r = site.get(t);
        BOOST_TEST(
            r.header("content-security-policy").find("frame-ancestors 'none'") != std::string::npos,
            t);
        BOOST_TEST(r.header("content-security-policy").find("unsafe-inline") == std::string::npos,
                   t);
        BOOST_TEST(r.header("x-content-type-options") == "nosniff", t);
        BOOST_TEST(r.header("referrer-policy") == "no-referrer", t);
    }
}

BOOST_AUTO_TEST_CASE(static_assets_have_etags_and_revalidate) {
    Site site;
    const auto r = site.get("/static/style.css");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(!r.header("etag").empty());
    srv::Request again;
    again.method = "GET";
    again.target = "/static/style.css";
    again.headers.emplace_back("if-none-match", std::string(r.header("etag")));
    const auto r2 = site.app.handle(again);
    BOOST_TEST(r2.status == 304);
    BOOST_TEST(r2.body.empty());
}

BOOST_AUTO_TEST_CASE(path_traversal_in_static_files_finds_nothing) {
    Site site;
    for (const auto* t : {"/static/../server/main.cpp", "/static/%2e%2e/%2e%2e/etc/passwd",
                          "/static/..%2fstyle.css", "/static/style.css%00.js",
                          "/static//etc/passwd", "/static/%5c..%5cstyle.css"}) {
        const int status = site.get(t).status;
        BOOST_TEST((status == 404 || status == 400), t);
    }
}

BOOST_AUTO_TEST_CASE(wrong_methods_get_405) {
    Site site;
    srv::Request r;
    r.method = "POST";
    r.target = "/fraga/1";
    const auto res = site.app.handle(r);
    BOOST_TEST(res.status == 405);
    BOOST_TEST(res.header("allow") == "GET, HEAD");
}

BOOST_AUTO_TEST_CASE(malformed_targets_are_400) {
    Site site;
    BOOST_TEST(site.get("http://evil.example/").status == 400);
    BOOST_TEST(site.get("*").status == 400);
}

// ---- asking, receipts, votes ----

BOOST_AUTO_TEST_CASE(ask_form_is_served_with_a_form_token) {
    Site site;
    const auto r = site.get("/stall-en-fraga");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.body.find("name=\"skydd\"") != std::string::npos);
    BOOST_TEST(r.body.find("<label for=\"f-rubrik\">") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(ask_stores_the_question_redacted_and_the_original_encrypted) {
    Site site;
    const std::string secret = "Jag heter Zlatana Qwerty och undrar över hyran i min lägenhet.";
    const auto receipt = site.ask("Hyran och försörjningsstödet", secret);
    BOOST_TEST(receipt.size() >= 8u + 22u);
    const auto page = site.get(receipt);
    BOOST_TEST(page.status == 200);
    BOOST_TEST(page.header("cache-control") == "no-store");
    BOOST_TEST(page.body.find("Status: Mottagen") != std::string::npos);
    // The receipt shows the redactor's proposal (the test redactor wraps text in «»).
    BOOST_TEST(page.body.find("«Jag heter Zlatana Qwerty") != std::string::npos);
    // The database holds the original only encrypted: the plain text appears once,
    // redacted-wrapped.
    site.store.backup_to(site.dir / "copy.db");
    const auto raw = test::read_file(site.dir / "copy.db");
    BOOST_TEST(raw.find("«" + secret + "»") != std::string::npos);
    BOOST_TEST(raw.find("\"question\":\"" + secret) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(ask_refuses_forged_and_cross_site_posts) {
    Site site;
    const std::string body =
        "rubrik=Hyran+hyran&fraga=En+fr%C3%A5ga+som+%C3%A4r+l%C3%A5ng+nog+att+godtas&amne=";
    BOOST_TEST(site.post("/stall-en-fraga", body).status == 400);
    BOOST_TEST(site.post("/stall-en-fraga", body + "&skydd=123.AAAA").status == 400);
    srv::Request r;
    r.method = "POST";
    r.target = "/stall-en-fraga";
    r.body = body + "&skydd=" + Site::enc(site.token());
    r.headers.emplace_back("sec-fetch-site", "cross-site");
    BOOST_TEST(site.app.handle(r).status == 400);
    r.headers.clear();
    r.headers.emplace_back("origin", "https://evil.example");
    r.headers.emplace_back("host", "localhost:8080");
    BOOST_TEST(site.app.handle(r).status == 400);
}

// A form filled in before a restart is accepted after it: tokens come from the data
// folder's key (keys/form.key), a key of its own each day; yesterday's are accepted too.
BOOST_AUTO_TEST_CASE(form_tokens_survive_a_restart) {
    Site site;
    const auto app = [&](radfraga::Bytes key) {
        return std::make_unique<srv::App>(
            srv::AppDeps{site.store, site.renderer, site.assets, site.clock, site.random,
                         site.config, [](const std::string&) {}, site.originals,
                         [](std::string_view s) { return std::string(s); }, *site.index,
                         site.redactor, *site.signer, site.triage, nullptr, std::move(key)});
    };
    const auto get = [](const srv::App& a, const std::string& target) {
        srv::Request r;
        r.method = "GET";
        r.target = target;
        return a.handle(r);
    };
    const auto ask = [](const srv::App& a, const std::string& token) {
        srv::Request r;
        r.method = "POST";
        r.target = "/stall-en-fraga";
        r.client_key = "c1";
        r.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
        r.headers.emplace_back("host", "localhost:8080");
        r.body = "skydd=" + Site::enc(token) + "&rubrik=Hyran&fraga=" +
                 Site::enc("Räknas hyran med i normen för försörjningsstöd?");
        return a.handle(r).status;
    };
    const auto before = app(radfraga::Bytes(32, 9));
    const std::string page = get(*before, "/stall-en-fraga").body;
    const auto at = page.find("name=\"skydd\" value=\"") + 20;
    const std::string token = page.substr(at, page.find('"', at) - at);
    const auto after = app(radfraga::Bytes(32, 9));
    const auto other = app(radfraga::Bytes(32, 10));
    BOOST_TEST(ask(*other, token) == 400);  // another data folder's key
    site.clock.advance(86400);              // filled in yesterday, sent today
    BOOST_TEST(ask(*after, token) != 400);
    site.clock.advance(86400);
    BOOST_TEST(ask(*after, token) == 400);  // two days old
}

// A refused token never loses what was written: the form comes back with the text and a
// fresh token, and sending it again works.
BOOST_AUTO_TEST_CASE(a_refused_form_token_gives_the_text_back) {
    Site site;
    const std::string old = site.token();
    site.clock.advance(3 * 86400);
    const std::string body = "Min text som jag skrev länge innan jag skickade den till er.";
    const auto r = site.post("/stall-en-fraga",
                             "skydd=" + Site::enc(old) + "&rubrik=Hyran&fraga=" + Site::enc(body));
    BOOST_TEST(r.status == 400);
    BOOST_TEST(r.body.find(">" + body + "</textarea>") != std::string::npos, r.body);
    BOOST_TEST(r.body.find("value=\"Hyran\"") != std::string::npos);
    BOOST_TEST(r.body.find("inte sparats") == std::string::npos);
    const auto at = r.body.find("name=\"skydd\" value=\"") + 20;
    const std::string fresh = r.body.substr(at, r.body.find('"', at) - at);
    BOOST_TEST(fresh != old);
    BOOST_TEST(site.post("/stall-en-fraga",
                         "skydd=" + Site::enc(fresh) + "&rubrik=Hyran&fraga=" + Site::enc(body))
                   .status == 303);
}

// Asking answers with a redirect (303) to the page that shows the receipt, so a reload
// asks nothing again; and one form is one question: posted twice (a double click, a
// resend after a lost answer) it lands on the same receipt.
BOOST_AUTO_TEST_CASE(one_ask_form_makes_one_question_and_redirects_to_its_receipt) {
    Site site;
    const std::string page = site.get("/stall-en-fraga").body;
    const std::string marker = "name=\"engang\" value=\"";
    const auto at = page.find(marker);
    BOOST_REQUIRE(at != std::string::npos);
    const std::string once = page.substr(at + marker.size(), 22);
    const auto before = site.store.cases().queue().size();
    const std::string form = "skydd=" + Site::enc(site.token()) + "&engang=" + Site::enc(once) +
                             "&rubrik=Hyran&fraga=" + Site::enc("Räknas hyran med i normen?");
    const auto first = site.post("/stall-en-fraga", form);
    BOOST_REQUIRE_EQUAL(first.status, 303);
    const std::string location(first.header("location"));
    BOOST_TEST(location.starts_with("/kvitto/"));
    const auto shown = site.get(location);
    BOOST_TEST(shown.status == 200);
    BOOST_TEST(shown.body.find("Spara din privata länk") != std::string::npos);
    BOOST_TEST(shown.header("cache-control") == "no-store");
    BOOST_TEST(site.get(location).body == shown.body);  // a reload
    const auto again = site.post("/stall-en-fraga", form, "c2");
    BOOST_TEST(again.status == 303);
    BOOST_TEST(again.header("location") == location);
    BOOST_TEST(site.store.cases().queue().size() == before + 1);
    // Every rendering of the form has a nonce of its own, and is never cached.
    const auto other = site.get("/stall-en-fraga");
    BOOST_TEST(other.body.find(marker + once) == std::string::npos);
    BOOST_TEST(other.header("cache-control") == "no-store");
}

// Item 2: every public form refused for its token (too old) gives back what was typed,
// with a fresh token, instead of losing it: follow-up, withdrawal, lookup and votes.
BOOST_AUTO_TEST_CASE(every_refused_public_form_gives_the_text_back) {
    Site site;
    const auto receipt = site.ask("Hyran", "Jag undrar om hyran räknas med i normen.");
    const std::string old = site.token();
    site.clock.advance(3 * 86400);
    const auto fresh_token = [](const std::string& body) {
        const auto at = body.find("name=\"skydd\" value=\"");
        BOOST_REQUIRE(at != std::string::npos);
        return body.substr(at + 20, body.find('"', at + 20) - at - 20);
    };
    // The follow-up: the text is in the textarea again, nothing was sent.
    const std::string text = "Gäller det även el och internet, eller bara hyran?";
    auto r = site.post(receipt + "/foljdfraga",
                       "skydd=" + Site::enc(old) + "&foljdfraga=" + Site::enc(text));
    BOOST_TEST(r.status == 400);
    BOOST_TEST(r.body.find(">" + text + "</textarea>") != std::string::npos, r.body);
    BOOST_TEST(r.body.find("inget är skickat ännu") != std::string::npos);
    BOOST_TEST(fresh_token(r.body) != old);
    BOOST_TEST(site.get(receipt).body.find(text) == std::string::npos);
    // The withdrawal: asked again, nothing removed.
    r = site.post(receipt + "/ta-bort", "skydd=" + Site::enc(old) + "&bekrafta=ja");
    BOOST_TEST(r.status == 400);
    BOOST_TEST(r.body.find("ingenting är borttaget") != std::string::npos);
    BOOST_TEST(r.body.find("value=\"ja\" required checked") != std::string::npos);
    BOOST_TEST(site.get(receipt).status == 200);
    // The lookup: the code typed is still there.
    const std::string code = receipt.substr(8);
    r = site.post("/kvitto", "skydd=" + Site::enc(old) + "&kod=" + Site::enc(code));
    BOOST_TEST(r.status == 400);
    BOOST_TEST(r.body.find("value=\"" + code + "\"") != std::string::npos);
    // A vote: the same vote, ready to be sent again.
    r = site.post("/fraga/1/rost", "skydd=" + Site::enc(old) + "&typ=samma");
    BOOST_TEST(r.status == 400);
    BOOST_TEST(r.body.find("name=\"typ\" value=\"samma\"") != std::string::npos);
    BOOST_TEST(site.post("/fraga/1/rost", "skydd=" + Site::enc(fresh_token(r.body)) + "&typ=samma")
                   .status == 303);
    // From another site nothing is given back.
    srv::Request x;
    x.method = "POST";
    x.target = receipt + "/foljdfraga";
    x.body = "skydd=" + Site::enc(old) + "&foljdfraga=" + Site::enc(text);
    x.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
    x.headers.emplace_back("sec-fetch-site", "cross-site");
    const auto cross = site.app.handle(x);
    BOOST_TEST(cross.status == 400);
    BOOST_TEST(cross.body.find(text) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(ask_errors_are_tied_to_their_fields) {
    Site site;
    const auto r = site.post("/stall-en-fraga", "skydd=" + Site::enc(site.token()) +
                                                    "&rubrik=Hej&fraga=kort&amne=finns-inte");
    BOOST_TEST(r.status == 400);
    BOOST_TEST(r.body.find("id=\"e-rubrik\"") != std::string::npos);
    BOOST_TEST(r.body.find("aria-describedby=\"h-rubrik e-rubrik\"") != std::string::npos);
    BOOST_TEST(r.body.find("id=\"e-fraga\"") != std::string::npos);
    BOOST_TEST(r.body.find("id=\"e-amne\"") != std::string::npos);
    BOOST_TEST(r.body.find("aria-invalid=\"true\"") != std::string::npos);
    BOOST_TEST(r.body.find("value=\"Hej\"") != std::string::npos);  // what was typed is kept
}

BOOST_AUTO_TEST_CASE(xss_payloads_are_escaped_everywhere) {
    Site site;
    const std::string payload = "<script>alert(1)</script>\"><img src=x onerror=alert(1)>'&";
    const auto receipt = site.ask("Rubrik " + payload, "Frågan är lång nog " + payload);
    const auto page = site.get(receipt);
    // The title escaped (as a heading with placeholder marks), all five entities in place.
    BOOST_TEST(page.body.find("Rubrik &lt;script&gt;alert(1)&lt;/script&gt;&quot;&gt;&lt;img src=x "
                              "onerror=alert(1)&gt;&#39;&amp;") != std::string::npos);
    BOOST_TEST(page.body.find("<script>alert") == std::string::npos);
    BOOST_TEST(page.body.find("<img src=x") == std::string::npos);
    BOOST_TEST(page.body.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
    const auto search = site.get("/sok?q=" + Site::enc(payload));
    BOOST_TEST(search.body.find("<script>alert") == std::string::npos);
    BOOST_TEST(search.body.find("<img src=x") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(every_receipt_failure_is_the_same_404) {
    Site site;
    const auto a = site.get("/kvitto/AAAAAAAAAAAAAAAAAAAAAAAA");
    const auto b = site.get("/kvitto/short");
    const auto c = site.get("/kvitto/%00%2e%2e");
    const auto d = site.get("/kvitto/" + std::string(80, 'A'));
    BOOST_TEST(a.status == 404);
    BOOST_TEST(b.status == 404);
    BOOST_TEST(c.status == 404);
    BOOST_TEST(d.status == 404);
    BOOST_TEST(a.body == b.body);
    BOOST_TEST(a.body == c.body);
}

BOOST_AUTO_TEST_CASE(receipt_code_lookup_redirects_to_the_receipt) {
    Site site;
    const auto receipt =
        site.ask("Hyran och försörjningsstödet", "Jag undrar om hyran räknas med i normen.");
    const auto code = receipt.substr(8);
    std::string spaced;
    for (std::size_t i = 0; i < code.size(); ++i) {
        if (i && i % 4 == 0) spaced += ' ';
        spaced += code[i];
    }
    const auto r = site.post(
        "/kvitto", "skydd=" + Site::enc(site.token("/kvitto")) + "&kod=" + Site::enc(spaced));
    BOOST_TEST(r.status == 303);
    BOOST_TEST(r.header("location") == receipt);
}

// The code can be written down and typed back: no confusable characters, shown in
// groups, found again whatever the letter case and with spaces or dashes anywhere.
BOOST_AUTO_TEST_CASE(receipt_codes_have_no_confusable_characters_and_are_typed_back_loosely) {
    Site site;
    const auto created = site.follow(site.post(
        "/stall-en-fraga", "skydd=" + Site::enc(site.token()) +
                               "&rubrik=Hyran&fraga=" + Site::enc("Räknas hyran med i normen?")));
    BOOST_REQUIRE_EQUAL(created.status, 200);
    const auto at = created.body.find("href=\"/kvitto/");
    BOOST_REQUIRE(at != std::string::npos);
    const std::string code =
        created.body.substr(at + 14, created.body.find('"', at + 14) - at - 14);
    BOOST_TEST(code.size() == 28u, code);  // 140 bits
    BOOST_TEST(code.find_first_not_of("0123456789ABCDEFGHJKMNPQRSTVWXYZ") == std::string::npos,
               code);
    // Shown in groups of four.
    std::string grouped;
    for (std::size_t i = 0; i < code.size(); ++i)
        grouped += (i && i % 4 == 0 ? "-" : "") + code.substr(i, 1);
    BOOST_TEST(created.body.find(">" + grouped + "<") != std::string::npos, grouped);
    // Typed back: lower case, spaces and dashes anywhere, O for 0 and l or I for 1.
    std::string typed = " ";
    for (std::size_t i = 0; i < code.size(); ++i) {
        char c = static_cast<char>(std::tolower(static_cast<unsigned char>(code[i])));
        if (code[i] == '0') c = 'o';
        if (code[i] == '1') c = i % 2 ? 'l' : 'I';
        typed += c;
        if (i % 3 == 2) typed += i % 2 ? " " : " - ";
    }
    const auto r = site.post("/kvitto", "skydd=" + Site::enc(site.token("/kvitto")) +
                                            "&kod=" + Site::enc(typed + "\xE2\x80\x93"));
    BOOST_TEST(r.status == 303);
    BOOST_TEST(r.header("location") == "/kvitto/" + code);
    BOOST_TEST(site.get("/kvitto/" + code).status == 200);
    BOOST_TEST(site.get("/kvitto/" + Site::enc(grouped)).status == 200);
    BOOST_TEST(site.get("/api/v1/receipts/" + grouped).status == 200);
}

// Codes issued before this format (24 characters of base64url, case-sensitive) open their
// receipts as they always did.
BOOST_AUTO_TEST_CASE(receipt_codes_of_the_old_format_still_open_their_receipts) {
    Site site;
    const std::string old = "aB3-_xYz0OlI9qW8eR7tY6uI";  // 18 bytes, as random_token gave
    rs::NewQuestion q;
    q.title = "Gammal fråga";
    q.body = "En fråga som ställdes med en kod av det gamla slaget.";
    q.pseudonym = "Anonym";
    q.receipt_hash = radfraga::sha256(old);
    site.store.askers().add_question(q);
    BOOST_TEST(site.get("/kvitto/" + old).status == 200);
    BOOST_TEST(site.get("/api/v1/receipts/" + old).status == 200);
    std::string spaced;
    for (std::size_t i = 0; i < old.size(); ++i)
        spaced += (i && i % 4 == 0 ? " " : "") + old.substr(i, 1);
    const auto r = site.post(
        "/kvitto", "skydd=" + Site::enc(site.token("/kvitto")) + "&kod=" + Site::enc(spaced));
    BOOST_TEST(r.status == 303);
    BOOST_TEST(r.header("location") == "/kvitto/" + old);
    // Case still matters in an old code: another case is another token.
    std::string upper = old;
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    BOOST_TEST(site.get("/kvitto/" + upper).status == 404);
}

// "Följ din fråga" (the lookup page) is linked from every public page.
BOOST_AUTO_TEST_CASE(every_page_links_the_receipt_lookup) {
    Site site;
    for (const std::string page : {"/", "/stall-en-fraga", "/fraga/1", "/om", "/sok", "/kvitto",
                                   "/amne/boende", "/finns-inte"}) {
        const auto body = site.get(page).body;
        BOOST_TEST(body.find("<a href=\"/kvitto\">Följ din fråga</a>") != std::string::npos, page);
    }
}

BOOST_AUTO_TEST_CASE(follow_ups_land_on_the_receipt) {
    Site site;
    const auto receipt =
        site.ask("Hyran och försörjningsstödet", "Jag undrar om hyran räknas med i normen.");
    const auto tok = Site::enc(site.token(receipt));
    auto r = site.post(receipt + "/foljdfraga",
                       "skydd=" + tok + "&foljdfraga=" + Site::enc("Och elräkningen då?"));
    BOOST_TEST(r.status == 303);
    BOOST_TEST(r.header("location") == receipt + "?skickad=1#foljdfragor");
    BOOST_TEST(site.get(receipt).body.find("«Och elräkningen då?»") != std::string::npos);
    r = site.post(receipt + "/foljdfraga", "skydd=" + tok + "&foljdfraga=x");
    BOOST_TEST(r.header("location") == receipt + "?fel=kort#foljdfraga");
}

// Crisis triage on the asker's side: the helplines for the kind of danger at the top of
// the receipt, follow-ups triaged too, the general box before the submit button, the
// helplines in every page's footer.
BOOST_AUTO_TEST_CASE(receipt_shows_the_helplines_of_the_detected_categories) {
    Site site;
    struct Case {
        std::string question;
        std::vector<std::string> shown, hidden;
    };
    const std::vector<Case> cases = {
        {"Jag vill inte leva längre och har börjat samla tabletter. Jag vet inte vem jag ska prata "
         "med.",
         {"tel:90101", "tel:112"},
         {"tel:020505050", "tel:116111"}},
        {"Min sambo slog mig igår kväll och nu hotar han att döda mig om jag går till polisen.",
         {"tel:020505050", "tel:112"},
         {"tel:90101"}},
        {"Jag blev våldtagen av en bekant i lördags och jag vågar inte berätta det för någon.",
         {"tel:020505050"},
         {"tel:90101"}},
        {"Grannens pojke på fem år blir slagen av sin pappa varje kväll, jag hör honom skrika "
         "genom väggen.",
         {"tel:116111"},
         {"tel:90101"}},
        {"Vi blev vräkta i morse och jag och barnen har ingenstans att sova inatt. Vad ska vi "
         "göra?",
         {"Ingen mat eller ingenstans att sova", "tel:112"},
         {"tel:90101"}},
    };
    int client = 0;
    for (const auto& c : cases) {
        const auto receipt =
            site.ask("Jag behöver hjälp", c.question, "k" + std::to_string(client++));
        const auto body = site.get(receipt).body;
        const auto box = body.find("Du behöver inte vänta på svaret");
        BOOST_TEST_CONTEXT(c.question) {
            BOOST_REQUIRE(box != std::string::npos);
            // Above everything else on the page: before the status.
            BOOST_TEST(box < body.find("Status:"));
            const auto section = body.substr(box, body.find("</section>", box) - box);
            for (const auto& s : c.shown) BOOST_TEST(section.find(s) != std::string::npos, s);
            for (const auto& h : c.hidden) BOOST_TEST(section.find(h) == std::string::npos, h);
        }
    }
    const auto calm =
        site.ask("Bostadsbidrag", "Hur räknas bostadsbidraget när man studerar på halvtid?", "k9");
    BOOST_TEST(site.get(calm).body.find("Du behöver inte vänta på svaret") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(receipt_created_page_shows_helplines_at_once) {
    Site site;
    const auto r = site.follow(site.post(
        "/stall-en-fraga",
        "skydd=" + Site::enc(site.token()) + "&rubrik=" + Site::enc("Orkar inte") +
            "&fraga=" + Site::enc("Jag vill inte leva mer, jag har tänkt ta mitt liv ikväll.") +
            "&signatur=&amne="));
    BOOST_TEST(r.status == 200);
    const auto box = r.body.find("Du behöver inte vänta på svaret");
    BOOST_REQUIRE(box != std::string::npos);
    BOOST_TEST(box < r.body.find("Spara din privata länk"));
    BOOST_TEST(r.body.find("tel:90101", box) != std::string::npos);
}

BOOST_AUTO_TEST_CASE(follow_ups_are_triaged_too) {
    Site site;
    const auto receipt =
        site.ask("Hyran och försörjningsstödet", "Jag undrar om hyran räknas med i normen.");
    BOOST_TEST(site.get(receipt).body.find("Du behöver inte vänta på svaret") == std::string::npos);
    const auto r =
        site.post(receipt + "/foljdfraga",
                  "skydd=" + Site::enc(site.token(receipt)) + "&foljdfraga=" +
                      Site::enc("Nu har han slagit mig igen och jag vågar inte gå hem ikväll."));
    BOOST_TEST(r.status == 303);
    const auto body = site.get(receipt).body;
    const auto box = body.find("Du behöver inte vänta på svaret");
    BOOST_REQUIRE(box != std::string::npos);
    BOOST_TEST(body.find("tel:020505050", box) != std::string::npos);
    const auto queue = site.store.cases().queue();
    BOOST_REQUIRE(!queue.empty());
    BOOST_TEST(queue.front().crisis);
    BOOST_TEST(queue.front().crisis_categories.find("violence") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(ask_form_has_helplines_before_the_button_and_footer_on_every_page) {
    Site site;
    const auto form = site.get("/stall-en-fraga").body;
    const auto box = form.find("Behöver du hjälp nu?");
    BOOST_REQUIRE(box != std::string::npos);
    BOOST_TEST(box < form.find("Skicka frågan</button>"));
    for (const std::string page : {"/", "/stall-en-fraga", "/fraga/1", "/om"}) {
        const auto body = site.get(page).body;
        const auto footer = body.find("<footer");
        BOOST_REQUIRE(footer != std::string::npos);
        for (const std::string n : {"tel:112", "tel:90101", "tel:020505050", "tel:116111"})
            BOOST_TEST(body.find(n, footer) != std::string::npos, page + " " + n);
    }
}

BOOST_AUTO_TEST_CASE(withdraw_erases_the_question_and_its_text) {
    Site site;
    const std::string secret = "Unik text om vår situation som ska försvinna helt xyzzy.";
    const auto receipt = site.ask("Vi vill ta tillbaka frågan", secret);
    const auto tok = Site::enc(site.token(receipt));
    BOOST_TEST(site.post(receipt + "/ta-bort", "skydd=" + tok).status == 400);  // not confirmed
    BOOST_TEST(site.get(receipt).status == 200);
    const auto r = site.post(receipt + "/ta-bort", "skydd=" + tok + "&bekrafta=ja");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.body.find("borttagen") != std::string::npos);
    BOOST_TEST(site.get(receipt).status == 404);
    // Physically gone from the database file and its WAL.
    const auto db =
        test::read_file(site.dir / "radfraga.db") + test::read_file(site.dir / "radfraga.db-wal");
    BOOST_TEST(db.find("xyzzy") == std::string::npos);
    BOOST_TEST(!site.store.audit().verify_audit_chain().has_value());
}

BOOST_AUTO_TEST_CASE(asking_is_rate_limited_per_client) {
    Site site;
    int accepted = 0, limited = 0;
    for (int i = 0; i < 7; ++i) {
        const auto r =
            site.post("/stall-en-fraga",
                      "skydd=" + Site::enc(site.token()) +
                          "&rubrik=Fr%C3%A5ga+nummer&fraga=En+fr%C3%A5ga+som+%C3%A4r+l%C3%A5ng+nog",
                      "same-client");
        (r.status == 303 ? accepted : limited) += 1;
        if (r.status != 303) BOOST_TEST(r.status == 429);
    }
    BOOST_TEST(accepted == 5);
    BOOST_TEST(limited == 2);
    // Another client is not affected.
    BOOST_TEST(
        site.post("/stall-en-fraga",
                  "skydd=" + Site::enc(site.token()) +
                      "&rubrik=Fr%C3%A5ga+nummer&fraga=En+fr%C3%A5ga+som+%C3%A4r+l%C3%A5ng+nog",
                  "other-client")
            .status == 303);
}

BOOST_AUTO_TEST_CASE(votes_count_once_per_client) {
    Site site;
    const auto tok = Site::enc(site.token("/fraga/1"));
    auto r = site.post("/fraga/1/rost", "skydd=" + tok + "&typ=ja", "voter");
    BOOST_TEST(r.status == 303);
    BOOST_TEST(r.header("location") == "/fraga/1?tack=1#rost");
    site.post("/fraga/1/rost", "skydd=" + tok + "&typ=ja", "voter");
    site.post("/fraga/1/rost", "skydd=" + tok + "&typ=samma", "voter");
    const auto q = site.store.public_reads().published_question(radfraga::QuestionId{1});
    BOOST_TEST(q->feedback.helpful_yes == 1);
    BOOST_TEST(q->feedback.same_question == 1);
    BOOST_TEST(site.post("/fraga/1/rost", "skydd=" + tok + "&typ=kanske").status == 400);
    BOOST_TEST(site.post("/fraga/99999/rost", "skydd=" + tok + "&typ=ja", "v2").status == 404);
    BOOST_TEST(site.get("/fraga/1?tack=1").body.find("Tack!") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(page_cache_keeps_other_pages_across_a_vote) {
    Site site;
    const auto vote_page = site.get("/fraga/1");
    BOOST_TEST(vote_page.body.find("Ja <span class=\"count\">(0)</span>") != std::string::npos);
    site.get("/fraga/2");
    site.get("/");
    srv::Request two;
    two.method = "GET";
    two.target = "/fraga/2";
    const auto cached_two = site.app.cached(two);
    BOOST_REQUIRE(cached_two != nullptr);
    BOOST_TEST(cached_two->body == site.get("/fraga/2").body);
    BOOST_TEST(!cached_two->header("content-security-policy").empty(),
               "cached pages carry the security headers");
    const auto tok = Site::enc(site.token("/fraga/1"));
    BOOST_TEST(site.post("/fraga/1/rost", "skydd=" + tok + "&typ=ja", "voter").status == 303);
    // The voted question's page is rendered again with the new count ...
    srv::Request one = two;
    one.target = "/fraga/1";
    BOOST_TEST(site.app.cached(one) == nullptr);
    BOOST_TEST(site.get("/fraga/1").body.find("Ja <span class=\"count\">(1)</span>") !=
               std::string::npos);
    // ... while other questions' pages and the home page stay cached.
    BOOST_TEST(site.app.cached(two) != nullptr);
    srv::Request home = two;
    home.target = "/";
    BOOST_TEST(site.app.cached(home) != nullptr);
    // A publication or erasure changes what lists show: everything is rendered again.
    BOOST_TEST(
        site.store.erasure().erase_question(radfraga::QuestionId{3}, "operator", "test_erase"));
    BOOST_TEST(site.app.cached(two) == nullptr);
    BOOST_TEST(site.app.cached(home) == nullptr);
}

namespace {
// The title of the first related question on question page `target`, with its id.
std::pair<std::string, std::string> first_related(const Site& site, const std::string& target) {
    const auto page = site.get(target).body;
    const auto section = page.find("id=\"relaterade-rubrik\"");
    BOOST_REQUIRE(section != std::string::npos);
    const auto link = page.find("href=\"/fraga/", section);
    BOOST_REQUIRE(link != std::string::npos);
    const auto id_start = link + 13;
    const std::string id = page.substr(id_start, page.find('"', id_start) - id_start);
    const auto title_start = page.find('>', id_start) + 1;
    return {id, page.substr(title_start, page.find('<', title_start) - title_start)};
}

// Re-imports the published question titled `title` under `new_title` through `store`.
void retitle(rs::Store& store, const std::string& title, const std::string& new_title) {
    std::vector<rs::ArchiveRecord> records;
    store.archive().for_each_archive_record([&](const rs::ArchiveRecord& r) {
        if (r.title == title) records.push_back(r);
    });
    BOOST_REQUIRE_EQUAL(records.size(), 1u);
    records[0].title = new_title;
    store.archive().upsert_archive_records(records);
}
}  // namespace

BOOST_AUTO_TEST_CASE(an_erased_question_leaves_the_related_lists_at_once) {
    Site site;
    const auto id = first_related(site, "/fraga/1").first;
    BOOST_TEST_MESSAGE("related question erased: " << id);
    // The related ids are cached for an hour, but titles come from the store each time.
    BOOST_TEST(site.store.erasure().erase_question(radfraga::QuestionId{std::stoll(id)}, "operator",
                                                   "test_erase"));
    const auto after = site.get("/fraga/1").body;
    BOOST_TEST(after.find("href=\"/fraga/" + id + "\"") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_retitled_related_question_shows_its_new_title_at_once) {
    Site site;
    const auto [id, title] = first_related(site, "/fraga/1");
    BOOST_TEST_MESSAGE("related question " << id << ": " << title);
    // Its summary is now held (summary cache) and the page too (page cache).
    BOOST_TEST(site.get("/fraga/1").body.find(title) != std::string::npos);
    retitle(site.store, title, "Ny rubrik på en relaterad fråga");
    const auto after = site.get("/fraga/1").body;
    BOOST_TEST(after.find("Ny rubrik på en relaterad fråga") != std::string::npos);
    BOOST_TEST(after.find(">" + title + "<") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(another_process_s_edit_shows_once_the_index_has_taken_it_in) {
    Site site;
    const auto [id, title] = first_related(site, "/fraga/1");
    // A second Store on the same file stands for another process (radfraga import while
    // the server runs): this process's store generation does not move.
    rs::Store other(site.dir / "radfraga.db", site.clock);
    retitle(other, title, "Rubrik ändrad av en annan process");
    site.index->catch_up();  // what the server's indexer task does every few hundred ms
    const auto after = site.get("/fraga/1").body;
    BOOST_TEST(after.find("Rubrik ändrad av en annan process") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(summary_cache_drops_what_an_older_version_read) {
    srv::SummaryCache cache(1 << 20);
    rs::QuestionSummary s;
    s.id = radfraga::QuestionId{7};
    s.title = "Gammal";
    const std::array<radfraga::QuestionId, 2> ids{radfraga::QuestionId{7}, radfraga::QuestionId{8}};
    const std::array<srv::SummaryCache::Held, 1> one{
        std::make_shared<const rs::QuestionSummary>(s)};
    cache.put(one, {2, 5});
    auto got = cache.get(ids, {2, 5});
    BOOST_REQUIRE(got[0] != nullptr);
    BOOST_TEST(got[0]->title == "Gammal");
    BOOST_TEST(got[1] == nullptr);
    // A newer version empties it; a summary read under the older one is not kept.
    BOOST_TEST(cache.get(ids, {3, 5})[0] == nullptr);
    cache.put(one, {2, 5});
    BOOST_TEST(cache.get(ids, {3, 5})[0] == nullptr);
    BOOST_TEST(cache.bytes() == 0u);
    // Nor is anything beyond its budget.
    srv::SummaryCache tiny(100);
    s.excerpt = std::string(200, 'x');
    const std::array<srv::SummaryCache::Held, 1> long_one{
        std::make_shared<const rs::QuestionSummary>(s)};
    tiny.put(long_one, {1, 1});
    BOOST_TEST(tiny.get(ids, {1, 1})[0] == nullptr);
}

namespace {
std::map<std::int64_t, std::vector<radfraga::QuestionId>> stored_related(const rs::Store& store) {
    std::map<std::int64_t, std::vector<radfraga::QuestionId>> out;
    store.related().for_each_related_list([&](const rs::RelatedList& l) {
        BOOST_TEST(!l.stale);
        out[l.question.value] = l.related;
    });
    return out;
}
}  // namespace

BOOST_AUTO_TEST_CASE(related_lists_are_stored_and_read_at_a_restart) {
    Site site;
    // 120 published questions, 50 a call: computed in three calls, then none is left.
    BOOST_TEST(!site.app.update_related(50));
    BOOST_TEST(!site.app.update_related(50));
    BOOST_TEST(!site.app.update_related(50));
    BOOST_TEST(site.app.update_related(50));
    const auto stored = stored_related(site.store);
    BOOST_TEST(stored.size() == 120u);
    // A restart: a new App over the same store and index reads every list and has nothing
    // left to compute; its pages show the stored list.
    const auto restarted = site.make_app();
    BOOST_TEST(restarted->load_related() == 120u);
    BOOST_TEST(restarted->update_related(1));
    srv::Request r;
    r.method = "GET";
    r.target = "/fraga/1";
    const auto page = restarted->handle(r).body;
    BOOST_REQUIRE(!stored.at(1).empty());
    BOOST_TEST(page.find("href=\"/fraga/" + std::to_string(stored.at(1).front().value) + "\"") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(related_lists_follow_publications_and_erasures) {
    Site site;
    while (!site.app.update_related(200)) {
    }
    const auto before = stored_related(site.store);
    BOOST_REQUIRE(!before.at(1).empty());
    const auto shown = before.at(1).front();
    // An erasure: the question leaves every list, in the store at once and on pages.
    BOOST_REQUIRE(site.store.erasure().erase_question(shown, "asker", "withdrawn"));
    BOOST_TEST(
        site.get("/fraga/1").body.find("href=\"/fraga/" + std::to_string(shown.value) + "\"") ==
        std::string::npos);
    site.index->catch_up();
    while (!site.app.update_related(200)) {
    }
    auto after = stored_related(site.store);
    BOOST_TEST(after.size() == 119u);
    for (const auto& [q, ids] : after)
        BOOST_TEST((std::find(ids.begin(), ids.end(), shown) == ids.end()), "list of " << q);
    // A publication: the new question gets a list, and a near copy of question 1 enters
    // question 1's list (its neighbours' lists are computed again).
    std::vector<rs::ArchiveRecord> records;
    site.store.archive().for_each_archive_record([&](const rs::ArchiveRecord& rec) {
        if (records.empty()) records.push_back(rec);
    });
    BOOST_REQUIRE(!records.empty());
    const auto original = site.store.public_reads().find_by_external_id(records[0].external_id);
    BOOST_REQUIRE(original.has_value());
    records[0].external_id = "ny-kopia";
    site.store.archive().upsert_archive_records(records);
    const auto copy = site.store.public_reads().find_by_external_id("ny-kopia");
    BOOST_REQUIRE(copy.has_value());
    site.index->catch_up();
    while (!site.app.update_related(200)) {
    }
    after = stored_related(site.store);
    BOOST_REQUIRE(after.contains(copy->value));
    BOOST_TEST(!after.at(copy->value).empty());
    const auto& of_original = after.at(original->value);
    BOOST_TEST((std::find(of_original.begin(), of_original.end(), *copy) != of_original.end()));
}

namespace {
std::string page_of(const srv::App& app, std::int64_t id) {
    srv::Request r;
    r.method = "GET";
    r.target = "/fraga/" + std::to_string(id);
    const auto resp = app.handle(r);
    BOOST_TEST(resp.status == 200, r.target);
    return resp.body;
}
const std::string kTokenField = "name=\"skydd\" value=\"";
std::string form_token_of(const std::string& body) {
    const auto at = body.find(kTokenField);
    if (at == std::string::npos) return "";
    const auto start = at + kTokenField.size();
    return body.substr(start, body.find('"', start) - start);
}
std::string without_form_tokens(std::string body) {
    for (auto at = body.find(kTokenField); at != std::string::npos;
         at = body.find(kTokenField, at + 1)) {
        const auto start = at + kTokenField.size();
        body.erase(start, body.find('"', start) - start);
    }
    return body;
}
std::string metric_line(const Site& site, const std::string& prefix) {
    const auto text = site.metrics.render({});
    const auto at = text.find(prefix);
    return at == std::string::npos ? "" : text.substr(at, text.find('\n', at) - at);
}
}  // namespace

BOOST_AUTO_TEST_CASE(stored_question_pages_read_as_pages_rendered_on_request) {
    Site site;
    while (!site.app.update_related(200)) {
    }
    const std::vector<std::int64_t> ids{1, 2, 60, 120};
    std::map<std::int64_t, std::string> fresh;
    {
        const auto a = site.make_app();
        for (const auto id : ids) fresh[id] = page_of(*a, id);
    }
    BOOST_TEST(metric_line(site, "radfraga_stored_page_lookups_total{result=\"miss\"}") ==
               "radfraga_stored_page_lookups_total{result=\"miss\"} 4");
    while (!site.app.update_pages(50)) {
    }
    BOOST_TEST(site.store.pages().stored_count() == 120);
    {
        // A new App (an empty page cache, as after a restart) serves the stored pages:
        // the same bytes, with the App's form token of the day in the vote forms (each
        // App of this test has a key of its own; a server's is kept in the data folder).
        const auto b = site.make_app();
        srv::Request ask;
        ask.method = "GET";
        ask.target = "/stall-en-fraga";
        const auto token = form_token_of(b->handle(ask).body);
        BOOST_REQUIRE(!token.empty());
        for (const auto id : ids) {
            const auto stored = page_of(*b, id);
            BOOST_TEST(form_token_of(stored) == token, "page " << id);
            BOOST_TEST(without_form_tokens(stored) == without_form_tokens(fresh[id]),
                       "page " << id);
        }
    }
    BOOST_TEST(metric_line(site, "radfraga_stored_page_lookups_total{result=\"hit\"}") ==
               "radfraga_stored_page_lookups_total{result=\"hit\"} 4");
    BOOST_TEST(fresh[1].find("@@skydd@@") == std::string::npos);

    // A vote: the page shows the new count at once, rendered on request until it is
    // stored again.
    const auto yes = [](const std::string& body) {
        const std::string m = "value=\"ja\" class=\"secondary\">Ja <span class=\"count\">(";
        const auto at = body.find(m);
        return at == std::string::npos ? -1 : std::stoi(body.substr(at + m.size()));
    };
    const int before = yes(fresh[1]);
    BOOST_REQUIRE(before >= 0);
    BOOST_REQUIRE(site.store.public_reads().add_feedback(radfraga::QuestionId{1},
                                                         rs::FeedbackKind::helpful_yes));
    BOOST_TEST(site.store.pages().stored_count() == 119);
    BOOST_TEST(yes(page_of(*site.make_app(), 1)) == before + 1);
    while (!site.app.update_pages(50)) {
    }
    BOOST_TEST(site.store.pages().stored_count() == 120);
    BOOST_TEST(yes(page_of(*site.make_app(), 1)) == before + 1);

    // An erasure of a question page 1 lists: no stored page names it any more.
    const auto shown = stored_related(site.store).at(1).front();
    const std::string link = "href=\"/fraga/" + std::to_string(shown.value) + "\"";
    BOOST_REQUIRE(page_of(*site.make_app(), 1).find(link) != std::string::npos);
    BOOST_REQUIRE(site.store.erasure().erase_question(shown, "asker", "withdrawn"));
    BOOST_TEST(page_of(*site.make_app(), 1).find(link) == std::string::npos);
    site.index->catch_up();
    while (!site.app.update_related(200)) {
    }
    while (!site.app.update_pages(50)) {
    }
    BOOST_TEST(site.store.pages().stored_count() == 119);
    const auto after = site.make_app();
    for (std::int64_t id = 1; id <= 120; ++id)
        if (id != shown.value)
            BOOST_TEST(page_of(*after, id).find(link) == std::string::npos, "page " << id);

    // Another public URL (or other templates): stored pages are not served, but rendered
    // again.
    site.config.public_url = "https://annan.example";
    const auto c = site.make_app();
    BOOST_TEST(page_of(*c, 1).find("https://annan.example/fraga/1") != std::string::npos);
    while (!c->update_pages(50)) {
    }
    BOOST_TEST(page_of(*site.make_app(), 2).find("https://annan.example/fraga/2") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(page_cache_serves_only_public_reading_pages) {
    Site site;
    for (const std::string target :
         {"/om", "/fraga", "/fraga/1/rost", "/fraga/1?tack=1", "/kvitto/abc", "/api/v1/questions/1",
          "/expert", "/static/style.css", "/fraga/x"}) {
        site.get(target);
        srv::Request r;
        r.method = "GET";
        r.target = target;
        BOOST_TEST(site.app.cached(r) == nullptr, target);
    }
    srv::Request post;
    post.method = "POST";
    post.target = "/fraga/1";
    site.get("/fraga/1");
    BOOST_TEST(site.app.cached(post) == nullptr);
    // A page that was not found is never cached.
    site.get("/fraga/99999");
    post.method = "GET";
    post.target = "/fraga/99999";
    BOOST_TEST(site.app.cached(post) == nullptr);
}

BOOST_AUTO_TEST_CASE(page_cache_evicts_least_recently_used_within_its_budget) {
    Site site;
    site.config.page_cache_mb = 0;  // read at construction: rebuild the app below
    auto app = std::make_unique<srv::App>(
        srv::AppDeps{site.store, site.renderer, site.assets, site.clock, site.random, site.config,
                     [](const std::string&) {}, site.originals,
                     [](std::string_view s) { return std::string(s); }, *site.index, site.redactor,
                     *site.signer, site.triage});
    srv::Request r;
    r.method = "GET";
    r.target = "/fraga/1";
    app->handle(r);
    BOOST_TEST(app->cached(r) == nullptr, "page-cache-mb = 0 turns the cache off");
    site.config.page_cache_mb = 1;
    app = std::make_unique<srv::App>(
        srv::AppDeps{site.store, site.renderer, site.assets, site.clock, site.random, site.config,
                     [](const std::string&) {}, site.originals,
                     [](std::string_view s) { return std::string(s); }, *site.index, site.redactor,
                     *site.signer, site.triage});
    // 1 MiB holds some question pages but not all: the first ones are evicted, the most
    // recently used stay.
    // Each target is its own entry, so 240 targets of ~8 KB are about 2 MB.
    for (const std::string v : {"?a", "?b"}) {
        for (int id = 1; id <= 120; ++id) {
            r.target = "/fraga/" + std::to_string(id) + v;
            app->handle(r);
        }
    }
    r.target = "/fraga/120?b";
    BOOST_TEST(app->cached(r) != nullptr);
    r.target = "/fraga/1?a";
    BOOST_TEST(app->cached(r) == nullptr);
}

// ---- reading pages ----

BOOST_AUTO_TEST_CASE(home_category_about_feed_sitemap_robots) {
    Site site;
    auto r = site.get("/");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.body.find("Senaste svaren") != std::string::npos);
    r = site.get("/amne/boende");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.body.find("15 besvarade frågor") != std::string::npos);
    BOOST_TEST(site.get("/amne/finns-inte").status == 404);
    BOOST_TEST(site.get("/amne/boende?sida=9").status == 404);
    BOOST_TEST(site.get("/amne/boende?sida=abc").status == 404);
    r = site.get("/om");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.body.find("IP-adress") != std::string::npos);
    r = site.get("/feed.atom");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.header("content-type") == "application/atom+xml; charset=utf-8");
    BOOST_TEST(std::count(r.body.begin(), r.body.end(), '<') > 100);
    BOOST_TEST(r.body.find("<entry>") != std::string::npos);
    r = site.get("/sitemap.xml");
    BOOST_TEST(r.body.find("/fraga/") != std::string::npos);
    r = site.get("/robots.txt");
    BOOST_TEST(r.body.find("Disallow: /kvitto") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(question_page_lists_related_questions) {
    Site site;
    const auto r = site.get("/fraga/1");
    BOOST_TEST(r.body.find("Liknande frågor") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(search_page_finds_inflected_words_with_snippets_and_facets) {
    Site site;
    auto r = site.get("/sok?q=barnen");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.body.find("<mark>") != std::string::npos);
    BOOST_TEST(r.body.find("Filtrera på ämne") != std::string::npos);
    r = site.get("/sok?q=barnen&ordning=nyast&amne=barn-och-familj&sida=2");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(site.get("/sok").status == 200);
    BOOST_TEST(site.get("/sok?q=hyra&fran=2024-13-01").status == 400);
    BOOST_TEST(site.get("/sok?q=hyra&fran=2024-02-01&till=2023-01-01").status == 400);
    BOOST_TEST(site.get("/sok?q=hyra&ordning=slump").status == 400);
    BOOST_TEST(site.get("/sok?q=hyra&amne=finns-inte").status == 400);
    BOOST_TEST(site.get("/sok?q=hyra&sida=0").status == 400);
    for (const auto* odd : {"*", "%22", "((((", "%22unbalanced", "a%01b"}) {
        const int status = site.get(std::string("/sok?q=") + odd).status;
        BOOST_TEST((status == 200 || status == 400), odd);
    }
    std::string huge = "/sok?q=";
    for (int i = 0; i < 10000; ++i) huge += "ord+";
    BOOST_TEST(site.get(huge).status == 414);             // longer than an address may be
    BOOST_TEST(site.get("/sok?q=%FF%FE").status == 400);  // invalid UTF-8 in the query string
}

// ---- JSON API ----

BOOST_AUTO_TEST_CASE(api_reads_questions_categories_and_search) {
    Site site;
    auto r = site.get("/api/v1/categories");
    BOOST_TEST(r.status == 200);
    auto v = boost::json::parse(r.body);
    BOOST_TEST(v.at("categories").as_array().size() == 8u);
    r = site.get("/api/v1/questions?category=boende&per_page=5");
    v = boost::json::parse(r.body);
    BOOST_TEST(v.at("total").as_int64() == 15);
    BOOST_TEST(v.at("questions").as_array().size() == 5u);
    r = site.get("/api/v1/questions/1");
    v = boost::json::parse(r.body);
    BOOST_TEST(v.at("external_id").as_string() == "s001");
    BOOST_TEST(site.get("/api/v1/questions/99999").status == 404);
    r = site.get("/api/v1/search?q=f%C3%B6rs%C3%B6rjnigsst%C3%B6d");
    BOOST_TEST(r.status == 200);
    v = boost::json::parse(r.body);
    BOOST_TEST(v.at("total").as_int64() > 0);
    BOOST_TEST(v.at("hits").as_array().at(0).at("id").is_string());
    BOOST_TEST(site.get("/api/v1/search?q=").status == 400);
    r = site.get("/api/v1/nope");
    BOOST_TEST(r.status == 404);
    BOOST_TEST(boost::json::parse(r.body).at("error").at("code").as_string() == "not_found");
}

BOOST_AUTO_TEST_CASE(api_asks_follows_and_withdraws) {
    Site site;
    auto r = site.post(
        "/api/v1/questions",
        R"({"title": "Hyran i juni", "question": "Räknas hyran med i försörjningsstödet i juni?", "pseudonym": "", "category": "ekonomiskt-bistand"})",
        "api", "application/json");
    BOOST_TEST(r.status == 201);
    const auto token = std::string(boost::json::parse(r.body).at("receipt_token").as_string());
    r = site.get("/api/v1/receipts/" + token);
    BOOST_TEST(r.status == 200);
    BOOST_TEST(boost::json::parse(r.body).at("state").as_string() == "received");
    r = site.post("/api/v1/receipts/" + token + "/follow-ups", R"({"text": "Och i juli?"})", "api",
                  "application/json");
    BOOST_TEST(r.status == 201);
    r = site.post("/api/v1/receipts/" + token, "", "api", "application/json", "DELETE");
    BOOST_TEST(r.status == 204);
    BOOST_TEST(site.get("/api/v1/receipts/" + token).status == 404);
}

BOOST_AUTO_TEST_CASE(api_bad_json_gets_clear_4xx) {
    Site site;
    const auto code = [&](const std::string& body, const std::string& ct = "application/json") {
        const auto r = site.post("/api/v1/questions", body, "bad", ct);
        return std::make_pair(
            r.status, std::string(boost::json::parse(r.body).at("error").at("code").as_string()));
    };
    BOOST_TEST((code("{\"title\": \"a\"}", "text/plain") ==
                std::make_pair(415, std::string("unsupported_media_type"))));
    BOOST_TEST(code("{").second == "invalid_json");
    BOOST_TEST(code(std::string(100, '[') + std::string(100, ']')).second == "invalid_json");
    BOOST_TEST(code(R"({"title": "Hyran i juni", "title": "Annan"})").second == "duplicate_key");
    BOOST_TEST(code(R"({"title": NaN})").second == "invalid_json");
    BOOST_TEST(code(R"({"title": 1e999})").first == 400);
    BOOST_TEST(code(R"({"title": 5, "question": "x"})").second == "invalid_field");
    BOOST_TEST(code(R"({"title": "Hej", "question": "kort"})").second == "invalid_title");
    BOOST_TEST(code("[1,2,3]").second == "invalid_json");
    BOOST_TEST(code("{\"title\": \"\xff\"}").second == "invalid_json");
}

// ---- CLI ----

BOOST_AUTO_TEST_CASE(api_content_type_is_parsed_as_a_media_type) {
    Site site;
    const std::string body = R"({"kind": "helpful_yes"})";
    int client = 0;
    for (const auto* ct :
         {"application/json", "APPLICATION/JSON", "Application/Json; Charset=UTF-8",
          "application/json;charset=\"utf-8\"", "application/json ; charset=utf-8",
          "application/json;", "application/json; foo=bar"})
        BOOST_TEST(
            site.post("/api/v1/questions/1/feedback", body, "ct" + std::to_string(++client), ct)
                    .status == 200,
            ct);
    for (const auto* ct :
         {"application/jsonx", "application/json; charset=latin1", "application/json-seq",
          "text/json", "application/json; charset", "application/json; charset=\"utf-8",
          "application /json", "application/json/x", "", "application/x-www-form-urlencoded"}) {
        const auto r =
            site.post("/api/v1/questions/1/feedback", body, "ct" + std::to_string(++client), ct);
        BOOST_TEST(r.status == 415, ct);
        BOOST_TEST(r.body.find("\"unsupported_media_type\"") != std::string::npos, ct);
    }
}

BOOST_AUTO_TEST_CASE(more_than_one_host_field_is_400) {
    Site site;
    srv::Request r;
    r.method = "GET";
    r.target = "/";
    r.headers = {{"host", "localhost:8080"}, {"host", "evil.example"}};
    BOOST_TEST(site.app.handle(r).status == 400);
    r.target = "/api/v1/categories";
    const auto api = site.app.handle(r);
    BOOST_TEST(api.status == 400);
    BOOST_TEST(api.body.find("\"code\"") != std::string::npos);
    r.headers = {{"host", "localhost:8080"}, {"host", "localhost:8080"}};
    BOOST_TEST(site.app.handle(r).status == 400);
    r.headers = {{"host", "localhost:8080"}};
    BOOST_TEST(site.app.handle(r).status == 200);
    // A page in the page cache is not answered from it either.
    r.target = "/";
    BOOST_TEST(site.app.handle(r).status == 200);
    BOOST_TEST(site.app.cached(r) != nullptr);
    r.headers = {{"host", "localhost:8080"}, {"host", "evil.example"}};
    BOOST_TEST(site.app.cached(r) == nullptr);
    BOOST_TEST(site.app.handle(r).status == 400);
}

BOOST_AUTO_TEST_CASE(over_long_and_malformed_api_urls_get_the_json_error) {
    Site site;
    const auto r = site.get("/api/v1/search?q=" + std::string(5000, 'a'));
    BOOST_TEST(r.status == 414);
    BOOST_TEST(r.header("content-type") == "application/json; charset=utf-8");
    BOOST_TEST(boost::json::parse(r.body).at("error").at("code").as_string() == "uri_too_long");
    BOOST_TEST(!r.header("x-content-type-options").empty());
    const auto bad = site.get("/api/v1/search?q=%zz");
    BOOST_TEST(bad.status == 400);
    BOOST_TEST(bad.header("content-type") == "application/json; charset=utf-8");
    // Pages get the same statuses as pages.
    BOOST_TEST(site.get("/sok?q=" + std::string(5000, 'a')).status == 414);
}

BOOST_AUTO_TEST_CASE(invalid_utf8_in_a_query_is_400_however_long) {
    Site site;
    for (const auto* t :
         {"/sok?q=%ff", "/sok?q=%ff%fe%fd", "/sok?q=hyra%c3", "/sok?q=%ed%a0%80", "/?x=%ff%fe"})
        BOOST_TEST(site.get(t).status == 400, t);
    const auto api = site.get("/api/v1/search?q=%ff%fe%fd");
    BOOST_TEST(api.status == 400);
    BOOST_TEST(api.header("content-type") == "application/json; charset=utf-8");
}

BOOST_AUTO_TEST_CASE(cli_purge_takes_a_retention_period) {
    test::TempDir dir;
    const auto d = dir / "d";
    std::filesystem::create_directories(d);
    {
        // A question asked ten days ago, kept for 30 days by the setting of its day.
        ManualClock clock(std::time(nullptr) - 10 * 86400);
        rs::Store store(d / "radfraga.db", clock);
        rs::NewQuestion q;
        q.title = "Fråga om hyran";
        q.body = "Räknas hyran in i normen för försörjningsstöd?";
        q.pseudonym = "Orolig";
        q.seal_original = [](radfraga::QuestionId) { return std::vector<unsigned char>{1, 2, 3}; };
        q.receipt_hash = std::vector<unsigned char>(32, 9);
        q.erase_original_after = clock.now() + 30 * 86400;
        store.askers().add_question(q);
    }
    std::string out, err;
    BOOST_TEST(cli({"purge", "--data", d.string()}, out, err) == 0);
    BOOST_TEST(out.find("erased 0 ") != std::string::npos, out);
    BOOST_TEST(cli({"purge", "--data", d.string(), "--retention-days", "20"}, out, err) == 0);
    BOOST_TEST(out.find("erased 0 ") != std::string::npos, out);
    BOOST_TEST(cli({"purge", "--data", d.string(), "--retention-days", "7"}, out, err) == 0, err);
    BOOST_TEST(out.find("erased 1 ") != std::string::npos, out);
    BOOST_TEST(cli({"purge", "--data", d.string(), "--retention-days", "x"}, out, err) == 2);
    ManualClock clock(std::time(nullptr));
    rs::Store store(d / "radfraga.db", clock);
    BOOST_TEST(store.cases().case_view(store.cases().queue().front().id)->original_ct.empty());
}

BOOST_AUTO_TEST_CASE(receipt_and_enrolment_tokens_never_reach_the_access_log_however_encoded) {
    const std::string token = "Zk9vQmFyQmF6UXV4UXV1eFp6";
    for (const auto& t :
         {"/kvitto/" + token, "/kvitto%2F" + token, "/kvitto%2f" + token, "/kvit%74o/" + token,
          "/kvitto/" + token + "?x=1", "/api/v1/receipts/" + token + "/follow-ups",
          "/api/v1/receipts%2F" + token, "/api%2Fv1%2Freceipts%2F" + token,
          "/api/v1/kvitto/" + token, "/%6bvitto/" + token, "/expert/valkommen/" + token,
          "/expert/v%61lkommen/" + token})
        BOOST_TEST(srv::loggable_path(t).find(token) == std::string::npos,
                   t << " -> " << srv::loggable_path(t));
    BOOST_TEST(srv::loggable_path("/fraga/12?q=hemligt") == "/fraga/12");
    BOOST_TEST(srv::loggable_path("/sok") == "/sok");
}

BOOST_AUTO_TEST_CASE(encoded_slashes_in_paths_are_refused) {
    Site site;
    const auto receipt =
        site.ask("Fråga om hyran", "Räknas hyran in i normen för försörjningsstöd?");
    const auto token = receipt.substr(std::string("/kvitto/").size());
    BOOST_TEST(site.get(receipt).status == 200);
    for (const auto& t : {"/kvitto%2F" + token, "/kvitto%2f" + token, "/api/v1/receipts%2F" + token,
                          "/api%2Fv1%2Freceipts%2F" + token, std::string("/static%2Fstyle.css"),
                          std::string("/static/%5cstyle.css")})
        BOOST_TEST(site.get(t).status == 400, t);
    const auto api = site.get("/api/v1/receipts%2F" + token);
    BOOST_TEST(api.header("content-type") == "application/json; charset=utf-8");
    // In a query string an encoded slash is only text.
    BOOST_TEST(site.get("/sok?q=hyra%2Fel").status == 200);
}

// The asker's draft title goes in a JSON body: a query string is kept in proxies' logs.
BOOST_AUTO_TEST_CASE(suggestions_take_the_draft_title_in_a_post_body_never_in_the_url) {
    Site site;
    auto r = site.post("/api/v1/suggestions", R"({"title": "Kan soc ta mina barn"})", "api",
                       "application/json");
    BOOST_TEST(r.status == 200);
    const auto questions = boost::json::parse(r.body).at("questions").as_array();
    BOOST_TEST(!questions.empty());
    BOOST_TEST(questions.size() <= 5u);
    BOOST_TEST(questions.at(0).at("url").as_string().starts_with("http://localhost:8080/fraga/"));
    BOOST_TEST(r.header("cache-control") == "no-store");
    // No title in a URL: GET and HEAD are refused, with or without a query.
    for (const auto* target :
         {"/api/v1/suggestions?title=Kan%20soc%20ta%20mina%20barn", "/api/v1/suggestions"}) {
        r = site.get(target);
        BOOST_TEST(r.status == 405, target);
        BOOST_TEST(r.header("allow") == "POST");
        BOOST_TEST(boost::json::parse(r.body).at("error").at("code").as_string() ==
                   "method_not_allowed");
        BOOST_TEST(r.body.find("soc") == std::string::npos);
    }
    // The API's body rules: JSON only, the title a string; an over-long title finds nothing.
    BOOST_TEST(site.post("/api/v1/suggestions", "title=Kan+soc", "api").status == 415);
    BOOST_TEST(
        site.post("/api/v1/suggestions", R"({"title": 5})", "api", "application/json").status ==
        400);
    r = site.post("/api/v1/suggestions", R"({"title": ")" + std::string(501, 'a') + "\"}", "api",
                  "application/json");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(boost::json::parse(r.body).at("questions").as_array().empty());
}

// ASVS 14.4.2: API responses are attachments, so a browser sent to an API URL saves the
// JSON instead of rendering it; the signed record gets a name of its own.
BOOST_AUTO_TEST_CASE(api_responses_are_attachments) {
    Site site;
    auto r = site.get("/api/v1/questions/1");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.header("content-disposition") == "attachment; filename=\"radfraga-fraga-1.json\"");
    for (const auto* target :
         {"/api/v1/categories", "/api/v1/questions?per_page=2", "/api/v1/search?q=hyra",
          "/api/v1/questions/99999", "/api/v1/nope", "/api/v1/receipts/AAAAAAAAAAAAAAAAAAAAAAAA",
          "/api/v1/search?q=", "/api/v1/%FF"}) {
        r = site.get(target);
        BOOST_TEST(r.header("content-disposition") == "attachment; filename=\"api.json\"", target);
        BOOST_TEST(r.header("content-type") == "application/json; charset=utf-8", target);
    }
    r = site.post("/api/v1/questions", "{", "api", "application/json");
    BOOST_TEST(r.status == 400);
    BOOST_TEST(r.header("content-disposition") == "attachment; filename=\"api.json\"");
    const auto e = site.app.protocol_error(srv::ProtocolError::body_too_large, "/api/v1/questions");
    BOOST_TEST(e->header("content-disposition") == "attachment; filename=\"api.json\"");
    // Withdrawal answers 204 without a body, still as an attachment.
    r = site.post(
        "/api/v1/questions",
        R"({"title": "Hyran i juni", "question": "Räknas hyran med i försörjningsstödet i juni?"})",
        "api", "application/json");
    const std::string token(boost::json::parse(r.body).at("receipt_token").as_string());
    r = site.post("/api/v1/receipts/" + token, "", "api", "application/json", "DELETE");
    BOOST_TEST(r.status == 204);
    BOOST_TEST(r.header("content-disposition") == "attachment; filename=\"api.json\"");
    // Pages are not attachments.
    BOOST_TEST(site.get("/").header("content-disposition").empty());
}

BOOST_AUTO_TEST_CASE(api_receipt_token_may_travel_in_a_post_body) {
    Site site;
    auto r = site.post(
        "/api/v1/questions",
        R"({"title": "Hyran i juni", "question": "Räknas hyran med i försörjningsstödet i juni?"})",
        "api", "application/json");
    BOOST_REQUIRE_EQUAL(r.status, 201);
    const std::string token(boost::json::parse(r.body).at("receipt_token").as_string());
    const std::string in_body = R"({"receipt_token": ")" + token + "\"";
    r = site.post("/api/v1/receipts/status", in_body + "}", "api", "application/json");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.body == site.get("/api/v1/receipts/" + token).body);
    BOOST_TEST(r.header("cache-control") == "no-store");
    r = site.post("/api/v1/receipts/follow-ups", in_body + R"(, "text": "Och i juli?"})", "api",
                  "application/json");
    BOOST_TEST(r.status == 201);
    BOOST_TEST(boost::json::parse(site.get("/api/v1/receipts/" + token).body)
                   .at("follow_ups")
                   .as_array()
                   .size() == 1u);
    // Every problem with the token is the same 404 as on the path.
    for (const auto* bad : {R"({"receipt_token": "AAAAAAAAAAAAAAAAAAAAAAAA"})",
                            R"({"receipt_token": "kort"})", R"({})", R"({"receipt_token": 5})"}) {
        r = site.post("/api/v1/receipts/status", bad, "api", "application/json");
        BOOST_TEST((r.status == 404 || r.status == 400), bad);
    }
    BOOST_TEST(site.post("/api/v1/receipts/status",
                         R"({"receipt_token": "AAAAAAAAAAAAAAAAAAAAAAAA"})", "api",
                         "application/json")
                   .body == site.get("/api/v1/receipts/AAAAAAAAAAAAAAAAAAAAAAAA").body);
    BOOST_TEST(site.get("/api/v1/receipts/status").status ==
               404);  // not a token, and not a GET route
    BOOST_TEST(site.post("/api/v1/receipts/status", in_body + "}", "api", "text/plain").status ==
               415);
    r = site.post("/api/v1/receipts/withdraw", in_body + "}", "api", "application/json");
    BOOST_TEST(r.status == 204);
    BOOST_TEST(site.get("/api/v1/receipts/" + token).status == 404);
}

BOOST_AUTO_TEST_CASE(log_lines_are_stamped_and_their_control_characters_escaped) {
    std::ostringstream out;
    {
        srv::LogSink sink(out, [] { return std::string("2026-09-21T10:00:00.000Z"); });
        // A decoded path with a line break must not forge a second line.
        sink.line(
            "security: request without a session to /expert\nradfraga: security: "
            "forged\r\x1b[31m\x7f\\");
        BOOST_TEST(out.str() ==
                   "2026-09-21T10:00:00.000Z radfraga: security: request without a session to "
                   "/expert\\nradfraga: security: forged\\r\\x1b[31m\\x7f\\\\\n");
        out.str("");
        // Unicode line breaks and C1 controls too; other text, å included, is left alone.
        sink.line(
            "å\u2028b\u2029c\xc2\x85"
            "d\xff");
        BOOST_TEST(out.str() ==
                   "2026-09-21T10:00:00.000Z radfraga: å\\u2028b\\u2029c\\u0085d\\xff\n");
    }
    std::ostringstream real;
    {
        srv::LogSink sink(real);
        sink.line("started");
    }
    const std::string line = real.str();
    BOOST_REQUIRE(line.size() > 25);
    BOOST_TEST(line.substr(4, 1) == "-");
    BOOST_TEST(line.substr(10, 1) == "T");
    BOOST_TEST(line.substr(19, 1) == ".");
    BOOST_TEST(line.substr(23) == "Z radfraga: started\n");
}

BOOST_AUTO_TEST_CASE(access_lines_name_the_expert_account) {
    srv::Response r;
    r.status = 303;
    r.body = "Se /expert\n";
    BOOST_TEST(srv::access_line("GET", "/fraga/3?q=x", r, 2) == "access GET /fraga/3 303 11 2ms");
    r.account = "anna";
    BOOST_TEST(srv::access_line("POST", "/expert/fraga/3/ta", r, 2) ==
               "access POST /expert/fraga/3/ta 303 11 2ms account=anna");
}

BOOST_AUTO_TEST_CASE(hsts_is_sent_when_the_public_url_is_https) {
    {
        Site site;
        BOOST_TEST(site.get("/").header("strict-transport-security").empty());
    }
    Site site;
    site.config.public_url = "https://radfraga.example.se";
    for (const auto* t :
         {"/", "/fraga/1", "/finns-inte", "/api/v1/categories", "/static/style.css", "/healthz"})
        BOOST_TEST(site.get(t).header("strict-transport-security") == "max-age=31536000", t);
    BOOST_TEST(site.app.protocol_error(srv::ProtocolError::header_too_large, "/")
                   ->header("strict-transport-security") == "max-age=31536000");
}

BOOST_AUTO_TEST_CASE(serving_in_the_clear_on_a_public_address_is_warned_about) {
    srv::Config c;
    BOOST_TEST(srv::config_warnings(c).empty());
    for (const auto* loopback : {"127.0.0.1", "127.0.0.2", "::1", "localhost"}) {
        c.listen = loopback;
        BOOST_TEST(srv::config_warnings(c).empty(), loopback);
    }
    for (const auto* open : {"0.0.0.0", "::", "192.168.1.5", "10.0.0.1"}) {
        c.listen = open;
        const auto w = srv::config_warnings(c);
        BOOST_REQUIRE_EQUAL(w.size(), 1u);
        BOOST_TEST(w.front().find("public-url") != std::string::npos, w.front());
    }
    c.public_url = "https://radfraga.example.se";
    BOOST_TEST(srv::config_warnings(c).empty());
}

BOOST_AUTO_TEST_CASE(cli_unknown_command_and_flag_are_usage_errors) {
    std::string out, err;
    BOOST_TEST(cli({"fly"}, out, err) == 2);
    BOOST_TEST(lines(err) == 1u);
    BOOST_TEST(err.find("unknown command") != std::string::npos);
    BOOST_TEST(cli({"export", "--nope"}, out, err) == 2);
    BOOST_TEST(lines(err) == 1u);
    BOOST_TEST(cli({}, out, err) == 2);
    BOOST_TEST(cli({"import"}, out, err) == 2);
}

BOOST_AUTO_TEST_CASE(cli_every_command_has_help) {
    for (const auto* c : {"serve", "import", "export", "backup", "user"}) {
        std::string out, err;
        BOOST_TEST(cli({c, "--help"}, out, err) == 0, c);
        BOOST_TEST(out.find("Usage: radfraga") != std::string::npos, c);
    }
}

BOOST_AUTO_TEST_CASE(cli_import_export_round_trip_and_reimport) {
    test::TempDir dir;
    const auto sample = (test::sample_archive()).string();
    std::string out, err;
    BOOST_TEST(cli({"import", "--data", dir.path().string(), sample}, out, err) == 0);
    BOOST_TEST(out.find("120 new") != std::string::npos);
    BOOST_TEST(cli({"import", "--data", dir.path().string(), sample}, out, err) == 0);
    BOOST_TEST(out.find("0 new, 0 updated, 120 unchanged") != std::string::npos);
    BOOST_TEST(cli({"export", "--data", dir.path().string()}, out, err) == 0);
    BOOST_TEST(lines(out) == 120u);
    // Re-importing the export changes nothing.
    test::write_file(dir / "export.jsonl", out);
    std::string out2;
    BOOST_TEST(cli({"import", "--data", dir.path().string(), (dir / "export.jsonl").string()}, out2,
                   err) == 0);
    BOOST_TEST(out2.find("120 unchanged") != std::string::npos);
}

// Long work shows progress on standard error: plain lines off a terminal, and always a
// final line with what was done and how long it took (core/progress.hpp).
BOOST_AUTO_TEST_CASE(cli_long_work_reports_progress_on_stderr) {
    test::TempDir dir;
    const auto d = (dir / "d").string();
    std::string out, err;
    BOOST_TEST(cli({"import", "--data", d, test::sample_archive().string()}, out, err) == 0);
    BOOST_TEST(err.find("Läser in arkivet: ") != std::string::npos);
    BOOST_TEST(err.find(" kB klart på ") != std::string::npos);
    BOOST_TEST(err.find('\r') == std::string::npos);
    err.clear();
    BOOST_TEST(cli({"reindex", "--data", d}, out, err) == 0);
    BOOST_TEST(err.find("Bygger sökindexet: 120 frågor klart på ") != std::string::npos);
    err.clear();
    BOOST_TEST(cli({"backup", "--data", d, (dir / "b.db").string()}, out, err) == 0);
    BOOST_TEST(err.find("Säkerhetskopierar: ") != std::string::npos);
    BOOST_TEST(err.find(" sidor klart på ") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(cli_import_with_bad_lines_exits_1_and_names_them) {
    test::TempDir dir;
    test::write_file(dir / "in.jsonl", kGood + "\nnot json\n");
    std::string out, err;
    BOOST_TEST(cli({"import", "--data", (dir / "d").string(), (dir / "in.jsonl").string()}, out,
                   err) == 1);
    BOOST_TEST(err.find("in.jsonl:2:") != std::string::npos);
    BOOST_TEST(out.find("1 new") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(cli_corrupt_database_is_one_clear_error) {
    test::TempDir dir;
    std::filesystem::create_directories(dir / "d");
    test::write_file(dir / "d" / "radfraga.db", std::string(8192, 'z'));
    std::string out, err;
    BOOST_TEST(cli({"export", "--data", (dir / "d").string()}, out, err) == 1);
    BOOST_TEST(lines(err) == 1u);
    BOOST_TEST(err.find("radfraga: error:") == 0u);
    BOOST_TEST(test::read_file(dir / "d" / "radfraga.db") == std::string(8192, 'z'));
}

BOOST_AUTO_TEST_CASE(cli_data_folder_that_is_a_file_is_one_clear_error) {
    test::TempDir dir;
    test::write_file(dir / "file", "x");
    std::string out, err;
    BOOST_TEST(cli({"export", "--data", (dir / "file").string()}, out, err) == 1);
    BOOST_TEST(lines(err) == 1u);
    BOOST_TEST(cli({"export", "--data", (dir / "file" / "sub").string()}, out, err) == 1);
    BOOST_TEST(lines(err) == 1u);
}

// Root may write anywhere, so under root (as in CI) the check runs in a child that has
// given up root for "nobody": the folder is then read-only to it, as to any other user.
BOOST_AUTO_TEST_CASE(cli_read_only_data_folder_is_one_clear_error) {
    test::TempDir dir;
    std::filesystem::create_directories(dir / "ro");
    std::filesystem::permissions(
        dir / "ro", std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec |
                        std::filesystem::perms::group_read | std::filesystem::perms::group_exec |
                        std::filesystem::perms::others_read | std::filesystem::perms::others_exec);
    const auto check = [&] {
        std::string out, err;
        return cli({"export", "--data", (dir / "ro").string()}, out, err) == 1 &&
               err.find("not writable") != std::string::npos;
    };
    if (::geteuid() != 0) {
        BOOST_TEST(check());
    } else {
        // The temporary folder must be passable for the child.
        std::filesystem::permissions(dir.path(), std::filesystem::perms::others_exec,
                                     std::filesystem::perm_options::add);
        const pid_t pid = ::fork();
        BOOST_REQUIRE(pid >= 0);
        if (pid == 0) {
            if (::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(2);
            ::_exit(check() ? 0 : 1);
        }
        int status = 0;
        BOOST_REQUIRE(::waitpid(pid, &status, 0) == pid);
        BOOST_TEST(WIFEXITED(status));
        BOOST_TEST(WEXITSTATUS(status) == 0, "the child as nobody: " << WEXITSTATUS(status));
    }
    std::filesystem::permissions(dir / "ro", std::filesystem::perms::owner_all);
}

// The last line of `out`, without its newline.
std::string last_line(const std::string& out) {
    auto s = out;
    if (!s.empty() && s.back() == '\n') s.pop_back();
    return s.substr(s.rfind('\n') + 1);
}

BOOST_AUTO_TEST_CASE(cli_user_add_prints_an_enrolment_link_and_sets_no_password) {
    test::TempDir dir;
    std::string out, err;
    const auto d = dir.path().string();
    BOOST_TEST(cli({"user", "add", "--data", d, "anna", "--name", "Anna Berg", "--admin",
                    "--public-url", "https://radfraga.example.se/"},
                   out, err) == 0);
    const auto link = last_line(out);
    BOOST_TEST(link.starts_with("https://radfraga.example.se/expert/valkommen/"));
    const auto token = link.substr(link.rfind('/') + 1);
    BOOST_TEST(token.size() == 43u);  // 32 random bytes, base64url
    BOOST_TEST(cli({"user", "add", "--data", d, "anna", "--name", "Igen"}, out, err) == 1);
    BOOST_TEST(cli({"user", "list", "--data", d}, out, err) == 0);
    BOOST_TEST(out.find("anna\tAnna Berg\tadmin\tactive\tno-totp") != std::string::npos);
    // Only the token's hash is stored; the account has no usable password.
    radfraga::ManualClock clock(1'790'000'000);
    {
        rs::Store store(dir / "radfraga.db", clock);
        BOOST_TEST(store.accounts().expert_auth("anna")->password_hash.empty());
        BOOST_TEST(store.accounts().enrolment(radfraga::sha256(token)).has_value());
    }
    BOOST_TEST(test::read_file(dir / "radfraga.db").find(token) == std::string::npos);
    // Without --public-url the server's setting is used (here from radfraga.conf).
    test::write_file(dir / "radfraga.conf", "public-url = https://fraga.kommun.se\n");
    BOOST_TEST(cli({"user", "add", "--data", d, "bo", "--name", "Bo"}, out, err) == 0);
    BOOST_TEST(last_line(out).starts_with("https://fraga.kommun.se/expert/valkommen/"));
}

BOOST_AUTO_TEST_CASE(cli_password_stdin_only_together_with_a_totp_key) {
    test::TempDir dir;
    std::string out, err;
    const auto d = dir.path().string();
    BOOST_TEST(cli({"user", "add", "--data", d, "anna", "--name", "Anna", "--password-stdin"}, out,
                   err, "ett långt lösenord 123\n") == 2);
    BOOST_TEST(err.find("--totp-secret-stdin") != std::string::npos);
    BOOST_TEST(cli({"user", "add", "--data", d, "anna", "--name", "Anna", "--totp-secret-stdin"},
                   out, err, "JBSWY3DPEHPK3PXPJBSWY3DP\n") == 2);
    const std::vector<std::string> both = {"user",
                                           "add",
                                           "--data",
                                           d,
                                           "anna",
                                           "--name",
                                           "Anna Berg",
                                           "--password-stdin",
                                           "--totp-secret-stdin"};
    // The password rules apply here too.
    BOOST_TEST(cli(both, out, err, "kort\nJBSWY3DPEHPK3PXPJBSWY3DP\n") == 1);
    BOOST_TEST(cli(both, out, err, "sommar2024sommar\nJBSWY3DPEHPK3PXPJBSWY3DP\n") == 1);
    BOOST_TEST(cli(both, out, err, "ett långt lösenord 123\nnot base32!\n") == 1);
    BOOST_TEST(cli(both, out, err, "ett långt lösenord 123\njbsw y3dp ehpk 3pxp jbsw y3dp\n") == 0);
    BOOST_TEST(out.find("valkommen") == std::string::npos);
    BOOST_TEST(cli({"user", "list", "--data", d}, out, err) == 0);
    BOOST_TEST(out.find("anna\tAnna Berg\texpert\tactive\ttotp") != std::string::npos);
    BOOST_TEST(test::read_file(dir / "radfraga.db").find("ett långt lösenord") ==
               std::string::npos);
    BOOST_TEST(cli({"user", "disable", "--data", d, "anna"}, out, err) == 0);
    BOOST_TEST(cli({"user", "disable", "--data", d, "bertil"}, out, err) == 1);
}

BOOST_AUTO_TEST_CASE(cli_user_reset_ends_sessions_clears_totp_and_prints_a_new_link) {
    test::TempDir dir;
    std::string out, err;
    const auto d = dir.path().string();
    BOOST_TEST(cli({"user", "add", "--data", d, "anna", "--name", "Anna", "--password-stdin",
                    "--totp-secret-stdin"},
                   out, err, "ett långt lösenord 123\nJBSWY3DPEHPK3PXPJBSWY3DP\n") == 0);
    radfraga::ManualClock clock(1'790'000'000);
    const auto session = radfraga::sha256("a session");
    {
        rs::Store store(dir / "radfraga.db", clock);
        store.accounts().create_session(session, store.accounts().expert_auth("anna")->id, true);
    }
    BOOST_TEST(cli({"user", "reset", "--data", d, "bertil"}, out, err) == 1);
    BOOST_TEST(
        cli({"user", "reset", "--data", d, "anna", "--public-url", "https://r.se"}, out, err) == 0);
    const auto link = last_line(out);
    BOOST_TEST(link.starts_with("https://r.se/expert/valkommen/"));
    rs::Store store(dir / "radfraga.db", clock);
    BOOST_TEST(!store.accounts().session(session, 1800, 43200).has_value());
    const auto auth = store.accounts().expert_auth("anna");
    BOOST_TEST(auth->password_hash.empty());
    BOOST_TEST(auth->totp_secret_ct.empty());
    BOOST_TEST(
        store.accounts().enrolment(radfraga::sha256(link.substr(link.rfind('/') + 1))).has_value());
}

BOOST_AUTO_TEST_CASE(cli_backup_writes_a_usable_copy) {
    test::TempDir dir;
    const auto sample = (test::sample_archive()).string();
    std::string out, err;
    BOOST_TEST(cli({"import", "--data", (dir / "d").string(), sample}, out, err) == 0);
    BOOST_TEST(cli({"backup", "--data", (dir / "d").string(), (dir / "b.db").string()}, out, err) ==
               0);
    std::filesystem::create_directories(dir / "restored");
    std::filesystem::copy_file(dir / "b.db", dir / "restored" / "radfraga.db");
    BOOST_TEST(cli({"export", "--data", (dir / "restored").string()}, out, err) == 0);
    BOOST_TEST(lines(out) == 120u);
}

namespace {
// Paths under `dir` (and `dir` itself) that the group or others may read, write or enter.
std::vector<std::string> loose_paths(const std::filesystem::path& dir) {
    namespace fs = std::filesystem;
    std::vector<std::string> loose;
    const auto check = [&](const fs::path& p) {
        const auto perms = fs::symlink_status(p).permissions();
        if ((perms & (fs::perms::group_all | fs::perms::others_all)) != fs::perms::none)
            loose.push_back(p.string());
    };
    check(dir);
    if (fs::is_directory(dir))
        for (const auto& e : fs::recursive_directory_iterator(dir)) check(e.path());
    return loose;
}
}  // namespace

BOOST_AUTO_TEST_CASE(cli_data_folder_is_private_whatever_the_umask) {
    test::TempDir dir;
    const auto old_mask = ::umask(022);
    const auto d = dir / "d";
    std::filesystem::create_directories(d / "keys");        // 0755 under this umask
    test::write_file(d / "radfraga.conf", "# settings\n");  // 0644
    test::write_file(d / "keys" / "old.pem", "x");
    std::string out, err;
    BOOST_TEST(cli({"import", "--data", d.string(), test::sample_archive().string()}, out, err) ==
               0);
    // Looser modes found at start are reported (without the files' contents) and repaired.
    BOOST_TEST(err.find("radfraga: warning:") != std::string::npos, err);
    BOOST_TEST(err.find("radfraga.conf") != std::string::npos, err);
    BOOST_TEST(cli({"reindex", "--data", d.string()}, out, err) == 0);
    BOOST_TEST(std::filesystem::exists(d / "radfraga.db"));
    BOOST_TEST(std::filesystem::exists(d / "index"));
    BOOST_TEST(loose_paths(d).empty(),
               "loose: " << (loose_paths(d).empty() ? "" : loose_paths(d).front()));
    // A backup is private too, also where it replaces a file that was not.
    test::write_file(dir / "b.db", "old");
    ::umask(022);
    BOOST_TEST(cli({"backup", "--data", d.string(), (dir / "b.db").string()}, out, err) == 0);
    BOOST_TEST(loose_paths(dir / "b.db").empty());
    ::umask(022);
    BOOST_TEST(cli({"backup", "--data", d.string(), (dir / "b2.db").string()}, out, err) == 0);
    BOOST_TEST(loose_paths(dir / "b2.db").empty());
    // Nothing loose left: no warning the next time.
    ::umask(022);
    BOOST_TEST(cli({"export", "--data", d.string()}, out, err) == 0);
    BOOST_TEST(err.find("warning") == std::string::npos, err);
    ::umask(old_mask);
}

BOOST_AUTO_TEST_CASE(access_lines_are_written_in_batches_and_in_order) {
    std::ostringstream out;
    {
        srv::LogSink sink(out, [] { return std::string("T"); });
        sink.line("access GET / 200 8115 0ms");
        sink.line("access GET /om 200 5120 0ms");
        BOOST_TEST(out.str().empty());  // gathered, not yet written
        // Any other line is written at once, after the access lines gathered before it.
        sink.line("store: database is locked");
        BOOST_TEST(
            out.str() ==
            "T radfraga: access GET / 200 8115 0ms\nT radfraga: access GET /om 200 5120 0ms\n"
            "T radfraga: store: database is locked\n");
        sink.line("access GET /sok 200 10044 1ms");
        sink.flush();  // what the server's 250 ms task does
        BOOST_TEST(out.str().ends_with("T radfraga: access GET /sok 200 10044 1ms\n"));
        // 16 KiB gathered are written without waiting.
        const auto before = out.str().size();
        for (int i = 0; i < 600; ++i)
            sink.line("access GET /fraga/" + std::to_string(i) + " 200 7451 0ms");
        BOOST_TEST(out.str().size() > before);
        sink.line("access GET /fraga/last 200 7451 0ms");
    }
    // The destructor writes what is left: no line is lost at shutdown.
    BOOST_TEST(out.str().ends_with("T radfraga: access GET /fraga/last 200 7451 0ms\n"));
    BOOST_TEST(lines(out.str()) == 605u);
}

// ---- the Beast session, over a real socket ----

namespace {
std::string roundtrip(std::uint16_t port, const std::string& request, int shutdown_after_ms = 0) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    BOOST_REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
    timeval tv{15, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    std::size_t sent = 0;
    while (sent < request.size()) {
        const auto n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) break;
        sent += static_cast<std::size_t>(n);
    }
    if (shutdown_after_ms)
        std::this_thread::sleep_for(std::chrono::milliseconds(shutdown_after_ms));
    std::string reply;
    char buf[4096];
    for (;;) {
        const auto n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) break;
        reply.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return reply;
}
}  // namespace

namespace {
void check_protocol_limits(unsigned io_threads) {
    Site site;
    srv::ServerOptions opt;
    opt.port = 0;
    opt.io_threads = io_threads;
    opt.header_timeout = std::chrono::seconds(1);
    opt.request_timeout = std::chrono::seconds(2);
    opt.idle_timeout = std::chrono::seconds(1);
    std::promise<std::uint16_t> ready;
    std::mutex log_mu;
    std::vector<std::string> log;
    std::thread t([&] {
        srv::run_server(
            site.app, opt, site.random, site.clock, {},
            [&](const std::string& l) {
                std::lock_guard g(log_mu);
                log.push_back(l);
            },
            [&](std::uint16_t p) { ready.set_value(p); });
    });
    const auto port = ready.get_future().get();

    auto ok = roundtrip(port, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    BOOST_TEST(ok.rfind("HTTP/1.1 200", 0) == 0u);

    auto te = roundtrip(
        port, "POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
    BOOST_TEST(te.rfind("HTTP/1.1 400", 0) == 0u, te);

    auto big = roundtrip(port, "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 70000\r\n\r\n" +
                                   std::string(70000, 'a'));
    BOOST_TEST(big.rfind("HTTP/1.1 413", 0) == 0u, big.substr(0, 40));

    auto huge_header = roundtrip(
        port, "GET / HTTP/1.1\r\nHost: x\r\nX-A: " + std::string(20000, 'a') + "\r\n\r\n");
    BOOST_TEST(huge_header.rfind("HTTP/1.1 431", 0) == 0u, huge_header.substr(0, 40));

    auto garbage = roundtrip(port, "BLAH\x01\x02 / HTTP/9\r\n\r\n");
    BOOST_TEST(garbage.rfind("HTTP/1.1 400", 0) == 0u, garbage.substr(0, 40));

    // Errors the HTTP layer writes itself carry the security headers of every response.
    for (const auto* reply : {&te, &big, &huge_header, &garbage}) {
        const auto head = reply->substr(0, reply->find("\r\n\r\n"));
        BOOST_TEST(
            head.find("\r\ncontent-security-policy: default-src 'none'") != std::string::npos,
            head);
        BOOST_TEST(head.find("\r\nx-content-type-options: nosniff") != std::string::npos, head);
        BOOST_TEST(head.find("\r\nx-frame-options: DENY") != std::string::npos, head);
        BOOST_TEST(head.find("\r\nreferrer-policy: no-referrer") != std::string::npos, head);
        BOOST_TEST(head.find("\r\ncache-control: no-store") != std::string::npos, head);
    }

    // Under /api/ those errors are the API's JSON errors, also for a request line too long to read.
    auto api_big =
        roundtrip(port,
                  "POST /api/v1/questions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                  "Content-Length: 70000\r\n\r\n" +
                      std::string(70000, ' '));
    BOOST_TEST(api_big.rfind("HTTP/1.1 413", 0) == 0u, api_big.substr(0, 40));
    BOOST_TEST(api_big.find("\"code\":\"body_too_large\"") != std::string::npos, api_big);
    auto api_long = roundtrip(
        port, "GET /api/v1/search?q=" + std::string(20000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n");
    BOOST_TEST(api_long.rfind("HTTP/1.1 431", 0) == 0u, api_long.substr(0, 40));
    BOOST_TEST(api_long.find("content-type: application/json") != std::string::npos, api_long);

    // A slow client that never finishes its headers is cut off after the header deadline.
    const auto t0 = std::chrono::steady_clock::now();
    auto slow = roundtrip(port, "GET / HTTP/1.1\r\nHost: x\r\n");
    const auto waited = std::chrono::steady_clock::now() - t0;
    BOOST_TEST(slow.empty());
    BOOST_TEST(waited < std::chrono::seconds(5));

    // HEAD gets the headers of GET and no body.
    auto head = roundtrip(port, "HEAD /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    BOOST_TEST(head.find("Content-Length: 3") != std::string::npos);
    BOOST_TEST(head.substr(head.size() - 4) == "\r\n\r\n");

    // Keep-alive: two requests on one connection (pipelined) get two whole responses,
    // and only the last says it closes. (The header block is written from a buffer the
    // connection reuses.)
    auto two = roundtrip(port,
                         "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                         "GET /robots.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    const auto second = two.find("HTTP/1.1 200", 1);
    BOOST_TEST(two.rfind("HTTP/1.1 200 OK\r\n", 0) == 0u, two.substr(0, 40));
    BOOST_REQUIRE(second != std::string::npos);
    BOOST_TEST(two.substr(0, second).find("Connection: close") == std::string::npos);
    BOOST_TEST(two.find("Connection: close", second) != std::string::npos);
    BOOST_TEST(two.find("Disallow", second) != std::string::npos);
    // HTTP/1.0 is answered in 1.0; keep-alive only when asked for, and then said.
    auto old10 = roundtrip(port, "GET /healthz HTTP/1.0\r\n\r\n");
    BOOST_TEST(old10.rfind("HTTP/1.0 200 OK\r\n", 0) == 0u, old10.substr(0, 40));
    BOOST_TEST(old10.find("Connection:") == std::string::npos);
    auto kept10 = roundtrip(port, "GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    BOOST_TEST(kept10.find("Connection: keep-alive\r\n") != std::string::npos,
               kept10.substr(0, 200));

    std::raise(SIGTERM);
    t.join();
    std::lock_guard g(log_mu);
    for (const auto& l : log) {
        BOOST_TEST((l.find("127.0.0.1:") == std::string::npos || l.rfind("listening", 0) == 0), l);
    }
}
}  // namespace

BOOST_AUTO_TEST_CASE(session_enforces_protocol_limits) {
    check_protocol_limits(1);
}

// The same with two I/O threads: sessions, the acceptor and shutdown on their strands.
BOOST_AUTO_TEST_CASE(session_enforces_protocol_limits_with_two_io_threads) {
    check_protocol_limits(2);
}

// GET /metrics: only for a request the server marked as the operator's; counters by
// route class and status, the queue's gauges; nothing from the requests themselves.
BOOST_AUTO_TEST_CASE(metrics_only_for_the_operator_and_without_personal_labels) {
    Site site;
    site.ask("Hyran och Lisa Andersson",
             "Jag heter Lisa Andersson och undrar hur hyran räknas i normen.", "c1");
    site.metrics.observe_request("GET", "/kvitto/HEMLIGTKVITTO", 200, 0.002);
    site.metrics.observe_request("POST", "/api/v1/receipts/status", 404, 0.001);
    site.metrics.observe_request("GET", "/fraga/12-hyra?x=Lisa", 200, 0.001);
    srv::Request r;
    r.method = "GET";
    r.target = "/metrics";
    BOOST_TEST(site.app.handle(r).status == 404);  // not the operator: the route does not exist
    r.operator_peer = true;
    const auto res = site.app.handle(r);
    BOOST_TEST(res.status == 200);
    BOOST_TEST(std::string(res.header("content-type")).starts_with("text/plain; version=0.0.4"));
    BOOST_TEST(std::string(res.header("cache-control")) == "no-store");
    const auto& b = res.body;
    BOOST_TEST(b.find("radfraga_http_requests_total{route=\"receipt\",status=\"200\"} 1") !=
               std::string::npos);
    BOOST_TEST(b.find("radfraga_http_requests_total{route=\"api_receipts\",status=\"404\"} 1") !=
               std::string::npos);
    BOOST_TEST(
        b.find(
            "radfraga_http_request_duration_seconds_bucket{route=\"question\",le=\"0.001\"} 1") !=
        std::string::npos);
    BOOST_TEST(b.find("radfraga_queue_questions 1") != std::string::npos);
    BOOST_TEST(b.find("radfraga_published_questions 120") != std::string::npos);
    BOOST_TEST(b.find("radfraga_database_bytes ") != std::string::npos);
    for (const char* secret : {"HEMLIGTKVITTO", "Lisa", "Andersson", "hyra", "c1"})
        BOOST_TEST(b.find(secret) == std::string::npos, secret);
    r.method = "POST";
    BOOST_TEST(site.app.handle(r).status == 405);
    BOOST_TEST(srv::route_class("GET", "/amne/boende") == "topic");
    BOOST_TEST(srv::route_class("GET", "/expert/fraga/3") == "expert");
    BOOST_TEST(srv::route_class("GET", "/anything/else") == "other");
}

BOOST_AUTO_TEST_SUITE_END()
