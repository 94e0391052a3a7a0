// bench_pages [ARCHIVE.jsonl] [ROUNDS]: imports the archive (default: the bundled
// sample) into a temporary data folder, builds the search index, then calls
// App::handle() ROUNDS times per page type on one thread and prints µs per request.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "core/crypto.hpp"
#include "server/app.hpp"
#include "server/archive.hpp"

using namespace radfraga;

int main(int argc, char** argv) {
    const std::string archive = argc > 1 ? argv[1] : "server/sample/sample-archive.jsonl";
    const int rounds = argc > 2 ? std::atoi(argv[2]) : 2000;
    std::string tmpl = (std::filesystem::temp_directory_path() / "radfraga-bench-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) return 1;
    const std::filesystem::path dir = tmpl;
    SystemClock clock;
    SystemRandom random;
    {
        store::Store store(dir / "radfraga.db", clock);
        std::ifstream in(archive);
        if (!in) {
            std::cerr << "cannot read " << archive << "\n";
            return 2;
        }
        const auto report = server::import_archive(in, store);
        const auto count = store.published_count("");
        search::Options so;
        so.dir = dir / "index";
        search::Index index(store, so);
        web::Renderer renderer;
        web::Assets assets;
        server::Config config;
        SecretBox box(Bytes(32, 1));
        moderation::Redactor redactor;
        const Signer signer = Signer::load_or_create(dir / "signing.pem", random);
        server::App app(server::AppDeps{store, renderer, assets, clock, random, config, [](const std::string&) {},
                                        box, [](std::string_view s) { return std::string(s); }, index, redactor,
                                        signer});
        std::printf("%lld questions (%zu imported)\n", static_cast<long long>(count), report.inserted);
        const auto max_id = count;
        for (const std::string page : {"/", "/fraga/", "/amne/boende", "/sok?q=barnen", "/sok?q=hyra+f%C3%B6rs%C3%B6rjningsst%C3%B6d",
                                       "/static/style.css"}) {
            const auto t0 = std::chrono::steady_clock::now();
            std::size_t bytes = 0;
            for (int i = 0; i < rounds; ++i) {
                server::Request r;
                r.method = "GET";
                r.target = page == "/fraga/" ? page + std::to_string(1 + (i * 7919) % max_id) : page;
                bytes += app.handle(r).body.size();
            }
            const double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count() / rounds;
            std::printf("%-45s %9.1f µs/request  %7zu bytes\n", page.c_str(), us, bytes / static_cast<std::size_t>(rounds));
        }
    }
    std::filesystem::remove_all(dir);
}
