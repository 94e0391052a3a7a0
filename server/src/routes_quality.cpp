// Answer quality on the site (issue 22, docs/quality.md): the receipt page's "did you
// understand the answer?" form, the experts' quality page (understanding per month,
// answers citing replaced laws) and the admins' page of searches that found nothing.
#include <boost/json.hpp>

#include <algorithm>
#include <cstdio>

#include "core/time.hpp"
#include "core/utf8.hpp"
#include "server/src/asker_service.hpp"
#include "server/src/handlers.hpp"
#include "server/src/quality_service.hpp"
#include "server/src/url.hpp"

namespace radfraga::server {

namespace qs = quality_service;

namespace {

// "YYYY-MM-DD" of `t` in Stockholm.
std::string stockholm_day(UnixSeconds t) {
    return format_iso8601(stockholm_time(t)).substr(0, 10);
}

std::string month_label(std::string_view yyyy_mm) {
    static constexpr const char* names[] = {"januari",   "februari", "mars",     "april",
                                            "maj",       "juni",     "juli",     "augusti",
                                            "september", "oktober",  "november", "december"};
    if (yyyy_mm.size() != 7) return std::string(yyyy_mm);
    const int m = (yyyy_mm[5] - '0') * 10 + (yyyy_mm[6] - '0');
    if (m < 1 || m > 12) return std::string(yyyy_mm);
    return std::string(names[m - 1]) + " " + std::string(yyyy_mm.substr(0, 4));
}

// One month's votes as shown. A month with fewer than five votes shows "<5" and nothing
// more. The split into yes, partly and no is shown only when every part that is not zero
// has at least five votes: with one part of 1–4 beside the total, hiding that part alone
// would not help (it is the total less the others), and hiding a second part does not
// either when the reader knows the rule. A zero is shown.
json::object shown_month(const store::UnderstoodMonth& m) {
    json::object o;
    o["month"] = m.month;
    o["label"] = month_label(m.month);
    const std::int64_t total = m.yes + m.partly + m.no;
    o["total"] = qs::shown_count(total);
    const auto small = [](std::int64_t n) { return n > 0 && n < qs::kSuppressBelow; };
    const bool split =
        total >= qs::kSuppressBelow && !small(m.yes) && !small(m.partly) && !small(m.no);
    o["yes"] = split ? std::to_string(m.yes) : "–";
    o["partly"] = split ? std::to_string(m.partly) : "–";
    o["no"] = split ? std::to_string(m.no) : "–";
    o["share"] = split ? std::to_string((100 * m.yes + total / 2) / total) + " %" : "–";
    return o;
}

}  // namespace

// ---- The receipt page's form ----

void add_understood_form(const App::Impl& app, const Call& c, std::string_view token,
                         json::object& m) {
    json::object f;
    f["action"] = "/kvitto/" + std::string(token) + "/forstod";
    f["max_comment"] = qs::kMaxComment;
    const auto vote = qs::understood_of(app, token);
    json::array options;
    for (const auto u :
         {store::Understood::yes, store::Understood::partly, store::Understood::no}) {
        json::object o;
        o["value"] = qs::understood_form_value(u);
        o["label"] = qs::understood_label(u);
        if (vote && vote->answer == u) o["checked"] = true;
        options.push_back(std::move(o));
    }
    f["options"] = std::move(options);
    if (vote) f["current"] = qs::understood_label(vote->answer);
    const auto note = c.t.query.get("forstod");
    if (note == "tack") f["thanks"] = true;
    if (note == "lang")
        f["error"] = "Kommentaren får vara högst " + std::to_string(qs::kMaxComment) + " tecken.";
    if (note == "val") f["error"] = "Välj Ja, Delvis eller Nej.";
    m["understood"] = std::move(f);
}

Response receipt_understood(const App::Impl& app, Call& c) {
    const std::string token(c.param("token"));
    const std::string base = "/kvitto/" + token;
    const Form& form = c.checked_form();
    const auto answer = qs::understood_from_form(form.get("svar"));
    if (!answer) {
        // The token is checked first: an unknown receipt is the same 404 as everywhere.
        if (!asker::open_receipt(app, token, c.req.client_key, c.now)) return app.not_found();
        return app.redirect(base + "?forstod=val#forstod");
    }
    using O = qs::UnderstoodOutcome;
    switch (qs::record_understood(app, token, *answer, form.get("kommentar"), c.req.client_key,
                                  c.now)) {
        case O::recorded:
        case O::changed:
            return app.redirect(base + "?forstod=tack#forstod");
        case O::bad_comment:
            return app.redirect(base + "?forstod=lang#forstod");
        case O::no_answer:
            return app.redirect(base);
        case O::no_receipt:
            break;
    }
    return app.not_found();
}

// ---- The experts' re-review list ----

Response quality_page(const App::Impl& app, Call& c) {
    json::object m = expert_model(c, "Svar att granska om");
    constexpr std::size_t kShown = 200;
    const auto stale = qs::answers_to_re_review(app, c.now);
    m["count"] = stale.size();
    json::array rows;
    for (const auto& a : stale) {
        if (rows.size() >= kShown) break;
        json::object o;
        o["href"] = "/expert/fraga/" + std::to_string(a.id.value);
        o["public_href"] = "/fraga/" + std::to_string(a.id.value);
        o["title"] = a.title;
        o["written"] = format_swedish_date(stockholm_time(a.written));
        o["reads"] = a.reads;
        std::string cited;
        for (const auto& r : a.replaced) {
            if (!cited.empty()) cited += ", ";
            cited += r.text + " (SFS " + r.sfs + ")";
        }
        o["cited"] = std::move(cited);
        if (app.d.store.quality().pending_revision(a.id)) o["waiting"] = true;
        rows.push_back(std::move(o));
    }
    if (!rows.empty()) m["stale"] = std::move(rows);
    if (stale.size() > kShown) m["more"] = stale.size() - kShown;
    return expert_page(app, 200, "expert_quality", std::move(m));
}

// ---- The answer editor's plain-language check, live ----

// The check of the text being typed (the form's "svar"), as the HTML the editor's panel
// holds: web/static/app.js asks for it while the expert writes. Measures only; stores
// nothing.
Response case_plain_language(const App::Impl& app, Call& c) {
    const std::string text = normalize_text(c.checked_form().get("svar"));
    json::object m;
    if (is_valid_utf8(text) && text.size() <= 64 * 1024) m = qs::plain_language(app, text, c.now);
    Response r = app.text(200, m.empty() ? std::string() : app.d.renderer.fragment("_quality", m));
    r.set("content-type", "text/html; charset=utf-8");
    r.set("cache-control", "no-store");
    return r;
}

// ---- Understanding per month on the admins' statistics page ----

void add_understood_statistics(const App::Impl& app, UnixSeconds since, json::object& m) {
    json::array rows;
    for (const auto& month : app.d.store.quality().understood_per_month(since))
        rows.push_back(shown_month(month));
    if (!rows.empty()) m["understood"] = std::move(rows);
    json::array comments;
    for (const auto& k : app.d.store.quality().understood_comments(since)) {
        if (comments.size() >= 200) break;
        json::object o;
        o["month"] = month_label(k.month);
        o["answer"] = qs::understood_label(k.answer);
        o["comment_html"] = web::text_to_html(k.comment);
        comments.push_back(std::move(o));
    }
    if (!comments.empty()) m["understood_comments"] = std::move(comments);
}

// ---- The admins' page of searches that found nothing ----

Response admin_search_gaps(const App::Impl& app, Call& c) {
    json::object m = expert_model(c, "Sökningar utan träffar");
    std::int64_t days = 30;
    if (const auto p = parse_positive_id(c.t.query.get("dagar")); p && *p <= 366) days = *p;
    m["days"] = days;
    m["threshold"] = qs::kSuppressBelow;
    const std::string to = stockholm_day(c.now);
    const std::string from = stockholm_day(c.now - (days - 1) * 86400);
    json::array rows;
    for (const auto& g : app.d.store.quality().search_gaps(from, to, qs::kSuppressBelow)) {
        if (rows.size() >= 200) break;
        json::object o;
        o["term"] = g.term;
        o["count"] = g.count;
        o["days"] = g.days;
        o["search_href"] = "/sok?q=" + query_value(g.term);
        rows.push_back(std::move(o));
    }
    if (!rows.empty()) m["gaps"] = std::move(rows);
    return expert_page(app, 200, "expert_search_gaps", std::move(m));
}

}  // namespace radfraga::server
