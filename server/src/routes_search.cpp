// The search page (/sok) and the search calls of the API.
#include <charconv>

#include "core/time.hpp"
#include "server/src/app_impl.hpp"

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

std::string url_encode(std::string_view s) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '-' || c == '_' || c == '.' || c == '~') {
            out += static_cast<char>(c);
        } else if (c == ' ') {
            out += '+';
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

}  // namespace

std::optional<Response> App::Impl::search_page(const Request& req, const RequestTarget& t) const {
    const bool api_search = t.path == "/api/v1/search";
    if (t.path != "/sok" && !api_search) return std::nullopt;
    if (req.method != "GET" && req.method != "HEAD") return method_not_allowed("GET, HEAD");

    const auto fail = [&](int status, std::string code, std::string message) {
        if (api_search) {
            json::object e;
            e["code"] = std::move(code);
            e["message"] = std::move(message);
            json::object o;
            o["error"] = std::move(e);
            return json_response(status, o);
        }
        return bad_request(std::move(message));
    };

    // Parameter names: Swedish on the page, English in the API.
    const auto param = [&](const char* sv, const char* en) {
        return t.query.get(api_search ? en : sv);
    };
    search::Query q;
    q.text = std::string(param("q", "q"));
    q.category = std::string(param("amne", "category"));
    const auto from = param("fran", "from");
    const auto to = param("till", "to");
    const auto sort = param("ordning", "sort");
    const auto page = parse_page(param("sida", "page"));
    if (!page) return fail(400, "invalid_page", "Sidnumret är ogiltigt.");
    if (!q.category.empty() && !d.store.category_exists(q.category))
        return fail(400, "unknown_category", "Ämnet finns inte.");
    if (!from.empty()) {
        q.from = parse_day(from, false);
        if (!q.from) return fail(400, "invalid_date", "Skriv datum som ÅÅÅÅ-MM-DD.");
    }
    if (!to.empty()) {
        q.to = parse_day(to, true);
        if (!q.to) return fail(400, "invalid_date", "Skriv datum som ÅÅÅÅ-MM-DD.");
    }
    if (q.from && q.to && *q.from > *q.to)
        return fail(400, "invalid_range", "Startdatumet ligger efter slutdatumet.");
    if (sort == "nyast" || sort == "newest")
        q.sort = search::Sort::newest;
    else if (!sort.empty() && sort != "relevans" && sort != "relevance")
        return fail(400, "invalid_sort", "Okänd sortering.");
    constexpr std::int64_t per_page = 10;
    q.limit = per_page;
    q.offset = (*page - 1) * per_page;

    json::object m;
    m["title"] = q.text.empty() ? std::string("Sök bland svaren") : "Sök: " + q.text;
    m["q"] = q.text;
    m["noindex"] = true;
    m["from"] = std::string(from);
    m["to"] = std::string(to);
    m["sort_newest"] = q.sort == search::Sort::newest;
    m["filters_open"] = !from.empty() || !to.empty() || q.sort == search::Sort::newest;
    json::array cats;
    for (const auto& c : d.store.categories()) {
        json::object o;
        o["slug"] = c.slug;
        o["name"] = c.name;
        if (c.slug == q.category) o["selected"] = true;
        cats.push_back(std::move(o));
    }

    if (q.text.empty() && !api_search) {
        m["categories"] = std::move(cats);
        return html(200, "search", std::move(m));
    }
    search::Result result;
    try {
        result = d.search.search(q);
    } catch (const search::QueryError& e) {
        if (api_search) return fail(400, "invalid_query", e.message_sv());
        m["query_error"] = e.message_sv();
        m["categories"] = std::move(cats);
        return html(400, "search", std::move(m));
    }

    std::vector<QuestionId> ids;
    for (const auto& h : result.hits) ids.push_back(h.id);
    const auto found = summaries(ids);
    json::array hits;
    for (const auto& h : result.hits) {
        const auto it =
            std::find_if(found.begin(), found.end(), [&](const auto& s) { return s->id == h.id; });
        if (it == found.end()) continue;  // unpublished since it was indexed
        json::object o = summary_json(**it);
        o["snippet_html"] = h.snippet;
        o["score"] = h.score;
        if (api_search) {
            json::object a;
            a["id"] = h.external_id ? json::value(*h.external_id) : json::value(h.id.value);
            a["url"] = d.config.public_url + "/fraga/" + std::to_string(h.id.value);
            a["title"] = (*it)->title;
            a["snippet"] = h.snippet;
            a["category"] = (*it)->category_slug;
            a["score"] = h.score;
            a["answered_at"] = (*it)->answered_at ? json::value(format_iso8601(*(*it)->answered_at))
                                                  : json::value(nullptr);
            hits.push_back(std::move(a));
        } else {
            hits.push_back(std::move(o));
        }
    }

    if (api_search) {
        json::object o;
        o["total"] = result.total;
        o["total_is_estimate"] = result.total_is_estimate;
        o["suggestion"] =
            result.suggestion ? json::value(*result.suggestion) : json::value(nullptr);
        o["page"] = *page;
        o["hits"] = std::move(hits);
        json::array facets;
        for (const auto& f : result.facets) {
            json::object fo;
            fo["category"] = f.category;
            fo["count"] = f.count;
            facets.push_back(std::move(fo));
        }
        o["facets"] = std::move(facets);
        return json_response(200, o);
    }

    // Links keep every other parameter and change one.
    const auto link = [&](std::string_view cat, std::int64_t pg, bool newest) {
        std::string u = "/sok?q=" + url_encode(q.text);
        if (!cat.empty()) u += "&amne=" + url_encode(cat);
        if (!from.empty()) u += "&fran=" + url_encode(from);
        if (!to.empty()) u += "&till=" + url_encode(to);
        if (newest) u += "&ordning=nyast";
        if (pg > 1) u += "&sida=" + std::to_string(pg);
        return u;
    };
    const bool newest = q.sort == search::Sort::newest;
    m["total"] = result.total;
    m["total_text"] =
        std::string(result.total_is_estimate ? "cirka " : "") +
        (result.total == 1 ? std::string("1 träff") : std::to_string(result.total) + " träffar");
    m["hits"] = std::move(hits);
    m["categories"] = std::move(cats);
    if (result.suggestion) {
        m["suggestion"] = *result.suggestion;
        std::string u = "/sok?q=" + url_encode(*result.suggestion);
        m["suggestion_href"] = u;
    }
    json::array facets;
    std::string cat_name;
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
        1, (std::min<std::int64_t>(result.total, 1000) + per_page - 1) / per_page);
    m["page"] = *page;
    m["pages"] = pages;
    if (*page > 1) m["prev_href"] = link(q.category, *page - 1, newest);
    if (*page < pages) m["next_href"] = link(q.category, *page + 1, newest);
    return html(200, "search", std::move(m));
}

}  // namespace radfraga::server
