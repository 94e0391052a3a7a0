// Search benchmark. Generates an archive by recombining the sample's titles, questions
// and answers (so the vocabulary is realistic), or reads one made by
// bench/http/gen_archive.py (--archive FILE: sentence-level recombination, so texts
// differ as in a real archive), then measures:
//   * full reindex (Index::rebuild) in documents per second      target ≥ 600
//   * query latency p50/p99, snippets + facets, one thread        target p99 ≤ 15 ms
//   * queries per second on two threads                           target ≥ 800
//   * publish → searchable: upsert, one catch_up, found by search target < 2 s in total
//     with the server's ~250-500 ms polling
#include <boost/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <random>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "core/time.hpp"
#include "search/search.hpp"
#include "store/store.hpp"

using namespace radfraga;
using Steady = std::chrono::steady_clock;

namespace {

double seconds_since(Steady::time_point t) {
    return std::chrono::duration<double>(Steady::now() - t).count();
}

// One query of the queries file, as the search page asks it.
void file_query(const search::Index& index, const std::string& text, bool with_snippets,
                bool with_facets) {
    search::Query q;
    q.text = text;
    q.with_snippets = with_snippets;
    q.with_facets = with_facets;
    try {
        (void)index.search(q);
    } catch (const search::QueryError&) {
    }
}

// The timed queries of the queries file, each with its time in ms. Not inlined, so
// callgrind can count just these: --toggle-collect='*timed_file_queries*'.
[[gnu::noinline]] std::vector<std::pair<double, std::string>> timed_file_queries(
    const search::Index& index, std::span<const std::string> lines, bool with_snippets,
    bool with_facets) {
    std::vector<std::pair<double, std::string>> timed;
    for (const auto& text : lines) {
        const auto s = Steady::now();
        file_query(index, text, with_snippets, with_facets);
        timed.emplace_back(seconds_since(s) * 1000, text);
    }
    return timed;
}

std::vector<store::ArchiveRecord> load(const std::string& path) {
    std::ifstream f(path);
    if (!f) {
        std::cerr << "cannot read " << path << "\n";
        std::exit(1);
    }
    std::vector<store::ArchiveRecord> out;
    std::string line;
    while (std::getline(f, line)) {
        if (line.empty()) continue;
        const auto v = boost::json::parse(line).as_object();
        auto str = [&](const char* k) { return std::string(v.at(k).as_string()); };
        store::ArchiveRecord r{str("id"),
                               str("title"),
                               str("question"),
                               str("pseudonym"),
                               str("answer"),
                               str("signature"),
                               str("category"),
                               parse_iso8601(str("asked_at")).value(),
                               parse_iso8601(str("answered_at")).value()};
        out.push_back(std::move(r));
    }
    return out;
}

struct TempDir {
    std::filesystem::path path;
    TempDir() {
        std::random_device rd;
        path = std::filesystem::temp_directory_path() /
               ("radfraga-bench-search-" + std::to_string(rd()));
        std::filesystem::create_directories(path);
    }
    ~TempDir() {
        std::error_code ec;
        std::filesystem::remove_all(path, ec);
    }
};

}  // namespace

int main(int argc, char** argv) {
    long n = 100000;
    std::string sample_path = RADFRAGA_DEFAULT_SAMPLE;
    std::filesystem::path keep;  // --data DIR: keep (and reuse) the archive and index there
    std::string archive_path;    // --archive FILE: import this archive instead of generating
    bool skip_threads = false;
    bool file_only = false;       // --file-only: stop after the --queries-file phase
    std::size_t warm_lines = 0;   // --warm N: run the first N lines of the queries file untimed
    std::size_t memory_mb = 256;  // --memory-mb N: as the server's search-memory-mb
    long ranking_mb = -1, snippet_mb = -1;  // --ranking-mb / --snippet-mb: one half apart
    bool with_snippets = true, with_facets = true;
    std::string sort_mode = "mixed";
    bool per_query = false;       // print the time of each of the 25 fixed queries
    bool xapian_matcher = false;  // rank with Xapian's matcher instead of in memory
    std::string queries_file;     // --queries-file: URL-encoded queries (bench/http/gen_queries.py)
    std::size_t single = 1000;
    int positional = 0;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        if (a == "--docs" && i + 1 < argc) {
            n = std::atol(argv[++i]);
        } else if (a == "--sample" && i + 1 < argc) {
            sample_path = argv[++i];
        } else if (a == "--archive" && i + 1 < argc) {
            archive_path = argv[++i];
        } else if (a == "--data" && i + 1 < argc) {
            keep = argv[++i];
        } else if (a == "--queries" && i + 1 < argc) {
            single = static_cast<std::size_t>(std::max(100L, std::atol(argv[++i])));
        } else if (a == "--no-snippets") {
            with_snippets = false;
        } else if (a == "--no-facets") {
            with_facets = false;
        } else if (a == "--sort" && i + 1 < argc) {
            sort_mode = argv[++i];  // mixed (1 in 7 newest-first), relevance, newest
        } else if (a == "--per-query") {
            per_query = true;
        } else if (a == "--queries-file" && i + 1 < argc) {
            queries_file = argv[++i];
        } else if (a == "--xapian-matcher") {
            xapian_matcher = true;
        } else if (a == "--memory-mb" && i + 1 < argc) {
            memory_mb = static_cast<std::size_t>(std::max(2L, std::atol(argv[++i])));
        } else if (a == "--ranking-mb" && i + 1 < argc) {
            ranking_mb = std::max(1L, std::atol(argv[++i]));
        } else if (a == "--snippet-mb" && i + 1 < argc) {
            snippet_mb = std::max(1L, std::atol(argv[++i]));
        } else if (a == "--warm" && i + 1 < argc) {
            warm_lines = static_cast<std::size_t>(std::max(0L, std::atol(argv[++i])));
        } else if (a == "--file-only") {
            file_only = true;
        } else if (a == "--one-thread") {
            skip_threads = true;
        } else if (a == "--help" || a == "-h") {
            std::printf(
                "usage: bench_search [--docs N] [--sample FILE] [--archive FILE] [--data DIR] "
                "[--queries N] [--one-thread]\n"
                "                    [--no-snippets] [--no-facets] [--sort mixed|relevance|newest] "
                "[--per-query]\n"
                "                    [--xapian-matcher] [--queries-file FILE [--warm N] "
                "[--file-only]]\n"
                "  --queries-file FILE  also time the first --queries lines of FILE (URL-encoded, "
                "as\n"
                "                       bench/http/gen_queries.py writes them) and list the "
                "slowest;\n"
                "                       --no-snippets and --no-facets apply to them too\n"
                "  --warm N     first run the N lines before them untimed (the lists and word\n"
                "               analyses a running server holds)\n"
                "  --memory-mb N  memory for posting lists and snippet texts, as the server's\n"
                "                 search-memory-mb (default 256: half each); --ranking-mb N and\n"
                "                 --snippet-mb N set one half apart\n"
                "  --file-only  stop after timing the queries file (e.g. to profile just those:\n"
                "               valgrind --tool=callgrind "
                "--toggle-collect='*timed_file_queries*')\n"
                "  --data DIR  keep the archive and index in DIR; a second run reuses them\n"
                "  --archive FILE  import FILE (e.g. from bench/http/gen_archive.py) instead of\n"
                "                  the built-in generator, which repeats whole sample texts\n");
            return 0;
        } else if (positional == 0) {
            n = std::atol(argv[i]);  // old form: bench_search N [sample]
            ++positional;
        } else {
            sample_path = a;
        }
    }
    const auto sample = load(sample_path);
    TempDir tmp;
    const std::filesystem::path dir = keep.empty() ? tmp.path : keep;
    std::filesystem::create_directories(dir);
    const bool reuse = !keep.empty() && std::filesystem::exists(dir / "index" / "CURRENT");
    SystemClock clock;
    store::Store st(dir / "radfraga.db", clock);

    search::Options opts;
    opts.dir = dir / "index";
    opts.in_memory_ranking = !xapian_matcher;
    // Split as the server splits search-memory-mb: half posting lists, half snippet texts.
    opts.ranking_memory_bytes = memory_mb << 19;
    opts.snippet_memory_bytes = memory_mb << 19;
    if (ranking_mb > 0) opts.ranking_memory_bytes = static_cast<std::size_t>(ranking_mb) << 20;
    if (snippet_mb > 0) opts.snippet_memory_bytes = static_cast<std::size_t>(snippet_mb) << 20;
    search::Index index(st, opts);  // empty archive: cheap

    // Recombine: title, question and answer from three different sample records.
    std::mt19937 rng(42);
    std::uniform_int_distribution<std::size_t> pick(0, sample.size() - 1);
    auto t0 = Steady::now();
    std::vector<store::ArchiveRecord> chunk;
    if (reuse) {
        n = index.document_count();
        std::printf("archive: reusing %ld questions in %s\n", n, dir.c_str());
    }
    if (!reuse && !archive_path.empty()) {
        auto records = load(archive_path);
        n = static_cast<long>(records.size());
        for (std::size_t k = 0; k < records.size(); k += 5000) {
            const auto end = std::min(records.size(), k + 5000);
            st.archive().upsert_archive_records(std::span(records).subspan(k, end - k));
        }
    }
    for (long i = 0; i < n && !reuse && archive_path.empty(); ++i) {
        const auto& a = sample[pick(rng)];
        const auto& b = sample[pick(rng)];
        const auto& c = sample[pick(rng)];
        store::ArchiveRecord r = c;
        char id[32];
        std::snprintf(id, sizeof id, "b%07ld", i);
        r.external_id = id;
        r.title = a.title;
        r.question = b.question;
        r.asked_at.utc = c.asked_at.utc - (i % 2000) * 3600;
        r.answered_at.utc = r.asked_at.utc + 86400;
        chunk.push_back(std::move(r));
        if (chunk.size() == 5000 || i + 1 == n) {
            st.archive().upsert_archive_records(chunk);
            chunk.clear();
        }
    }
    if (!reuse) {
        std::printf("archive: %ld questions written to SQLite in %.1f s\n", n, seconds_since(t0));
        const auto rb = index.rebuild();
        std::printf("reindex: %lld docs in %.1f s = %.0f docs/s (target >= 600)\n",
                    static_cast<long long>(rb.documents), rb.seconds,
                    static_cast<double>(rb.documents) / rb.seconds);
    }

    const std::vector<std::string> texts = {"hyra försörjningsstöd",
                                            "överklaga beslutet",
                                            "vad händer efter en orosanmälan",
                                            "soc tar barnen",
                                            "LVU",
                                            "orosanmälningar anonymt",
                                            "bidrag tandläkare",
                                            "skyddat boende",
                                            "tvångsvård alkohol",
                                            "hemtjänst avgift",
                                            "avslag äldreboende",
                                            "personlig asistans",
                                            "kronofogden",
                                            "spelmissbruk sambo",
                                            "få läsa min journal",
                                            "umgänge pappa",
                                            "vräkning barnfamilj",
                                            "boendestöd",
                                            "anhörigstöd demens",
                                            "hemlös",
                                            "byta handläggare",
                                            "barn som sett våld hemma",
                                            "hyresskuld",
                                            "beslutet",
                                            "barnen"};
    // Distinct queries (no two alike, so no cache can help): pairs and triples of
    // everyday words, some long natural-language questions.
    const std::vector<std::string> words = {"hyra",
                                            "barnen",
                                            "beslut",
                                            "pengar",
                                            "socialtjänsten",
                                            "mamma",
                                            "pappa",
                                            "skola",
                                            "missbruk",
                                            "alkohol",
                                            "våld",
                                            "sambo",
                                            "lägenhet",
                                            "skulder",
                                            "jobb",
                                            "sjuk",
                                            "hjälp",
                                            "ansöka",
                                            "avslag",
                                            "överklaga",
                                            "familjehem",
                                            "umgänge",
                                            "boende",
                                            "äldreboende",
                                            "hemtjänst",
                                            "assistans",
                                            "lss",
                                            "demens",
                                            "tolk",
                                            "journal",
                                            "handläggare",
                                            "bidrag",
                                            "tandvård",
                                            "begravning",
                                            "kronofogden",
                                            "vräkning",
                                            "ungdom",
                                            "droger",
                                            "orosanmälan",
                                            "rättigheter",
                                            "klagomål",
                                            "ivo",
                                            "avgift",
                                            "försörjningsstöd",
                                            "hemlös",
                                            "skyddat",
                                            "polisen",
                                            "separation",
                                            "vårdnad",
                                            "anhörig",
                                            "funktionsnedsättning",
                                            "pension",
                                            "el",
                                            "mat",
                                            "räkningar",
                                            "studier",
                                            "arbetslös",
                                            "flytta",
                                            "barnomsorg",
                                            "fritid"};
    const std::vector<std::string> prose = {"hur kan jag",       "vad gör jag om",
                                            "får soc",           "jag undrar om",
                                            "min sambo och jag", "vem hjälper mig med"};
    auto distinct_text = [&](std::size_t i) {
        const std::size_t w = words.size();
        std::string s = words[i % w] + " " + words[(i / w + i + 1) % w];
        if (i % 3 == 1) s += " " + words[(i * 7 + 3) % w];
        if (i % 5 == 2) s = prose[i % prose.size()] + " " + s;
        return s;
    };
    enum class Mix { repeated, distinct };
    auto run_query = [&](std::size_t i, Mix mix) {
        search::Query q;
        q.text = mix == Mix::repeated ? texts[i % texts.size()] : distinct_text(i);
        q.limit = 10;
        q.with_snippets = with_snippets;
        q.with_facets = with_facets;
        const bool newest = sort_mode == "newest" || (sort_mode == "mixed" && i % 7 == 3);
        q.sort = newest ? search::Sort::newest : search::Sort::relevance;
        return index.search(q);
    };
    {
        // The first query reads every document's length, date and category for the
        // in-memory ranker (once per index revision), then the posting lists it needs.
        const auto s = Steady::now();
        (void)run_query(0, Mix::repeated);
        std::printf("first query after opening: %.1f ms\n", seconds_since(s) * 1000);
    }
    for (std::size_t i = 0; i < texts.size(); ++i)
        (void)run_query(i, Mix::repeated);  // warm caches
    if (per_query) {
        for (std::size_t i = 0; i < texts.size(); ++i) {
            const auto s = Steady::now();
            for (int k = 0; k < 5; ++k) (void)run_query(i, Mix::repeated);
            std::printf("  %7.2f ms  %s\n", seconds_since(s) * 1000 / 5, texts[i].c_str());
        }
    }

    if (!queries_file.empty()) {
        std::ifstream f(queries_file);
        std::vector<std::string> lines;
        std::string line;
        while (lines.size() < single + warm_lines && std::getline(f, line)) {
            std::string text;
            for (std::size_t k = 0; k < line.size(); ++k) {
                if (line[k] == '+') {
                    text += ' ';
                } else if (line[k] == '%' && k + 2 < line.size()) {
                    text += static_cast<char>(std::stoi(line.substr(k + 1, 2), nullptr, 16));
                    k += 2;
                } else {
                    text += line[k];
                }
            }
            lines.push_back(std::move(text));
        }
        // The first --warm lines are run untimed: they read the posting lists and word
        // analyses a long-running server already holds.
        const std::size_t warm = std::min(warm_lines, lines.size());
        for (std::size_t k = 0; k < warm; ++k)
            file_query(index, lines[k], with_snippets, with_facets);
        auto timed =
            timed_file_queries(index, std::span(lines).subspan(warm), with_snippets, with_facets);
        std::sort(timed.begin(), timed.end());
        double sum = 0;
        for (const auto& t : timed) sum += t.first;
        if (!timed.empty()) {
            std::printf(
                "queries file, one thread: %zu queries, mean %.2f ms, p50 %.2f ms, p99 %.2f ms, "
                "max %.2f ms\n",
                timed.size(), sum / static_cast<double>(timed.size()),
                timed[timed.size() / 2].first, timed[timed.size() * 99 / 100].first,
                timed.back().first);
            for (std::size_t k = 0; k < 10 && k < timed.size(); ++k) {
                const auto& t = timed[timed.size() - 1 - k];
                std::printf("  %7.2f ms  %s\n", t.first, t.second.c_str());
            }
        }
        if (file_only) return 0;
    }

    std::size_t distinct_next = 0;  // distinct queries are never repeated across runs
    for (const Mix mix : {Mix::repeated, Mix::distinct}) {
        const char* label = mix == Mix::repeated ? "25 queries repeated" : "distinct queries";
        std::vector<double> ms;
        ms.reserve(single);
        t0 = Steady::now();
        for (std::size_t i = 0; i < single; ++i) {
            const std::size_t k = mix == Mix::repeated ? i : distinct_next++;
            const auto s = Steady::now();
            (void)run_query(k, mix);
            ms.push_back(seconds_since(s) * 1000);
        }
        const double single_s = seconds_since(t0);
        std::sort(ms.begin(), ms.end());
        std::printf(
            "one thread, %s: %zu queries, p50 %.2f ms, p99 %.2f ms, max %.2f ms (target p99 <= "
            "15), "
            "%.0f q/s\n",
            label, single, ms[single / 2], ms[single * 99 / 100], ms.back(),
            static_cast<double>(single) / single_s);
        if (skip_threads) continue;

        const std::size_t per_thread = single;
        std::atomic<std::size_t> done{0};
        const std::size_t base = distinct_next;
        t0 = Steady::now();
        std::vector<std::thread> threads;
        for (std::size_t t = 0; t < 2; ++t) {
            threads.emplace_back([&, t] {
                for (std::size_t i = 0; i < per_thread; ++i) {
                    (void)run_query(mix == Mix::repeated ? i + t * 13 : base + 2 * i + t, mix);
                    ++done;
                }
            });
        }
        for (auto& th : threads) th.join();
        distinct_next += 2 * per_thread;
        const double two_s = seconds_since(t0);
        std::printf("two threads, %s: %zu queries in %.2f s = %.0f q/s (target >= 800)\n", label,
                    done.load(), two_s, static_cast<double>(done.load()) / two_s);
    }

    // Publish → searchable.
    store::ArchiveRecord fresh = sample.front();
    // A new question each run, so a reused archive sees a real commit.
    fresh.external_id =
        "fresh-" + std::to_string(std::chrono::system_clock::now().time_since_epoch().count());
    fresh.title = "Kvittrande zebrafinkar i hyresrätten";
    t0 = Steady::now();
    st.archive().upsert_archive_records(std::span(&fresh, 1));
    const double write_s = seconds_since(t0);
    const auto cu = Steady::now();
    index.catch_up();
    const double catch_up_s = seconds_since(cu);
    search::Query q;
    q.text = "zebrafinkar";
    const bool found = !index.search(q).hits.empty();
    std::printf(
        "publish -> searchable: store write %.1f ms, catch_up %.1f ms, total %.1f ms, found=%s "
        "(plus the server's polling interval; target < 2 s)\n",
        write_s * 1000, catch_up_s * 1000, seconds_since(t0) * 1000, found ? "yes" : "NO");
    {
        // After a commit the ranker of the new revision reads the documents again, and
        // the posting lists a query needs.
        search::Query common;
        common.text = "hyra barnen";
        const auto s = Steady::now();
        (void)index.search(common);
        std::printf("first query for two common words after the commit: %.1f ms\n",
                    seconds_since(s) * 1000);
        const auto s2 = Steady::now();
        common.text = "hyra barnen socialtjänsten";
        (void)index.search(common);
        std::printf("the next, one more word: %.1f ms\n", seconds_since(s2) * 1000);
    }
    const auto idle = Steady::now();
    for (int i = 0; i < 100; ++i) index.catch_up();
    std::printf("idle catch_up: %.3f ms per call\n", seconds_since(idle) * 1000 / 100);
    return found ? 0 : 1;
}
