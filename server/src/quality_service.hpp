// Private to server/: answer quality for both front-ends (issue 22, docs/quality.md):
// whether the asker understood the answer (the receipt page's form and POST
// /api/v1/receipts/{token}/feedback), the counters of searches that found nothing, and
// the small-count suppression of the pages that show both. The HTML routes
// (routes_quality.cpp) and the API (routes_api.cpp) translate these typed results.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "quality/quality.hpp"
#include "server/src/app_impl.hpp"

namespace radfraga::server::quality_service {

// ---- Did the asker understand the answer? ----

// The optional comment: at most this many characters (code points) as typed. It goes
// through the redactor before it is stored and is shown only on the dashboard.
inline constexpr std::size_t kMaxComment = 300;

enum class UnderstoodOutcome {
    recorded,     // first vote of this receipt
    changed,      // the receipt's earlier vote replaced
    no_receipt,   // unknown or malformed token, or too many receipt look-ups (one answer)
    no_answer,    // the receipt shows no answer yet
    bad_comment,  // longer than kMaxComment characters, or control characters
};
// Records the vote of the receipt `token` (any form the receipt page accepts). Receipt
// look-ups count against policy::receipt, as for the receipt page.
UnderstoodOutcome record_understood(const App::Impl& app, std::string_view token,
                                    store::Understood answer, std::string_view comment,
                                    std::string_view client, UnixSeconds now);
// The vote recorded for `token`, for a receipt already opened (no rate limit here).
std::optional<store::UnderstoodVote> understood_of(const App::Impl& app, std::string_view token);

// "ja"/"delvis"/"nej" (the form) and "yes"/"partly"/"no" (the API).
std::optional<store::Understood> understood_from_form(std::string_view s);
std::string_view understood_form_value(store::Understood u);
std::string_view understood_label(store::Understood u);  // "Ja", "Delvis", "Nej"

// ---- Searches that found nothing ----

// Counts a search for `query` that found nothing (only unfiltered first pages count; the
// caller decides). The term is the query NFKC-case-folded, its white space made single
// spaces and the punctuation around each word dropped. It is counted only when the
// redactor finds nothing in the query as typed and every word is an ordinary Swedish word
// that is not a name (moderation::Redactor::is_known_word), at most kMaxGapWords words:
// anything else is not counted at all. Nothing links a count to a person, session or
// address, not even in memory, so a count is a number of searches. Returns whether it
// was counted.
inline constexpr std::size_t kMaxGapWords = 6;
bool count_search_gap(const App::Impl& app, std::string_view query);
// The term count_search_gap would store for `query`, or nullopt.
std::optional<std::string> search_gap_term(const App::Impl& app, std::string_view query);

// ---- Law references that know their date ----

// The day (Stockholm) an answer was written, and today, as the quality module takes them.
quality::Date stockholm_date(UnixSeconds t);
// The law references of `answer`, written at `written`, judged against today (`now`), with
// the law table of the data folder (App::Impl::laws).
std::vector<quality::LawReference> law_references(const App::Impl& app, std::string_view answer,
                                                  UnixSeconds written, UnixSeconds now);
// The API's `law_references`: [{law, sfs, chapter, section, text, status}] (chapter and
// section null when the reference has none; a replaced law also has `replaced_by` and
// `in_force_until`).
json::array law_references_json(const std::vector<quality::LawReference>& refs);
// The Swedish notices of a page for the replaced laws among `refs`, one per statute:
// "Lagen har ändrats sedan svaret skrevs: …", with the day it stopped applying. Empty when
// every law cited still applies.
std::vector<std::string> law_notices(const App::Impl& app,
                                     const std::vector<quality::LawReference>& refs);

// A published answer that cites a law replaced since it was written: the experts'
// re-review list. Re-reviewing (a new version, reviewed by another expert and signed)
// dates the answer anew, so its references resolve to the laws in force then.
struct StaleAnswer {
    QuestionId id;
    std::string title;
    UnixSeconds written = 0;
    std::int64_t reads = 0;  // readers' votes on the page: the only reading figure kept
    std::vector<quality::LawReference> replaced;
};
// Oldest first by the year written, then most read, then by day.
std::vector<StaleAnswer> answers_to_re_review(const App::Impl& app, UnixSeconds now);

// ---- Plain Swedish in the answer editor ----

// The editor's check of `markdown` (written today) as the partial _quality.mustache shows
// it: LIX against the service's target (`lix-target`) as a gauge, sentences over 25 words,
// passive verbs, jargon with plain alternatives and replaced laws. Never a block. Empty
// for an empty text or when the checker is unavailable.
json::object plain_language(const App::Impl& app, std::string_view markdown, UnixSeconds now);

// ---- Small-count suppression ----

// Counts from 1 to kSuppressBelow - 1 could point at a person: they are shown as "<5".
inline constexpr std::int64_t kSuppressBelow = 5;
// A count as shown: "<5" for 1–4.
std::string shown_count(std::int64_t n);

}  // namespace radfraga::server::quality_service
