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
    radfraga::moderation::Redactor redactor;
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
        const auto id =
            store.add_expert({username, name, role, srv::hash_password(password, random)});
        store.set_totp_secret(
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

}  // namespace radfraga::test
