// Private to server/: the application's shared state and helpers, and the route groups,
// each in its own source file (routes_*.cpp). App::handle() in app.cpp dispatches.
#pragma once
#include <boost/json.hpp>

#include <map>
#include <mutex>
#include <unordered_map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/app.hpp"
#include "server/src/rate_limit.hpp"

namespace radfraga::server {

namespace json = boost::json;

// A decoded query string or form body. Repeated keys keep the first value.
struct Form {
    std::map<std::string, std::string, std::less<>> values;
    // The value of `key`, or empty.
    std::string_view get(std::string_view key) const {
        const auto it = values.find(key);
        return it == values.end() ? std::string_view() : std::string_view(it->second);
    }
    bool has(std::string_view key) const { return values.contains(key); }
};

// Parses application/x-www-form-urlencoded text ('+' is a space). nullopt if it is
// malformed or not valid UTF-8.
std::optional<Form> parse_form(std::string_view encoded);

// A positive decimal id as it appears in paths and forms ("123"), or nullopt.
std::optional<std::int64_t> parse_positive_id(std::string_view s);

// Unicode code points in well-formed UTF-8 (what "characters" means in field limits).
std::size_t code_points(std::string_view s);

// A question as an asker submits it, through the form or the API.
struct AskInput {
    std::string title;
    std::string question;
    std::string pseudonym;
    std::string category;
};

struct RequestTarget {
    std::string path;  // percent-decoded
    Form query;
};

// Rendered public pages, reused while nothing they show has changed: the store's
// generation, the search index's position (related questions) and the day (form
// tokens) are part of each entry. Bounded: cleared when it holds too many pages.
class PageCache {
public:
    struct Key {
        std::uint64_t generation;
        std::int64_t index_seq;
        std::int64_t day;
    };
    std::optional<Response> get(const std::string& target, const Key& k) const;
    void put(const std::string& target, const Key& k, const Response& r);

private:
    struct Entry {
        Key key;
        Response response;
    };
    mutable std::mutex mu_;
    std::unordered_map<std::string, Entry> pages_;
};

struct App::Impl {
    AppDeps d;
    mutable PageCache page_cache;
    mutable RateLimiter limiter;
    // One vote of each kind per question and client a day. A counting rule, not
    // throttling: it stays on when `rate-limits` is off.
    mutable RateLimiter vote_once;
    Bytes form_key;  // HMAC key for form tokens; random per process
    std::string asset_version;  // from the static assets' hashes, for cache-busting URLs

    explicit Impl(AppDeps deps);

    // ---- responses ----
    Response html(int status, const std::string& tmpl, json::object model) const;
    Response text(int status, std::string body) const;
    Response json_response(int status, const json::value& v) const;
    Response redirect(std::string location) const;  // 303 See Other
    Response not_found() const;
    Response bad_request(std::string message) const;
    Response too_many() const;
    Response method_not_allowed(std::string allow) const;
    json::object summary_json(const store::QuestionSummary& s) const;
    // Every category with its slug, name, description and published count.
    json::array categories_json() const;

    // ---- cross-site protection for public forms ----
    // A token for hidden form fields: HMAC over the current day with a per-process key.
    std::string form_token() const;
    // True if `req` is a same-site form post carrying a valid form token.
    bool form_allowed(const Request& req, const Form& form) const;

    // ---- asking (shared by the form and the API) ----
    // Normalises the input and returns the problems, keyed by form field ("rubrik",
    // "fraga", "signatur", "amne"), with Swedish messages; empty if it may be stored.
    std::vector<std::pair<std::string, std::string>> validate_question(AskInput& in) const;
    struct Asked {
        std::string token;  // the receipt token, shown once
        bool crisis = false;
    };
    // Stores a validated question: redacted proposal in the clear, original encrypted,
    // receipt token hashed.
    Asked store_question(const AskInput& in) const;

    // ---- route groups ----
    std::optional<Response> pages(const Request& req, const RequestTarget& t) const;
    std::optional<Response> asker(const Request& req, const RequestTarget& t) const;
    std::optional<Response> api(const Request& req, const RequestTarget& t) const;
    std::optional<Response> search_page(const Request& req, const RequestTarget& t) const;
    std::optional<Response> expert(const Request& req, const RequestTarget& t) const;
    // An Argon2id hash of a random password, verified against for unknown usernames so a
    // login takes as long for them as for real accounts.
    std::string dummy_password_hash;
};

}  // namespace radfraga::server
