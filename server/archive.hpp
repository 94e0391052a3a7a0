// The archive's JSON Lines format (BRIEF.md, "Data formats"): parsing with validation,
// serialisation, and import of a whole stream into the store.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "store/store.hpp"

namespace radfraga::server {

// Parses one line. Returns the record, or a Swedish-free, English one-line reason the
// line was refused (for the operator's terminal). Does not check that the category
// exists; import_archive does.
std::variant<store::ArchiveRecord, std::string> parse_archive_line(std::string_view line);

// One line of JSON (no trailing newline), fields in the documented order.
std::string serialize_archive_record(const store::ArchiveRecord& r);

struct ImportReport {
    std::size_t inserted = 0;
    std::size_t updated = 0;
    std::size_t unchanged = 0;
    // (line number, reason) for every refused line; blank lines are skipped silently.
    std::vector<std::pair<std::size_t, std::string>> errors;
};

// Reads JSON Lines from `in`, validates every line and upserts the good ones by external
// id in batches. Bad lines are reported, never fatal. Store errors (disk, locks) throw.
// `progress`, if set, is called after each batch with the bytes of `in` read so far.
ImportReport import_archive(std::istream& in, store::Store& store,
                            const std::function<void(std::uint64_t bytes)>& progress = {});

// Writes every published question as one line each. Returns the number written.
std::size_t export_archive(const store::Store& store, std::ostream& out);

}  // namespace radfraga::server
