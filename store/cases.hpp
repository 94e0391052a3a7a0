// Cases: the experts' queue and the lifecycle of a question, from claim to publication.
//
// Contract:
//  * Every transition checks, inside one write transaction, the question's state and who
//    holds it, changes it, and appends an audit row; anything refused (any result but
//    Transition::ok) changes nothing.
//  * Four eyes are enforced here, below every route: no expert who wrote any version of an
//    answer may review it: return it, change the question or the answer in review, or
//    publish it.
//  * Publishing queues the question for the search index in the same transaction and
//    erases the unredacted original.
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

// One row of the experts' queue.
struct QueueItem {
    QuestionId id;
    std::string title;
    QuestionState state = QuestionState::received;
    std::string category_name;
    Timestamp asked_at;
    UnixSeconds waiting_since = 0;  // arrival, or the oldest open follow-up
    bool crisis = false;
    std::string crisis_categories;  // comma-separated, '' if none
    std::optional<ExpertId> claimed_by;
    std::string claimed_by_name;
    UnixSeconds claimed_at = 0;
    std::int64_t open_follow_ups = 0;
    std::optional<ExpertId> author;  // of the answer awaiting review
};

struct CaseAnswer {
    AnswerId id;
    std::int64_t version = 0;
    AnswerState state = AnswerState::draft;
    std::string body;
    std::string signature_name;
    std::optional<ExpertId> author;
    std::string author_name;
    std::optional<ExpertId> reviewer;
    std::string reviewer_name;
    std::optional<std::string> review_comment;
    std::optional<UnixSeconds> answered_at;
    std::vector<unsigned char> ed25519_sig;
};

struct CaseFollowUp {
    FollowUpId id;
    std::string body;  // redacted
    std::vector<unsigned char> original_ct;
    FollowUpState state = FollowUpState::received;
    UnixSeconds created_at = 0;
    std::optional<std::string> answer;
    bool published = false;
    bool crisis = false;  // triage flagged the follow-up itself
};

struct AuditLine {
    UnixSeconds at = 0;
    std::string actor;  // display name, or "frågeställaren" / "systemet"
    std::string action;
    std::string detail;
};

// Everything the dashboard shows about one question.
struct CaseView {
    QuestionId id;
    std::optional<std::string> external_id;
    QuestionState state = QuestionState::received;
    std::string title;  // redacted, as it will be published
    std::string body;
    std::string pseudonym;
    std::string category_slug;
    std::vector<unsigned char> original_ct;  // empty once erased
    Timestamp asked_at;
    bool crisis = false;
    std::string crisis_categories;  // comma-separated, '' if none
    bool redactions_reviewed = false;
    std::optional<ExpertId> claimed_by;
    std::string claimed_by_name;
    UnixSeconds claimed_at = 0;
    std::optional<std::string> decline_reason;
    std::optional<QuestionId> duplicate_of;
    std::optional<CaseAnswer> working;    // the newest draft/awaiting/returned/private answer
    std::optional<CaseAnswer> published;  // the newest published version
    // Everyone who wrote text into any version of the answer: none of them may review
    // or publish it (four eyes by authorship).
    std::vector<ExpertId> answer_authors;
    std::vector<CaseFollowUp> follow_ups;
    std::vector<AuditLine> history;
};

// The outcome of a lifecycle transition. Anything but ok changes nothing.
enum class Transition {
    ok,
    not_found,
    wrong_state,       // the question is not in a state that allows this
    not_claimed,       // the actor does not hold the claim
    claimed_by_other,  // someone else holds a live claim
    own_answer,        // four eyes: the reviewer wrote the answer
    not_reviewed,      // redactions have not been reviewed
    no_answer,         // there is no answer text
    invalid,           // an argument is unusable (empty reason, unknown target)
};
const char* to_string(Transition t);

// The fields an answer's Ed25519 signature covers (see core/signing.hpp).
struct PublicationRecord {
    QuestionId question;
    std::int64_t version = 0;
    Timestamp published_at;
    std::string title;
    std::string question_text;
    std::string answer;
    std::string signature_name;
};

struct AnswerTemplate {
    std::string slug;
    std::string title;
    std::string body;
};

// Reached as Store::cases().
class Cases {
  public:
    // House templates for answers, in their order.
    std::vector<AnswerTemplate> templates() const;
    // Admins edit a template's title and text. False if there is no such template.
    bool set_template(std::string_view slug, const std::string& title, const std::string& body,
                      ExpertId admin);
    std::vector<QueueItem> queue() const;
    std::optional<CaseView> case_view(QuestionId id) const;
    // Claims a question: allowed when it is unclaimed, its claim is older than
    // `stale_seconds`, it was handed to `expert`, or `expert` holds it already.
    Transition claim(QuestionId q, ExpertId expert, std::int64_t stale_seconds);
    Transition release(QuestionId q, ExpertId expert);
    Transition hand_over(QuestionId q, ExpertId from, ExpertId to);
    // The claimer saves the reviewed redacted title and text. `redactions` is how many
    // redactions were made (the audit log gets the count, never the text).
    Transition save_redactions(QuestionId q, ExpertId expert, const std::string& title,
                               const std::string& body, int redactions);
    Transition save_draft(QuestionId q, ExpertId expert, const std::string& body,
                          const std::string& signature_name);
    Transition submit_for_review(QuestionId q, ExpertId expert);
    Transition return_for_changes(QuestionId q, ExpertId reviewer, const std::string& comment);
    // The check at publication removed personal details the reviewer chose to remove:
    // stores the question's title and text and the answer awaiting review as given. Same
    // rules as publishing (awaiting review, the reviewer wrote no version); the audit log
    // gets the count, never the text.
    Transition remove_before_publication(QuestionId q, ExpertId reviewer, const std::string& title,
                                         const std::string& body, const std::string& answer,
                                         int removed);
    // The reviewer edits the question's public title and text while reviewing (the second
    // look at the redaction). Same rules as publishing: awaiting review, and the reviewer
    // wrote no version of the answer. The audit log says it happened, never the text.
    Transition edit_redactions_in_review(QuestionId q, ExpertId reviewer, const std::string& title,
                                         const std::string& body);
    // Publishes the answer awaiting review. The reviewer must not be its author. When
    // the reviewer is not the expert who saved the redaction, the same transaction adds
    // "redactions_second_review" to the audit log (detail "author=<expert id>"): the
    // record that someone other than its author checked the redaction.
    // `sign` is called inside the transaction with the record to sign; the original
    // unredacted text is erased in the same transaction.
    Transition approve_and_publish(
        QuestionId q, ExpertId reviewer,
        const std::function<std::vector<unsigned char>(const PublicationRecord&)>& sign);
    // Declines to publish, with a reason the asker sees; an optional private answer.
    Transition decline(QuestionId q, ExpertId expert, const std::string& reason,
                       const std::string& private_answer);
    Transition mark_duplicate(QuestionId q, ExpertId expert, QuestionId published);
    // Answers a follow-up privately: the asker reads it on the receipt page. (Showing
    // follow-ups publicly would need its own four-eyes round; not offered.)
    Transition answer_follow_up(FollowUpId f, ExpertId expert, const std::string& answer);

    Cases(const Cases&) = delete;
    Cases& operator=(const Cases&) = delete;

  private:
    friend class Store;
    explicit Cases(detail::StoreImpl& impl) : impl_(&impl) {}
    detail::StoreImpl* impl_;
};

}  // namespace radfraga::store
