// The erasure journal: an append-only file of the questions erased from a database, kept
// beside the database file and named after it (radfraga.db-erasures, as SQLite names its
// radfraga.db-wal), outside it, so that it survives the database file being replaced by
// an older backup.
//
// Each entry is a fixed-width record of 40 bytes, "<id> <asked_at>\n" with both numbers
// right-aligned in 19 characters. It holds no text of the question: the id and the time it
// was asked identify the row (ids can be handed out again after an older backup is
// restored; the ask time tells a new question from the erased one).
//
// The database records how many entries it reflects (table erasure_journal_state). An
// entry is appended and made durable before the erasure's transaction commits; at open,
// entries past the database's count are applied again (Store::Store).
#pragma once
#include <cstdint>
#include <filesystem>
#include <vector>

namespace radfraga::store::detail {

class ErasureJournal {
  public:
    struct Entry {
        std::int64_t question = 0;
        std::int64_t asked_at = 0;
    };
    static constexpr std::size_t record_size = 40;

    explicit ErasureJournal(std::filesystem::path file) : file_(std::move(file)) {}

    // Entries in the file. A torn last record (a crash mid-append) is cut off first.
    std::int64_t count();
    // Appends an entry and fsyncs the file (and, when it was created, its folder).
    // Returns the count after it. Throws store::Error if the file cannot be written.
    std::int64_t append(Entry e);
    // Entries from index `from` (0-based) to the end. Unreadable records are skipped.
    std::vector<Entry> read_from(std::int64_t from) const;

    const std::filesystem::path& file() const { return file_; }

  private:
    std::filesystem::path file_;
};

}  // namespace radfraga::store::detail
