#include "tests/search/fixture.hpp"

#include <sqlite3.h>

#include <boost/json.hpp>
#include <cstdlib>
#include <fstream>
#include <random>
#include <stdexcept>

#include "core/time.hpp"

namespace radfraga::search::test {

std::filesystem::path shared_dir() {
    const char* d = std::getenv("RADFRAGA_SHARED_DIR");
    return d != nullptr ? std::filesystem::path(d) : std::filesystem::path("../shared");
}

std::vector<store::ArchiveRecord> load_archive(const std::filesystem::path& jsonl) {
    std::ifstream f(jsonl);
    if (!f) throw std::runtime_error("cannot read " + jsonl.string());
    std::vector<store::ArchiveRecord> out;
    std::string line;
    while (std::getline(f, line)) {
        if (line.empty()) continue;
        const auto v = boost::json::parse(line).as_object();
        auto str = [&](const char* k) { return std::string(v.at(k).as_string()); };
        store::ArchiveRecord r;
        r.external_id = str("id");
        r.title = str("title");
        r.question = str("question");
        r.pseudonym = str("pseudonym");
        r.answer = str("answer");
        r.signature = str("signature");
        r.category = str("category");
        r.asked_at = parse_iso8601(str("asked_at")).value();
        r.answered_at = parse_iso8601(str("answered_at")).value();
        out.push_back(std::move(r));
    }
    return out;
}

std::vector<store::ArchiveRecord> sample_archive() {
    // The product's copy of shared/data/sample-archive.jsonl.
    const char* src = std::getenv("RADFRAGA_SOURCE_DIR");
    return load_archive(std::filesystem::path(src != nullptr ? src : ".") / "server" / "sample" /
                        "sample-archive.jsonl");
}

store::ArchiveRecord record(std::string id, std::string title, std::string question,
                            std::string answer, std::string category, int day) {
    store::ArchiveRecord r;
    r.external_id = std::move(id);
    r.title = std::move(title);
    r.question = std::move(question);
    r.pseudonym = "Anonym";
    r.answer = std::move(answer);
    r.signature = "Socialrådgivningen";
    r.category = std::move(category);
    r.asked_at = Timestamp{1682928000 + day * 86400, 120};
    r.answered_at = Timestamp{1682928000 + day * 86400 + 3600, 120};
    return r;
}

TempDir::TempDir() {
    std::random_device rd;
    path =
        std::filesystem::temp_directory_path() / ("radfraga-search-test-" + std::to_string(rd()));
    std::filesystem::create_directories(path);
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
}

Fixture::Fixture() : store(std::make_unique<store::Store>(db_file(), clock)) {}

Options Fixture::options(Analysis a) const {
    Options o;
    o.dir = a == Analysis::swedish ? index_dir() : tmp.path / "index-baseline";
    o.analysis = a;
    return o;
}

QuestionId Fixture::id_of(const std::string& external_id) const {
    return store->public_reads().find_by_external_id(external_id).value();
}

namespace {
void exec(const std::filesystem::path& file, const std::string& sql) {
    sqlite3* db = nullptr;
    if (sqlite3_open(file.c_str(), &db) != SQLITE_OK) throw std::runtime_error("open");
    sqlite3_busy_timeout(db, 5000);
    char* msg = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &msg);
    std::string err = msg != nullptr ? msg : "";
    sqlite3_free(msg);
    sqlite3_close(db);
    if (rc != SQLITE_OK) throw std::runtime_error(err);
}
}  // namespace

void Fixture::unpublish(const std::string& external_id) {
    const auto id = std::to_string(id_of(external_id).value);
    exec(db_file(), "BEGIN; UPDATE questions SET state = 'declined' WHERE id = " + id +
                        "; INSERT INTO search_outbox (question_id, op, created_at) VALUES (" + id +
                        ", 'upsert', 0); COMMIT;");
}

void Fixture::erase(const std::string& external_id) {
    const auto id = std::to_string(id_of(external_id).value);
    exec(db_file(), "PRAGMA foreign_keys = ON; BEGIN; DELETE FROM questions WHERE id = " + id +
                        "; INSERT INTO search_outbox (question_id, op, created_at) VALUES (" + id +
                        ", 'delete', 0); COMMIT;");
}

std::vector<std::string> hit_ids(const Result& r) {
    std::vector<std::string> out;
    for (const auto& h : r.hits)
        out.push_back(h.external_id.value_or("q" + std::to_string(h.id.value)));
    return out;
}

}  // namespace radfraga::search::test
