#include "server/http.hpp"

namespace radfraga::server {

namespace {

bool is_tchar(char c) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
    return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

char lower(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// Reads a token at `pos` (lower-cased); empty if there is none.
std::string read_token(std::string_view s, std::size_t& pos) {
    std::string out;
    while (pos < s.size() && is_tchar(s[pos])) out += lower(s[pos++]);
    return out;
}

void skip_ows(std::string_view s, std::size_t& pos) {
    while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t')) ++pos;
}

}  // namespace

std::string loggable_path(std::string_view target) {
    const std::string_view raw = target.substr(0, target.find('?'));
    // Routing decodes the path, so the mask is decided on the decoded path: "/kvitto%2F…"
    // and "/kvit%74o/…" name the same private page (and the first is refused).
    std::string path;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const auto hex = [](char c) {
            return c >= '0' && c <= '9'   ? c - '0'
                   : c >= 'a' && c <= 'f' ? c - 'a' + 10
                   : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                          : -1;
        };
        if (raw[i] == '%' && i + 2 < raw.size() && hex(raw[i + 1]) >= 0 && hex(raw[i + 2]) >= 0) {
            path += static_cast<char>(hex(raw[i + 1]) * 16 + hex(raw[i + 2]));
            i += 2;
        } else {
            path += raw[i];
        }
    }
    for (const std::string_view priv :
         {"/kvitto/", "/api/v1/kvitto/", "/api/v1/receipts/", "/expert/valkommen/"}) {
        if (path.starts_with(priv)) return std::string(priv) + "…";
    }
    // Otherwise the path as received (still encoded: one token per line, no spaces),
    // truncated; control characters are escaped by the log sink.
    return std::string(raw.substr(0, 200));
}

std::string access_line(std::string_view method, std::string_view target, const Response& res,
                        long long ms) {
    std::string line = "access ";
    line.append(method).append(1, ' ').append(loggable_path(target)).append(1, ' ');
    line.append(std::to_string(res.status))
        .append(1, ' ')
        .append(std::to_string(res.body.size()))
        .append(1, ' ');
    line.append(std::to_string(ms)).append("ms");
    if (!res.account.empty()) line.append(" account=").append(res.account);
    return line;
}

std::optional<MediaType> parse_media_type(std::string_view s) {
    MediaType m;
    std::size_t pos = 0;
    m.type = read_token(s, pos);
    if (m.type.empty() || pos >= s.size() || s[pos] != '/') return std::nullopt;
    ++pos;
    m.subtype = read_token(s, pos);
    if (m.subtype.empty()) return std::nullopt;
    for (;;) {
        skip_ows(s, pos);
        if (pos == s.size()) return m;
        if (s[pos] != ';') return std::nullopt;
        ++pos;
        skip_ows(s, pos);
        if (pos == s.size() || s[pos] == ';') continue;  // an empty parameter
        std::string name = read_token(s, pos);
        if (name.empty() || pos >= s.size() || s[pos] != '=') return std::nullopt;
        ++pos;
        std::string value;
        if (pos < s.size() && s[pos] == '"') {
            ++pos;
            for (;;) {
                if (pos >= s.size()) return std::nullopt;  // unterminated
                const char c = s[pos++];
                if (c == '"') break;
                if (c == '\\') {
                    if (pos >= s.size()) return std::nullopt;
                    value += s[pos++];
                } else {
                    value += c;
                }
            }
        } else {
            while (pos < s.size() && is_tchar(s[pos])) value += s[pos++];
            if (value.empty()) return std::nullopt;
        }
        m.parameters.emplace_back(std::move(name), std::move(value));
    }
}

bool is_json_media_type(std::string_view content_type) {
    const auto m = parse_media_type(content_type);
    if (!m || m->type != "application" || m->subtype != "json") return false;
    for (const auto& [name, value] : m->parameters) {
        if (name != "charset") continue;
        std::string v;
        for (const char c : value) v += lower(c);
        if (v != "utf-8") return false;
    }
    return true;
}

std::string_view Request::header(std::string_view name) const {
    for (const auto& [k, v] : headers)
        if (k == name) return v;
    return {};
}

void Response::set(std::string name, std::string value) {
    wire_fields.clear();  // no longer sealed: the fields are joined again when sent
    for (auto& [k, v] : headers) {
        if (k == name) {
            v = std::move(value);
            return;
        }
    }
    headers.emplace_back(std::move(name), std::move(value));
}

void Response::append_fields(std::string& out) const {
    const auto clean = [](std::string_view v) {
        for (const char c : v)
            if (c == '\r' || c == '\n' || c == '\0') return false;
        return true;
    };
    for (const auto& [k, v] : headers) {
        if (k.empty() || !clean(k) || !clean(v) || k.find(':') != std::string::npos) continue;
        out.append(k).append(": ").append(v).append("\r\n");
    }
}

void Response::seal() {
    wire_fields.clear();
    append_fields(wire_fields);
}

std::string_view Response::header(std::string_view name) const {
    for (const auto& [k, v] : headers)
        if (k == name) return v;
    return {};
}

}  // namespace radfraga::server
