// The admins' pages on the dashboard: statistics (page and CSV), house templates and the
// redaction allow-list. Their lines in routes.cpp carry the admin guard.
#include <boost/json.hpp>

#include <algorithm>
#include <cstdio>

#include "core/utf8.hpp"
#include "server/src/data_folder.hpp"
#include "server/src/expert_text.hpp"
#include "server/src/handlers.hpp"

namespace radfraga::server {

namespace {

// The statistics as shown: small counts could point at a person, so 1–4 are "<5".
struct Shown {
    store::Statistics st;
    std::int64_t days = 30;
    std::string median = "–", p90 = "–", share = "–";
    static std::string count(std::int64_t n) {
        return n > 0 && n < 5 ? std::string("<5") : std::to_string(n);
    }
};

Shown statistics(const App::Impl& app, const Call& c) {
    Shown s;
    if (const auto p = parse_positive_id(c.t.query.get("dagar")); p && *p <= 3660) s.days = *p;
    s.st = app.d.store.quality().statistics(c.now - s.days * 86400);
    const auto hours = [](std::int64_t secs) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.1f", static_cast<double>(secs) / 3600.0);
        return std::string(buf);
    };
    if (s.st.seconds_to_first_answer.size() >= 5) {
        const auto& v = s.st.seconds_to_first_answer;
        s.median = hours(v[v.size() / 2]);
        s.p90 = hours(v[std::min(v.size() - 1, v.size() * 9 / 10)]);
    }
    if (s.st.received >= 5) s.share = std::to_string(100 * s.st.published / s.st.received) + " %";
    return s;
}

std::string csv_field(std::string v) {
    if (v.find_first_of(",\"\n") == std::string::npos) return v;
    std::string o = "\"";
    for (const char ch : v) o += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    return o + "\"";
}

// The templates page; a form sent back shows `error` above the template `slug`, with
// what was typed.
Response templates_page(const App::Impl& app, const Call& c, int status, const std::string& error,
                        std::string_view slug, const std::string& title, const std::string& body) {
    json::object m = expert_model(c, "Mallar");
    json::array a;
    bool shown = false;
    for (const auto& tp : app.d.store.cases().templates()) {
        json::object o;
        o["slug"] = tp.slug;
        o["title"] = tp.title;
        o["body"] = tp.body;
        if (!error.empty() && tp.slug == slug) {
            o["template_error"] = error;
            o["title"] = title;
            o["body"] = body;
            shown = true;
        }
        a.push_back(std::move(o));
    }
    m["templates"] = std::move(a);
    if (!error.empty() && !shown) m["page_error"] = error;
    m["max_template_title"] = kTemplateTitle.max_chars;
    m["max_template_text"] = kTemplateText.max_chars;
    if (c.t.query.get("ok") == "1") m["ok"] = true;
    return expert_page(app, status, "expert_templates", std::move(m));
}

Response allow_page(const App::Impl& app, const Call& c, int status, const std::string& terms,
                    const std::string& error) {
    json::object m = expert_model(c, "Tillåtna ord");
    m["terms"] = terms;
    if (!error.empty()) m["error"] = error;
    if (c.t.query.get("ok") == "1") {
        m["ok"] = true;
        m["count"] = app.d.redactor.allow_list()->terms().size();
    }
    return expert_page(app, status, "expert_allow", std::move(m));
}

}  // namespace

Response admin_statistics(const App::Impl& app, Call& c) {
    const Shown s = statistics(app, c);
    const auto& st = s.st;
    json::object m = expert_model(c, "Statistik");
    m["days"] = s.days;
    json::array per_day, per_cat;
    for (const auto& [day, n] : st.received_per_day) {
        json::object o;
        o["label"] = day;
        o["count"] = Shown::count(n);
        per_day.push_back(std::move(o));
    }
    for (const auto& [cat, n] : st.received_per_category) {
        json::object o;
        o["label"] = cat.empty() ? std::string("Inget ämne valt") : cat;
        o["count"] = Shown::count(n);
        per_cat.push_back(std::move(o));
    }
    m["per_day"] = std::move(per_day);
    m["per_category"] = std::move(per_cat);
    m["received"] = Shown::count(st.received);
    m["published"] = Shown::count(st.published);
    m["declined"] = Shown::count(st.declined);
    m["duplicate"] = Shown::count(st.duplicate);
    m["withdrawn"] = Shown::count(st.withdrawn);
    m["share"] = s.share;
    m["median"] = s.median;
    m["p90"] = s.p90;
    m["helpful_yes"] = st.helpful_yes;
    m["helpful_no"] = st.helpful_no;
    m["same_question"] = st.same_question;
    add_understood_statistics(app, c.now - s.days * 86400, m);
    return expert_page(app, 200, "expert_stats", std::move(m));
}

Response admin_statistics_csv(const App::Impl& app, Call& c) {
    const Shown s = statistics(app, c);
    const auto& st = s.st;
    const auto shown = &Shown::count;
    std::string csv = "avsnitt,namn,antal\n";
    for (const auto& [day, n] : st.received_per_day)
        csv += "per_dag," + day + "," + shown(n) + "\n";
    for (const auto& [cat, n] : st.received_per_category)
        csv += "per_amne," + csv_field(cat.empty() ? "(inget valt)" : cat) + "," + shown(n) + "\n";
    csv += "summa,mottagna," + shown(st.received) + "\n";
    csv += "summa,publicerade," + shown(st.published) + "\n";
    csv += "summa,inte_publicerade," + shown(st.declined) + "\n";
    csv += "summa,dubbletter," + shown(st.duplicate) + "\n";
    csv += "summa,borttagna_av_fragestallaren," + shown(st.withdrawn) + "\n";
    csv += "svarstid,median_timmar," + s.median + "\n";
    csv += "svarstid,p90_timmar," + s.p90 + "\n";
    csv += "roster,hjalpte_ja," + std::to_string(st.helpful_yes) + "\n";
    csv += "roster,hjalpte_nej," + std::to_string(st.helpful_no) + "\n";
    csv += "roster,samma_fraga," + std::to_string(st.same_question) + "\n";
    Response r = app.text(200, std::move(csv));
    r.set("content-type", "text/csv; charset=utf-8");
    r.set("content-disposition", "attachment; filename=\"radfraga-statistik.csv\"");
    r.set("cache-control", "no-store");
    return r;
}

Response admin_templates(const App::Impl& app, Call& c) {
    return templates_page(app, c, 200, "", "", "", "");
}

Response admin_templates_save(const App::Impl& app, Call& c) {
    const Form& form = c.checked_form();
    const std::string title = normalize_text(form.get("rubrik")),
                      body = normalize_text(form.get("text"));
    for (const auto& [field, value] :
         {std::pair{&kTemplateTitle, &title}, std::pair{&kTemplateText, &body}}) {
        if (const auto e = check_expert_text(*field, *value))
            return templates_page(app, c, 400, *e, form.get("mall"), shown_again(title),
                                  shown_again(body));
    }
    if (title.empty() || body.empty() ||
        !app.d.store.cases().set_template(form.get("mall"), title, body, c.expert().info.expert))
        return app.bad_request("Mallen kunde inte sparas.");
    return app.redirect("/expert/mallar?ok=1");
}

// The redaction allow-list: the data folder's file redaction-allow.txt.
Response admin_allow_list(const App::Impl& app, Call& c) {
    return allow_page(app, c, 200, read_optional_file(allow_list_file(app.d.config.data_dir)), "");
}

Response admin_allow_list_save(const App::Impl& app, Call& c) {
    constexpr std::size_t kMaxBytes = 20000;
    std::string terms = normalize_text(c.checked_form().get("ord"));
    if (terms.size() > kMaxBytes || !is_valid_utf8(terms) || has_control_chars(terms))
        return allow_page(
            app, c, 400, terms.size() > kMaxBytes ? std::string() : terms,
            "Listan kunde inte sparas: den är för lång eller innehåller otillåtna tecken.");
    if (!terms.empty()) terms += '\n';
    replace_file(allow_list_file(app.d.config.data_dir), terms);
    auto list = moderation::AllowList::parse(terms);
    const auto count = list.terms().size();
    app.d.redactor.set_allow_list(std::move(list));
    // The count only: the audit log never holds text an admin typed.
    app.d.store.audit().append_audit({"expert", c.expert().info.expert.value, std::nullopt,
                                      "allow_list_changed", "terms=" + std::to_string(count)});
    return app.redirect("/expert/tillatna-ord?ok=1");
}

}  // namespace radfraga::server
