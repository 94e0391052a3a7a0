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

    // The header fields as they go on the wire, "Name: value\r\n" each, once seal() has
    // been called; empty before. A field whose name or value holds a CR, LF or NUL, or
    // whose name is empty or holds a colon, would split the header block: it is left out.
    std::string wire_fields;

    void set(std::string name, std::string value);
    std::string_view header(std::string_view name) const;
    // Appends the header fields to `out` as they go on the wire (see wire_fields).
    void append_fields(std::string& out) const;
    // Fills wire_fields from headers. For responses that are kept and sent many times
    // (the page cache): the session then writes one prepared block instead of checking
    // and joining a dozen small strings on every send. set() unseals, so a field set
    // afterwards is still sent.
    void seal();
};

}  // namespace radfraga::server
