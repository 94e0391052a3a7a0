// Public reading pages: home, question, category, about, feed, sitemap, robots, assets,
// health and metrics. All GET/HEAD (routes.cpp).
#include <charconv>

#include "core/html.hpp"
#include "core/time.hpp"
#include "server/src/handlers.hpp"
#include "server/src/quality_service.hpp"

namespace radfraga::server {

namespace {

std::string age_text(UnixSeconds from, UnixSeconds now) {
    const std::int64_t years = (now - from) / (365 * 86400 + 86400 / 4);
    return years == 1 ? std::string("över ett år") : "över " + std::to_string(years) + " år";
}

std::string utc_iso(UnixSeconds t) {
    return format_iso8601(Timestamp{t, 0});
}

}  // namespace

Response page_metrics(const App::Impl& app, Call&) {
    Response r = app.text(200, app.d.metrics->render(app.metrics_state()));
    r.set("content-type", "text/plain; version=0.0.4; charset=utf-8");
    r.set("cache-control", "no-store");
    return r;
}

Response page_health(const App::Impl& app, Call&) {
    (void)app.d.store.public_reads().published_count("");  // a broken store shows as unhealthy
    Response r = app.text(200, "ok\n");
    r.set("cache-control", "no-store");
    return r;
}

Response page_home(const App::Impl& app, Call&) {
    json::object m;
    m["title"] = "Fråga socialtjänsten anonymt";
    m["categories"] = app.categories_json();
    json::array qs;
    for (const auto& s : app.d.store.public_reads().newest_published("", 10, 0))
        qs.push_back(app.summary_page_json(s));
    m["questions"] = std::move(qs);
    m["total"] = app.d.store.public_reads().published_count("");
    m["canonical"] = app.d.config.public_url + "/";
    return app.html(200, "home", std::move(m));
}

namespace {

// The first UTC moment of Stockholm day `d`.
UnixSeconds stockholm_day_start(const quality::Date& d) {
    const UnixSeconds midnight_utc =
        days_from_civil(d.year, static_cast<unsigned>(d.month), static_cast<unsigned>(d.day)) *
        86400;
    for (const int offset_minutes : {120, 60}) {
        const UnixSeconds t = midnight_utc - offset_minutes * 60;
        if (stockholm_offset_minutes(t) == offset_minutes) return t;
    }
    return midnight_utc - 3600;
}

// The first Stockholm day after `today` on which a statute of `laws` comes into force or
// stops applying, or nullopt.
std::optional<quality::Date> next_statute_change(const quality::LawTable& laws,
                                                 const quality::Date& today) {
    std::optional<quality::Date> next;
    const auto consider = [&](const quality::Date& d) {
        if (d > today && (!next || d < *next)) next = d;
    };
    for (const auto& law : laws.laws()) {
        consider(law.in_force_from);
        if (law.in_force_until) {
            // The day after the last day it applied.
            const auto days = days_from_civil(law.in_force_until->year,
                                              static_cast<unsigned>(law.in_force_until->month),
                                              static_cast<unsigned>(law.in_force_until->day)) +
                              1;
            int y;
            unsigned m, dd;
            civil_from_days(days, y, m, dd);
            consider(quality::Date{y, static_cast<int>(m), static_cast<int>(dd)});
        }
    }
    return next;
}

}  // namespace

json::object App::Impl::question_model(const store::PublishedQuestion& q,
                                       std::span<const SummaryCache::Held> related,
                                       std::string_view form_token, UnixSeconds now, bool thanks,
                                       UnixSeconds& valid_until) const {
    const App::Impl& app = *this;
    json::object m;
    m["title"] = q.title;
    m["question_title"] = q.title;
    m["question_title_html"] = web::inline_text_to_html(q.title);
    m["id"] = q.id.value;
    m["pseudonym"] = q.pseudonym;
    m["category_slug"] = q.category_slug;
    m["category_name"] = q.category_name;
    m["asked_iso"] = format_iso8601(q.asked_at);
    m["asked_date"] = format_swedish_date(q.asked_at);
    m["question_html"] = web::text_to_html(q.body);
    m["answer_html"] = web::markdown_to_html(q.answer);
    m["signature_name"] = q.signature_name;
    m["signed"] = !q.answer_signature.empty();
    m["answered_iso"] = format_iso8601(q.answered_at);
    m["answered_date"] = format_swedish_date(q.answered_at);
    m["helpful_yes"] = q.feedback.helpful_yes;
    m["helpful_no"] = q.feedback.helpful_no;
    m["same_question"] = q.feedback.same_question;
    m["form_token"] = form_token;
    if (thanks) m["thanks"] = true;
    // An answer over two years old says so, with its age in whole years.
    constexpr UnixSeconds old_after = 2 * 365 * 86400;
    constexpr UnixSeconds year = 365 * 86400 + 86400 / 4;
    const UnixSeconds answered = q.answered_at.utc;
    if (now - answered > old_after) {
        m["old_answer"] = true;
        int y;
        unsigned mo, da;
        civil_from_days((answered + q.answered_at.offset_minutes * 60) / 86400, y, mo, da);
        m["answered_year"] = y;
        m["answer_age"] = age_text(answered, now);
        valid_until = answered + ((now - answered) / year + 1) * year;
    } else {
        valid_until = answered + old_after + 1;
    }
    // A law cited that has been replaced since the answer was written (docs/quality.md).
    const auto refs = quality_service::law_references(app, q.answer, answered, now);
    if (!refs.empty())
        if (const auto next = next_statute_change(app.laws, quality_service::stockholm_date(now)))
            valid_until = std::min(valid_until, stockholm_day_start(*next));
    json::array notices;
    for (auto& n : quality_service::law_notices(app, refs)) notices.push_back(json::string(n));
    if (!notices.empty()) m["law_notices"] = std::move(notices);
    json::array fus;
    for (const auto& f : q.follow_ups) {
        json::object o;
        o["body_html"] = web::text_to_html(f.body);
        o["answer_html"] = web::markdown_to_html(f.answer);
        o["asked_date"] = format_swedish_date(f.asked_at);
        fus.push_back(std::move(o));
    }
    if (!fus.empty()) m["follow_ups"] = std::move(fus);
    json::array rel;
    for (const auto& s : related) rel.push_back(app.summary_page_json(*s));
    if (!rel.empty()) m["related"] = std::move(rel);
    m["canonical"] = app.d.config.public_url + "/fraga/" + std::to_string(q.id.value);
    return m;
}

Response App::Impl::stored_question_page(std::string body) const {
    // The mark sits only in the vote forms' hidden field: text from askers and experts is
    // escaped, so it cannot spell `name="skydd" value="`.
    static const std::string field =
        "name=\"skydd\" value=\"" + std::string(kStoredTokenMark) + '"';
    const std::string token = form_token();
    const std::string with_token = "name=\"skydd\" value=\"" + token + '"';
    for (std::size_t at = body.find(field); at != std::string::npos;
         at = body.find(field, at + with_token.size()))
        body.replace(at, field.size(), with_token);
    Response r;
    r.status = 200;
    r.set("content-type", "text/html; charset=utf-8");
    r.body = std::move(body);
    return r;
}

Response page_question(const App::Impl& app, Call& c) {
    const QuestionId id{c.id("id")};
    const bool thanks = c.t.query.get("tack") == "1";
    const UnixSeconds now = app.d.clock.now();
    if (!thanks) {
        auto body = app.d.store.pages().page(id, app.page_render_key, now);
        if (app.d.metrics) app.d.metrics->stored_page_lookup(body.has_value());
        if (body) return app.stored_question_page(std::move(*body));
    }
    const auto q = app.d.store.public_reads().published_question(id);
    if (!q) return app.not_found();
    UnixSeconds valid_until = 0;
    auto m = app.question_model(*q, app.summaries(app.related_ids(q->id)), app.form_token(), now,
                                thanks, valid_until);
    return app.html(200, "question", std::move(m));
}

Response page_category(const App::Impl& app, Call& c) {
    const std::string slug(c.param("slug"));
    std::optional<store::Category> cat;
    for (auto& k : app.d.store.public_reads().categories())
        if (k.slug == slug) cat = k;
    if (!cat) return app.not_found();
    constexpr std::int64_t per_page = 20;
    std::int64_t page = 1;
    if (const auto p = c.t.query.get("sida"); !p.empty()) {
        const auto v = parse_positive_id(p);
        if (!v || *v > 100000) return app.not_found();
        page = *v;
    }
    const std::int64_t total = app.d.store.public_reads().published_count(slug);
    const std::int64_t pages = std::max<std::int64_t>(1, (total + per_page - 1) / per_page);
    if (page > pages) return app.not_found();
    json::object m;
    m["title"] = cat->name;
    m["name"] = cat->name;
    m["description"] = cat->description;
    m["total"] = total;
    json::array qs;
    for (const auto& s :
         app.d.store.public_reads().newest_published(slug, per_page, (page - 1) * per_page))
        qs.push_back(app.summary_page_json(s));
    m["questions"] = std::move(qs);
    if (page > 1)
        m["prev_href"] = "/amne/" + slug + (page > 2 ? "?sida=" + std::to_string(page - 1) : "");
    if (page < pages) m["next_href"] = "/amne/" + slug + "?sida=" + std::to_string(page + 1);
    m["page"] = page;
    m["pages"] = pages;
    m["canonical"] = app.d.config.public_url + "/amne/" + slug +
                     (page > 1 ? "?sida=" + std::to_string(page) : "");
    return app.html(200, "category", std::move(m));
}

Response page_about(const App::Impl& app, Call&) {
    json::object m;
    m["title"] = "Om tjänsten och din integritet";
    m["retention_days"] = app.d.config.retention_days;
    m["signature_name"] = app.d.config.signature_name;
    return app.html(200, "about", std::move(m));
}

Response page_static(const App::Impl& app, Call& c) {
    const web::Asset* a = app.d.assets.find(c.param("*"));
    if (!a) return app.not_found();
    Response r;
    r.set("etag", a->etag);
    // Pages link assets as /static/x?v=<hash>: those URLs never change content.
    r.set("cache-control", c.t.query.has("v")
                               ? "public, max-age=31536000, immutable"
                               : "public, max-age=3600, stale-while-revalidate=86400");
    if (c.req.header("if-none-match") == a->etag) {
        r.status = 304;
        return r;
    }
    r.set("content-type", std::string(a->content_type));
    r.body = std::string(a->body);
    return r;
}

Response page_robots(const App::Impl& app, Call&) {
    return app.text(200,
                    "User-agent: *\nDisallow: /kvitto\nDisallow: /api/\nDisallow: /expert\n"
                    "Disallow: /sok\nSitemap: " +
                        app.d.config.public_url + "/sitemap.xml\n");
}

Response page_feed(const App::Impl& app, Call&) {
    const auto newest = app.d.store.public_reads().newest_published("", 30, 0);
    std::string x =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed "
        "xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"sv\">\n";
    x += "<title>Rådfråga – nya svar</title>\n<id>" + html_escaped(app.d.config.public_url) +
         "/</id>\n";
    x += "<link rel=\"self\" href=\"" + html_escaped(app.d.config.public_url) + "/feed.atom\"/>\n";
    x += "<link href=\"" + html_escaped(app.d.config.public_url) + "/\"/>\n";
    x +=
        "<updated>" +
        utc_iso(newest.empty() ? 0
                               : newest.front().answered_at.value_or(newest.front().asked_at).utc) +
        "</updated>\n";
    x += "<author><name>" + html_escaped(app.d.config.signature_name) + "</name></author>\n";
    for (const auto& s : newest) {
        const std::string url = app.d.config.public_url + "/fraga/" + std::to_string(s.id.value);
        x += "<entry>\n<title>" + html_escaped(web::placeholders_as_words(s.title)) +
             "</title>\n<id>" + html_escaped(url) + "</id>\n";
        x += "<link href=\"" + html_escaped(url) + "\"/>\n";
        x += "<updated>" + utc_iso(s.answered_at.value_or(s.asked_at).utc) + "</updated>\n";
        if (!s.category_name.empty())
            x += "<category term=\"" + html_escaped(s.category_slug) + "\" label=\"" +
                 html_escaped(s.category_name) + "\"/>\n";
        x += "<summary>" + html_escaped(web::placeholders_as_words(s.excerpt)) +
             "</summary>\n</entry>\n";
    }
    x += "</feed>\n";
    Response r = app.text(200, std::move(x));
    r.set("content-type", "application/atom+xml; charset=utf-8");
    r.set("cache-control", "public, max-age=300");
    return r;
}

Response page_sitemap(const App::Impl& app, Call&) {
    std::string x =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset "
        "xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
    x += "<url><loc>" + html_escaped(app.d.config.public_url) + "/</loc></url>\n";
    x += "<url><loc>" + html_escaped(app.d.config.public_url) + "/om</loc></url>\n";
    for (const auto& c : app.d.store.public_reads().categories())
        x += "<url><loc>" + html_escaped(app.d.config.public_url) + "/amne/" +
             html_escaped(c.slug) + "</loc></url>\n";
    // Sitemaps hold at most 50 000 URLs.
    for (const auto& s : app.d.store.public_reads().newest_published("", 49'000, 0))
        x += "<url><loc>" + html_escaped(app.d.config.public_url) + "/fraga/" +
             std::to_string(s.id.value) + "</loc><lastmod>" +
             utc_iso(s.answered_at.value_or(s.asked_at).utc).substr(0, 10) + "</lastmod></url>\n";
    x += "</urlset>\n";
    Response r = app.text(200, std::move(x));
    r.set("content-type", "application/xml; charset=utf-8");
    r.set("cache-control", "public, max-age=3600");
    return r;
}

}  // namespace radfraga::server
