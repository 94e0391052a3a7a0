// What askers do: ask a question, read their receipt page, add a follow-up.
//
// Contract:
//  * An asker is known only by a receipt token; the store keeps its SHA-256 hash and compares
//    it in constant time after the indexed lookup. A receipt shows the redacted text only.
//  * The unredacted original is only ever stored sealed (encrypted by the caller, bound to
//    the row id); it is erased at publication or by Erasure once its retention deadline
//    passes.
//  * Every write appends its audit row in the same transaction.
//  * Environment failures throw store::Error; nothing else is thrown.
#pragma once
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/ids.hpp"
#include "core/time.hpp"
#include "store/states.hpp"

#include "store/types.hpp"

namespace radfraga::store {

// A question as an asker submits it. Title and body are the redactor's proposal (what
// would be published); the original is only ever stored encrypted.
struct NewQuestion {
    std::string title;
    std::string body;
    std::string pseudonym;
    std::string category;  // slug, or empty for "no category chosen"
    // Seals the original for the new row, given its id (bound into the ciphertext as AAD);
    // called inside the insert's transaction. Unset: no original is stored.
    std::function<std::vector<unsigned char>(QuestionId)> seal_original;
    std::vector<unsigned char> receipt_hash;  // SHA-256 of the receipt token
    bool crisis = false;
    std::string
        crisis_categories;  // comma-separated triage categories ("suicide,child"), '' if none
    UnixSeconds erase_original_after = 0;
};

// What the asker sees of a follow-up on their receipt page.
struct ReceiptFollowUp {
    FollowUpId id;
    std::string body;
    FollowUpState state = FollowUpState::received;
    Timestamp asked_at;
    std::optional<std::string> answer;
    std::optional<Timestamp> answered_at;
};

// Everything the receipt page shows, and nothing more.
struct ReceiptView {
    QuestionId id;
    QuestionState state = QuestionState::received;
    std::string title;  // redacted
    std::string body;   // redacted: exactly what will be published
    std::string pseudonym;
    std::string category_slug;
    std::string category_name;
    Timestamp asked_at;
    // The newest published or private answer, as soon as it exists.
    std::optional<std::string> answer;
    std::optional<Timestamp> answered_at;
    std::string signature_name;
    std::optional<std::string> decline_reason;
    std::optional<QuestionId> duplicate_of;
    std::vector<ReceiptFollowUp> follow_ups;
    // Triage of the question and its follow-ups: the helplines the asker is shown first.
    bool crisis = false;
    std::string crisis_categories;  // comma-separated, '' if none
};

// Reached as Store::askers().
class Askers {
  public:
    QuestionId add_question(const NewQuestion& q);
    // The question whose receipt token hashes to `receipt_hash`. The stored hash is
    // compared in constant time after the indexed lookup.
    std::optional<ReceiptView> receipt(std::span<const unsigned char> receipt_hash) const;
    // Adds a follow-up that returns the question to the experts' queue. nullopt if the
    // question is gone or the asker has more than `max_open` unanswered follow-ups.
    // `seal_original` seals the asker's original for the new row, given its id, inside the
    // insert's transaction. A follow-up in crisis also flags its question and adds its
    // categories (comma-separated) to the question's, so the question rises in the queue.
    std::optional<FollowUpId> add_follow_up(
        QuestionId q, const std::string& body,
        const std::function<std::vector<unsigned char>(FollowUpId)>& seal_original, int max_open,
        bool crisis = false, const std::string& crisis_categories = {});

    Askers(const Askers&) = delete;
    Askers& operator=(const Askers&) = delete;

  private:
    friend class Store;
    explicit Askers(detail::StoreImpl& impl) : impl_(&impl) {}
    detail::StoreImpl* impl_;
};

}  // namespace radfraga::store
