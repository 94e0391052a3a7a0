// The redaction editor's rules, for the case page (routes_case.cpp): the text to be
// published is the one source of truth. A proposal of the redactor is a span of the
// original (its text, its placeholder and a little context on either side); accepting or
// rejecting it changes that span in the current text and nothing else, so whatever the
// expert typed by hand stays. The page's script does the same in the browser; without
// script the server applies the toggles on save (the form says which proposals changed).
// Internal to server/.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "moderation/redactor.hpp"

namespace radfraga::server {

struct Proposal {
    std::string text;         // as in the original
    std::string placeholder;  // what it becomes when accepted, "[namn]"
    std::string before;       // up to ~24 bytes of the original before it (whole characters)
    std::string after;        // and after it
};

// The proposal of finding `f` (of redactor.find(original)).
Proposal proposal(std::string_view original, const moderation::Finding& f);

// True if `p` is applied in `text`: its placeholder stands where its text stood (found
// by context) rather than the text itself.
bool is_applied(std::string_view text, const Proposal& p);

// `text` with `p` applied (apply) or undone: only the one span is replaced, the
// occurrence whose context matches best. Unchanged if the span is not there any more
// (the expert rewrote it by hand).
std::string toggle(std::string text, const Proposal& p, bool apply);

// The original and the text to be published side by side for the reviewer, as HTML
// (escaped, paragraphs kept): words of the original missing from the public text in
// <del>, words of the public text not in the original (placeholders, rewordings) in <ins>.
struct RedactionDiff {
    std::string original_html;
    std::string public_html;
};
RedactionDiff redaction_diff(std::string_view original, std::string_view published);

}  // namespace radfraga::server
