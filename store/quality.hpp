// Answer quality and operator statistics: the askers' "did you understand?" votes, the
// counters of searches that found nothing, and the counts on the statistics page.
//
// Contract:
//  * Only counts and redacted comments are kept: a vote is keyed by its question, a search
//    gap by its normalised term and day; no visitor is identified.
//  * search_gaps leaves out terms below the count asked for; the other reads return raw
//    counts, and pages decide which small ones not to show.
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

#include "store/cases.hpp"
#include "store/public_reads.hpp"
#include "store/types.hpp"

namespace radfraga::store {

// Counts for the operator's statistics page. Only counts, never text.
struct Statistics {
    std::vector<std::pair<std::string, std::int64_t>>
        received_per_day;  // "YYYY-MM-DD" (Stockholm), oldest first
    std::vector<std::pair<std::string, std::int64_t>>
        received_per_category;  // display name; "" = none chosen
    std::int64_t received =
        0;  // questions asked on the site in the period (withdrawn ones excluded)
    std::int64_t published = 0;  // of those, published
    std::int64_t declined = 0;
    std::int64_t duplicate = 0;
    std::int64_t withdrawn = 0;                         // from the audit log
    std::vector<std::int64_t> seconds_to_first_answer;  // one entry per answered question, sorted
    std::int64_t helpful_yes = 0;                       // all published questions, all time
    std::int64_t helpful_no = 0;
    std::int64_t same_question = 0;
};

// Whether the asker understood the answer on their receipt page.
enum class Understood { yes, partly, no };
const char* to_string(Understood u);
std::optional<Understood> understood_from_string(std::string_view s);

enum class UnderstoodResult {
    recorded,    // first vote of this receipt
    changed,     // the receipt's vote replaced
    no_receipt,  // no question has this receipt
    no_answer,   // the receipt shows no answer yet (nothing to understand)
    invalid,     // comment longer than kMaxUnderstoodComment bytes
};
inline constexpr std::size_t kMaxUnderstoodComment = 500;

struct UnderstoodVote {
    Understood answer = Understood::yes;
    std::string comment;  // redacted, may be empty
    UnixSeconds voted_at = 0;
    UnixSeconds changed_at = 0;
};

// Votes per month the questions were asked ("YYYY-MM", Stockholm), oldest first. Raw
// counts: pages suppress small ones.
struct UnderstoodMonth {
    std::string month;
    std::int64_t yes = 0;
    std::int64_t partly = 0;
    std::int64_t no = 0;
};

// A comment for the operators' dashboard, never shown elsewhere.
struct UnderstoodComment {
    std::string month;  // of the question
    Understood answer = Understood::yes;
    std::string comment;
};

// A query term that found nothing, summed over the days asked for.
struct SearchGap {
    std::string term;
    std::int64_t count = 0;  // searches that found nothing
    std::int64_t days = 0;   // days on which it was searched for
};

// A new version of a published answer awaiting another expert's review (re-review after
// a law changed, docs/quality.md). The published version stays public meanwhile.
struct PendingRevision {
    std::int64_t version = 0;
    std::string body;
    std::string signature_name;
    std::vector<ExpertId> authors;  // everyone who wrote any version of this answer
    UnixSeconds submitted_at = 0;
};

// Reached as Store::quality().
class Quality {
  public:
    // Statistics of questions asked on the site since `since`.
    Statistics statistics(UnixSeconds since) const;

    // Records or changes the vote of the receipt whose token hashes to `receipt_hash`
    // (compared in constant time, as Askers::receipt()). `redacted_comment` must already have been
    // through the redactor. A receipt votes once it shows an answer (published or private).
    UnderstoodResult set_understood(std::span<const unsigned char> receipt_hash, Understood answer,
                                    std::string_view redacted_comment);
    std::optional<UnderstoodVote> understood(std::span<const unsigned char> receipt_hash) const;
    // Votes by the month the questions were asked, for questions asked since `since`.
    std::vector<UnderstoodMonth> understood_per_month(UnixSeconds since) const;
    // Non-empty comments of questions asked since `since`, newest first.
    std::vector<UnderstoodComment> understood_comments(UnixSeconds since) const;

    // Counts one search for `term` that found nothing, on today's Stockholm day. The
    // caller passes the normalised query (lower case, single spaces, trimmed); false, and
    // nothing counted, when it is empty or longer than 200 bytes.
    bool count_search_gap(std::string_view term);
    // Terms searched for without result on days `from`..`to` ("YYYY-MM-DD", inclusive),
    // whose count over those days is at least `min_count` (smaller ones are suppressed:
    // a rare term may point at one person), most searched first.
    std::vector<SearchGap> search_gaps(std::string_view from, std::string_view to,
                                       std::int64_t min_count) const;
    // Deletes the counters of days before `day`; returns how many rows went.
    std::int64_t erase_search_gaps_before(std::string_view day);
    // Readers' votes on each of `ids` (zeros for a question without any), in the order
    // given, read in one transaction: how much an answer is read, for the re-review list.
    std::vector<Feedback> feedback_of(std::span<const QuestionId> ids) const;

    // Re-review of a published answer: an expert writes a new version (no claim needed;
    // a second call replaces the text of the version still waiting and adds its writer to
    // the authors); another expert, who wrote no version, approves and signs it, and it
    // replaces the published one (dated now, so its law references resolve to the laws
    // in force now). The question stays published throughout. wrong_state when the
    // question is not published; no_answer for an empty text or, when approving, when
    // no version waits; own_answer when the reviewer wrote any version.
    Transition submit_revision(QuestionId q, ExpertId expert, const std::string& body,
                               const std::string& signature_name);
    std::optional<PendingRevision> pending_revision(QuestionId q) const;
    Transition approve_revision(
        QuestionId q, ExpertId reviewer,
        const std::function<std::vector<unsigned char>(const PublicationRecord&)>& sign);

    Quality(const Quality&) = delete;
    Quality& operator=(const Quality&) = delete;

  private:
    friend class Store;
    explicit Quality(detail::StoreImpl& impl) : impl_(&impl) {}
    detail::StoreImpl* impl_;
};

}  // namespace radfraga::store
