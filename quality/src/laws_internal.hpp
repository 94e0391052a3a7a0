// Internal: law-reference detection on the readable text of an answer.
#pragma once

#include <vector>

#include "quality/quality.hpp"
#include "quality/src/text.hpp"

namespace radfraga::quality::detail {

// References to the statutes of `table` in `plain` (see LawReference). The text field is
// taken from plain.text, so callers replace it with the input's bytes.
std::vector<LawReference> find_law_references(const PlainText& plain, const LawTable& table,
                                              const Date& written, const Date& today);

}  // namespace radfraga::quality::detail
