// Internal: the rule layer of crisis triage. Rules are patterns over folded lemmas: an
// anchor word and further words that must occur within a small window in the same
// clause, in any order, with negation, figurative and professional uses and long-past
// events weakening or cancelling a match. Every rule states the reason it exists.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "moderation/src/triage_text.hpp"
#include "moderation/triage.hpp"

namespace radfraga::moderation::detail {

struct RuleHit {
    Category category;
    std::size_t first = 0;  // word indices, inclusive
    std::size_t last = 0;
    bool strong = false;    // enough on its own to flag a crisis
    std::string_view rule;  // the rule's id (also a classifier feature)
};

// What the text as a whole says about the rule hits in it.
struct TextContext {
    bool generic =
        false;  // a professional, student or general question ("jobbar som", "uppsats", "kan man")
    bool past = false;     // speaks of long ago ("för tio år sedan", "när jag var liten")
    bool present = false;  // but also of now ("fortfarande", "ikväll", "igen")
    bool urgent = false;   // a time marker of today ("idag", "ikväll", "inatt", "sen i förrgår")
    bool minor_writer = false;  // the writer says they are under 18 ("jag är 14")
    bool joking = false;        // marks a figure of speech or a joke ("haha", "lol", "skämtar")
};

TextContext text_context(const std::vector<Word>& words);

// Every rule hit, sorted by first word; strong hits already weakened by the context.
std::vector<RuleHit> apply_rules(const std::vector<Word>& words, const TextContext& context);

}  // namespace radfraga::moderation::detail
