// Private to server/: the application's shared state and helpers. App::handle() in
// app.cpp hands each request to the router (router.hpp), which walks the route table
// (routes.cpp) and calls the handlers of routes_*.cpp.
#pragma once
#include <boost/json.hpp>

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/lru.hpp"
#include "quality/quality.hpp"
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
// malformed or, unless `require_utf8` is false, not valid UTF-8. Without it values may
// hold any bytes: only for forms whose free text is checked field by field
// (check_expert_text), so the writer gets a message on the form instead of a refusal.
std::optional<Form> parse_form(std::string_view encoded, bool require_utf8 = true);

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

// Rendered public pages by request target, least recently used evicted first, bounded
// by the bytes of targets, headers and bodies. An entry is served only while its key
// still equals the current one: the store's content generation, the search index
// position (related questions, search results), the day (dates, "old answer" notes, the
// day's form token) and, for a question page, that question's feedback version (its
// vote counters). Thread-safe.
class PageCache {
  public:
    struct Key {
        std::uint64_t generation = 0;
        std::int64_t index_seq = 0;
        std::int64_t day = 0;
        std::uint64_t feedback = 0;
        bool operator==(const Key&) const = default;
    };
    explicit PageCache(std::size_t max_bytes) : max_bytes_(max_bytes), lru_(max_bytes) {}
    std::shared_ptr<const Response> get(const std::string& target, const Key& k) const;
    // Seals `r` (it is about to be sent, and kept if it fits) and keeps it.
    void put(const std::string& target, const Key& k, const std::shared_ptr<Response>& r);
    std::size_t bytes() const;

  private:
    struct Entry {
        Key key;
        std::shared_ptr<const Response> response;
    };
    const std::size_t max_bytes_;
    mutable std::mutex mu_;
    mutable LruCache<std::string, Entry> lru_;  // by target; bytes of target, headers, body
};

// Related-question ids per question: the stored lists (store/related.hpp),
// read at start and kept in step with what App::update_related stores, so a
// question page never waits for the related-questions query (a Xapian relevance-feedback
// query, 1-3 ms at 100 000 questions). Titles are always read from the store at render
// time, so an erased or unpublished question never shows even before its id leaves a
// list here. Thread-safe.
class RelatedCache {
  public:
    std::optional<std::vector<QuestionId>> get(QuestionId id) const;
    void put(QuestionId id, std::vector<QuestionId> ids);
    // Drops `id`'s own list and takes `id` out of every other list.
    void remove_everywhere(QuestionId id);
    std::size_t size() const;

  private:
    mutable std::mutex mu_;
    std::unordered_map<std::int64_t, std::vector<QuestionId>> entries_;
};

// Question summaries by id, as the store last returned them: the five related
// questions of every question page and the hits of search pages. Reading them from
// SQLite was a third of the CPU of a question page not in the page cache
// (docs/performance.md). The cache holds summaries for one version of the
// content: the store's generation and the search index position, the page cache's
// rule (this process's writes bump the generation at once; another process's writes
// show when the index has taken them in). A lookup or insertion for a newer version
// empties it first; an insertion for an older version is dropped; so an edited,
// unpublished or erased question never shows from it. Only questions the store
// returned as published are held. Bounded by an estimate of the bytes held; when full,
// new summaries are not kept until the next emptying. Thread-safe.
class SummaryCache {
  public:
    struct Version {
        std::uint64_t generation = 0;
        std::int64_t index_seq = 0;
        bool operator==(const Version&) const = default;
    };
    explicit SummaryCache(std::size_t max_bytes) : max_bytes_(max_bytes) {}
    using Held = std::shared_ptr<const store::QuestionSummary>;
    // For each of `ids`, its summary if held for `v`, else null; same order. Summaries
    // are shared, not copied: a page's five cost five reference counts.
    std::vector<Held> get(std::span<const QuestionId> ids, Version v) const;
    // Keeps `summaries` (shared with the caller), read from the store after `v` was read.
    void put(std::span<const Held> summaries, Version v) const;
    std::size_t bytes() const;

  private:
    // Moves to `v` if it is newer (emptying); false if `v` is older than the held version.
    bool adopt(Version v) const;
    const std::size_t max_bytes_;
    mutable std::mutex mu_;
    mutable Version version_;
    mutable std::unordered_map<std::int64_t, Held> entries_;
    mutable std::size_t bytes_ = 0;
};

struct App::Impl {
    AppDeps d;
    mutable PageCache page_cache;
    mutable RelatedCache related_cache;
    SummaryCache summary_cache;
    // The published ones of `ids`, in that order, as PublicReads::published_summaries returns
    // them, from summary_cache where it can. Never null.
    std::vector<SummaryCache::Held> summaries(std::span<const QuestionId> ids) const;
    // What GET /metrics reports besides the request counters (metrics.hpp).
    MetricsState metrics_state() const;
    // State of App::update_related, guarded by related_mu.
    mutable std::mutex related_mu;                       // one updater at a time
    mutable std::optional<std::int64_t> related_seq;     // outbox seq the lists reflect
    mutable QuestionId related_cursor{0};                // the start-up walk's position
    mutable bool related_walked = false;                 // the start-up walk has ended
    mutable std::vector<QuestionId> related_pending;     // changed since; computed first
    mutable std::vector<QuestionId> related_neighbours;  // in a changed question's list

    // The related question ids of `id`: from the cache, else computed and cached (in
    // memory only; App::update_related stores it).
    std::vector<QuestionId> related_ids(QuestionId id) const;
    // Computes them (a Xapian query): for related_ids and the background warmer.
    static constexpr std::size_t kRelatedPerPage = 5;
    std::vector<QuestionId> compute_related(QuestionId id) const;
    // ---- question pages stored with the content (App::update_pages) ----
    // Names everything outside the database a stored page depends on: a digest of a
    // probe page rendered at start with every part a question page can have (so changed
    // templates, rendering code, asset versions or public URL give another key) and of
    // the statute table. A stored page under another key is not served.
    std::string page_render_key;
    std::string compute_page_render_key() const;  // for the constructor
    // Stored pages carry this in place of the day's form token (the vote forms' hidden
    // field), put in when the page is served: `name="skydd" value="` + mark + `"`.
    static constexpr std::string_view kStoredTokenMark = "@@skydd@@";
    mutable std::mutex pages_mu;         // one updater at a time
    mutable QuestionId pages_cursor{0};  // the start-up walk's position, under pages_mu
    mutable bool pages_walked = false;   // the start-up walk has ended, under pages_mu
    // The model of question `q`'s public page with `related` (published summaries) and
    // `form_token` at `now`; `thanks` shows the note after a vote. Sets `valid_until` to
    // the first moment the page would read otherwise for the same content (the answer's
    // age, a statute coming into or going out of force).
    json::object question_model(const store::PublishedQuestion& q,
                                std::span<const SummaryCache::Held> related,
                                std::string_view form_token, UnixSeconds now, bool thanks,
                                UnixSeconds& valid_until) const;
    // The response for a stored page body: the day's form token put in.
    Response stored_question_page(std::string body) const;

    mutable RateLimiter limiter;
    // Back-off of failed logins per (client, username); never a lock of the account.
    mutable LoginThrottle login_throttle;
    // One vote of each kind per question and client a day. A counting rule, not
    // throttling: it stays on when `rate-limits` is off.
    mutable RateLimiter vote_once;
    Bytes form_key;  // the key form tokens are derived from (AppDeps::form_key)
    // HMAC-SHA-256 of `day` under that day's key, derived from form_key.
    void form_mac(const std::string& day, unsigned char (&mac)[32]) const;
    // The day's form token, computed once a day (an HMAC on every page showed in
    // profiles). Guarded by token_mu.
    mutable std::mutex token_mu;
    mutable std::int64_t token_day = -1;
    mutable std::string day_token;
    // The statutes answers' law references are resolved against: the data folder's
    // laws.tsv, else the shipped table (docs/quality.md). Read once at start.
    quality::LawTable laws;
    // The plain-language checker of the answer editor (docs/quality.md), built on first
    // use (it loads Hunspell); null when the dictionary cannot be loaded, and the editor
    // then shows no gauge. Thread-safe.
    const quality::Checker* checker() const;
    mutable std::once_flag checker_once;
    mutable std::unique_ptr<quality::Checker> checker_;
    std::string asset_version;  // from the static assets' hashes, for cache-busting URLs

    explicit Impl(AppDeps deps);

    // The page cache's key for a cacheable request target, or nothing when the target
    // is not a public reading page (only GET/HEAD of /, /fraga/N, /amne/…, /sok are).
    std::optional<PageCache::Key> cache_key(const Request& req) const;

    // ---- responses ----
    Response html(int status, const std::string& tmpl, json::object model) const;
    Response text(int status, std::string body) const;
    Response json_response(int status, const json::value& v) const;
    Response redirect(std::string location) const;  // 303 See Other
    Response not_found() const;
    Response bad_request(std::string message) const;
    Response too_many() const;
    Response method_not_allowed(std::string allow) const;
    // The API's error: {"error": {"code", "message"}} with Cache-Control: no-store.
    Response api_error(int status, std::string code, std::string message) const;
    json::object summary_json(const store::QuestionSummary& s) const;
    // summary_json for HTML pages: also "title_html", the title with placeholders as
    // quiet marks (web::inline_text_to_html).
    json::object summary_page_json(const store::QuestionSummary& s) const;
    // Every category with its slug, name, description and published count.
    json::array categories_json() const;

    // ---- cross-site protection for public forms ----
    // A token for hidden form fields: HMAC over the current day under the day's key
    // (form_mac), valid today and tomorrow, across restarts.
    std::string form_token() const;
    // False if the browser says `req` comes from another site: a Sec-Fetch-Site other
    // than same-origin or none, or an Origin whose host is not the Host. Requests from
    // clients that send neither (curl, old browsers) pass; tokens guard those.
    bool same_origin(const Request& req) const;
    // True if `req` is a same-site form post carrying a valid form token.
    bool form_allowed(const Request& req, const Form& form) const;

    // ---- asking (shared by the form and the API) ----
    // Normalises the input and returns the problems, keyed by form field ("rubrik",
    // "fraga", "signatur", "amne"), with Swedish messages; empty if it may be stored.
    std::vector<std::pair<std::string, std::string>> validate_question(AskInput& in) const;
    struct Asked {
        std::string token;  // the receipt token, shown once
        bool crisis = false;
        std::string crisis_categories;  // comma-separated (server/src/crisis.hpp)
    };
    // Stores a validated question: redacted proposal in the clear, original encrypted,
    // receipt token hashed.
    // With `token`, that receipt token instead of a random one (ask_once_receipt).
    Asked store_question(const AskInput& in,
                         const std::optional<std::string>& token = std::nullopt) const;

    // ---- one question per ask form ----
    // A fresh nonce for one rendering of the ask form (field "engang"): 128 random bits.
    std::string ask_once_nonce() const;
    // The receipt code a form with `nonce` gets: derived from the nonce under form_key,
    // so posting the same form again names the same receipt and never makes a second
    // question. Nullopt if `nonce` is not one ask_once_nonce() could have made (an old
    // form: it then gets a random code).
    std::optional<std::string> ask_once_receipt(std::string_view nonce) const;
    // Serialises "does this form's receipt exist yet, else store it".
    mutable std::mutex ask_once_mu;

    // The routes are a table (routes.cpp) walked by the router (router.hpp); their
    // handlers (handlers.hpp) are free functions given this Impl.
    // An Argon2id hash of a random password, verified against for unknown usernames so a
    // login takes as long for them as for real accounts.
    std::string dummy_password_hash;
};

}  // namespace radfraga::server
