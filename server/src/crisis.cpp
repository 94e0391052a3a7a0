#include "server/src/crisis.hpp"

#include <array>
#include <string>

namespace radfraga::server {

namespace {

// Lower-cases ASCII and the Swedish capitals Å, Ä, Ö, É (UTF-8) so the stems below match.
std::string fold(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 'A' && c <= 'Z') {
            out += static_cast<char>(c + 32);
        } else if (c == 0xC3 && i + 1 < s.size()) {
            auto n = static_cast<unsigned char>(s[i + 1]);
            if (n == 0x85 || n == 0x84 || n == 0x96 || n == 0x89) n = static_cast<unsigned char>(n + 0x20);
            out += static_cast<char>(c);
            out += static_cast<char>(n);
            ++i;
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

// Substrings that signal a crisis. Stems are chosen to catch inflections
// ("självmord", "självmordstankar"; "misshandlar", "misshandlade").
constexpr std::string_view kStems[] = {
    "självmord", "ta livet av", "tog livet av", "vill inte leva", "orkar inte leva", "vill dö",
    "vill inte finnas", "skada mig själv", "skadar mig själv", "skär mig", "överdos",
    "slår mig", "slog mig", "slår barn", "slår oss", "slog barn", "misshandl", "våldt",
    "hotar att döda", "hotade att döda", "hot om våld", "dödshot", "stryp", "sparkar mig",
    "våld", "rädd för min", "rädd för honom", "rädd för henne", "vågar inte gå hem",
    "far illa", "sexuella övergrepp", "övergrepp", "förgrip", "tvångsgifte", "hedersvåld",
    "kastat ut", "ingen mat", "sover ute"};

}  // namespace

bool mentions_crisis(std::string_view text) {
    const std::string t = fold(text);
    for (const auto stem : kStems)
        if (t.find(stem) != std::string::npos) return true;
    return false;
}

}  // namespace radfraga::server
