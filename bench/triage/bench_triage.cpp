// bench_triage [ROUNDS] [--no-ask] [CORPUS.jsonl...]: microseconds of Triage::triage() per text,
// and of a whole ask request (POST /stall-en-fraga: validation, redaction, triage, encryption, the
// database write) on the same texts, and the share triage takes.
//
// Run from the repository root; the corpus defaults to moderation/data/triage/*.jsonl.
// The first pass over the texts is timed apart: it fills the lemma memo (Hunspell), which
// a running server has filled after its first questions. --no-ask times triage alone
// (for profiling).
#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/crypto.hpp"
#include "moderation/redactor.hpp"
#include "moderation/triage.hpp"
#include "server/app.hpp"
#include "server/archive.hpp"
#include "web/web.hpp"

using namespace radfraga;

namespace {

double micros_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count();
}

// This thread's CPU time in microseconds: on a loaded machine it leaves out the time
// the thread waited for a core, which wall time does not (cache effects of the other
// processes stay in both).
double cpu_micros() {
    timespec ts{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e6 + static_cast<double>(ts.tv_nsec) / 1e3;
}

std::string url_encode(const std::string& s) {
    static const char* hex = "0123456789ABCDEF";
    std::string o;
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            o += static_cast<char>(c);
        } else {
            o += '%';
            o += hex[c >> 4];
            o += hex[c & 15];
        }
    }
    return o;
}

}  // namespace

int main(int argc, char** argv) {
    const int rounds = std::max(1, argc > 1 ? std::atoi(argv[1]) : 3);
    std::vector<std::string> files;
    bool ask = true;
    for (int i = 2; i < argc; ++i) {
        if (std::string_view(argv[i]) == "--no-ask")
            ask = false;
        else
            files.emplace_back(argv[i]);
    }
    if (files.empty()) {
        for (const char* f : {"train-A.jsonl", "train-B.jsonl", "train-C.jsonl"})
            files.push_back(std::string("moderation/data/triage/") + f);
    }
    std::vector<std::string> texts;
    for (const auto& file : files) {
        std::ifstream in(file);
        if (!in) {
            std::cerr << "bench_triage: cannot read " << file
                      << " (run from the repository root)\n";
            return 2;
        }
        std::string line;
        while (std::getline(in, line)) {
            if (!line.empty()) texts.emplace_back(boost::json::parse(line).at("text").as_string());
        }
    }
    std::size_t bytes = 0;
    for (const auto& t : texts) bytes += t.size();
    std::printf("%zu texts, %.0f bytes on average\n", texts.size(),
                static_cast<double>(bytes) / static_cast<double>(texts.size()));

    auto t0 = std::chrono::steady_clock::now();
    const moderation::Triage triage;
    std::printf("Triage construction: %.1f ms\n", micros_since(t0) / 1000.0);
    std::size_t flagged = 0;
    t0 = std::chrono::steady_clock::now();
    double c0 = cpu_micros();
    for (const auto& t : texts) flagged += triage.triage(t).crisis ? 1u : 0u;
    const double n_texts = static_cast<double>(texts.size());
    std::printf("triage, first pass (lemma memo filling): %.1f us/text (CPU %.1f)\n",
                micros_since(t0) / n_texts, (cpu_micros() - c0) / n_texts);
    // Each round timed on its own: the mean over rounds is what the share below uses; the
    // median and best round show how much of it is noise from other processes.
    std::vector<double> round_us, round_cpu;
    for (int r = 0; r < rounds; ++r) {
        t0 = std::chrono::steady_clock::now();
        c0 = cpu_micros();
        for (const auto& t : texts) flagged += triage.triage(t).crisis ? 1u : 0u;
        round_us.push_back(micros_since(t0) / n_texts);
        round_cpu.push_back((cpu_micros() - c0) / n_texts);
    }
    double triage_cpu = 0;
    for (const double u : round_cpu) triage_cpu += u / static_cast<double>(round_cpu.size());
    std::sort(round_cpu.begin(), round_cpu.end());
    double triage_us = 0;
    for (const double u : round_us) triage_us += u / static_cast<double>(round_us.size());
    std::sort(round_us.begin(), round_us.end());
    const double per_kb = 1024.0 * static_cast<double>(texts.size()) / static_cast<double>(bytes);
    std::printf(
        "triage, steady state: %.2f us/text, %.1f us/KB (rounds: median %.2f, best %.2f "
        "us/text; %zu flags)\n",
        triage_us, triage_us * per_kb, round_us[round_us.size() / 2], round_us.front(), flagged);
    std::printf("triage, steady state, CPU time: %.2f us/text (rounds: median %.2f, best %.2f)\n",
                triage_cpu, round_cpu[round_cpu.size() / 2], round_cpu.front());
    if (!ask) return 0;

    // The ask request, in-process, over a data folder with the bundled sample archive.
    std::string tmpl =
        (std::filesystem::temp_directory_path() / "radfraga-bench-triage-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) return 1;
    const std::filesystem::path dir = tmpl;
    double ask_us = 0, ask_cpu = 0;
    {
        SystemClock clock;
        SystemRandom random;
        store::Store store(dir / "radfraga.db", clock);
        {
            std::ifstream in("server/sample/sample-archive.jsonl");
            server::import_archive(in, store);
        }
        search::Options so;
        so.dir = dir / "index";
        search::Index index(store, so);
        web::Renderer renderer;
        web::Assets assets;
        server::Config config;
        config.rate_limits = false;
        config.page_cache_mb = 0;
        SecretBox box(Bytes(32, 1));
        moderation::Redactor redactor;  // the App reloads its allow-list
        const Signer signer = Signer::load_or_create(dir / "bench-signing.pem", random);
        server::App app(server::AppDeps{store, renderer, assets, clock, random, config,
                                        [](const std::string&) {}, box,
                                        [&](std::string_view s) { return redactor.redact(s); },
                                        index, redactor, signer, triage});
        server::Request get;
        get.method = "GET";
        get.target = "/stall-en-fraga";
        const auto form = app.handle(get).body;
        const std::string marker = "name=\"skydd\" value=\"";
        const auto at = form.find(marker) + marker.size();
        const std::string token = form.substr(at, form.find('"', at) - at);
        std::size_t asked = 0;
        t0 = std::chrono::steady_clock::now();
        c0 = cpu_micros();
        for (const auto& t : texts) {
            if (t.size() < 40 || t.size() > 6000) continue;
            server::Request r;
            r.method = "POST";
            r.target = "/stall-en-fraga";
            r.client_key = "bench";
            r.headers.emplace_back("content-type", "application/x-www-form-urlencoded");
            r.headers.emplace_back("host", "localhost:8080");
            r.body = "skydd=" + url_encode(token) + "&rubrik=" + url_encode("En fråga") +
                     "&fraga=" + url_encode(t) + "&signatur=&amne=";
            if (app.handle(r).status != 200) {
                std::cerr << "bench_triage: an ask request failed\n";
                return 1;
            }
            ++asked;
        }
        ask_us = micros_since(t0) / static_cast<double>(asked);
        ask_cpu = (cpu_micros() - c0) / static_cast<double>(asked);
        std::printf(
            "ask request (POST /stall-en-fraga): %.1f us/request (CPU %.1f) over %zu requests\n",
            ask_us, ask_cpu, asked);
    }
    std::filesystem::remove_all(dir);
    std::printf("triage is %.2f %% of an ask request (CPU time: %.2f %%)\n",
                100.0 * triage_us / ask_us, 100.0 * triage_cpu / ask_cpu);
    return 0;
}
