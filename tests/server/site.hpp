// A site for handler tests: the sample archive in a temporary store, a real search
// index, redactor and signing key, and an App over them. No sockets.
#pragma once
#include <boost/test/unit_test.hpp>

#include <cctype>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "core/signing.hpp"
#include "core/totp.hpp"
#include "moderation/redactor.hpp"
#include "moderation/triage.hpp"
#include "search/search.hpp"
#include "server/app.hpp"
#include "server/archive.hpp"
#include "server/password.hpp"
#include "tests/support/temp_dir.hpp"

namespace radfraga::test {

namespace rs = radfraga::store;
namespace srv = radfraga::server;

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
    // Loading the redactor's word lists (Hunspell) costs about half a second, most of a
    // test's set-up: one Redactor serves every test. Its only state, the allow-list, is
    // emptied for each Site in init().
    radfraga::moderation::Redactor& redactor = shared_redactor();
    static radfraga::moderation::Redactor& shared_redactor() {
        static radfraga::moderation::Redactor r;
        return r;
    }
    // Loading Hunspell takes about a second: one Triage serves every test (it is immutable).
    const radfraga::moderation::Triage& triage = shared_triage();
    static const radfraga::moderation::Triage& shared_triage() {
        static const radfraga::moderation::Triage t;
        return t;
    }
    std::unique_ptr<radfraga::Signer> signer;
    srv::Metrics metrics;
    std::unique_ptr<srv::App> app_;
    const srv::App& app;
    Site() : app(init()) {}
    const srv::App& init() {
        redactor.set_allow_list(radfraga::moderation::AllowList{});
        std::ifstream in(test::sample_archive());
        const auto report = srv::import_archive(in, store);
        BOOST_REQUIRE_EQUAL(report.inserted, 120u);
        radfraga::search::Options o;
        o.dir = dir / "index";
        index = std::make_unique<radfraga::search::Index>(store, o);
        signer = std::make_unique<radfraga::Signer>(
            radfraga::Signer::load_or_create(dir / "signing.pem", random));
        app_ = make_app();
        return *app_;
    }
    // An App over this site's store and index: also a restarted server's.
    std::unique_ptr<srv::App> make_app() {
        return std::make_unique<srv::App>(srv::AppDeps{
            store, renderer, assets, clock, random, config,
            [this](const std::string& e) { errors.push_back(e); }, originals,
            // Tests of the site mark redactions visibly instead of running the redactor.
            [](std::string_view s) { return "«" + std::string(s) + "»"; }, *index, redactor,
            *signer, triage, &metrics});
    }
    // An account with a password and a TOTP key (base32), as `radfraga user add
    // --password-stdin --totp-secret-stdin` makes it.
    radfraga::ExpertId add_enrolled_expert(const std::string& username, const std::string& name,
                                           rs::Role role, const std::string& password,
                                           const std::string& key) {
        const auto id = store.accounts().add_expert(
            {username, name, role, srv::hash_password(password, random)});
        store.accounts().set_totp_secret(
            id,
            originals.seal(
                key, radfraga::secret_aad(radfraga::SecretPurpose::totp_secret, id.value), random),
            0);
        return id;
    }
    srv::Response get(const std::string& target) const {
        srv::Request r;
        r.method = "GET";
        r.target = target;
        return app.handle(r);
    }
    srv::Response post(const std::string& target, const std::string& body,
                       const std::string& client = "c1",
                       const std::string& content_type = "application/x-www-form-urlencoded",
                       const std::string& method = "POST") const {
        srv::Request r;
        r.method = method;
        r.target = target;
        r.body = body;
        r.client_key = client;
        r.headers.emplace_back("content-type", content_type);
        r.headers.emplace_back("host", "localhost:8080");
        return app.handle(r);
    }
    // The anti-forgery token of a page's forms.
    std::string token(const std::string& page = "/stall-en-fraga") const {
        const auto body = get(page).body;
        const std::string marker = "name=\"skydd\" value=\"";
        const auto at = body.find(marker);
        BOOST_REQUIRE(at != std::string::npos);
        const auto start = at + marker.size();
        return body.substr(start, body.find('"', start) - start);
    }
    // The page a 303 leads to (as a browser follows it), else `r` itself.
    srv::Response follow(const srv::Response& r) const {
        if (r.status != 303) return r;
        return get(std::string(r.header("location")));
    }
    // Asks a question through the form; returns the receipt path.
    std::string ask(const std::string& title, const std::string& question,
                    const std::string& client = "c1") const {
        const auto posted = post("/stall-en-fraga",
                                 "skydd=" + enc(token()) + "&rubrik=" + enc(title) +
                                     "&fraga=" + enc(question) + "&signatur=Orolig&amne=boende",
                                 client);
        BOOST_REQUIRE_EQUAL(posted.status, 303);
        const auto r = follow(posted);
        BOOST_REQUIRE_EQUAL(r.status, 200);
        const auto at = r.body.find("href=\"/kvitto/");
        BOOST_REQUIRE(at != std::string::npos);
        return r.body.substr(at + 6, r.body.find('"', at + 6) - at - 6);
    }
    static std::string enc(const std::string& s) {
        static const char* hex = "0123456789ABCDEF";
        std::string o;
        for (const char ch : s) {
            const auto c = static_cast<unsigned char>(ch);
            if (std::isalnum(c))
                o += static_cast<char>(c);
            else {
                o += '%';
                o += hex[c >> 4];
                o += hex[c & 15];
            }
        }
        return o;
    }
};

// The text between the first `a` in `s` and the next `b` after it; empty if no `a`.
inline std::string between(const std::string& s, const std::string& a, const std::string& b) {
    const auto i = s.find(a);
    if (i == std::string::npos) return {};
    const auto j = s.find(b, i + a.size());
    return s.substr(i + a.size(), j - i - a.size());
}

// One browser on a Site: keeps its session cookie (dropped when the server expires it)
// and the last CSRF token it saw in a page.
struct Browser {
    explicit Browser(const Site& s, std::string c = "") : site(s), cookie(std::move(c)) {}
    const Site& site;
    std::string cookie;
    std::string csrf;
    // Further request header fields, sent with every request (e.g. an Origin).
    std::vector<std::pair<std::string, std::string>> extra;
    std::string client = "browser";  // the client key the server would derive from the address

    srv::Response go(const std::string& method, const std::string& target,
                     const std::string& body = "") {
        srv::Request r;
        r.method = method;
        r.target = target;
        r.body = body;
        r.client_key = client;
        r.headers.emplace_back("host", "localhost:8080");
        r.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
        if (!cookie.empty()) r.headers.emplace_back("cookie", cookie);
        r.headers.insert(r.headers.end(), extra.begin(), extra.end());
        auto res = site.app.handle(r);
        if (const auto c = res.header("set-cookie"); !c.empty()) {
            cookie = std::string(c.substr(0, c.find(';')));
            if (c.find("Max-Age=0") != std::string_view::npos) cookie.clear();
        }
        if (const auto t = between(res.body, "name=\"csrf\" value=\"", "\""); !t.empty()) csrf = t;
        return res;
    }
    // The password step of a login, with the login page's form token.
    srv::Response login(const std::string& user, const std::string& password) {
        const auto page = go("GET", "/expert/logga-in");
        const auto token = between(page.body, "name=\"skydd\" value=\"", "\"");
        return go("POST", "/expert/logga-in",
                  "skydd=" + Site::enc(token) + "&anvandare=" + Site::enc(user) +
                      "&losenord=" + Site::enc(password));
    }
    // The password and a code from `key` (base32); true if the dashboard opened.
    bool full_login(const std::string& user, const std::string& password, const std::string& key) {
        if (login(user, password).status != 303) return false;
        go("GET", "/expert/tvafaktor");
        const auto secret = radfraga::base32_decode(key);
        if (!secret) return false;
        const auto r = go(
            "POST", "/expert/tvafaktor",
            "csrf=" + Site::enc(csrf) + "&kod=" + radfraga::totp_code(*secret, site.clock.now()));
        return r.status == 303 && r.header("location") == "/expert" &&
               go("GET", "/expert").status == 200;
    }
    bool logged_in() { return go("GET", "/expert").status == 200; }
};

}  // namespace radfraga::test
