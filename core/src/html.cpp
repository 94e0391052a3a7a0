#include "core/html.hpp"

namespace radfraga {

void append_html_escaped(std::string& out, std::string_view s) {
    std::size_t run = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        std::string_view entity;
        switch (c) {
            case '&':
                entity = "&amp;";
                break;
            case '<':
                entity = "&lt;";
                break;
            case '>':
                entity = "&gt;";
                break;
            case '"':
                entity = "&quot;";
                break;
            case '\'':
                entity = "&#39;";
                break;
            case '\t':
            case '\n':
            case '\r':
                continue;
            default:
                if (static_cast<unsigned char>(c) >= 0x20 && c != 0x7F) continue;
                entity = " ";
        }
        out.append(s.data() + run, i - run).append(entity);
        run = i + 1;
    }
    out.append(s.data() + run, s.size() - run);
}

std::string html_escaped(std::string_view s) {
    std::string out;
    out.reserve(s.size() + s.size() / 8);
    append_html_escaped(out, s);
    return out;
}

}  // namespace radfraga
