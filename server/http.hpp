// Plain HTTP request and response values. Request handling is a function from Request
// to Response (see app.hpp); only server/src/server.cpp knows about sockets and Beast.
#pragma once
#include <map>
#include <optional>
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
    // The TCP peer is one of the operator's addresses (`metrics-allow`, loopback by
    // default) and the request carries no forwarding header, i.e. it did not come through
    // a reverse proxy on that address. Gates GET /metrics. False in tests unless set.
    bool operator_peer = false;

    // The value of header `name` (lower case), or empty.
    std::string_view header(std::string_view name) const;
};

struct Response {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    // Ask the session to close the connection after writing this response.
    bool close = false;
    // The expert account the request was made with, for the access log; not sent.
    std::string account;

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

// What the access log may show of a request target: the path without its query string,
// truncated to 200 bytes, and nothing after the prefix of private paths (receipts,
// enrolment links).
std::string loggable_path(std::string_view target);

// The access log's line for a request: "access METHOD PATH STATUS SIZE TIMEms", the path
// as loggable_path gives it, then " account=NAME" for a request by an expert.
std::string access_line(std::string_view method, std::string_view target, const Response& res,
                        long long ms);

// A media type as in a Content-Type field (RFC 9110, section 8.3.1): type, subtype and
// parameter names lower-cased, parameter values unquoted and otherwise as sent.
struct MediaType {
    std::string type;
    std::string subtype;
    std::vector<std::pair<std::string, std::string>> parameters;
};

// Parses `type "/" subtype *( OWS ";" OWS [ name "=" ( token / quoted-string ) ] )`;
// nullopt if `text` does not follow that grammar.
std::optional<MediaType> parse_media_type(std::string_view text);

// True if `content_type` is application/json, in any letter case, with no charset or
// charset=utf-8 (JSON is UTF-8, RFC 8259); other parameters are ignored.
bool is_json_media_type(std::string_view content_type);

}  // namespace radfraga::server
