// The search page (/sok) and the search calls of the API.
#include <charconv>
#include <variant>

#include "core/time.hpp"
#include "server/src/handlers.hpp"
#include "server/src/quality_service.hpp"
#include "server/src/url.hpp"

namespace radfraga::server {

namespace {

// "2024-03-01" as the start (or, with end_of_day, the end) of that day in Stockholm.
std::optional<UnixSeconds> parse_day(std::string_view s, bool end_of_day) {
    if (s.size() != 10) return std::nullopt;
    const auto t =
        parse_iso8601(std::string(s) + (end_of_day ? "T23:59:59+00:00" : "T00:00:00+00:00"));
    if (!t) return std::nullopt;
    return t->utc - stockholm_offset_minutes(t->utc) * 60;
}

std::optional<std::int64_t> parse_page(std::string_view s) {
    if (s.empty()) return 1;
    std::int64_t v = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || v < 1 || v > 1000) return std::nullopt;
    return v;
}

constexpr std::int64_t kPerPage = 10;

// A first page of a search over the whole archive that found nothing is a topic nobody has
// written about: counted (quality_service.hpp) and never cached, so each search counts.
bool gap(const search::Query& q, std::int64_t page, const search::Result& result) {
    return result.total == 0 && page == 1 && q.category.empty() && !q.from && !q.to;
}

// A search as the page (Swedish parameter names) or the API (English ones) asks it.
struct Asked {
    search::Query q;
    std::int64_t page = 1;
    std::string from, to;  // as typed, for the page's links
};

// The search `c` asks for, or the error to answer (400, in the front-end's own form).
std::variant<Asked, Response> parse_search(const App::Impl& app, const Call& c, bool api) {
    const auto fail = [&](std::string code, std::string message) -> Response {
        if (api) return app.api_error(400, std::move(code), std::move(message));
        return app.bad_request(std::move(message));
    };
    const auto param = [&](const char* sv, const char* en) { return c.t.query.get(api ? en : sv); };
    Asked a;
    auto& q = a.q;
    q.text = std::string(param("q", "q"));
    q.category = std::string(param("amne", "category"));
    a.from = std::string(param("fran", "from"));
    a.to = std::string(param("till", "to"));
    const auto sort = param("ordning", "sort");
    const auto page = parse_page(param("sida", "page"));
    if (!page) return fail("invalid_page", "Sidnumret är ogiltigt.");
    a.page = *page;
    if (!q.category.empty() && !app.d.store.archive().category_exists(q.category))
        return fail("unknown_category", "Ämnet finns inte.");
    if (!a.from.empty()) {
        q.from = parse_day(a.from, false);
        if (!q.from) return fail("invalid_date", "Skriv datum som ÅÅÅÅ-MM-DD.");
    }
    if (!a.to.empty()) {
        q.to = parse_day(a.to, true);
        if (!q.to) return fail("invalid_date", "Skriv datum som ÅÅÅÅ-MM-DD.");
    }
    if (q.from && q.to && *q.from > *q.to)
        return fail("invalid_range", "Startdatumet ligger efter slutdatumet.");
    if (sort == "nyast" || sort == "newest")
        q.sort = search::Sort::newest;
    else if (!sort.empty() && sort != "relevans" && sort != "relevance")
        return fail("invalid_sort", "Okänd sortering.");
    q.limit = kPerPage;
    q.offset = (a.page - 1) * kPerPage;
    return a;
}

// The hits with their summaries; hits unpublished since they were indexed are left out.
std::vector<std::pair<const search::Hit*, SummaryCache::Held>> with_summaries(
    const App::Impl& app, const search::Result& result) {
    std::vector<QuestionId> ids;
    for (const auto& h : result.hits) ids.push_back(h.id);
    const auto found = app.summaries(ids);
    std::vector<std::pair<const search::Hit*, SummaryCache::Held>> out;
    for (const auto& h : result.hits) {
        const auto it =
            std::find_if(found.begin(), found.end(), [&](const auto& s) { return s->id == h.id; });
        if (it != found.end()) out.emplace_back(&h, *it);
    }
    return out;
}

// The page's facets and links; `m["categories"]` is set.
void add_result_links(const Asked& a, const search::Result& result, json::object& m) {
    const auto& q = a.q;
    // Links keep every other parameter and change one.
    const auto link = [&](std::string_view cat, std::int64_t pg, bool newest) {
        std::string u = "/sok?q=" + query_value(q.text);
        if (!cat.empty()) u += "&amne=" + query_value(cat);
        if (!a.from.empty()) u += "&fran=" + query_value(a.from);
        if (!a.to.empty()) u += "&till=" + query_value(a.to);
        if (newest) u += "&ordning=nyast";
        if (pg > 1) u += "&sida=" + std::to_string(pg);
        return u;
    };
    const bool newest = q.sort == search::Sort::newest;
    json::array facets;
    for (const auto& f : result.facets) {
        json::object fo;
        fo["slug"] = f.category;
        fo["count"] = f.count;
        for (const auto& c : m["categories"].as_array())
            if (c.as_object().at("slug").as_string() == f.category)
                fo["name"] = c.as_object().at("name");
        fo["href"] = link(f.category, 1, newest);
        if (f.category == q.category) fo["current"] = true;
        facets.push_back(std::move(fo));
    }
    m["facets"] = std::move(facets);
    if (!q.category.empty()) m["clear_category_href"] = link("", 1, newest);
    m["relevance_href"] = link(q.category, 1, false);
    m["newest_href"] = link(q.category, 1, true);
    const std::int64_t pages = std::max<std::int64_t>(
        1, (std::min<std::int64_t>(result.total, 1000) + kPerPage - 1) / kPerPage);
    m["page"] = a.page;
    m["pages"] = pages;
    if (a.page > 1) m["prev_href"] = link(q.category, a.page - 1, newest);
    if (a.page < pages) m["next_href"] = link(q.category, a.page + 1, newest);
}

}  // namespace

Response search_json(const App::Impl& app, Call& c) {
    auto parsed = parse_search(app, c, true);
    if (auto* r = std::get_if<Response>(&parsed)) return std::move(*r);
    const auto& a = std::get<Asked>(parsed);
    search::Result result;
    try {
        result = app.d.search.search(a.q);
    } catch (const search::QueryError& e) {
        return app.api_error(400, "invalid_query", e.message_sv());
    }
    json::array hits;
    for (const auto& [h, s] : with_summaries(app, result)) {
        json::object o;
        o["id"] = h->external_id ? json::value(*h->external_id) : json::value(h->id.value);
        o["url"] = app.d.config.public_url + "/fraga/" + std::to_string(h->id.value);
        o["title"] = s->title;
        o["snippet"] = h->snippet;
        o["category"] = s->category_slug;
        o["score"] = h->score;
        o["answered_at"] =
            s->answered_at ? json::value(format_iso8601(*s->answered_at)) : json::value(nullptr);
        hits.push_back(std::move(o));
    }
    const bool found_nothing = gap(a.q, a.page, result);
    if (found_nothing) quality_service::count_search_gap(app, a.q.text);
    json::object o;
    o["total"] = result.total;
    o["total_is_estimate"] = result.total_is_estimate;
    o["suggestion"] = result.suggestion ? json::value(*result.suggestion) : json::value(nullptr);
    o["page"] = a.page;
    o["hits"] = std::move(hits);
    json::array facets;
    for (const auto& f : result.facets) {
        json::object fo;
        fo["category"] = f.category;
        fo["count"] = f.count;
        facets.push_back(std::move(fo));
    }
    o["facets"] = std::move(facets);
    Response r = app.json_response(200, o);
    if (found_nothing) r.set("cache-control", "no-store");
    return r;
}

Response search_html(const App::Impl& app, Call& c) {
    auto parsed = parse_search(app, c, false);
    if (auto* r = std::get_if<Response>(&parsed)) return std::move(*r);
    const auto& a = std::get<Asked>(parsed);
    const auto& q = a.q;
    json::object m;
    m["title"] = q.text.empty() ? std::string("Sök bland svaren") : "Sök: " + q.text;
    m["q"] = q.text;
    m["noindex"] = true;
    m["from"] = a.from;
    m["to"] = a.to;
    m["sort_newest"] = q.sort == search::Sort::newest;
    m["filters_open"] = !a.from.empty() || !a.to.empty() || q.sort == search::Sort::newest;
    json::array cats;
    for (const auto& k : app.d.store.public_reads().categories()) {
        json::object o;
        o["slug"] = k.slug;
        o["name"] = k.name;
        if (k.slug == q.category) o["selected"] = true;
        cats.push_back(std::move(o));
    }
    m["categories"] = std::move(cats);
    if (q.text.empty()) return app.html(200, "search", std::move(m));
    search::Result result;
    try {
        result = app.d.search.search(q);
    } catch (const search::QueryError& e) {
        m["query_error"] = e.message_sv();
        return app.html(400, "search", std::move(m));
    }
    json::array hits;
    for (const auto& [h, s] : with_summaries(app, result)) {
        json::object o = app.summary_page_json(*s);
        o["snippet_html"] = h->snippet;
        o["score"] = h->score;
        hits.push_back(std::move(o));
    }
    m["total"] = result.total;
    m["total_text"] =
        std::string(result.total_is_estimate ? "cirka " : "") +
        (result.total == 1 ? std::string("1 träff") : std::to_string(result.total) + " träffar");
    m["hits"] = std::move(hits);
    if (result.suggestion) {
        m["suggestion"] = *result.suggestion;
        m["suggestion_href"] = "/sok?q=" + query_value(*result.suggestion);
    }
    add_result_links(a, result, m);
    Response r = app.html(200, "search", std::move(m));
    if (gap(q, a.page, result)) {
        quality_service::count_search_gap(app, q.text);
        r.set("cache-control", "no-store");
    }
    return r;
}

}  // namespace radfraga::server
