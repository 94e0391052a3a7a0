// Private to server/: what an asker (and a reader voting) can do, once, for both
// front-ends. The HTML routes (routes_asker.cpp) and the JSON API (routes_api.cpp) parse
// their input, call these, and only translate the typed result into their own answer;
// the rules themselves (limits, rate limits, at most a few open follow-ups) are named in
// policies.hpp and applied here.
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/src/app_impl.hpp"

namespace radfraga::server::asker {

// ---- Asking ----
struct AskResult {
    // already_sent: this form (its nonce) was posted before; `asked.token` is that
    // question's receipt token (nothing else in `asked` is set).
    enum class Outcome { asked, already_sent, invalid, rate_limited } outcome = Outcome::asked;
    // With `invalid`: the problems, keyed by form field ("rubrik", "fraga", "signatur",
    // "amne"), with Swedish messages, in field order.
    std::vector<std::pair<std::string, std::string>> problems;
    // With `asked`: the receipt token (shown once) and the crisis triage.
    App::Impl::Asked asked;
};
// Validates `in` (normalising it), applies the rate limit and stores the question. With
// the ask form's nonce `once` (App::Impl::ask_once_receipt), a form posted again yields
// the first post's receipt instead of a second question.
AskResult ask(const App::Impl& app, AskInput in, std::string_view client, UnixSeconds now,
              std::string_view once = {});

// ---- Receipts ----
// The question a receipt token names, or nullopt: unknown, malformed, or the client has
// looked up too many receipts (policy::receipt) — all answered alike, so probing learns
// nothing.
std::optional<store::ReceiptView> open_receipt(const App::Impl& app, std::string_view token,
                                               std::string_view client, UnixSeconds now);

// ---- Follow-ups ----
enum class FollowUpResult {
    sent,
    too_short,      // fewer than policy::kMinFollowUp characters, or control characters
    too_long,       // more than policy::kMaxFollowUp characters
    rate_limited,   // policy::follow_up
    too_many_open,  // policy::kMaxOpenFollowUps already wait for an answer
};
FollowUpResult follow_up(const App::Impl& app, const store::ReceiptView& receipt,
                         std::string_view text, std::string_view client, UnixSeconds now);

// ---- Withdrawal ----
// Erases the question and everything about it (the asker's right to withdraw).
void withdraw(const App::Impl& app, const store::ReceiptView& receipt);

// ---- Votes ----
enum class VoteResult {
    counted,
    not_counted,       // this client's vote of this kind today was counted already, or
                       // too many votes (policy::one_vote, policy::votes): thanked anyway
    no_such_question,  // not a published question
};
VoteResult vote(const App::Impl& app, QuestionId q, store::FeedbackKind kind,
                std::string_view client, UnixSeconds now);

}  // namespace radfraga::server::asker
