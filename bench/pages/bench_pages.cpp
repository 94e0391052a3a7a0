// bench_pages: App::handle() in-process, on one thread, without sockets: microseconds per
// request for each page type, and for question pages where the time goes.
//
//   bench_pages [ARCHIVE.jsonl] [ROUNDS]   imports the archive (default: the bundled
//                                          sample) into a temporary data folder first
//   bench_pages --data DIR [ROUNDS] [ONLY]  uses an existing data folder as `radfraga
//                                          serve` leaves it (e.g. 100 000 questions from
//                                          bench/http/run.sh); opened, never changed
//                                          except for its search index catching up;
//                                          ONLY: time just the page types whose target
//                                          contains it (e.g. "fraga", for a profiler)
//
// The page cache is off, so every request renders. Question pages are first requested
// once each to fill the related-questions cache, as the server's background warmer does
// after start, then timed: the steady state of a page cache miss.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "core/crypto.hpp"
#include "server/app.hpp"
#include "server/archive.hpp"
#include "web/web.hpp"

using namespace radfraga;

namespace {

double micros_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count();
}

// This thread's CPU time in µs. Printed beside wall time: on a shared virtual machine
// the hypervisor's steal inflates wall time, not CPU time.
double thread_cpu_micros() {
    timespec ts{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

// The timed requests, in a function of their own so that a profiler can be limited to
// them: valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*timed_requests*'
// counts the instructions of exactly these requests, which does not vary with the
// machine's load as time does.
template <class Target>
[[gnu::noinline]] std::size_t timed_requests(const server::App& app, int n, const Target& target) {
    std::size_t bytes = 0;
    for (int i = 0; i < n; ++i) {
        server::Request r;
        r.method = "GET";
        r.target = target(i);
        bytes += app.handle(r).body.size();
    }
    return bytes;
}

void run(const std::filesystem::path& dir, int rounds, const std::string& only) {
    SystemClock clock;
    SystemRandom random;
    store::Store store(dir / "radfraga.db", clock);
    search::Options so;
    so.dir = dir / "index";
    search::Index index(store, so);
    web::Renderer renderer;
    web::Assets assets;
    server::Config config;
    config.page_cache_mb = 0;  // every request renders
    SecretBox box(Bytes(32, 1));
    moderation::Redactor redactor;
    const moderation::Triage triage;
    const Signer signer = Signer::load_or_create(dir / "bench-signing.pem", random);
    server::App app(server::AppDeps{
        store, renderer, assets, clock, random, config, [](const std::string&) {}, box,
        [](std::string_view s) { return std::string(s); }, index, redactor, signer, triage});
    const auto count = store.public_reads().published_count("");
    std::printf("%lld published questions\n", static_cast<long long>(count));
    const auto question_target = [&](int i) {
        return "/fraga/" + std::to_string(1 + (static_cast<long long>(i) * 7919) % count);
    };

    // Fill the related-questions cache for the question pages about to be timed.
    {
        const auto t0 = std::chrono::steady_clock::now();
        for (int i = 0; i < rounds; ++i) {
            server::Request r;
            r.method = "GET";
            r.target = question_target(i);
            (void)app.handle(r);
        }
        std::printf("%-45s %9.1f µs/request  (related questions computed)\n",
                    "/fraga/N, first time", micros_since(t0) / rounds);
    }
    for (const std::string page :
         {"/", "/fraga/", "/amne/boende", "/sok?q=barnen",
          "/sok?q=hyra+f%C3%B6rs%C3%B6rjningsst%C3%B6d", "/static/style.css"}) {
        if (page.find(only) == std::string::npos) continue;
        // Question pages go 20 times over the warmed ones: long enough to profile.
        const int n = page == "/fraga/" ? 20 * rounds : rounds;
        const auto t0 = std::chrono::steady_clock::now();
        const double c0 = thread_cpu_micros();
        const std::size_t bytes = timed_requests(
            app, n, [&](int i) { return page == "/fraga/" ? question_target(i % rounds) : page; });
        std::printf("%-45s %9.1f µs/request (CPU %6.1f)  %7zu bytes\n", page.c_str(),
                    micros_since(t0) / n, (thread_cpu_micros() - c0) / n,
                    bytes / static_cast<std::size_t>(n));
    }

    // A question page's parts, as the route calls them.
    if (std::string("/fraga/").find(only) == std::string::npos) return;
    double question = 0, related = 0, markdown = 0;
    {
        auto t0 = std::chrono::steady_clock::now();
        std::vector<QuestionId> ids;
        for (int i = 0; i < rounds; ++i) {
            const QuestionId id{1 + (static_cast<long long>(i) * 7919) % count};
            const auto q = store.public_reads().published_question(id);
            if (!q) continue;
            ids.push_back(id);
            const auto t1 = std::chrono::steady_clock::now();
            (void)web::markdown_to_html(q->answer);
            markdown += micros_since(t1);
        }
        question = micros_since(t0) - markdown;
        t0 = std::chrono::steady_clock::now();
        for (std::size_t i = 0; i < ids.size(); ++i) {
            const QuestionId five[5] = {ids[i], ids[(i + 1) % ids.size()],
                                        ids[(i + 2) % ids.size()], ids[(i + 3) % ids.size()],
                                        ids[(i + 4) % ids.size()]};
            (void)store.public_reads().published_summaries(five);
        }
        related = micros_since(t0);
    }
    std::printf(
        "  of which: published_question %.1f µs, five published_summaries %.1f µs, markdown %.1f "
        "µs\n",
        question / rounds, related / rounds, markdown / rounds);
}

}  // namespace

int main(int argc, char** argv) {
    if (argc > 2 && std::strcmp(argv[1], "--data") == 0) {
        run(argv[2], argc > 3 ? std::atoi(argv[3]) : 2000, argc > 4 ? argv[4] : "");
        return 0;
    }
    const std::string archive = argc > 1 ? argv[1] : "server/sample/sample-archive.jsonl";
    const int rounds = argc > 2 ? std::atoi(argv[2]) : 2000;
    std::string tmpl = (std::filesystem::temp_directory_path() / "radfraga-bench-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) return 1;
    const std::filesystem::path dir = tmpl;
    {
        SystemClock clock;
        store::Store store(dir / "radfraga.db", clock);
        std::ifstream in(archive);
        if (!in) {
            std::cerr << "cannot read " << archive << "\n";
            return 2;
        }
        const auto report = server::import_archive(in, store);
        std::printf("%zu imported\n", report.inserted);
    }
    run(dir, rounds, "");
    std::filesystem::remove_all(dir);
}
