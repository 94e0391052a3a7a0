// Private to server/: the service's named rules, in one place, so the HTML forms and the
// JSON API enforce the same ones. Changing a figure here changes it for both.
#pragma once
#include <cstddef>

#include "server/src/rate_limit.hpp"

namespace radfraga::server::policy {

// ---- Rate limits (token buckets per client key: burst, then one per refill) ----
// Questions asked: 5 at once, then one per 12 minutes.
inline constexpr RateRule ask{"ask", 5, 720};
// Follow-up questions: 5 at once, then one per 12 minutes.
inline constexpr RateRule follow_up{"follow_up", 5, 720};
// Receipt look-ups (page, API): 30 at once, then one per 2 seconds. A refused look-up
// is answered like an unknown receipt, so probing for tokens learns nothing.
inline constexpr RateRule receipt{"receipt", 30, 2};
// Votes in all: 60 at once, then one a minute.
inline constexpr RateRule votes{"votes", 60, 60};
// One vote of each kind per question and client a day: a counting rule, not
// throttling; it stays on when `rate-limits` is off (App::Impl::vote_once).
inline constexpr RateRule one_vote{"vote:", 1, 86400};
// Login attempts per client: 10 at once, then one per 90 seconds (besides the back-off
// per client and username, LoginThrottle).
inline constexpr RateRule login{"login", 10, 90};
// One-time codes, per client and per account.
inline constexpr RateRule totp{"totp", 10, 90};
inline constexpr RateRule totp_account{"totp-account", 10, 90};

// ---- Follow-up questions ----
inline constexpr std::size_t kMinFollowUp = 5;     // characters (code points)
inline constexpr std::size_t kMaxFollowUp = 4000;  // characters (code points)
// An asker may have at most this many follow-ups waiting for an answer.
inline constexpr int kMaxOpenFollowUps = 3;

// ---- Questions (the ask form and POST /api/v1/questions) ----
inline constexpr std::size_t kMinTitle = 5, kMaxTitle = 150;
inline constexpr std::size_t kMinQuestion = 20, kMaxQuestion = 6000;
inline constexpr std::size_t kMaxPseudonym = 40;

}  // namespace radfraga::server::policy
