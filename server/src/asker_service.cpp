#include "server/src/asker_service.hpp"

#include "core/crypto.hpp"
#include "core/utf8.hpp"
#include "server/src/crisis.hpp"
#include "server/src/policies.hpp"
#include "server/src/receipt_code.hpp"

namespace radfraga::server::asker {

AskResult ask(const App::Impl& app, AskInput in, std::string_view client, UnixSeconds now,
              std::string_view once) {
    AskResult out;
    const auto token = app.ask_once_receipt(once);
    std::unique_lock<std::mutex> lock;
    if (token) {
        lock = std::unique_lock(app.ask_once_mu);
        if (app.d.store.askers().receipt(sha256(*token))) {
            out.outcome = AskResult::Outcome::already_sent;
            out.asked.token = *token;
            return out;
        }
    }
    out.problems = app.validate_question(in);
    if (!out.problems.empty()) {
        out.outcome = AskResult::Outcome::invalid;
        return out;
    }
    if (!app.limiter.allow(client, policy::ask, now)) {
        out.outcome = AskResult::Outcome::rate_limited;
        return out;
    }
    out.asked = app.store_question(in, token);
    return out;
}

std::optional<store::ReceiptView> open_receipt(const App::Impl& app, std::string_view token,
                                               std::string_view client, UnixSeconds now) {
    if (!app.limiter.allow(client, policy::receipt, now)) return std::nullopt;
    // A code of this format (any case, separators) first, then an old base64url token.
    for (const auto& candidate : receipt_token_candidates(token))
        if (auto view = app.d.store.askers().receipt(sha256(candidate))) return view;
    return std::nullopt;
}

FollowUpResult follow_up(const App::Impl& app, const store::ReceiptView& receipt,
                         std::string_view text, std::string_view client, UnixSeconds now) {
    const auto& d = app.d;
    const std::string body = normalize_text(text);
    const auto n = code_points(body);
    if (n < policy::kMinFollowUp || has_control_chars(body)) return FollowUpResult::too_short;
    if (n > policy::kMaxFollowUp) return FollowUpResult::too_long;
    if (!app.limiter.allow(client, policy::follow_up, now)) return FollowUpResult::rate_limited;
    const auto triaged = d.triage.triage(body);
    const auto id = d.store.askers().add_follow_up(
        receipt.id, d.redact(body),
        [&](FollowUpId f) {
            return d.originals.seal(body, secret_aad(SecretPurpose::follow_up_original, f.value),
                                    d.random);
        },
        policy::kMaxOpenFollowUps, triaged.crisis, category_list(triaged));
    return id ? FollowUpResult::sent : FollowUpResult::too_many_open;
}

void withdraw(const App::Impl& app, const store::ReceiptView& receipt) {
    app.d.store.erasure().erase_question(receipt.id, "asker", "withdrawn");
}

VoteResult vote(const App::Impl& app, QuestionId q, store::FeedbackKind kind,
                std::string_view client, UnixSeconds now) {
    static constexpr const char* names[] = {"helpful_yes", "helpful_no", "same_question"};
    const std::string once = std::to_string(q.value) + ":" + names[static_cast<int>(kind)];
    const bool counted = app.vote_once.allow(client, policy::one_vote, now, once) &&
                         app.limiter.allow(client, policy::votes, now);
    if (counted)
        return app.d.store.public_reads().add_feedback(q, kind) ? VoteResult::counted
                                                                : VoteResult::no_such_question;
    return app.d.store.public_reads().published_question(q) ? VoteResult::not_counted
                                                            : VoteResult::no_such_question;
}

}  // namespace radfraga::server::asker
