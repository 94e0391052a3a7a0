// Shared test fixture: a store in a fresh temporary folder, the sample archive loader,
// and the helpers that stand in for store functions that do not exist yet.
#pragma once
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.hpp"
#include "search/search.hpp"
#include "store/store.hpp"

namespace radfraga::search::test {

std::filesystem::path shared_dir();
std::vector<store::ArchiveRecord> load_archive(const std::filesystem::path& jsonl);
std::vector<store::ArchiveRecord> sample_archive();

// A record with the given texts, published 2023-05-01 + `day` days.
store::ArchiveRecord record(std::string id, std::string title, std::string question,
                            std::string answer, std::string category = "ekonomiskt-bistand",
                            int day = 0);

struct TempDir {
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    std::filesystem::path path;
};

struct Fixture {
    Fixture();
    TempDir tmp;
    ManualClock clock{1700000000};
    std::unique_ptr<store::Store> store;
    std::filesystem::path db_file() const { return tmp.path / "radfraga.db"; }
    std::filesystem::path index_dir() const { return tmp.path / "index"; }
    Options options(Analysis a = Analysis::swedish) const;
    QuestionId id_of(const std::string& external_id) const;
    // What the store will do for unpublish/withdraw, done with SQL meanwhile.
    void unpublish(const std::string& external_id);
    void erase(const std::string& external_id);
};

std::vector<std::string> hit_ids(const Result& r);

}  // namespace radfraga::search::test
