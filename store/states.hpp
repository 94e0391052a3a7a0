// The lifecycle states of questions, answers and follow-ups, as types. Each has one
// table giving its text in the database (the `state` columns and what the API shows)
// and, where people see it, its Swedish label; a misspelt state does not compile.
//
//   question: received → in_review → answer_draft → awaiting_review → published,
//             or declined / duplicate; withdrawn when the asker erases it.
//   answer:   draft → awaiting_review → published (or returned → draft again); private
//             (sent only to the asker); superseded by a newer version.
//   follow-up: received → answered; closed without an answer.
#pragma once
#include <cassert>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>

namespace radfraga::store {

enum class QuestionState {
    received,
    in_review,
    answer_draft,
    awaiting_review,
    published,
    declined,
    duplicate,
    withdrawn,
};

enum class AnswerState { draft, awaiting_review, returned, published, private_, superseded };

enum class FollowUpState { received, answered, closed };

struct QuestionStateInfo {
    QuestionState state;
    std::string_view db;      // the `questions.state` text; also the API's "state"
    std::string_view expert;  // the dashboard's label
    std::string_view asker;   // the receipt page's label
};

inline constexpr QuestionStateInfo kQuestionStates[] = {
    {QuestionState::received, "received", "Ny", "Mottagen"},
    {QuestionState::in_review, "in_review", "Granskas", "Under behandling"},
    {QuestionState::answer_draft, "answer_draft", "Utkast", "Under behandling"},
    {QuestionState::awaiting_review, "awaiting_review", "Väntar på kollega", "Under behandling"},
    {QuestionState::published, "published", "Publicerad", "Besvarad och publicerad"},
    // Declined with a private answer, the receipt says "Besvarad, inte publicerad".
    {QuestionState::declined, "declined", "Inte publicerad", "Inte publicerad"},
    {QuestionState::duplicate, "duplicate", "Dubblett", "Besvarad med ett tidigare svar"},
    {QuestionState::withdrawn, "withdrawn", "Borttagen", "Borttagen"},
};

inline constexpr std::pair<AnswerState, std::string_view> kAnswerStates[] = {
    {AnswerState::draft, "draft"},       {AnswerState::awaiting_review, "awaiting_review"},
    {AnswerState::returned, "returned"}, {AnswerState::published, "published"},
    {AnswerState::private_, "private"},  {AnswerState::superseded, "superseded"},
};

inline constexpr std::pair<FollowUpState, std::string_view> kFollowUpStates[] = {
    {FollowUpState::received, "received"},
    {FollowUpState::answered, "answered"},
    {FollowUpState::closed, "closed"},
};

constexpr const QuestionStateInfo& info(QuestionState s) {
    for (const auto& i : kQuestionStates)
        if (i.state == s) return i;
    assert(!"every question state is in kQuestionStates");
    return kQuestionStates[0];
}

constexpr std::string_view to_db(QuestionState s) {
    return info(s).db;
}

constexpr std::string_view to_db(AnswerState s) {
    for (const auto& [k, v] : kAnswerStates)
        if (k == s) return v;
    return {};
}

constexpr std::string_view to_db(FollowUpState s) {
    for (const auto& [k, v] : kFollowUpStates)
        if (k == s) return v;
    return {};
}

// The state a database text names, or nullopt (the schema's CHECK constraints keep
// unknown texts out; the store treats one as a bug).
constexpr std::optional<QuestionState> question_state_from_db(std::string_view t) {
    for (const auto& i : kQuestionStates)
        if (i.db == t) return i.state;
    return std::nullopt;
}

constexpr std::optional<AnswerState> answer_state_from_db(std::string_view t) {
    for (const auto& [k, v] : kAnswerStates)
        if (v == t) return k;
    return std::nullopt;
}

constexpr std::optional<FollowUpState> follow_up_state_from_db(std::string_view t) {
    for (const auto& [k, v] : kFollowUpStates)
        if (v == t) return k;
    return std::nullopt;
}

// The same for texts read from the database, where anything else is a bug (the schema's
// CHECK constraints list exactly these texts).
template <class State>
State state_from_db(std::optional<State> (*parse)(std::string_view), std::string_view t) {
    const auto s = parse(t);
    if (!s) throw std::logic_error("unknown state in the database: " + std::string(t));
    return *s;
}

}  // namespace radfraga::store
