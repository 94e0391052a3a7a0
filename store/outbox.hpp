// The search outbox: what the search index reads to follow the store.
//
// Contract:
//  * Every write that changes what is public adds a row to the outbox in its own
//    transaction, so the index can never miss a change; rows are numbered by an increasing
//    seq and the index applies them in that order.
//  * Index documents are built only for questions published now.
//  * Environment failures throw store::Error; nothing else is thrown.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/ids.hpp"
#include "core/time.hpp"

#include "store/types.hpp"

namespace radfraga::store {

// What the search index holds for a published question.
struct IndexDoc {
    QuestionId id;
    std::optional<std::string> external_id;
    std::string title;
    std::string question;
    std::string answer;
    std::string category_slug;
    UnixSeconds published_at = 0;  // the answer's time; "newest first" sorts on it
};

struct OutboxEntry {
    std::int64_t seq = 0;
    QuestionId question;
    bool erase = false;  // true: remove from the index; false: (re)index from the store
};

// Reached as Store::outbox().
class Outbox {
  public:
    std::int64_t outbox_head() const;  // the newest seq, 0 if none
    std::vector<OutboxEntry> outbox_after(std::int64_t seq, std::int64_t limit) const;
    // The index documents of those of `ids` that are published now.
    std::vector<IndexDoc> index_docs(std::span<const QuestionId> ids) const;
    // Every published question's index document, in id order.
    void for_each_index_doc(const std::function<void(const IndexDoc&)>& fn) const;

    Outbox(const Outbox&) = delete;
    Outbox& operator=(const Outbox&) = delete;

  private:
    friend class Store;
    explicit Outbox(detail::StoreImpl& impl) : impl_(&impl) {}
    detail::StoreImpl* impl_;
};

}  // namespace radfraga::store
