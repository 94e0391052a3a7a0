#include "search/eval.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <optional>
#include <random>
#include <set>
#include <span>
#include <sstream>
#include <unordered_map>

#include "core/clock.hpp"

namespace radfraga::search {

namespace {

constexpr std::size_t cutoff = 10;
// How deep the known-item test looks: the generator copies each sentence into some
// hundreds of records, so the target's rank among the other records is read this far.
constexpr std::size_t known_item_depth = 1000;

constexpr const char* eval_usage =
    "Usage: radfraga search-eval [--archive FILE] [--kinds FILE] [--details] [--data DIR]\n"
    "                           [--known-item GENERATED.jsonl] [QUERIES.jsonl...]\n\n"
    "Scores search on judged queries: nDCG@10 and recall@10 per kind of query, for the\n"
    "Swedish analysis and for plain Xapian Snowball Swedish (the baseline), over the\n"
    "archive FILE (default: the sample archive, ../shared/data/sample-archive.jsonl).\n"
    "  QUERIES.jsonl  lines {\"query\": ..., \"relevant\": {\"s001\": 2, ...}, \"kind\": ...}\n"
    "  --kinds FILE   lines {\"query\": ..., \"kind\": ...}: kinds for queries that have none\n"
    "  --details      print both rankings of every query\n"
    "  --related      also score related questions: a question that answers a query\n"
    "                 (grade 2) against the others judged for it\n"
    "  --known-item GENERATED.jsonl\n"
    "                 also a known-item test: the archive's records imported into GENERATED\n"
    "                 (e.g. 100 000 questions from bench/http/gen_archive.py); each record's\n"
    "                 first sentence of its question is a query, the record itself the target\n"
    "  --data DIR     keep the database and both indexes in DIR and reuse them (the import\n"
    "                 and indexing of a large archive take minutes)\n";

// A temporary folder, removed at the end unless the caller keeps it.
struct WorkDir {
    std::filesystem::path path;
    bool remove = false;
    explicit WorkDir(const std::string& keep) {
        if (!keep.empty()) {
            path = keep;
        } else {
            std::random_device rd;
            path = std::filesystem::temp_directory_path() /
                   ("radfraga-search-eval-" + std::to_string(rd()));
            remove = true;
        }
        std::filesystem::create_directories(path);
    }
    ~WorkDir() {
        std::error_code ec;
        if (remove) std::filesystem::remove_all(path, ec);
    }
    WorkDir(const WorkDir&) = delete;
    WorkDir& operator=(const WorkDir&) = delete;
};

// The first sentence of a text: up to the first '.', '!' or '?' followed by white space.
std::string first_sentence(const std::string& text) {
    for (std::size_t i = 0; i + 1 < text.size(); ++i) {
        if ((text[i] == '.' || text[i] == '!' || text[i] == '?') &&
            (text[i + 1] == ' ' || text[i + 1] == '\n' || text[i + 1] == '\t')) {
            return text.substr(0, i + 1);
        }
    }
    return text;
}

void add(Score& to, const Score& s) {
    to.ndcg += s.ndcg;
    to.recall += s.recall;
}

Score mean(const Score& s, std::size_t n) {
    const double d = n > 0 ? static_cast<double>(n) : 1.0;
    return {s.ndcg / d, s.recall / d};
}

void print_ranking(std::ostream& out, const char* label, const Judgment& j,
                   const std::vector<std::string>& ids) {
    out << "    " << label << ":";
    for (const auto& id : ids) {
        const auto g = j.grades.find(id);
        out << " " << id << "(" << (g == j.grades.end() ? 0 : g->second) << ")";
    }
    out << "\n";
}

void import_records(store::Store& st, const std::vector<store::ArchiveRecord>& records) {
    for (std::size_t k = 0; k < records.size(); k += 5000) {
        const auto end = std::min(records.size(), k + 5000);
        st.archive().upsert_archive_records(std::span(records).subspan(k, end - k));
    }
}

Options index_options(const std::filesystem::path& dir, Analysis a) {
    Options o;
    o.dir = dir;
    o.analysis = a;
    return o;
}

struct KnownItem {
    std::size_t queries = 0;
    double mrr = 0;
    std::size_t at1 = 0, at10 = 0, at100 = 0, at1000 = 0;
};

// Related questions judged by the query judgments: a question that answers a query
// (grade 2) is related to the other questions judged for that query. Judgments are
// incomplete, so precision is a lower bound; "same category" is a second, weaker view.
void print_related(std::ostream& out, const std::vector<std::vector<Judgment>>& sets,
                   const store::Store& st, const Index& index, bool details) {
    std::map<std::string, std::set<std::string>> related_to;
    for (const auto& set : sets) {
        for (const auto& j : set) {
            for (const auto& [id, g] : j.grades) {
                if (g < 2) continue;
                for (const auto& [other, g2] : j.grades) {
                    if (other != id && g2 > 0) related_to[id].insert(other);
                }
            }
        }
    }
    std::size_t questions = 0, with_list = 0, shown = 0, judged_related = 0, same_category = 0;
    double recall = 0;
    for (const auto& [id, rel] : related_to) {
        if (rel.empty()) continue;
        const auto qid = st.public_reads().find_by_external_id(id);
        if (!qid) continue;
        ++questions;
        const auto hits = index.related(*qid, 5);
        if (details) {
            out << "  related to " << id << ":";
            for (const auto& h : hits)
                out << " " << h.external_id.value_or("?")
                    << (rel.contains(h.external_id.value_or("")) ? "+" : "");
            out << "\n";
        }
        if (!hits.empty()) ++with_list;
        const std::vector<QuestionId> one{*qid};
        const auto self = st.outbox().index_docs(one);
        std::size_t found = 0;
        for (const auto& h : hits) {
            ++shown;
            if (h.external_id && rel.contains(*h.external_id)) ++found;
            if (!self.empty() && h.category == self.front().category_slug) ++same_category;
        }
        judged_related += found;
        recall +=
            static_cast<double>(found) / static_cast<double>(std::min<std::size_t>(rel.size(), 5));
    }
    const auto ratio = [](std::size_t a, std::size_t b) {
        return b > 0 ? static_cast<double>(a) / static_cast<double>(b) : 0.0;
    };
    out << std::fixed << std::setprecision(3) << "\n== related questions (5 asked) of " << questions
        << " questions that answer a judged query\n"
        << "questions with a list " << ratio(with_list, questions) << ", shown per question "
        << ratio(shown, questions) << ", judged related among shown "
        << ratio(judged_related, shown) << ", same category among shown "
        << ratio(same_category, shown) << ", recall@5 "
        << (questions > 0 ? recall / static_cast<double>(questions) : 0.0) << "\n";
}

}  // namespace

std::vector<Judgment> read_judgments(const std::filesystem::path& file) {
    std::ifstream f(file);
    if (!f) throw Error("cannot read " + file.string());
    std::vector<Judgment> out;
    std::string line;
    std::size_t line_no = 0;
    while (std::getline(f, line)) {
        ++line_no;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        try {
            const auto v = boost::json::parse(line).as_object();
            Judgment j;
            j.query = std::string(v.at("query").as_string());
            if (const auto* k = v.if_contains("kind"); k != nullptr && k->is_string())
                j.kind = std::string(k->as_string());
            if (const auto* r = v.if_contains("relevant"); r != nullptr) {
                for (const auto& [id, g] : r->as_object())
                    j.grades[std::string(id)] = static_cast<int>(g.to_number<double>());
            }
            out.push_back(std::move(j));
        } catch (const std::exception& e) {
            throw Error(file.string() + ":" + std::to_string(line_no) + ": " + e.what());
        }
    }
    return out;
}

Score score(const Judgment& j, const std::vector<std::string>& ranked) {
    double dcg = 0;
    std::size_t found = 0;
    for (std::size_t i = 0; i < ranked.size() && i < cutoff; ++i) {
        const auto it = j.grades.find(ranked[i]);
        if (it == j.grades.end() || it->second <= 0) continue;
        dcg += (std::pow(2.0, it->second) - 1) / std::log2(static_cast<double>(i) + 2);
        ++found;
    }
    std::vector<int> ideal;
    for (const auto& [_, g] : j.grades) {
        if (g > 0) ideal.push_back(g);
    }
    std::sort(ideal.rbegin(), ideal.rend());
    double idcg = 0;
    for (std::size_t i = 0; i < ideal.size() && i < cutoff; ++i) {
        idcg += (std::pow(2.0, ideal[i]) - 1) / std::log2(static_cast<double>(i) + 2);
    }
    const double relevant = static_cast<double>(std::min(ideal.size(), cutoff));
    return {idcg > 0 ? dcg / idcg : 0, relevant > 0 ? static_cast<double>(found) / relevant : 0};
}

std::vector<std::string> ranked_ids(const Index& index, const std::string& text, std::size_t n) {
    Query q;
    q.text = text;
    q.with_snippets = false;
    q.with_facets = false;
    q.with_suggestion = true;
    std::vector<std::string> out;
    // Pages of at most Limits::max_limit, as a reader pages through them.
    while (out.size() < n) {
        q.offset = static_cast<std::int64_t>(out.size());
        q.limit =
            static_cast<std::int64_t>(std::min<std::size_t>(n - out.size(), Limits::max_limit));
        q.with_suggestion = out.empty();
        std::size_t got = 0;
        try {
            for (const auto& h : index.search(q).hits) {
                out.push_back(h.external_id.value_or(std::to_string(h.id.value)));
                ++got;
            }
        } catch (const QueryError&) {
        }
        if (got < static_cast<std::size_t>(q.limit)) break;
    }
    return out;
}

Evaluation evaluate(const std::vector<Judgment>& judgments, const Index& swedish,
                    const Index& baseline, std::ostream* details) {
    Evaluation e;
    for (const auto& j : judgments) {
        const auto ours_ids = ranked_ids(swedish, j.query);
        const auto base_ids = ranked_ids(baseline, j.query);
        const Score ours = score(j, ours_ids), base = score(j, base_ids);
        for (KindScores* k : {&e.all, &e.by_kind[j.kind.empty() ? "(none)" : j.kind]}) {
            ++k->queries;
            add(k->ours, ours);
            add(k->base, base);
        }
        if (details != nullptr) {
            *details << std::fixed << std::setprecision(3) << "  [" << j.kind << "] " << j.query
                     << "  nDCG " << ours.ndcg << " / " << base.ndcg << ", recall " << ours.recall
                     << " / " << base.recall << (ours.ndcg + 1e-9 < base.ndcg ? "  WORSE" : "")
                     << "\n";
            print_ranking(*details, "ours", j, ours_ids);
            print_ranking(*details, "base", j, base_ids);
        }
    }
    for (KindScores* k : [&] {
             std::vector<KindScores*> v{&e.all};
             for (auto& [_, s] : e.by_kind) v.push_back(&s);
             return v;
         }()) {
        k->ours = mean(k->ours, k->queries);
        k->base = mean(k->base, k->queries);
    }
    return e;
}

void print_evaluation(std::ostream& out, const std::string& title, const Evaluation& e) {
    out << std::fixed << std::setprecision(3) << "\n== " << title << " (" << e.all.queries
        << " queries)\n"
        << std::left << std::setw(14) << "kind" << std::right << std::setw(4) << "n"
        << "   nDCG@10 ours  snowball  ratio"
        << "   recall@10 ours  snowball\n";
    auto row = [&](const std::string& name, const KindScores& k) {
        const double ratio = k.base.ndcg > 0 ? k.ours.ndcg / k.base.ndcg : 0;
        out << std::left << std::setw(14) << name << std::right << std::setw(4) << k.queries
            << "   " << std::setw(12) << k.ours.ndcg << "  " << std::setw(8) << k.base.ndcg << "  "
            << std::setw(5) << std::setprecision(2) << ratio << std::setprecision(3) << "   "
            << std::setw(14) << k.ours.recall << "  " << std::setw(8) << k.base.recall
            << (k.ours.ndcg + 1e-9 < k.base.ndcg ? "  below baseline" : "") << "\n";
    };
    for (const auto& [kind, k] : e.by_kind) row(kind, k);
    row("all", e.all);
}

int search_eval_command(const std::vector<std::string>& args, const ArchiveLoader& load_archive,
                        std::ostream& out, std::ostream& err) {
    std::filesystem::path archive = "../shared/data/sample-archive.jsonl";
    std::vector<std::filesystem::path> query_files;
    std::optional<std::filesystem::path> kinds_file, known_item;
    std::string data;
    bool details = false, related = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& a = args[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= args.size()) throw std::invalid_argument(a + " needs a value");
            return args[++i];
        };
        try {
            if (a == "--help" || a == "-h") {
                out << eval_usage;
                return 0;
            } else if (a == "--archive") {
                archive = value();
            } else if (a == "--kinds") {
                kinds_file = value();
            } else if (a == "--known-item") {
                known_item = value();
            } else if (a == "--data") {
                data = value();
            } else if (a == "--details") {
                details = true;
            } else if (a == "--related") {
                related = true;
            } else if (a.starts_with("--")) {
                err << "radfraga: unknown option " << a << " for search-eval\n" << eval_usage;
                return 2;
            } else {
                query_files.emplace_back(a);
            }
        } catch (const std::invalid_argument& e) {
            err << "radfraga: " << e.what() << "\n";
            return 2;
        }
    }
    if (query_files.empty() && !known_item) {
        err << "radfraga: search-eval needs a queries file or --known-item\n" << eval_usage;
        return 2;
    }
    // Read every file before the long work starts.
    std::vector<std::vector<Judgment>> sets;
    for (const auto& f : query_files) sets.push_back(read_judgments(f));
    if (kinds_file) {
        std::map<std::string, std::string> kind_of;
        for (const auto& j : read_judgments(*kinds_file)) kind_of[j.query] = j.kind;
        for (auto& set : sets) {
            for (auto& j : set) {
                if (const auto it = kind_of.find(j.query); j.kind.empty() && it != kind_of.end())
                    j.kind = it->second;
            }
        }
    }
    const auto records = load_archive(archive);

    SystemClock clock;
    if (!sets.empty()) {
        WorkDir dir(data.empty() ? std::string{}
                                 : (std::filesystem::path(data) / "judged").string());
        const bool fresh = !std::filesystem::exists(dir.path / "radfraga.db");
        store::Store st(dir.path / "radfraga.db", clock);
        if (fresh) import_records(st, records);
        Index swedish(st, index_options(dir.path / "index-swedish", Analysis::swedish));
        Index baseline(st, index_options(dir.path / "index-snowball", Analysis::snowball_baseline));
        for (std::size_t k = 0; k < sets.size(); ++k) {
            if (details) out << "\n-- " << query_files[k].string() << "\n";
            const auto e = evaluate(sets[k], swedish, baseline, details ? &out : nullptr);
            print_evaluation(out, query_files[k].string(), e);
        }
        if (related) print_related(out, sets, st, swedish, details);
    }
    if (known_item) {
        // The generator copies sentences, so other records hold the query sentence word
        // for word and answer it as well as the target does: they are counted twice, as
        // ranked (raw) and skipped ("copies skipped").
        const auto generated = load_archive(*known_item);
        std::unordered_map<std::string, const store::ArchiveRecord*> by_id;
        for (const auto& g : generated) by_id.emplace(g.external_id, &g);
        WorkDir dir(data.empty() ? std::string{}
                                 : (std::filesystem::path(data) / "known-item").string());
        const bool fresh = !std::filesystem::exists(dir.path / "radfraga.db");
        store::Store st(dir.path / "radfraga.db", clock);
        if (fresh) {
            import_records(st, generated);
            import_records(st, records);
        }
        Index swedish(st, index_options(dir.path / "index-swedish", Analysis::swedish));
        Index baseline(st, index_options(dir.path / "index-snowball", Analysis::snowball_baseline));
        KnownItem ours_raw, base_raw, ours, base;
        auto count = [](KnownItem& k, const std::vector<std::string>& ids,
                        const std::string& target) {
            ++k.queries;
            const auto at = std::find(ids.begin(), ids.end(), target);
            if (at == ids.end()) return std::string("-");
            const auto rank = static_cast<std::size_t>(at - ids.begin()) + 1;
            if (rank <= 10) k.mrr += 1.0 / static_cast<double>(rank);
            k.at1 += rank == 1 ? 1 : 0;
            k.at10 += rank <= 10 ? 1 : 0;
            k.at100 += rank <= 100 ? 1 : 0;
            k.at1000 += 1;
            return std::to_string(rank);
        };
        for (const auto& r : records) {
            const std::string q = first_sentence(r.question);
            const auto o = ranked_ids(swedish, q, known_item_depth),
                       b = ranked_ids(baseline, q, known_item_depth);
            auto without_copies = [&](const std::vector<std::string>& ids) {
                std::vector<std::string> kept;
                for (const auto& id : ids) {
                    const auto it = by_id.find(id);
                    if (it != by_id.end() && (it->second->question.find(q) != std::string::npos ||
                                              it->second->title.find(q) != std::string::npos)) {
                        continue;
                    }
                    kept.push_back(id);
                }
                return kept;
            };
            const auto o_rank = count(ours_raw, o, r.external_id),
                       b_rank = count(base_raw, b, r.external_id);
            const auto o2 = count(ours, without_copies(o), r.external_id);
            const auto b2 = count(base, without_copies(b), r.external_id);
            if (details) {
                out << "  " << r.external_id << " ours " << o_rank << " (" << o2 << "), base "
                    << b_rank << " (" << b2 << "): " << q << "\n";
            }
        }
        auto line = [&](const char* name, const KnownItem& k) {
            const double n = k.queries > 0 ? static_cast<double>(k.queries) : 1.0;
            out << std::fixed << std::setprecision(3) << std::left << std::setw(26) << name
                << std::right << std::setw(10) << k.mrr / n << std::setw(10)
                << static_cast<double>(k.at1) / n << std::setw(10)
                << static_cast<double>(k.at10) / n << std::setw(10)
                << static_cast<double>(k.at100) / n << std::setw(11)
                << static_cast<double>(k.at1000) / n << "\n";
        };
        out << "\n== known item: first sentence of each question of " << archive.string()
            << " among " << swedish.document_count() << " questions (" << ours.queries
            << " queries)\n"
            << std::left << std::setw(26) << "index" << std::right << std::setw(10) << "MRR@10"
            << std::setw(10) << "found@1" << std::setw(10) << "found@10" << std::setw(10)
            << "found@100" << std::setw(11) << "found@1000"
            << "\n";
        line("ours", ours_raw);
        line("snowball", base_raw);
        line("ours, copies skipped", ours);
        line("snowball, copies skipped", base);
    }
    return 0;
}

}  // namespace radfraga::search
