// bench_redact [DIR] [MEGABYTES]: redaction throughput on one core.
//
// Builds a Swedish corpus from the sample archive (titles, questions, answers) and the
// PII dev set under DIR/data (DIR defaults to $RADFRAGA_SHARED_DIR), recombining the
// texts in shuffled order until it holds MEGABYTES (default 32), then runs
// Redactor::find() over every text once and prints MB/s. With RADFRAGA_BENCH_DUMP=FILE it
// also writes every finding (text index, type, start, end, confidence) to FILE after the
// timed loop, to check that a speed change leaves the findings unchanged.
#include <boost/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "moderation/redactor.hpp"

namespace {
void read_texts(const std::string& path, std::initializer_list<const char*> fields,
                std::vector<std::string>& out) {
    std::ifstream f(path);
    if (!f) {
        std::cerr << "bench_redact: cannot open " << path << '\n';
        std::exit(1);
    }
    std::string line;
    while (std::getline(f, line)) {
        if (line.empty()) continue;
        const auto v = boost::json::parse(line).as_object();
        for (const char* k : fields) {
            if (v.contains(k) && v.at(k).is_string()) out.emplace_back(v.at(k).as_string());
        }
    }
}
}  // namespace

// CPU time of the calling thread, in seconds.
double thread_cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

int main(int argc, char** argv) {
    std::string dir = argc > 1 ? argv[1] : "";
    if (dir.empty()) {
        const char* env = std::getenv("RADFRAGA_SHARED_DIR");
        dir = env != nullptr ? env : "../shared";
    }
    const double megabytes = argc > 2 ? std::atof(argv[2]) : 32.0;
    std::vector<std::string> base;
    read_texts(dir + "/data/sample-archive.jsonl", {"title", "question", "answer"}, base);
    read_texts(dir + "/data/pii-dev.jsonl", {"text"}, base);
    // Recombine: each corpus text is 1-3 base texts joined, so sentences meet new
    // neighbours and the corpus is not the same few texts over and over.
    std::mt19937 rng(1234);
    std::vector<std::string> corpus;
    std::size_t bytes = 0;
    const auto target = static_cast<std::size_t>(megabytes * 1e6);
    while (bytes < target) {
        std::string t = base[rng() % base.size()];
        const auto extra = rng() % 3;
        for (std::size_t k = 0; k < extra; ++k) t += "\n\n" + base[rng() % base.size()];
        bytes += t.size();
        corpus.push_back(std::move(t));
    }
    const auto t0 = std::chrono::steady_clock::now();
    const radfraga::moderation::Redactor redactor;
    const auto t1 = std::chrono::steady_clock::now();
    std::size_t findings = 0;
    const double cpu0 = thread_cpu_seconds();
    for (const auto& t : corpus) findings += redactor.find(t).size();
    const double cpu = thread_cpu_seconds() - cpu0;
    const auto t2 = std::chrono::steady_clock::now();
    if (const char* dump = std::getenv("RADFRAGA_BENCH_DUMP"); dump != nullptr && *dump != '\0') {
        std::ofstream out(dump);
        for (std::size_t i = 0; i < corpus.size(); ++i) {
            for (const auto& f : redactor.find(corpus[i])) {
                out << i << ' ' << radfraga::moderation::type_name(f.type) << ' ' << f.start << ' '
                    << f.end << ' ' << f.confidence << '\n';
            }
        }
    }
    const double load = std::chrono::duration<double>(t1 - t0).count();
    const double secs = std::chrono::duration<double>(t2 - t1).count();
    std::cout << "corpus: " << corpus.size() << " texts, " << static_cast<double>(bytes) / 1e6
              << " MB\n"
              << "redactor construction: " << load << " s\n"
              << "findings: " << findings << "\n"
              << "throughput: " << static_cast<double>(bytes) / 1e6 / secs
              << " MB/s (one core, find())\n"
              << "throughput on CPU time: " << static_cast<double>(bytes) / 1e6 / cpu
              << " MB/s (the thread's own CPU seconds: less affected by other load on a "
                 "shared machine, not by shared caches)\n";
    return 0;
}
