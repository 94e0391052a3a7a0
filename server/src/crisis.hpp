// Crisis words: a question that speaks of suicide, violence or a child at risk is
// flagged so it rises in the experts' queue, and the asker is shown where to get help
// now. A flag is a prompt for a person, never a decision.
#pragma once
#include <string_view>

namespace radfraga::server {

// True if `text` contains a crisis expression (case-insensitive, Swedish).
bool mentions_crisis(std::string_view text);

}  // namespace radfraga::server
