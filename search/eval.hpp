// Relevance evaluation: graded query judgments scored as nDCG@10 and recall@10 per kind
// of query, for the Swedish analysis and for plain Xapian Snowball side by side, and a
// known-item test over a large archive. `radfraga search-eval` (docs/search.md,
// "Measured") and the relevance test use it.
#pragma once
#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <ostream>
#include <string>
#include <vector>

#include "search/search.hpp"
#include "store/store.hpp"

namespace radfraga::search {

// One judged query: {"query": "…", "relevant": {"s001": 2, "s002": 1}, "kind": "…"}.
// Grade 2 answers the query, 1 is related or partly useful. `kind` is one of
// keyword, inflected, compound, synonym, misspelled, question, abbreviation (or empty).
struct Judgment {
    std::string query;
    std::string kind;
    std::map<std::string, int> grades;  // external id → grade
};

// Reads JSON Lines of judgments. Throws Error naming the file and line on a bad line.
std::vector<Judgment> read_judgments(const std::filesystem::path& file);

struct Score {
    double ndcg = 0;    // nDCG@10 with gains 2^grade − 1
    double recall = 0;  // judged documents in the top 10 / min(judged, 10)
};

// Scores a ranking (external ids, best first; only the first 10 count).
Score score(const Judgment& j, const std::vector<std::string>& ranked);

// The external ids of the first `n` hits for `text`, relevance order, no snippets.
std::vector<std::string> ranked_ids(const Index& index, const std::string& text,
                                    std::size_t n = 10);

// Mean scores of both indexes over a set of judgments, overall and per kind.
struct KindScores {
    std::size_t queries = 0;
    Score ours, base;
};
struct Evaluation {
    KindScores all;
    std::map<std::string, KindScores> by_kind;
};
// `details` (may be null) gets one line per query with both rankings.
Evaluation evaluate(const std::vector<Judgment>& judgments, const Index& swedish,
                    const Index& baseline, std::ostream* details = nullptr);
// Prints an evaluation as a table, one row per kind and one for all.
void print_evaluation(std::ostream& out, const std::string& title, const Evaluation& e);

// radfraga search-eval [--archive FILE] [--kinds FILE] [--details] [--data DIR]
//                      [--known-item GENERATED.jsonl] [QUERIES.jsonl...]
// `load_archive` reads an archive file in the import format (the server's parser).
// Exit codes: 0 done, 2 bad usage, 1 a file could not be read.
using ArchiveLoader =
    std::function<std::vector<store::ArchiveRecord>(const std::filesystem::path&)>;
int search_eval_command(const std::vector<std::string>& args, const ArchiveLoader& load_archive,
                        std::ostream& out, std::ostream& err);

}  // namespace radfraga::search
