// Private to server/: the limits on free text that experts write in the dashboard's
// forms, all in one place. Every such field is checked here before it reaches the store.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace radfraga::server {

// One free-text form field: its name in the form, how messages name it (Swedish, with
// a capital), its maximum length in characters (Unicode code points, counted after
// normalize_text) and whether it must stay on one line.
struct ExpertField {
    std::string_view name;
    std::string_view label;
    std::size_t max_chars;
    bool one_line;
};

// The limits. Long texts stay well under the 64 KiB request body even when every
// character is a form-encoded "å" (6 bytes): 10 000 characters is eight times the
// longest answer in the sample archive. Redacted texts may grow by their placeholders
// ("[namn]"), so they get twice what an asker may send (150 and 6 000 characters).
inline constexpr ExpertField kAnswerText{"svar", "Svaret", 10'000, false};
inline constexpr ExpertField kSignatureName{"signatur", "Signaturen", 100, true};
inline constexpr ExpertField kDeclineReason{"skal", "Skälet", 500, true};
inline constexpr ExpertField kPrivateAnswer{"privat_svar", "Det privata svaret", 10'000, false};
inline constexpr ExpertField kReviewComment{"kommentar", "Kommentaren", 2'000, false};
inline constexpr ExpertField kFollowUpAnswer{"svar", "Svaret på följdfrågan", 10'000, false};
inline constexpr ExpertField kRedactedTitle{"rubrik", "Rubriken", 300, true};
inline constexpr ExpertField kRedactedText{"text", "Texten", 12'000, false};
inline constexpr ExpertField kTemplateTitle{"rubrik", "Mallens rubrik", 100, true};
inline constexpr ExpertField kTemplateText{"text", "Mallens text", 10'000, false};

// Nothing if `text` may be stored in `field`, else the Swedish message for the form.
// Refused: bytes that are not UTF-8; C0 control characters other than tab, LF and CR,
// and DEL; a line break in a one-line field; more than max_chars characters. `text` is
// checked as given: normalise it first (normalize_text), as it will be stored.
std::optional<std::string> check_expert_text(const ExpertField& field, std::string_view text);

// Refused text as the form shows it again: without the control characters that
// check_expert_text refuses (so sending it again works), or empty if it is not UTF-8.
std::string shown_again(std::string_view text);

}  // namespace radfraga::server
