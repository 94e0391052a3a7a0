// URL pieces the server's pages build (internal to server/).
#pragma once
#include <string>
#include <string_view>

namespace radfraga::server {

// A query string value: unreserved characters (RFC 3986) as they are, space as '+', every
// other byte as %XX, so "/sok?q=" + query_value(text) links to a search for `text`.
inline std::string query_value(std::string_view s) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size());
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else if (c == ' ') {
            out += '+';
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

}  // namespace radfraga::server
