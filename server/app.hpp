// The application: every route of the site and the API as a plain function from
// Request to Response, testable without sockets.
//
// Contract: handle() and respond() never throw. Untrusted input becomes a 4xx response; an
// environment failure (store::Error) becomes a 503 page; anything else thrown is a bug,
// caught once here at the route boundary, logged without request data, and answered
// with 500.
#pragma once
#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/signing.hpp"
#include "moderation/redactor.hpp"
#include "moderation/triage.hpp"
#include "search/search.hpp"
#include "server/config.hpp"
#include "server/http.hpp"
#include "server/metrics.hpp"
#include "store/store.hpp"
#include "web/web.hpp"

namespace radfraga::server {

// Requests the HTTP layer refuses before the application sees them.
enum class ProtocolError {
    bad_request,        // a malformed request line or header (400)
    transfer_encoding,  // a Transfer-Encoding field: refused, bodies need Content-Length (400)
    header_too_large,   // request line and header fields over the limit (431)
    body_too_large,     // a body over the limit (413)
};

struct AppDeps {
    store::Store& store;
    const web::Renderer& renderer;
    const web::Assets& assets;
    const Clock& clock;
    Random& random;
    const Config& config;
    // Where errors that are bugs are reported (one line, no request data).
    std::function<void(const std::string&)> log_error;
    // Encrypts askers' unredacted originals at rest (key in the data folder).
    const SecretBox& originals;
    // The redactor's proposal for a text: what would be published if an expert accepted
    // every finding. Applied to titles, questions and follow-ups as they arrive.
    std::function<std::string(std::string_view)> redact;
    // The search index over the published archive.
    const search::Index& search;
    // The redactor, for the findings shown to experts in the redaction review and the
    // check at publication; admins change its allow-list (data folder file
    // redaction-allow.txt) in the dashboard.
    moderation::Redactor& redactor;
    // Signs published answers (Ed25519, key in the data folder).
    const Signer& signer;
    // Crisis triage of questions and follow-ups as they arrive, and of the text shown to
    // experts (the signals marked).
    const moderation::Triage& triage;
    // Operators' metrics (GET /metrics); null: no metrics route.
    Metrics* metrics = nullptr;
    // The key form tokens are derived from (DIR/keys/form.key): a key of its own for each
    // day, HMAC(form_key, day), so a form filled in before a restart is still accepted,
    // and today's and yesterday's tokens are. Empty: a random key for this process.
    Bytes form_key = {};
};

class App {
  public:
    explicit App(AppDeps deps);
    ~App();
    App(const App&) = delete;
    App& operator=(const App&) = delete;

    Response handle(const Request& req) const;
    // The same response, shared: a page that enters the page cache is not copied. The
    // server sends this one.
    std::shared_ptr<const Response> respond(const Request& req) const;

    // The response to a request the HTTP layer refuses itself: the status of `e`, the
    // security headers every response carries, `Cache-Control: no-store`, and the
    // connection closed. When `target` (the request target, as far as it was read;
    // may be empty) is under /api/, the body is the API's JSON error; otherwise plain
    // text in Swedish.
    std::shared_ptr<const Response> protocol_error(ProtocolError e, std::string_view target) const;

    // The response handle(req) would give, if it is a public page in the page cache and
    // still current; otherwise null (then call handle()). Cheap (a hash lookup under a
    // mutex, no copy: the response is shared and immutable) and thread-safe, so the
    // server calls it on its I/O thread and sends only misses to the worker pool.
    std::shared_ptr<const Response> cached(const Request& req) const;

    // Related-question lists, stored with the content (store/related.hpp) so that a restart
    // serves complete question pages at once. load_related() reads every stored list into
    // memory; the server calls it once at start, before serving. Returns how many.
    std::size_t load_related() const;
    // Background work for the server's periodic tasks: applies the changes the search
    // index has taken in since the last call (a published, edited, withdrawn or erased
    // question: its list and the lists that show it are computed again, and a new
    // question's neighbours' lists too), then computes and stores up to `max_questions`
    // lists: changed ones first, then stale ones, then, after a start, those missing or
    // computed with another ranking version (search::Index::ranking_version). Returns
    // true when nothing is left to compute.
    bool update_related(std::size_t max_questions) const;
    // Question pages, rendered ahead and stored with the content (store/pages.hpp), so
    // a page never requested before is served without rendering it. Background work for
    // the server's periodic tasks: renders and stores up to `max_pages` pages, those
    // queued by a change first (a publication, edit, vote, follow-up or related list),
    // then those no longer valid, then, after a start, those missing or rendered with
    // other templates, settings or statutes. A page is rendered only once its related
    // list is stored. Returns true when nothing is left to render.
    bool update_pages(std::size_t max_pages) const;

    // The application's state, opaque here (server/src/app_impl.hpp): named so that the
    // route handlers, free functions in server/src, can take it.
    struct Impl;

  private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace radfraga::server
