#include "server/app.hpp"

#include <boost/json.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include <charconv>
#include <exception>

#include "core/time.hpp"
#include "core/utf8.hpp"

namespace radfraga::server {

namespace json = boost::json;

namespace {

// Security headers on every response (see docs/security.md).
void add_security_headers(Response& r) {
    r.set("content-security-policy",
          "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
          "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; connect-src 'self'");
    r.set("x-content-type-options", "nosniff");
    r.set("x-frame-options", "DENY");
    r.set("referrer-policy", "no-referrer");
    r.set("cross-origin-opener-policy", "same-origin");
    r.set("cross-origin-resource-policy", "same-origin");
    r.set("permissions-policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()");
}

Response text(int status, std::string body) {
    Response r;
    r.status = status;
    r.set("content-type", "text/plain; charset=utf-8");
    r.body = std::move(body);
    return r;
}

std::optional<std::int64_t> parse_id(std::string_view s) {
    if (s.empty() || s.size() > 18) return std::nullopt;
    std::int64_t v = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || v <= 0) return std::nullopt;
    return v;
}

// "3 år" / "över 2 år" style ages for the old-answer notice.
std::string age_text(UnixSeconds from, UnixSeconds now) {
    const std::int64_t years = (now - from) / (365 * 86400 + 86400 / 4);
    return (years == 1 ? std::string("över ett år") : "över " + std::to_string(years) + " år");
}

}  // namespace

struct App::Impl {
    AppDeps d;

    Response html(int status, const std::string& tmpl, json::object model) const {
        Response r;
        r.status = status;
        r.set("content-type", "text/html; charset=utf-8");
        r.set("cache-control", "no-cache");
        r.body = d.renderer.page(tmpl, model);
        return r;
    }

    Response not_found() const {
        json::object m;
        m["title"] = "Sidan finns inte";
        m["heading"] = "Sidan finns inte";
        m["message"] = "Vi hittar inte sidan du letar efter. Den kan ha tagits bort, eller så är länken felskriven.";
        m["noindex"] = true;
        return html(404, "error", std::move(m));
    }

    Response method_not_allowed(std::string allow) const {
        Response r = text(405, "Metoden stöds inte här.\n");
        r.set("allow", std::move(allow));
        return r;
    }

    json::object summary_json(const store::QuestionSummary& s) const {
        json::object o;
        o["id"] = s.id.value;
        o["title"] = s.title;
        o["excerpt"] = s.excerpt;
        o["category_slug"] = s.category_slug;
        o["category_name"] = s.category_name;
        o["asked_iso"] = format_iso8601(s.asked_at);
        if (s.answered_at) {
            o["answered_iso"] = format_iso8601(*s.answered_at);
            o["answered_date"] = format_swedish_date(*s.answered_at);
        }
        return o;
    }

    Response home() const {
        json::object m;
        m["title"] = "Fråga socialtjänsten anonymt";
        json::array cats;
        for (const auto& c : d.store.categories()) {
            json::object o;
            o["slug"] = c.slug;
            o["name"] = c.name;
            o["published_count"] = c.published_count;
            cats.push_back(std::move(o));
        }
        m["categories"] = std::move(cats);
        json::array qs;
        for (const auto& s : d.store.newest_published("", 10, 0)) qs.push_back(summary_json(s));
        m["questions"] = std::move(qs);
        m["total"] = d.store.published_count("");
        m["canonical"] = d.config.public_url + "/";
        return html(200, "home", std::move(m));
    }

    Response question(std::string_view id_text) const {
        const auto id = parse_id(id_text);
        if (!id) return not_found();
        const auto q = d.store.published_question(QuestionId{*id});
        if (!q) return not_found();
        json::object m;
        m["title"] = q->title;
        m["question_title"] = q->title;
        m["id"] = q->id.value;
        m["pseudonym"] = q->pseudonym;
        m["category_slug"] = q->category_slug;
        m["category_name"] = q->category_name;
        m["asked_iso"] = format_iso8601(q->asked_at);
        m["asked_date"] = format_swedish_date(q->asked_at);
        m["question_html"] = web::text_to_html(q->body);
        m["answer_html"] = web::markdown_to_html(q->answer);
        m["signature_name"] = q->signature_name;
        m["answered_iso"] = format_iso8601(q->answered_at);
        m["answered_date"] = format_swedish_date(q->answered_at);
        const UnixSeconds now = d.clock.now();
        if (now - q->answered_at.utc > 2 * 365 * 86400) {
            m["old_answer"] = true;
            int y;
            unsigned mo, da;
            civil_from_days((q->answered_at.utc + q->answered_at.offset_minutes * 60) / 86400, y, mo, da);
            m["answered_year"] = y;
            m["answer_age"] = age_text(q->answered_at.utc, now);
        }
        m["canonical"] = d.config.public_url + "/fraga/" + std::to_string(q->id.value);
        return html(200, "question", std::move(m));
    }

    Response asset(const Request& req, std::string_view path) const {
        const web::Asset* a = d.assets.find(path);
        if (!a) return not_found();
        Response r;
        r.set("etag", a->etag);
        // Assets change only with a new binary; the ETag keeps revalidation cheap.
        r.set("cache-control", "public, max-age=86400, stale-while-revalidate=604800");
        if (req.header("if-none-match") == a->etag) {
            r.status = 304;
            return r;
        }
        r.set("content-type", std::string(a->content_type));
        r.body = std::string(a->body);
        return r;
    }

    Response healthz() const {
        // Touches the database so a broken store shows as unhealthy.
        (void)d.store.published_count("");
        Response r = text(200, "ok\n");
        r.set("cache-control", "no-store");
        return r;
    }

    Response route(const Request& req) const {
        const auto parsed = boost::urls::parse_origin_form(req.target);
        if (!parsed) return text(400, "Ogiltig adress.\n");
        const std::string path = parsed->path();  // percent-decoded
        if (!is_valid_utf8(path) || path.find('\0') != std::string::npos) return not_found();
        const bool get = req.method == "GET" || req.method == "HEAD";

        if (path == "/healthz") return get ? healthz() : method_not_allowed("GET, HEAD");
        if (path == "/") return get ? home() : method_not_allowed("GET, HEAD");
        if (path.starts_with("/fraga/"))
            return get ? question(std::string_view(path).substr(7)) : method_not_allowed("GET, HEAD");
        if (path.starts_with("/static/"))
            return get ? asset(req, std::string_view(path).substr(8)) : method_not_allowed("GET, HEAD");
        if (path == "/robots.txt") {
            Response r = text(200, "User-agent: *\nDisallow: /kvitto/\nDisallow: /api/\nDisallow: /expert/\n"
                                   "Sitemap: " + d.config.public_url + "/sitemap.xml\n");
            return r;
        }
        return not_found();
    }
};

App::App(AppDeps deps) : impl_(std::make_unique<Impl>(Impl{std::move(deps)})) {}
App::~App() = default;

Response App::handle(const Request& req) const {
    Response r;
    try {
        r = impl_->route(req);
    } catch (const store::Error& e) {
        impl_->d.log_error(std::string("store: ") + e.what());
        r = text(503, "Tjänsten är tillfälligt otillgänglig. Försök igen om en stund.\n");
        r.set("retry-after", "30");
    } catch (const std::exception& e) {
        impl_->d.log_error(std::string("bug: ") + e.what());
        r = text(500, "Något gick fel hos oss. Försök igen om en stund.\n");
    }
    add_security_headers(r);
    return r;
}

}  // namespace radfraga::server
