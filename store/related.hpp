// Stored related-question lists (migration 0005), read when the server starts.
//
// Contract:
//  * Only published questions have a list, and a list holds only published questions:
//    triggers take a question that leaves the published state or is erased out of every
//    list, and mark those lists stale, in the same transaction.
//  * Environment failures throw store::Error; nothing else is thrown.
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <vector>

#include "core/ids.hpp"
#include "core/time.hpp"

#include "store/types.hpp"

namespace radfraga::store {

// A published question's related-question list as stored (migration 0005): the ids best
// first, the search ranking version it was computed with, and whether it must be computed
// again (a question in it changed).
struct RelatedList {
    QuestionId question;
    std::vector<QuestionId> related;
    std::int64_t ranking_version = 0;
    bool stale = false;
};

// Reached as Store::related().
class Related {
  public:
    // Every stored list, in question id order. Only published questions have one, and a
    // list holds only published questions: withdrawing, unpublishing or erasing a question
    // removes it from every list and marks those lists stale, in the same transaction.
    void for_each_related_list(const std::function<void(const RelatedList&)>& fn) const;
    // The stored list of `id`, or nullopt if it has none.
    std::optional<RelatedList> related_list(QuestionId id) const;
    // Stores `lists` (computed at `now`, not stale) in one transaction and returns what was
    // stored: lists of questions not published now are dropped, and ids of questions not
    // published now are left out of the lists. Does not change Store::generation().
    std::vector<RelatedList> put_related_lists(std::span<const RelatedList> lists, UnixSeconds now);
    // Marks stale the lists of `ids` and every list that holds one of them.
    void mark_related_stale(std::span<const QuestionId> ids);
    // Published questions with id > `after`, ascending, at most `limit`, whose list is
    // missing, stale or computed with another ranking version than `ranking_version`.
    std::vector<QuestionId> related_to_compute(std::int64_t ranking_version, QuestionId after,
                                               std::size_t limit) const;
    // At most `limit` questions whose list is marked stale (an indexed read).
    std::vector<QuestionId> stale_related_lists(std::size_t limit) const;
    // The search outbox seq up to which changes have been applied to the lists (0 if never).
    std::int64_t related_seq() const;
    void set_related_seq(std::int64_t seq);

    Related(const Related&) = delete;
    Related& operator=(const Related&) = delete;

  private:
    friend class Store;
    explicit Related(detail::StoreImpl& impl) : impl_(&impl) {}
    detail::StoreImpl* impl_;
};

}  // namespace radfraga::store
