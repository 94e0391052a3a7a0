// server/...: archive format, routes as plain functions, CLI errors, the Beast session.
#define BOOST_TEST_MODULE server
#include <boost/test/unit_test.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <csignal>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>

#include "server/app.hpp"
#include "server/archive.hpp"
#include "server/cli.hpp"
#include "server/server.hpp"
#include "tests/support/temp_dir.hpp"

namespace rs = radfraga::store;
namespace srv = radfraga::server;
namespace test = radfraga::test;
using radfraga::ManualClock;

namespace {

const std::string kGood =
    R"({"id": "t1", "title": "Hyran", "question": "Räknas hyran?", "pseudonym": "Orolig", )"
    R"("answer": "Ja.", "signature": "Socialrådgivningen", "category": "boende", )"
    R"("asked_at": "2024-03-30T23:30:00+01:00", "answered_at": "2024-04-02T10:00:00+02:00"})";

class FixedRandom final : public radfraga::Random {
public:
    void fill(std::span<unsigned char> out) override {
        for (auto& b : out) b = static_cast<unsigned char>(n_++);
    }

private:
    unsigned n_ = 1;
};

// A store with the sample archive and an App over it.
struct Site {
    test::TempDir dir;
    ManualClock clock{1'790'000'000};  // 2026-09
    FixedRandom random;
    rs::Store store{dir / "radfraga.db", clock};
    radfraga::web::Renderer renderer;
    radfraga::web::Assets assets;
    srv::Config config;
    std::vector<std::string> errors;
    radfraga::SecretBox originals{radfraga::Bytes(32, 7)};
    std::unique_ptr<radfraga::search::Index> index;
    std::unique_ptr<srv::App> app_;
    const srv::App& app;
    Site() : app(init()) {}
    const srv::App& init() {
        std::ifstream in(test::sample_archive());
        const auto report = srv::import_archive(in, store);
        BOOST_REQUIRE_EQUAL(report.inserted, 120u);
        radfraga::search::Options o;
        o.dir = dir / "index";
        index = std::make_unique<radfraga::search::Index>(store, o);
        app_ = std::make_unique<srv::App>(srv::AppDeps{store, renderer, assets, clock, random, config,
                              [this](const std::string& e) { errors.push_back(e); }, originals,
                              // Tests of the site mark redactions visibly instead of running the redactor.
                              [](std::string_view s) { return "«" + std::string(s) + "»"; }, *index});
        return *app_;
    }
    srv::Response get(const std::string& target) const {
        srv::Request r;
        r.method = "GET";
        r.target = target;
        return app.handle(r);
    }
};

int cli(const std::vector<std::string>& args, std::string& out, std::string& err, const std::string& input = "") {
    std::istringstream in(input);
    std::ostringstream o, e;
    const int rc = srv::run_cli(args, in, o, e);
    out = o.str();
    err = e.str();
    return rc;
}

std::size_t lines(const std::string& s) { return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n')); }

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
        {R"({"id": "a b", "title": "t", "question": "q", "answer": "a", "category": "boende", "asked_at": "2024-01-01T00:00:00Z", "answered_at": "2024-01-02T00:00:00Z"})", "field \"id\""},
        {R"({"id": "a", "title": "t", "question": "q", "answer": "a", "category": "boende", "asked_at": "2024-02-30T00:00:00Z", "answered_at": "2024-03-02T00:00:00Z"})", "asked_at"},
        {R"({"id": "a", "title": 5, "question": "q", "answer": "a", "category": "boende", "asked_at": "2024-01-01T00:00:00Z", "answered_at": "2024-01-02T00:00:00Z"})", "not a string"},
        {R"({"id": "a", "title": "t\u0007", "question": "q", "answer": "a", "category": "boende", "asked_at": "2024-01-01T00:00:00Z", "answered_at": "2024-01-02T00:00:00Z"})", "control characters"},
        {R"({"id": "a", "title": "  ", "question": "q", "answer": "a", "category": "boende", "asked_at": "2024-01-01T00:00:00Z", "answered_at": "2024-01-02T00:00:00Z"})", "empty"},
        {R"({"id": "a", "title": "t", "question": "q", "answer": "a", "category": "boende", "asked_at": "2024-01-03T00:00:00Z", "answered_at": "2024-01-02T00:00:00Z"})", "before"},
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

BOOST_AUTO_TEST_CASE(healthz_answers_ok) {
    Site site;
    const auto r = site.get("/healthz");
    BOOST_TEST(r.status == 200);
    BOOST_TEST(r.body == "ok\n");
}

BOOST_AUTO_TEST_CASE(question_page_shows_a_published_answer) {
    Site site;
    const auto id = site.store.find_by_external_id("s001");
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
        BOOST_TEST(r.header("content-security-policy").find("frame-ancestors 'none'") != std::string::npos, t);
        BOOST_TEST(r.header("content-security-policy").find("unsafe-inline") == std::string::npos, t);
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
                          "/static/..%2fstyle.css", "/static/style.css%00.js", "/static//etc/passwd",
                          "/static/%5c..%5cstyle.css"})
        BOOST_TEST(site.get(t).status == 404, t);
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

// ---- CLI ----

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
    BOOST_TEST(cli({"import", "--data", dir.path().string(), (dir / "export.jsonl").string()}, out2, err) == 0);
    BOOST_TEST(out2.find("120 unchanged") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(cli_import_with_bad_lines_exits_1_and_names_them) {
    test::TempDir dir;
    test::write_file(dir / "in.jsonl", kGood + "\nnot json\n");
    std::string out, err;
    BOOST_TEST(cli({"import", "--data", (dir / "d").string(), (dir / "in.jsonl").string()}, out, err) == 1);
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

BOOST_AUTO_TEST_CASE(cli_read_only_data_folder_is_one_clear_error) {
    if (::geteuid() == 0) {
        BOOST_TEST_MESSAGE("running as root, which may write anywhere: read-only folder not testable");
        return;
    }
    test::TempDir dir;
    std::filesystem::create_directories(dir / "ro");
    std::filesystem::permissions(dir / "ro", std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
    std::string out, err;
    BOOST_TEST(cli({"export", "--data", (dir / "ro").string()}, out, err) == 1);
    BOOST_TEST(err.find("not writable") != std::string::npos);
    std::filesystem::permissions(dir / "ro", std::filesystem::perms::owner_all);
}

BOOST_AUTO_TEST_CASE(cli_users_are_added_with_hashed_passwords) {
    test::TempDir dir;
    std::string out, err;
    const auto d = dir.path().string();
    BOOST_TEST(cli({"user", "add", "--data", d, "anna", "--name", "Anna Berg"}, out, err, "kort\n") == 1);
    BOOST_TEST(cli({"user", "add", "--data", d, "anna", "--name", "Anna Berg", "--role", "admin"}, out, err,
                   "ett långt lösenord 123\n") == 0);
    BOOST_TEST(cli({"user", "add", "--data", d, "anna", "--name", "Igen"}, out, err, "ett långt lösenord 123\n") == 1);
    BOOST_TEST(cli({"user", "list", "--data", d}, out, err) == 0);
    BOOST_TEST(out.find("anna\tAnna Berg\tadmin\tactive") != std::string::npos);
    BOOST_TEST(cli({"user", "disable", "--data", d, "anna"}, out, err) == 0);
    BOOST_TEST(cli({"user", "disable", "--data", d, "bertil"}, out, err) == 1);
    BOOST_TEST(test::read_file(dir / "radfraga.db").find("ett långt lösenord") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(cli_backup_writes_a_usable_copy) {
    test::TempDir dir;
    const auto sample = (test::sample_archive()).string();
    std::string out, err;
    BOOST_TEST(cli({"import", "--data", (dir / "d").string(), sample}, out, err) == 0);
    BOOST_TEST(cli({"backup", "--data", (dir / "d").string(), (dir / "b.db").string()}, out, err) == 0);
    std::filesystem::create_directories(dir / "restored");
    std::filesystem::copy_file(dir / "b.db", dir / "restored" / "radfraga.db");
    BOOST_TEST(cli({"export", "--data", (dir / "restored").string()}, out, err) == 0);
    BOOST_TEST(lines(out) == 120u);
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
    if (shutdown_after_ms) std::this_thread::sleep_for(std::chrono::milliseconds(shutdown_after_ms));
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

BOOST_AUTO_TEST_CASE(session_enforces_protocol_limits) {
    Site site;
    srv::ServerOptions opt;
    opt.port = 0;
    opt.header_timeout = std::chrono::seconds(1);
    opt.request_timeout = std::chrono::seconds(2);
    opt.idle_timeout = std::chrono::seconds(1);
    std::promise<std::uint16_t> ready;
    std::mutex log_mu;
    std::vector<std::string> log;
    std::thread t([&] {
        srv::run_server(site.app, opt, site.random, site.clock, {},
                        [&](const std::string& l) { std::lock_guard g(log_mu); log.push_back(l); },
                        [&](std::uint16_t p) { ready.set_value(p); });
    });
    const auto port = ready.get_future().get();

    auto ok = roundtrip(port, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    BOOST_TEST(ok.rfind("HTTP/1.1 200", 0) == 0u);

    auto te = roundtrip(port, "POST /x HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
    BOOST_TEST(te.rfind("HTTP/1.1 400", 0) == 0u, te);

    auto big = roundtrip(port, "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 70000\r\n\r\n" + std::string(70000, 'a'));
    BOOST_TEST(big.rfind("HTTP/1.1 413", 0) == 0u, big.substr(0, 40));

    auto huge_header = roundtrip(port, "GET / HTTP/1.1\r\nHost: x\r\nX-A: " + std::string(20000, 'a') + "\r\n\r\n");
    BOOST_TEST(huge_header.rfind("HTTP/1.1 431", 0) == 0u, huge_header.substr(0, 40));

    auto garbage = roundtrip(port, "BLAH\x01\x02 / HTTP/9\r\n\r\n");
    BOOST_TEST(garbage.rfind("HTTP/1.1 400", 0) == 0u, garbage.substr(0, 40));

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

    std::raise(SIGTERM);
    t.join();
    std::lock_guard g(log_mu);
    for (const auto& l : log) {
        BOOST_TEST((l.find("127.0.0.1:") == std::string::npos || l.rfind("listening", 0) == 0), l);
    }
}

BOOST_AUTO_TEST_SUITE_END()
