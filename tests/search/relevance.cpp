// Relevance: the dev queries' graded judgments over the sample archive, scored as
// nDCG@10 and recall@10, for the Swedish analysis and for a plain-Snowball baseline
// index side by side. The floors guard against regressions; the numbers are printed so
// every change shows what it gained or lost.
#include <boost/json.hpp>
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>

#include "search/eval.hpp"
#include "tests/search/fixture.hpp"

namespace radfraga::search::test {

namespace {

struct Judged {
    std::string query;
    std::map<std::string, int> grades;
};

std::vector<Judged> read_judgments(const std::filesystem::path& file) {
    std::ifstream f(file);
    BOOST_REQUIRE_MESSAGE(f, "cannot read " << file);
    std::vector<Judged> out;
    std::string line;
    while (std::getline(f, line)) {
        if (line.empty()) continue;
        const auto v = boost::json::parse(line).as_object();
        Judged j;
        j.query = std::string(v.at("query").as_string());
        for (const auto& [k, g] : v.at("relevant").as_object())
            j.grades[std::string(k)] = static_cast<int>(g.as_int64());
        out.push_back(std::move(j));
    }
    return out;
}

struct Scores {
    double ndcg = 0;
    double recall = 0;
};

Scores score(const Judged& j, const std::vector<std::string>& ranked) {
    double dcg = 0;
    std::size_t found = 0;
    for (std::size_t i = 0; i < ranked.size() && i < 10; ++i) {
        auto it = j.grades.find(ranked[i]);
        if (it == j.grades.end()) continue;
        dcg += (std::pow(2.0, it->second) - 1) / std::log2(static_cast<double>(i) + 2);
        ++found;
    }
    std::vector<int> ideal;
    for (const auto& [_, g] : j.grades) ideal.push_back(g);
    std::sort(ideal.rbegin(), ideal.rend());
    double idcg = 0;
    for (std::size_t i = 0; i < ideal.size() && i < 10; ++i) {
        idcg += (std::pow(2.0, ideal[i]) - 1) / std::log2(static_cast<double>(i) + 2);
    }
    const double relevant = static_cast<double>(std::min<std::size_t>(j.grades.size(), 10));
    return {idcg > 0 ? dcg / idcg : 0, relevant > 0 ? static_cast<double>(found) / relevant : 0};
}

std::vector<std::string> top10(const Index& index, const std::string& text) {
    Query q;
    q.text = text;
    q.limit = 10;
    q.with_snippets = false;
    q.with_facets = false;
    return hit_ids(index.search(q));
}

struct Evaluation {
    Scores ours, base;
};

// Scores every judged query on both indexes and prints the table.
Evaluation evaluate(const std::string& title, const std::vector<Judged>& queries,
                    const Index& swedish, const Index& baseline) {
    Scores ours_total, base_total;
    std::cout << std::fixed << std::setprecision(3) << "\n== " << title << "\n"
              << std::left << std::setw(48) << "query"
              << " nDCG@10 (ours / snowball)   recall@10 (ours / snowball)\n";
    for (const auto& j : queries) {
        const auto ranked = top10(swedish, j.query);
        const Scores ours = score(j, ranked);
        if (std::getenv("RADFRAGA_SEARCH_DEBUG") != nullptr) {
            std::cout << "  [" << j.query << "] ours:";
            for (const auto& id : ranked) {
                auto g = j.grades.find(id);
                std::cout << " " << id << "(" << (g == j.grades.end() ? 0 : g->second) << ")";
            }
            std::cout << "\n  base:";
            for (const auto& id : top10(baseline, j.query)) {
                auto g = j.grades.find(id);
                std::cout << " " << id << "(" << (g == j.grades.end() ? 0 : g->second) << ")";
            }
            std::cout << "\n";
        }
        const Scores base = score(j, top10(baseline, j.query));
        ours_total.ndcg += ours.ndcg;
        ours_total.recall += ours.recall;
        base_total.ndcg += base.ndcg;
        base_total.recall += base.recall;
        std::cout << std::left << std::setw(48) << j.query << " " << ours.ndcg << " / " << base.ndcg
                  << "              " << ours.recall << " / " << base.recall << "\n";
    }
    const auto n = static_cast<double>(queries.size());
    Evaluation e{{ours_total.ndcg / n, ours_total.recall / n},
                 {base_total.ndcg / n, base_total.recall / n}};
    std::cout << std::left << std::setw(48) << "MEAN"
              << " " << e.ours.ndcg << " / " << e.base.ndcg << "              " << e.ours.recall
              << " / " << e.base.recall << "\n"
              << "nDCG@10 gain over baseline: " << std::setprecision(1)
              << (e.ours.ndcg / e.base.ndcg - 1) * 100 << " %\n";
    return e;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(search)

BOOST_AUTO_TEST_CASE(relevance_beats_plain_snowball_on_dev_and_held_out_queries) {
    Fixture fx;
    fx.store->archive().upsert_archive_records(sample_archive());
    Index swedish(*fx.store, fx.options(Analysis::swedish));
    Index baseline(*fx.store, fx.options(Analysis::snowball_baseline));

    // The shared dev queries (used for tuning).
    const auto dev =
        evaluate("dev queries (../shared/data/dev-queries.jsonl)",
                 read_judgments(shared_dir() / "data" / "dev-queries.jsonl"), swedish, baseline);
    // Our own held-out set: 40 queries in askers' words, judged before the first
    // tuning, never used to pick synonyms or weights (tests/search/heldout-queries.jsonl).
    const auto held = evaluate("held-out queries (tests/search/heldout-queries.jsonl)",
                               read_judgments(std::filesystem::path(RADFRAGA_SOURCE_DIR) / "tests" /
                                              "search" / "heldout-queries.jsonl"),
                               swedish, baseline);

    // Floors a little under what was measured, so a change that loses relevance fails
    // here; how each was set is in docs/search.md ("The floors of the relevance test").
    BOOST_TEST(dev.ours.ndcg >= 1.14 * dev.base.ndcg);
    BOOST_TEST(dev.ours.ndcg >= 0.93);
    BOOST_TEST(dev.ours.recall >= 0.89);
    // Our second set (issue 20), per kind of query: no kind below plain Snowball.
    const auto own = radfraga::search::evaluate(
        radfraga::search::read_judgments(std::filesystem::path(RADFRAGA_SOURCE_DIR) / "tests" /
                                         "search" / "own-queries.jsonl"),
        swedish, baseline);
    radfraga::search::print_evaluation(std::cout, "own queries (tests/search/own-queries.jsonl)",
                                       own);
    BOOST_TEST(own.all.ours.ndcg >= 1.2 * own.all.base.ndcg);
    BOOST_TEST(own.all.ours.recall >= 0.9);
    for (const auto& [kind, k] : own.by_kind) {
        BOOST_TEST(k.ours.ndcg >= k.base.ndcg,
                   "own queries, " << kind << ": " << k.ours.ndcg << " < " << k.base.ndcg);
    }
    // The second own set (own-queries-2.jsonl, 40 queries written before the compound
    // modifier and question fusion changes): compounds found (recall 0.90, the issue's
    // target), questions and the whole set above plain Snowball. Its abbreviation kind
    // is 0.993 against 1.000 (one grade-1 answer a place lower), so not every kind is held.
    const auto own2 = radfraga::search::evaluate(
        radfraga::search::read_judgments(std::filesystem::path(RADFRAGA_SOURCE_DIR) / "tests" /
                                         "search" / "own-queries-2.jsonl"),
        swedish, baseline);
    radfraga::search::print_evaluation(std::cout,
                                       "own queries 2 (tests/search/own-queries-2.jsonl)", own2);
    BOOST_TEST(own2.all.ours.ndcg >= 1.2 * own2.all.base.ndcg);
    BOOST_TEST(own2.by_kind.at("compound").ours.recall >= 0.9);
    BOOST_TEST(own2.by_kind.at("question").ours.ndcg >= own2.by_kind.at("question").base.ndcg);
    BOOST_TEST(held.ours.ndcg >= 1.02 * held.base.ndcg);
    BOOST_TEST(held.ours.ndcg >= 0.92);
    BOOST_TEST(held.ours.recall >= 0.89);
}

BOOST_AUTO_TEST_SUITE_END()

}  // namespace radfraga::search::test
