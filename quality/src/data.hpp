// Internal: the data files compiled in from quality/data (radfraga_embed).
#pragma once

#include <span>
#include <string_view>

#include "core/embedded.hpp"

namespace radfraga::quality::detail {

std::span<const radfraga::EmbeddedFile> embedded_data();
// The embedded file named `name` ("laws.tsv"); asserts that it exists.
std::string_view embedded_file(std::string_view name);

// Calls f(line) for each line that is neither empty nor a # comment (CR stripped).
template <class F>
void for_each_data_line(std::string_view text, F&& f) {
    std::size_t number = 0;
    while (!text.empty()) {
        const auto nl = text.find('\n');
        std::string_view line = text.substr(0, nl);
        text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
        ++number;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (line.empty() || line.front() == '#') continue;
        f(line, number);
    }
}

}  // namespace radfraga::quality::detail
