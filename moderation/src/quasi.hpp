// Internal: the quasi-identifier finder behind Redactor::find_quasi_identifiers().
#pragma once

#include <string_view>
#include <vector>

#include "moderation/redactor.hpp"
#include "moderation/src/lexicon.hpp"

namespace radfraga::moderation::detail {

// `text` must be valid UTF-8 (the caller checks). The lexicon decides which words are
// ordinary Swedish words (a capitalised ordinary word is no name of a school).
std::vector<QuasiIdentifier> find_quasi(std::string_view text, const Lexicon& lex);

// The Swedish warning text for the kinds present in `parts`.
std::string quasi_message(const std::vector<QuasiIdentifier>& parts);

}  // namespace radfraga::moderation::detail
