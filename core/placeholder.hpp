// Placeholders of removed details in redacted text ("[namn]", "[uppgift borttagen]").
//
// The redactor writes them, the store skips sentences that are mostly placeholders when it
// makes list excerpts, and the renderer shows them as quiet marks: all three must agree on
// what a placeholder is, so the rule lives here, below both.
#pragma once
#include <cstddef>
#include <string_view>

namespace radfraga {

// The length of a placeholder at the start of `s`: a bracket, 1-40 bytes of lower-case
// letters (any non-ASCII byte counts as a letter, so å, ä, ö do), spaces and hyphens
// starting with a letter, and a closing bracket; else 0. "[1]", "[Namn]" and "[]" are not
// placeholders.
inline std::size_t placeholder_length(std::string_view s) {
    if (s.size() < 3 || s[0] != '[') return 0;
    for (std::size_t i = 1; i < s.size() && i <= 41; ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c == ']') return i > 1 ? i + 1 : 0;
        const bool letter = (c >= 'a' && c <= 'z') || c >= 0x80;
        if (!letter && (i == 1 || (c != ' ' && c != '-'))) return 0;
    }
    return 0;
}

}  // namespace radfraga
