// The store's public reads: what the public site shows of published questions (and the
// one thing a reader writes, a vote on a question's usefulness).
//
// Contract:
//  * A read that returns a question's text returns only questions whose state is
//    'published' now: an unpublished, withdrawn or erased question is never shown,
//    whatever id is asked for. (find_by_external_id maps an archive id whatever its state.)
//  * Reads use the store's pool of read-only connections and never wait for the writer; a
//    call that reads several rows (a question and its follow-ups, summaries by id) reads
//    them in one read transaction, so they come from one snapshot.
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

#include "store/types.hpp"

namespace radfraga::store {

struct Category {
    CategoryId id;
    std::string slug;
    std::string name;
    std::string description;
    std::int64_t published_count = 0;
};

// What a list of questions shows.
struct QuestionSummary {
    QuestionId id;
    std::optional<std::string> external_id;
    std::string title;
    // The start of the question, at most ~200 bytes, on a word boundary, without the
    // sentences that are mostly placeholders of removed details ("Jag heter [namn].").
    std::string excerpt;
    std::string category_slug;
    std::string category_name;
    Timestamp asked_at;
    std::optional<Timestamp> answered_at;
};

struct Feedback {
    std::int64_t helpful_yes = 0;
    std::int64_t helpful_no = 0;
    std::int64_t same_question = 0;
};

enum class FeedbackKind { helpful_yes, helpful_no, same_question };

// A published follow-up shown under its question.
struct PublishedFollowUp {
    FollowUpId id;
    std::string body;
    std::string answer;
    Timestamp asked_at;
    std::optional<Timestamp> answered_at;
};

// Everything the public question page shows. Only ever built for a question whose
// state is 'published'.
struct PublishedQuestion {
    QuestionId id;
    std::optional<std::string> external_id;
    std::string title;
    std::string body;
    std::string pseudonym;
    std::string category_slug;
    std::string category_name;
    Timestamp asked_at;
    std::string answer;
    std::string signature_name;
    std::int64_t answer_version = 1;
    Timestamp answered_at;
    std::vector<unsigned char> answer_signature;  // Ed25519; empty for imported answers
    Feedback feedback;
    std::vector<PublishedFollowUp> follow_ups;
};

// Reached as Store::public_reads().
class PublicReads {
  public:
    std::vector<Category> categories() const;
    std::optional<PublishedQuestion> published_question(QuestionId id) const;
    std::optional<QuestionId> find_by_external_id(std::string_view external_id) const;
    // Newest answers first; `category` empty means all.
    std::vector<QuestionSummary> newest_published(std::string_view category, std::int64_t limit,
                                                  std::int64_t offset) const;
    std::int64_t published_count(std::string_view category) const;
    // Summaries of the given questions, in the given order, skipping any that is not
    // published right now (search hits are rendered from this).
    std::vector<QuestionSummary> published_summaries(std::span<const QuestionId> ids) const;
    // Ids of published questions greater than `after`, ascending, at most `limit`: for
    // walking the whole archive in slices (the related-questions warmer).
    std::vector<QuestionId> published_ids_after(QuestionId after, std::size_t limit) const;
    // Counts one vote. False if the question is not published.
    bool add_feedback(QuestionId id, FeedbackKind kind);

    PublicReads(const PublicReads&) = delete;
    PublicReads& operator=(const PublicReads&) = delete;

  private:
    friend class Store;
    explicit PublicReads(detail::StoreImpl& impl) : impl_(&impl) {}
    detail::StoreImpl* impl_;
};

}  // namespace radfraga::store
