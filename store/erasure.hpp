// Erasure: removing what askers wrote, on request or when its retention period ends.
//
// Contract:
//  * Erased rows are deleted, and erased ciphertexts cleared, with secure_delete on, and
//    the WAL is checkpointed afterwards, so no page holding the text survives in the
//    database file or its -wal file.
//  * A question erased whole is first recorded in the erasure journal beside the database
//    (store/src/erasure_journal.hpp), so it is erased again when a backup from before is
//    restored; the audit log keeps one line per erased question, never its text.
//  * Published text is erased only by erase_question.
//  * Environment failures throw store::Error; nothing else is thrown.
#pragma once
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/ids.hpp"
#include "core/time.hpp"

#include "store/types.hpp"

namespace radfraga::store {

// Reached as Store::erasure().
class Erasure {
  public:
    // Erases a question physically: the row and everything hanging off it (answers,
    // follow-ups, counters) are deleted with secure_delete on, the search index is told
    // to drop it, and the WAL is checkpointed so no old page with the text survives in
    // the -wal file. The audit log keeps one line that it happened, without text.
    // False if there was no such question.
    bool erase_question(QuestionId q, std::string_view actor_kind, std::string_view action);

    // Erases every unredacted original whose retention deadline has passed (questions
    // and follow-ups), and checkpoints the WAL so the ciphertext is gone from both files.
    // With `retention`, also every original older than that many seconds, whatever the
    // deadline set when it arrived (a shorter period set since). Returns how many
    // originals were erased.
    std::int64_t erase_expired_originals(UnixSeconds now,
                                         std::optional<std::int64_t> retention = std::nullopt);

    // Erases what an asker wrote that will never be published, once its retention
    // period (the question's: erase_original_after - asked_at) has passed since the last
    // activity on it:
    //  - a question that ended unpublished (declined, answered privately, or marked a
    //    duplicate) with no unanswered follow-up, `retention` after its last change:
    //    the whole question, its redacted text, decline reason, private answer and
    //    follow-ups, as an erasure does (journaled, out of the index, WAL checkpointed);
    //  - a follow-up of a published question that was not published with it, answered
    //    or closed, `retention` after its answer: the follow-up and its answer.
    // Questions still in the queue are kept: experts are working on them (their
    // originals are erased by erase_expired_originals). Published text stays.
    struct UnpublishedPurge {
        std::int64_t questions = 0;
        std::int64_t follow_ups = 0;
    };
    UnpublishedPurge erase_expired_unpublished(UnixSeconds now);

    Erasure(const Erasure&) = delete;
    Erasure& operator=(const Erasure&) = delete;

  private:
    friend class Store;
    explicit Erasure(detail::StoreImpl& impl) : impl_(&impl) {}
    detail::StoreImpl* impl_;
};

}  // namespace radfraga::store
