// Private to server/: answer quality for both front-ends (issue 22, docs/quality.md):
// whether the asker understood the answer (the receipt page's form and POST
// /api/v1/receipts/{token}/feedback), the counters of searches that found nothing, and
// the small-count suppression of the pages that show both. The HTML routes
// (routes_quality.cpp) and the API (routes_api.cpp) translate these typed results.
#pragma once
#include <optional>
#include <string>
#include <string_view>

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

// Counts a search for `query` that found nothing (only unfiltered first pages count;
// the caller decides). The term is the query case-folded and NFKC-normalised with runs
// of white space made one space; a query in which the redactor finds anything (a name,
// a personal identity number, an address, a telephone number …) is not counted at all,
// and each client counts a term once a day, so a count is a number of people. Returns
// whether it was counted.
bool count_search_gap(const App::Impl& app, std::string_view query, std::string_view client,
                      UnixSeconds now);
// The term count_search_gap would store for `query`, or nullopt (empty, too long, or
// the redactor changed it).
std::optional<std::string> search_gap_term(const App::Impl& app, std::string_view query);

// ---- Small-count suppression ----

// Counts from 1 to kSuppressBelow - 1 could point at a person: they are shown as "<5".
inline constexpr std::int64_t kSuppressBelow = 5;
// A count as shown: "<5" for 1–4.
std::string shown_count(std::int64_t n);

}  // namespace radfraga::server::quality_service
