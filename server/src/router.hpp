// Private to server/: the route table and the router that walks it.
//
// Every URL the application answers is one line of the table in routes.cpp:
//
//     {methods, "/expert/fraga/{id:id}/ta", guard::expert_write, case_claim},
//
// The router finds the first line whose pattern matches the path, runs the guards that
// line declares, and calls its handler with a Call holding what the guards established
// (the expert session, the checked form) and the path parameters. A handler is a plain
// function from a Call to a Response; it never re-checks what its guards checked.
#pragma once
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "server/src/app_impl.hpp"

namespace radfraga::server {

// The methods a line answers. GET includes HEAD.
namespace method {
inline constexpr unsigned get = 1, post = 2, del = 4, any = 0xff;
}

// What the router checks before a line's handler runs, always in this order:
//  1. operator: only the operator's own addresses (Request::operator_peer); to anyone
//     else the route does not exist (404).
//  2. session: a live expert session from the cookie. Without one, GET/HEAD is sent to
//     the login page and anything else gets 403 (a security log line).
//  3. second_factor: the session has passed its one-time code. Without it GET/HEAD is
//     sent to /expert/tvafaktor and anything else gets 403.
//  4. admin: the session's role is admin; else 403 and an audit line (admin_refused).
//  5. the method: a path whose lines do not list the request's method gets 405 with
//     Allow naming the ones they do.
//  6. csrf: a same-origin form post carrying the session's CSRF token (field "csrf");
//     else 403 and a security log line.
//     form_token: a same-origin form post carrying the day's public form token (field
//     "skydd"); else 400 (or the line's own refusal).
//     any_bytes modifies either: the form may hold any bytes, because the handler checks
//     its free text field by field and answers on the form (check_expert_text).
// Guards 1–4 run before the method check so that a request without a session learns
// nothing about which methods a path takes.
namespace guard {
inline constexpr unsigned open = 0;
inline constexpr unsigned operator_only = 1u << 0;
inline constexpr unsigned session = 1u << 1;
inline constexpr unsigned second_factor = 1u << 2;
inline constexpr unsigned admin = 1u << 3;
inline constexpr unsigned csrf = 1u << 4;
inline constexpr unsigned form_token = 1u << 5;
inline constexpr unsigned any_bytes = 1u << 6;
// Shorthands for the dashboard: reading, changing state, and the admins' pages.
inline constexpr unsigned expert = session | second_factor;
inline constexpr unsigned expert_write = expert | csrf;
inline constexpr unsigned admin_page = expert | admin;
inline constexpr unsigned admin_write = admin_page | csrf;
}  // namespace guard

// An expert's session, as the session guard found it.
struct ExpertSession {
    std::string token;                // the cookie's value
    std::vector<unsigned char> hash;  // SHA-256 of the token: the store's key
    store::SessionInfo info;
    std::string csrf;  // the form field every state change must carry
};

// One request on its way through the router to a handler.
struct Call {
    const Request& req;
    const RequestTarget& t;
    UnixSeconds now = 0;
    // Set by the session guard (and for lines without it, when the cookie names a live
    // session, so the access log can name the account).
    std::optional<ExpertSession> session;
    // Set by the csrf and form_token guards: the form, already checked.
    std::optional<Form> form;
    // The path parameters, in pattern order: {name} is any non-empty segment, {name:id}
    // a positive decimal id (a segment that is not one does not match), and a trailing
    // "*" the rest of the path (named "*").
    struct Param {
        std::string_view name;
        std::string_view text;
        std::int64_t id = 0;
    };
    std::vector<Param> params;

    bool get() const { return req.method == "GET" || req.method == "HEAD"; }
    // The parameter `name`; the pattern must declare it.
    std::string_view param(std::string_view name) const;
    std::int64_t id(std::string_view name) const;
    // The checked form (a line with a csrf or form_token guard).
    const Form& checked_form() const;
    const ExpertSession& expert() const;
    // The account name for log lines, or empty.
    std::string account() const { return session ? session->info.username : std::string(); }
};

using Handler = Response (*)(const App::Impl&, Call&);
// Why a form guard refused a request, for a line that answers refusals itself.
enum class Refusal { unreadable_form, forged_form };
using Refuser = Response (*)(const App::Impl&, Call&, Refusal);

struct Route {
    unsigned methods;
    std::string_view pattern;
    unsigned guards;
    Handler handler;
    // How a refused form_token/csrf guard answers on this line; the default when null.
    Refuser refuse = nullptr;
};

// The whole table (routes.cpp), in matching order. Lines with the same pattern are
// consecutive: together they are that path's methods.
std::span<const Route> route_table();

// True if `pattern` matches `path`; fills `params`.
bool match_pattern(std::string_view pattern, std::string_view path,
                   std::vector<Call::Param>& params);

// The answer of the table's first line matching the request's path, or nullopt if none
// does. `account` is set to the username of the session the request came with, if any.
std::optional<Response> dispatch(const App::Impl& app, std::span<const Route> table,
                                 const Request& req, const RequestTarget& t, std::string& account);

// ---- helpers the dashboard's handlers share ----
// The live session the request's cookie names, if any.
std::optional<ExpertSession> load_session(const App::Impl& app, const Request& req);
// Sets (or, with `clear`, removes) the session cookie on `r`.
void set_session_cookie(const App::Impl& app, Response& r, const std::string& value, bool clear);
// Logs a security event ("security: <what> account=<name>"), never with request data.
void security_event(const App::Impl& app, const Call& c, const std::string& what);
// True if `f` carries the session's CSRF token and the request is same-origin.
bool csrf_ok(const App::Impl& app, const Call& c, const Form& f);

}  // namespace radfraga::server
