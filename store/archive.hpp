// The archive: importing and exporting the published archive (JSON Lines records, BRIEF.md
// "Data formats").
//
// Contract:
//  * An import is one transaction: either every record is stored or none is. Each
//    inserted or changed question is queued for the search index in that transaction.
//  * Questions are matched by their external id; a record equal to what is stored changes
//    nothing and is reported unchanged.
//  * Environment failures throw store::Error; nothing else is thrown.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/time.hpp"

#include "store/types.hpp"

namespace radfraga::store {

// One line of the archive's JSON Lines format (see BRIEF.md, "Data formats").
struct ArchiveRecord {
    std::string external_id;
    std::string title;
    std::string question;
    std::string pseudonym;
    std::string answer;
    std::string signature;
    std::string category;  // slug; must name an existing category
    Timestamp asked_at;
    Timestamp answered_at;
    bool operator==(const ArchiveRecord&) const = default;
};

enum class UpsertResult { inserted, updated, unchanged };

// Reached as Store::archive().
class Archive {
  public:
    // Inserts or updates records by external id, all in one transaction, and queues
    // them for indexing. Returns one result per record. Throws Error (and changes
    // nothing) if a record names an unknown category: callers validate first.
    std::vector<UpsertResult> upsert_archive_records(std::span<const ArchiveRecord> records);
    // Calls `fn` for every published question with its published answer, in the order
    // they were asked. Questions that were asked on this site and have no external id
    // are exported with "q<id>" as their id.
    void for_each_archive_record(const std::function<void(const ArchiveRecord&)>& fn) const;
    bool has_questions() const;
    bool category_exists(std::string_view slug) const;

    Archive(const Archive&) = delete;
    Archive& operator=(const Archive&) = delete;

  private:
    friend class Store;
    explicit Archive(detail::StoreImpl& impl) : impl_(&impl) {}
    detail::StoreImpl* impl_;
};

}  // namespace radfraga::store
