#include "server/src/expert_text.hpp"

#include "core/utf8.hpp"
#include "server/src/app_impl.hpp"

namespace radfraga::server {

namespace {

// 10000 as "10 000", the Swedish way (a no-break space between groups of three).
std::string grouped(std::size_t n) {
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += "\u00a0";
        out += digits[i];
    }
    return out;
}

}  // namespace

std::optional<std::string> check_expert_text(const ExpertField& field, std::string_view text) {
    const std::string label(field.label);
    if (!is_valid_utf8(text))
        return label +
               " innehåller tecken som inte kan läsas (texten är inte giltig UTF-8). Skriv in "
               "texten igen.";
    if (has_control_chars(text))
        return label +
               " innehåller osynliga styrtecken (till exempel från inklistrad text) som inte kan "
               "sparas. "
               "De är borttagna i formuläret: läs igenom texten och spara igen.";
    if (field.one_line && text.find_first_of("\r\n") != std::string_view::npos)
        return label + " ska stå på en rad.";
    if (const auto n = code_points(text); n > field.max_chars)
        return label + " får vara högst " + grouped(field.max_chars) + " tecken, nu är det " +
               grouped(n) + ".";
    return std::nullopt;
}

std::string shown_again(std::string_view text) {
    if (!is_valid_utf8(text)) return {};
    std::string out;
    out.reserve(text.size());
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7F) continue;
        out += ch;
    }
    return out;
}

}  // namespace radfraga::server
