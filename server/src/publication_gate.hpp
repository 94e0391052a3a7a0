// The check at publication: publishing runs the redactor once more over what will be
// public (the title, the question and the answer: experts type names too, "Hej Anna!").
// A finding the redactor is sure of blocks publication until the reviewer has decided,
// for each one, to accept it (it is no personal detail) or to remove it (it is replaced
// by its placeholder before the answer is signed). Internal to server/.
#pragma once
#include <array>
#include <optional>
#include <string>
#include <vector>

#include <boost/json.hpp>

#include "moderation/redactor.hpp"
#include "server/src/app_impl.hpp"

namespace radfraga::server {

// Findings at or above this confidence block publication (the review shows findings
// under 0.7 as uncertain; names after a cue, numbers with a check, addresses are >= 0.8).
inline constexpr double kGateConfidence = 0.8;

struct GateFinding {
    std::size_t part = 0;  // 0 title, 1 question, 2 answer
    moderation::Finding finding;
};

struct Gate {
    std::array<std::string, 3> parts;  // title, question, answer as they would be published
    std::vector<GateFinding> findings;
    std::string fingerprint;  // of the three texts: a decision applies to the texts it was made on
};

Gate run_gate(const moderation::Redactor& redactor, std::string title, std::string question,
              std::string answer);

// The findings for the review page: index, where ("rubriken", "frågan", "svaret"), the
// passage with the finding marked (HTML, escaped) and the placeholder it would become.
boost::json::array gate_model(const Gate& gate);

// The reviewer's decisions from the publish form: "grind" must carry the gate's
// fingerprint and "g<i>" is "godta" (accept) or "ta-bort" (remove) for every finding i.
struct GateDecision {
    std::array<std::string, 3> parts;  // with the removed findings replaced
    int removed = 0;
    int accepted = 0;
    std::vector<std::pair<std::size_t, std::string>> accepted_texts;  // (part, text)
};
// nullopt when the form does not decide every finding of this gate.
std::optional<GateDecision> decide(const Gate& gate, const Form& form);

// True if every finding of `gate` was accepted in `decision` (the same part and text):
// after removals the redactor runs again, and what the reviewer accepted stays accepted.
bool all_accepted(const Gate& gate, const GateDecision& decision);

}  // namespace radfraga::server
