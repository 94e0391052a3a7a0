// Plain HTTP request and response values. Request handling is a function from Request
// to Response (see app.hpp); only server/src/server.cpp knows about sockets and Beast.
#pragma once
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace radfraga::server {

struct Request {
    std::string method;  // "GET", "POST", ...
    std::string target;  // raw request target as received, e.g. "/sok?q=hyra"
    std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
    std::string body;
    // Keyed hash of the client's IP address (HMAC with a daily-rotated in-memory key),
    // for rate limiting only. Never the address itself; empty in tests.
    std::string client_key;

    // The value of header `name` (lower case), or empty.
    std::string_view header(std::string_view name) const;
};

struct Response {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    // Ask the session to close the connection after writing this response.
    bool close = false;

    void set(std::string name, std::string value);
    std::string_view header(std::string_view name) const;
};

}  // namespace radfraga::server
