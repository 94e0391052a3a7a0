#include "server/src/router.hpp"

#include <cassert>

#include "core/crypto.hpp"

namespace radfraga::server {

namespace {

std::string_view cookie(const Request& req, std::string_view name) {
    std::string_view all = req.header("cookie");
    while (!all.empty()) {
        const auto semi = all.find(';');
        std::string_view part = all.substr(0, semi);
        while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
        if (part.size() > name.size() && part.substr(0, name.size()) == name &&
            part[name.size()] == '=')
            return part.substr(name.size() + 1);
        if (semi == std::string_view::npos) break;
        all.remove_prefix(semi + 1);
    }
    return {};
}

bool secure(const App::Impl& app) {
    return app.d.config.public_url.starts_with("https://");
}

std::string cookie_name(const App::Impl& app) {
    return secure(app) ? "__Host-radfraga" : "radfraga_expert";
}

bool method_matches(unsigned methods, std::string_view m) {
    if (methods == method::any) return true;
    if (m == "GET" || m == "HEAD") return (methods & method::get) != 0;
    if (m == "POST") return (methods & method::post) != 0;
    if (m == "DELETE") return (methods & method::del) != 0;
    return false;
}

std::string allow_header(unsigned methods) {
    std::string out;
    const auto add = [&](const char* m) { out += (out.empty() ? "" : ", ") + std::string(m); };
    if (methods & method::get) add("GET"), add("HEAD");
    if (methods & method::post) add("POST");
    if (methods & method::del) add("DELETE");
    return out;
}

// The page named in an admin refusal's audit line: "/expert/statistik.csv" -> "statistik".
std::string admin_page_name(std::string_view path) {
    std::string_view p = path.substr(std::min<std::size_t>(path.size(), 8));  // "/expert/"
    p = p.substr(0, p.find_first_of("/."));
    return std::string(p);
}

// The security log line of a refused CSRF token; operators' alerts match these texts.
std::string csrf_refusal_event(std::string_view path) {
    static constexpr std::pair<std::string_view, std::string_view> named[] = {
        {"/expert/logga-ut", "logout"},
        {"/expert/tvafaktor", "second factor"},
        {"/expert/mallar", "template edit"},
        {"/expert/tillatna-ord", "allow-list edit"}};
    for (const auto& [p, what] : named)
        if (path == p) return std::string(what) + " with a bad CSRF token";
    return "forged or missing CSRF token on " + std::string(path.substr(path.rfind('/') + 1));
}

// Guards 1–4 (router.hpp); an answer if one refuses.
std::optional<Response> check_who(const App::Impl& app, Call& c, unsigned guards) {
    if ((guards & guard::operator_only) && (!app.d.metrics || !c.req.operator_peer))
        return app.not_found();
    if (guards & guard::session && !c.session) {
        if (c.get()) return app.redirect("/expert/logga-in");
        security_event(app, c, "request without a session to " + c.t.path.substr(0, 40));
        return app.text(403, "Du är inte inloggad.\n");
    }
    if (guards & guard::second_factor && !c.session->info.second_factor)
        return c.get() ? app.redirect("/expert/tvafaktor") : app.text(403, "Logga in först.\n");
    if (guards & guard::admin && c.session->info.role != store::Role::admin) {
        app.d.store.audit().append_audit({"expert", c.session->info.expert.value, std::nullopt,
                                          "admin_refused", "page=" + admin_page_name(c.t.path)});
        return app.text(403, "Bara administratörer har tillgång till den här sidan.\n");
    }
    return std::nullopt;
}

// Guard 6 (router.hpp); an answer if the form is refused.
std::optional<Response> check_form(const App::Impl& app, Call& c, const Route& r) {
    if (!(r.guards & (guard::csrf | guard::form_token))) return std::nullopt;
    c.form = parse_form(c.req.body, !(r.guards & guard::any_bytes));
    if (r.guards & guard::csrf) {
        if (c.form && csrf_ok(app, c, *c.form)) return std::nullopt;
        security_event(app, c, csrf_refusal_event(c.t.path));
        if (r.refuse) return r.refuse(app, c, Refusal::forged_form);
        return app.text(403, "Ogiltig förfrågan: ladda om sidan och försök igen.\n");
    }
    if (c.form && app.form_allowed(c.req, *c.form)) return std::nullopt;
    const auto why = c.form ? Refusal::forged_form : Refusal::unreadable_form;
    if (r.refuse) return r.refuse(app, c, why);
    return app.bad_request("Ladda om sidan och försök igen.");
}

}  // namespace

std::string_view Call::param(std::string_view name) const {
    for (const auto& p : params)
        if (p.name == name) return p.text;
    assert(!"the route's pattern declares no such parameter");
    return {};
}

std::int64_t Call::id(std::string_view name) const {
    for (const auto& p : params)
        if (p.name == name) return p.id;
    assert(!"the route's pattern declares no such id");
    return 0;
}

const Form& Call::checked_form() const {
    assert(form && "the route needs a csrf or form_token guard");
    return *form;
}

const ExpertSession& Call::expert() const {
    assert(session && "the route needs a session guard");
    return *session;
}

bool match_pattern(std::string_view pattern, std::string_view path,
                   std::vector<Call::Param>& params) {
    params.clear();
    if (pattern.ends_with('*')) {
        const auto prefix = pattern.substr(0, pattern.size() - 1);
        if (!path.starts_with(prefix)) return false;
        params.push_back({"*", path.substr(prefix.size())});
        return true;
    }
    while (!pattern.empty() || !path.empty()) {
        if (pattern.empty() || path.empty() || pattern.front() != '/' || path.front() != '/')
            return false;
        pattern.remove_prefix(1);
        path.remove_prefix(1);
        const auto ps = pattern.substr(0, pattern.find('/'));
        const auto seg = path.substr(0, path.find('/'));
        pattern.remove_prefix(ps.size());
        path.remove_prefix(seg.size());
        if (ps.starts_with('{') && ps.ends_with('}')) {
            if (seg.empty()) return false;
            auto name = ps.substr(1, ps.size() - 2);
            Call::Param p{name, seg};
            if (name.ends_with(":id")) {
                p.name = name.substr(0, name.size() - 3);
                const auto v = parse_positive_id(seg);
                if (!v) return false;
                p.id = *v;
            }
            params.push_back(p);
        } else if (ps != seg) {
            return false;
        }
    }
    return true;
}

std::optional<Response> dispatch(const App::Impl& app, std::span<const Route> table,
                                 const Request& req, const RequestTarget& t, std::string& account) {
    Call c{req, t, app.d.clock.now(), std::nullopt, std::nullopt, {}};
    for (std::size_t i = 0; i < table.size(); ++i) {
        if (!match_pattern(table[i].pattern, t.path, c.params)) continue;
        // The path's lines: this one and the following ones with the same pattern.
        std::size_t end = i;
        unsigned methods = 0;
        const Route* line = nullptr;
        for (; end < table.size() && table[end].pattern == table[i].pattern; ++end) {
            methods |= table[end].methods;
            if (!line && method_matches(table[end].methods, req.method)) line = &table[end];
        }
        const Route& r = line ? *line : table[i];
        if (r.guards & guard::session || t.path.starts_with("/expert")) {
            c.session = load_session(app, req);
            account = c.account();
        }
        if (auto refused = check_who(app, c, r.guards)) return refused;
        if (!line) {
            Response out = t.path.starts_with("/api/")
                               ? app.api_error(405, "method_not_allowed", "Metoden stöds inte här.")
                               : app.method_not_allowed("");
            out.set("allow", allow_header(methods));
            return out;
        }
        if (auto refused = check_form(app, c, r)) return refused;
        return r.handler(app, c);
    }
    return std::nullopt;
}

std::optional<ExpertSession> load_session(const App::Impl& app, const Request& req) {
    const auto c = cookie(req, cookie_name(app));
    if (c.empty() || c.size() > 64 || !base64url_decode(c)) return std::nullopt;
    ExpertSession x;
    x.token = std::string(c);
    x.hash = sha256(x.token);
    const auto s = app.d.store.accounts().session(
        x.hash, static_cast<std::int64_t>(app.d.config.session_idle_minutes) * 60,
        static_cast<std::int64_t>(app.d.config.session_lifetime_hours) * 3600);
    if (!s) return std::nullopt;
    x.info = *s;
    const auto mac = sha256("csrf:" + x.token);
    x.csrf = base64url_encode(std::span<const unsigned char>(mac.data(), 18));
    return x;
}

void set_session_cookie(const App::Impl& app, Response& r, const std::string& value, bool clear) {
    std::string c = cookie_name(app) + "=" + value + "; Path=/; HttpOnly; SameSite=Strict";
    if (secure(app)) c += "; Secure";
    if (clear) c += "; Max-Age=0";
    r.set("set-cookie", c);
}

void security_event(const App::Impl& app, const Call& c, const std::string& what) {
    const auto name = c.account();
    app.d.log_error("security: " + what + (name.empty() ? "" : " account=" + name));
}

bool csrf_ok(const App::Impl& app, const Call& c, const Form& f) {
    if (!app.same_origin(c.req) || !c.session) return false;
    const auto given = f.get("csrf");
    const auto& want = c.session->csrf;
    return constant_time_equal(
        std::span(reinterpret_cast<const unsigned char*>(given.data()), given.size()),
        std::span(reinterpret_cast<const unsigned char*>(want.data()), want.size()));
}

}  // namespace radfraga::server
