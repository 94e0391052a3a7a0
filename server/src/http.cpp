#include "server/http.hpp"

namespace radfraga::server {

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
