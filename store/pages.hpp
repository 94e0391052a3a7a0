// Rendered question pages stored with the content (migration 0008).
//
// Contract:
//  * A stored page exists only for a published question, and never outlives what it
//    shows: triggers delete a question's page, and every page that lists it among its
//    related questions, in the same transaction that edits, unpublishes, withdraws or
//    erases it, votes on it, changes its answer or follow-ups or its related list.
//    secure_delete zeroes the deleted bytes.
//  * A page is written only if nothing it shows changed since the reads it was rendered
//    from began: the caller reads page_epoch() before those reads and put_pages() stores
//    nothing when the epoch has moved.
//  * The store does not render: the server does (App::update_pages). Writing pages does
//    not change Store::generation().
//  * Environment failures throw store::Error; nothing else is thrown.
#pragma once
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.hpp"
#include "core/time.hpp"

#include "store/types.hpp"

namespace radfraga::store {

// A rendered question page to store.
struct RenderedPage {
    QuestionId question;
    std::string render_key;           // what outside the database it was rendered with
    UnixSeconds valid_until = 0;      // first moment it would read otherwise (age, statutes)
    std::vector<QuestionId> related;  // the related list it shows, best first
    std::string body;
};

// Reached as Store::pages().
class Pages {
  public:
    // The stored page of question `id` if one is stored under `render_key` and is still
    // valid at `now`; else nullopt (the caller renders the page itself).
    std::optional<std::string> page(QuestionId id, std::string_view render_key,
                                    UnixSeconds now) const;
    // The current epoch: read it before the reads a page is rendered from.
    std::int64_t page_epoch() const;
    // Published questions with id > `after`, ascending, at most `limit`, that have a
    // stored related list that is not stale, and whose page is missing, stored under
    // another render key or no longer valid at `now`: the walk after a start.
    std::vector<QuestionId> pages_to_render(std::string_view render_key, UnixSeconds now,
                                            QuestionId after, std::size_t limit) const;
    // At most `limit` questions queued by the triggers (a change since their page was
    // stored) that can be handled now: published ones whose related list is stored and
    // fresh, and those no longer published (to drop); then questions whose page is no
    // longer valid at `now`.
    std::vector<QuestionId> queued(UnixSeconds now, std::size_t limit) const;
    // In one transaction, if the epoch is still `epoch`: stores each of `pages` whose
    // question is published and whose `related` equals the question's stored, fresh
    // related list, and takes it off the queue; takes `dropped` (questions found not
    // published) off the queue. A page whose list is stale or differs stays queued.
    // Returns how many pages were stored; nullopt, and nothing changed, when the epoch
    // has moved.
    std::optional<std::size_t> put_pages(std::span<const RenderedPage> pages,
                                         std::span<const QuestionId> dropped, std::int64_t epoch);
    // How many pages are stored (for /metrics and the logs).
    std::int64_t stored_count() const;

    Pages(const Pages&) = delete;
    Pages& operator=(const Pages&) = delete;

  private:
    friend class Store;
    explicit Pages(detail::StoreImpl& impl) : impl_(&impl) {}
    detail::StoreImpl* impl_;
};

}  // namespace radfraga::store
