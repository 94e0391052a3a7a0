#include "server/app.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/parse_query.hpp>

#include <algorithm>
#include <cassert>
#include <charconv>
#include <exception>
#include <filesystem>

#include "core/utf8.hpp"
#include "server/password.hpp"
#include "server/src/app_impl.hpp"
#include "server/src/crisis.hpp"
#include "server/src/policies.hpp"
#include "server/src/receipt_code.hpp"
#include "server/src/router.hpp"

namespace radfraga::server {

namespace {

// Security headers on every response (docs/architecture.md). With `hsts` (public-url is
// https), browsers are told to use only https for a year.
void add_security_headers(Response& r, bool hsts) {
    if (hsts) r.set("strict-transport-security", "max-age=31536000");
    r.set("content-security-policy",
          "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
          "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; connect-src 'self'");
    r.set("x-content-type-options", "nosniff");
    r.set("x-frame-options", "DENY");
    r.set("referrer-policy", "no-referrer");
    r.set("cross-origin-opener-policy", "same-origin");
    r.set("cross-origin-resource-policy", "same-origin");
    r.set("permissions-policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()");
    if (r.header("cache-control").empty()) r.set("cache-control", "no-cache");
}

}  // namespace

std::optional<std::int64_t> parse_positive_id(std::string_view s) {
    if (s.empty() || s.size() > 18) return std::nullopt;
    std::int64_t v = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || v <= 0) return std::nullopt;
    return v;
}

std::size_t code_points(std::string_view s) {
    std::size_t n = 0;
    for (const char c : s)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    return n;
}

std::optional<Form> parse_form(std::string_view encoded, bool require_utf8) {
    if (encoded.size() > 1 << 20) return std::nullopt;
    std::string s(encoded);
    for (auto& c : s)
        if (c == '+') c = ' ';
    // '+' became a space above; a literal '+' arrives as %2B and decodes after this.
    std::string fixed;
    fixed.reserve(s.size());
    for (const char c : s) {
        if (c == ' ')
            fixed += "%20";
        else
            fixed += c;
    }
    const auto q = boost::urls::parse_query(fixed);
    if (!q) return std::nullopt;
    Form f;
    for (const auto& p : *q) {
        std::string key;
        std::string value;
        key.resize(p.key.decoded_size());
        p.key.decode({}, boost::urls::string_token::assign_to(key));
        if (p.has_value)
            value.resize(p.value.decoded_size()),
                p.value.decode({}, boost::urls::string_token::assign_to(value));
        if (!is_valid_utf8(key) || (require_utf8 && !is_valid_utf8(value))) return std::nullopt;
        f.values.try_emplace(std::move(key), std::move(value));
    }
    return f;
}

App::Impl::Impl(AppDeps deps)
    : d(std::move(deps)),
      page_cache(std::size_t{d.config.page_cache_mb} << 20),
      summary_cache(std::size_t{d.config.summary_cache_mb} << 20),
      form_key(d.form_key),
      laws(quality::LawTable::for_data_folder(d.config.data_dir)) {
    if (form_key.empty()) {
        form_key.resize(32);
        d.random.fill(form_key);
    }
    limiter.enabled = d.config.rate_limits;
    login_throttle.enabled = d.config.rate_limits;
    for (const char* a : {"style.css", "app.js"})
        if (const auto* asset = d.assets.find(a)) asset_version += asset->etag.substr(1, 8);
    dummy_password_hash = hash_password(random_token(d.random, 24), d.random);
    page_render_key = compute_page_render_key();
}

std::string App::Impl::compute_page_render_key() const {
    // A probe question with every part a question page can show, rendered the way
    // stored pages are: any change to the templates, the rendering of text and Markdown,
    // the asset versions or the public URL changes its bytes.
    store::PublishedQuestion q;
    q.id = QuestionId{1};
    q.title = "Provfråga om [namn] och försörjningsstöd";
    q.body = "Jag heter [namn].\n\nHur *gör* jag <för> att \"söka\" & överklaga?";
    q.pseudonym = "Prov";
    q.category_slug = "prov";
    q.category_name = "Prov";
    q.asked_at = Timestamp{86400 * 365, 60};
    q.answer =
        "# Rubrik\n\nHej! Du **kan** läsa [mer](https://example.org) och:\n\n"
        "- ett\n- två\n\n1. tre\n\n> citat\n\n`kod` enligt 4 kap. 1 § "
        "socialtjänstlagen (2001:453).";
    q.signature_name = "Prov";
    q.answered_at = Timestamp{86400 * 366, 60};
    q.answer_signature = {1};
    q.feedback = {1, 2, 3};
    q.follow_ups.push_back({FollowUpId{1}, "Följdfråga [ort]", "Följdsvar *ja*",
                            Timestamp{86400 * 367, 60}, Timestamp{86400 * 368, 60}});
    auto related = std::make_shared<store::QuestionSummary>();
    related->id = QuestionId{2};
    related->title = "Relaterad [namn]";
    related->excerpt = "Utdrag [ort] text";
    related->category_slug = "prov";
    related->category_name = "Prov";
    related->asked_at = Timestamp{86400 * 365, 60};
    related->answered_at = Timestamp{86400 * 366, 60};
    const std::vector<SummaryCache::Held> rel{related};
    UnixSeconds valid_until = 0;
    auto m = question_model(q, rel, kStoredTokenMark, 86400 * 365 * 5, false, valid_until);
    m["law_notices"] = json::array{"Provnotis om lagen."};
    std::string key = "stored question page format 1\n" + html(200, "question", std::move(m)).body;
    for (const auto& law : laws.laws()) {
        key += '\n' + law.name + '\t' + law.sfs + '\t' + quality::format_date(law.in_force_from) +
               '\t' + (law.in_force_until ? quality::format_date(*law.in_force_until) : "") + '\t' +
               law.replaced_by;
        for (const auto& a : law.abbreviations) key += '\t' + a;
    }
    return hex_encode(sha256(key)).substr(0, 32);
}

const quality::Checker* App::Impl::checker() const {
    std::call_once(checker_once, [this] {
        try {
            checker_ = std::make_unique<quality::Checker>(laws);
        } catch (const std::runtime_error& e) {
            d.log_error(std::string("answer editor: no plain-language check: ") + e.what());
        }
    });
    return checker_.get();
}

Response App::Impl::html(int status, const std::string& tmpl, json::object model) const {
    // Asset URLs carry their content hash, so browsers may cache them for a year.
    model["asset_v"] = asset_version;
    // The window title and bookmarks cannot hold markup: a removed detail reads as words.
    if (const auto* t = model.if_contains("title"); t && t->is_string())
        model["title"] = web::placeholders_as_words(t->as_string());
    Response r;
    r.status = status;
    r.set("content-type", "text/html; charset=utf-8");
    r.body = d.renderer.page(tmpl, model);
    return r;
}

Response App::Impl::text(int status, std::string body) const {
    Response r;
    r.status = status;
    r.set("content-type", "text/plain; charset=utf-8");
    r.body = std::move(body);
    return r;
}

Response App::Impl::json_response(int status, const json::value& v) const {
    Response r;
    r.status = status;
    r.set("content-type", "application/json; charset=utf-8");
    // A download, never a page (ASVS 14.4.2): a browser sent to a JSON URL saves it.
    // fetch() ignores the field.
    r.set("content-disposition", "attachment; filename=\"api.json\"");
    r.body = json::serialize(v);
    r.body += '\n';
    return r;
}

Response App::Impl::redirect(std::string location) const {
    Response r;
    r.status = 303;
    r.set("location", std::move(location));
    r.set("content-type", "text/plain; charset=utf-8");
    r.body = "Se " + r.headers.back().second + "\n";
    return r;
}

Response App::Impl::not_found() const {
    json::object m;
    m["title"] = "Sidan finns inte";
    m["heading"] = "Sidan finns inte";
    m["message"] =
        "Vi hittar inte sidan du letar efter. Den kan ha tagits bort, eller så är länken "
        "felskriven.";
    m["noindex"] = true;
    return html(404, "error", std::move(m));
}

Response App::Impl::bad_request(std::string message) const {
    json::object m;
    m["title"] = "Något blev fel";
    m["heading"] = "Något blev fel";
    m["message"] = std::move(message);
    m["noindex"] = true;
    return html(400, "error", std::move(m));
}

Response App::Impl::too_many() const {
    json::object m;
    m["title"] = "Vänta en stund";
    m["heading"] = "Vänta en stund";
    m["message"] =
        "Det har kommit många förfrågningar från din uppkoppling på kort tid. Vänta en stund och "
        "försök igen.";
    m["noindex"] = true;
    Response r = html(429, "error", std::move(m));
    r.set("retry-after", "60");
    return r;
}

Response App::Impl::api_error(int status, std::string code, std::string message) const {
    json::object e;
    e["code"] = std::move(code);
    e["message"] = std::move(message);
    json::object o;
    o["error"] = std::move(e);
    Response r = json_response(status, o);
    r.set("cache-control", "no-store");
    return r;
}

Response App::Impl::method_not_allowed(std::string allow) const {
    Response r = text(405, "Metoden stöds inte här.\n");
    r.set("allow", std::move(allow));
    return r;
}

json::object App::Impl::summary_json(const store::QuestionSummary& s) const {
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

json::object App::Impl::summary_page_json(const store::QuestionSummary& s) const {
    json::object o = summary_json(s);
    o["title_html"] = web::inline_text_to_html(s.title);
    o["excerpt_html"] = web::inline_text_to_html(s.excerpt);
    return o;
}

json::array App::Impl::categories_json() const {
    json::array a;
    for (const auto& c : d.store.public_reads().categories()) {
        json::object o;
        o["slug"] = c.slug;
        o["name"] = c.name;
        o["description"] = c.description;
        o["published_count"] = c.published_count;
        a.push_back(std::move(o));
    }
    return a;
}

void App::Impl::form_mac(const std::string& day, unsigned char (&mac)[32]) const {
    // The day's key, then the token: a key of its own each day, so what one day's key
    // would give away says nothing of another day's tokens.
    Bytes day_key = hmac_sha256(form_key, "radfraga form key " + day);
    Bytes token = hmac_sha256(day_key, day);
    std::copy(token.begin(), token.end(), mac);
    wipe(day_key);
    wipe(token);
}

std::string App::Impl::form_token() const {
    const std::int64_t today = d.clock.now() / 86400;
    std::lock_guard lock(token_mu);
    if (token_day == today) return day_token;
    const std::string day = std::to_string(today);
    unsigned char mac[32];
    form_mac(day, mac);
    day_token = day + "." + base64url_encode(std::span<const unsigned char>(mac, 16));
    token_day = today;
    return day_token;
}

bool App::Impl::same_origin(const Request& req) const {
    const auto site = req.header("sec-fetch-site");
    if (!site.empty() && site != "same-origin" && site != "none") return false;
    const auto origin = req.header("origin");
    if (!origin.empty() && origin != "null") {
        const auto host = req.header("host");
        const auto scheme_end = origin.find("://");
        if (scheme_end == std::string_view::npos || origin.substr(scheme_end + 3) != host)
            return false;
    }
    return true;
}

bool App::Impl::form_allowed(const Request& req, const Form& form) const {
    // Browsers say where a request comes from; a cross-site form post is refused.
    if (!same_origin(req)) return false;
    // And the form must carry a token this process issued today or yesterday.
    const auto token = form.get("skydd");
    const auto dot = token.find('.');
    if (dot == std::string_view::npos) return false;
    const std::string day(token.substr(0, dot));
    const std::int64_t today = d.clock.now() / 86400;
    if (day != std::to_string(today) && day != std::to_string(today - 1)) return false;
    unsigned char mac[32];
    form_mac(day, mac);
    const auto given = base64url_decode(token.substr(dot + 1));
    return given && constant_time_equal(*given, std::span<const unsigned char>(mac, 16));
}

std::shared_ptr<const Response> PageCache::get(const std::string& target, const Key& k) const {
    std::lock_guard lock(mu_);
    const Entry* e = lru_.peek(target);
    if (e == nullptr || !(e->key == k)) return nullptr;
    return lru_.get(target)->response;
}

void PageCache::put(const std::string& target, const Key& k, const std::shared_ptr<Response>& r) {
    r->seal();  // sent many times: fields joined once
    std::size_t size = target.size() + r->body.size() + 64;
    for (const auto& [name, value] : r->headers) size += name.size() + value.size() + 32;
    if (size > max_bytes_ / 8) return;  // one page never crowds out the rest
    std::lock_guard lock(mu_);
    lru_.put(target, Entry{k, r}, size);
}

bool SummaryCache::adopt(Version v) const {
    if (v == version_) return true;
    if (v.generation < version_.generation || v.index_seq < version_.index_seq) return false;
    entries_.clear();
    bytes_ = 0;
    version_ = v;
    return true;
}

std::vector<SummaryCache::Held> SummaryCache::get(std::span<const QuestionId> ids,
                                                  Version v) const {
    std::vector<Held> out(ids.size());
    if (max_bytes_ == 0) return out;
    std::lock_guard lock(mu_);
    if (!adopt(v)) return out;
    for (std::size_t i = 0; i < ids.size(); ++i)
        if (const auto it = entries_.find(ids[i].value); it != entries_.end()) out[i] = it->second;
    return out;
}

void SummaryCache::put(std::span<const Held> summaries, Version v) const {
    if (max_bytes_ == 0) return;
    std::lock_guard lock(mu_);
    if (!adopt(v)) return;
    for (const auto& held : summaries) {
        const auto& s = *held;
        // The strings' heap blocks, the shared block, the node and the table's share of it.
        const std::size_t size = sizeof(s) + 96 + s.title.size() + s.excerpt.size() +
                                 s.category_slug.size() + s.category_name.size() +
                                 (s.external_id ? s.external_id->size() : 0);
        if (bytes_ + size > max_bytes_) return;
        if (entries_.try_emplace(s.id.value, held).second) bytes_ += size;
    }
}

std::size_t SummaryCache::bytes() const {
    std::lock_guard lock(mu_);
    return bytes_;
}

std::vector<SummaryCache::Held> App::Impl::summaries(std::span<const QuestionId> ids) const {
    // The version is read before the store: what the store then returns is at least as
    // new as it (a write bumps the generation before and again after its commit).
    const SummaryCache::Version v{d.store.generation(), d.search.last_seq()};
    auto held = summary_cache.get(ids, v);
    std::vector<QuestionId> missing;
    for (std::size_t i = 0; i < ids.size(); ++i)
        if (!held[i]) missing.push_back(ids[i]);
    if (!missing.empty()) {
        // Each summary read is made shared once, for this page and the cache alike.
        std::vector<SummaryCache::Held> read;
        for (auto& s : d.store.public_reads().published_summaries(missing))
            read.push_back(std::make_shared<const store::QuestionSummary>(std::move(s)));
        summary_cache.put(read, v);
        for (std::size_t i = 0; i < ids.size(); ++i) {
            if (held[i]) continue;
            const auto it = std::find_if(read.begin(), read.end(),
                                         [&](const auto& s) { return s->id == ids[i]; });
            if (it != read.end()) held[i] = *it;
        }
    }
    std::erase(held, nullptr);
    return held;
}

std::optional<std::vector<QuestionId>> RelatedCache::get(QuestionId id) const {
    std::lock_guard lock(mu_);
    const auto it = entries_.find(id.value);
    if (it == entries_.end()) return std::nullopt;
    return it->second;
}

void RelatedCache::put(QuestionId id, std::vector<QuestionId> ids) {
    std::lock_guard lock(mu_);
    entries_.insert_or_assign(id.value, std::move(ids));
}

void RelatedCache::remove_everywhere(QuestionId id) {
    std::lock_guard lock(mu_);
    entries_.erase(id.value);
    for (auto& [_, ids] : entries_) std::erase(ids, id);
}

std::size_t RelatedCache::size() const {
    std::lock_guard lock(mu_);
    return entries_.size();
}

MetricsState App::Impl::metrics_state() const {
    MetricsState m;
    const auto now = d.clock.now();
    for (const auto& q : d.store.cases().queue()) {
        ++m.queue_questions;
        m.queue_crisis += q.crisis ? 1 : 0;
        if (q.waiting_since > 0)
            m.queue_oldest_seconds =
                std::max<std::int64_t>(m.queue_oldest_seconds, now - q.waiting_since);
    }
    m.published_questions = d.store.public_reads().published_count("");
    m.index_lag = std::max<std::int64_t>(0, d.store.outbox().outbox_head() - d.search.last_seq());
    for (const char* suffix : {"", "-wal"}) {
        std::error_code ec;
        const auto size =
            std::filesystem::file_size(d.config.database_file().string() + suffix, ec);
        if (!ec) m.database_bytes += static_cast<std::int64_t>(size);
    }
    m.page_cache_bytes = static_cast<std::int64_t>(page_cache.bytes());
    m.summary_cache_bytes = static_cast<std::int64_t>(summary_cache.bytes());
    m.related_lists = static_cast<std::int64_t>(related_cache.size());
    m.stored_pages = d.store.pages().stored_count();
    return m;
}

std::vector<QuestionId> App::Impl::compute_related(QuestionId id) const {
    std::vector<QuestionId> ids;
    for (const auto& h : d.search.related(id, kRelatedPerPage)) ids.push_back(h.id);
    return ids;
}

std::vector<QuestionId> App::Impl::related_ids(QuestionId id) const {
    if (auto ids = related_cache.get(id)) return std::move(*ids);
    auto ids = compute_related(id);
    related_cache.put(id, ids);
    return ids;
}

std::size_t App::load_related() const {
    auto& m = *impl_;
    std::lock_guard lock(m.related_mu);
    std::size_t n = 0;
    m.d.store.related().for_each_related_list([&](const store::RelatedList& l) {
        m.related_cache.put(l.question, l.related);
        ++n;
    });
    m.related_seq = m.d.store.related().related_seq();
    return n;
}

bool App::update_related(std::size_t max_questions) const {
    auto& m = *impl_;
    std::lock_guard lock(m.related_mu);
    auto& store = m.d.store;
    if (!m.related_seq) m.related_seq = store.related().related_seq();
    // 1. The changes the search index has taken in (publications, edits, withdrawals,
    // erasures): the changed questions' lists and the lists that show them are marked
    // stale. A withdrawal or erasure has already left every stored list in the store's
    // own transaction; here it leaves the lists in memory too.
    const std::int64_t indexed = m.d.search.last_seq();
    std::int64_t seq = *m.related_seq;
    while (seq < indexed) {
        const auto entries = store.outbox().outbox_after(seq, 1000);
        std::vector<QuestionId> changed;
        for (const auto& e : entries) {
            if (e.seq > indexed) break;
            seq = e.seq;
            changed.push_back(e.question);
            if (e.erase) m.related_cache.remove_everywhere(e.question);
        }
        if (changed.empty()) break;
        store.related().mark_related_stale(changed);
        // A question published or edited after the start-up walk is computed at the
        // next step (before it, the walk finds it: after an import that is every one).
        if (m.related_walked)
            for (const auto& e : entries)
                if (!e.erase && e.seq <= seq) m.related_pending.push_back(e.question);
    }
    if (seq != *m.related_seq) {
        store.related().set_related_seq(seq);
        m.related_seq = seq;
    }

    // 2. What to compute: changed questions first, then stale lists, then the walk over
    // the archive for missing lists and lists of another ranking version (after start).
    const std::int64_t version = m.d.search.ranking_version();
    std::vector<QuestionId> todo;
    std::vector<QuestionId> fresh;  // published or edited since the walk: neighbours too
    while (!m.related_pending.empty() && todo.size() < max_questions) {
        const auto id = m.related_pending.back();
        m.related_pending.pop_back();
        if (std::find(todo.begin(), todo.end(), id) != todo.end()) continue;
        todo.push_back(id);
        fresh.push_back(id);
    }
    while (!m.related_neighbours.empty() && todo.size() < max_questions) {
        const auto id = m.related_neighbours.back();
        m.related_neighbours.pop_back();
        if (std::find(todo.begin(), todo.end(), id) == todo.end()) todo.push_back(id);
    }
    if (todo.size() < max_questions)
        for (const auto id : store.related().stale_related_lists(max_questions - todo.size()))
            if (std::find(todo.begin(), todo.end(), id) == todo.end()) todo.push_back(id);
    if (!m.related_walked && todo.size() < max_questions) {
        const auto ids = store.related().related_to_compute(version, m.related_cursor,
                                                            max_questions - todo.size());
        if (ids.size() < max_questions - todo.size()) m.related_walked = true;
        for (const auto id : ids) {
            m.related_cursor = id;
            if (std::find(todo.begin(), todo.end(), id) == todo.end()) todo.push_back(id);
        }
    }
    if (todo.empty()) return m.related_walked;

    std::vector<store::RelatedList> lists;
    lists.reserve(todo.size());
    for (const auto id : todo) lists.push_back({id, m.compute_related(id), version, false});
    const auto stored = store.related().put_related_lists(lists, m.d.clock.now());
    for (const auto& l : stored) {
        m.related_cache.put(l.question, l.related);
        // A question new to the archive (or edited) may belong in its neighbours' lists:
        // those are computed again too (once: their own neighbours are not).
        if (std::find(fresh.begin(), fresh.end(), l.question) != fresh.end())
            m.related_neighbours.insert(m.related_neighbours.end(), l.related.begin(),
                                        l.related.end());
    }
    // Questions no longer published: their lists were not stored.
    for (const auto& l : lists)
        if (std::none_of(stored.begin(), stored.end(),
                         [&](const auto& s) { return s.question == l.question; }))
            m.related_cache.remove_everywhere(l.question);
    return false;
}

bool App::update_pages(std::size_t max_pages) const {
    auto& m = *impl_;
    std::lock_guard lock(m.pages_mu);
    auto& store = m.d.store;
    const UnixSeconds now = m.d.clock.now();
    // The epoch first: a change committed after this read makes put_pages store nothing.
    const std::int64_t epoch = store.pages().page_epoch();
    auto todo = store.pages().queued(now, max_pages);
    const QuestionId cursor_before = m.pages_cursor;
    const bool walked_before = m.pages_walked;
    if (!m.pages_walked && todo.size() < max_pages) {
        const auto ids = store.pages().pages_to_render(m.page_render_key, now, m.pages_cursor,
                                                       max_pages - todo.size());
        if (ids.size() < max_pages - todo.size()) m.pages_walked = true;
        for (const auto id : ids) {
            m.pages_cursor = id;
            if (std::find(todo.begin(), todo.end(), id) == todo.end()) todo.push_back(id);
        }
    }
    if (todo.empty()) return m.pages_walked;

    std::vector<store::RenderedPage> pages;
    std::vector<QuestionId> dropped;
    for (const auto id : todo) {
        const auto q = store.public_reads().published_question(id);
        if (!q) {
            dropped.push_back(id);
            continue;
        }
        const auto list = store.related().related_list(id);
        if (!list || list->stale) continue;  // rendered once its list is stored
        // Straight from the store, not the summary cache: what is stored must be what
        // the reads after the epoch saw.
        std::vector<SummaryCache::Held> related;
        for (auto& s : store.public_reads().published_summaries(list->related))
            related.push_back(std::make_shared<const store::QuestionSummary>(std::move(s)));
        store::RenderedPage p;
        p.question = id;
        p.render_key = m.page_render_key;
        p.related = list->related;
        auto model =
            m.question_model(*q, related, App::Impl::kStoredTokenMark, now, false, p.valid_until);
        p.body = m.html(200, "question", std::move(model)).body;
        pages.push_back(std::move(p));
    }
    if (!store.pages().put_pages(pages, dropped, epoch)) {
        // Something changed meanwhile: nothing was stored, and the walk takes these again.
        m.pages_cursor = cursor_before;
        m.pages_walked = walked_before;
    }
    return false;
}

std::size_t PageCache::bytes() const {
    std::lock_guard lock(mu_);
    return lru_.bytes();
}

std::optional<PageCache::Key> App::Impl::cache_key(const Request& req) const {
    if (req.method != "GET" && req.method != "HEAD") return std::nullopt;
    const std::string_view target = req.target;
    const std::string_view path = target.substr(0, target.find('?'));
    // "?tack=1" shows a thank-you note after a vote: never cached.
    if (target.find("tack") != std::string_view::npos) return std::nullopt;
    PageCache::Key k;
    if (path.starts_with("/fraga/")) {
        const auto id = parse_positive_id(path.substr(7));
        if (!id) return std::nullopt;
        k.feedback = d.store.feedback_version(QuestionId{*id});
    } else if (!(path == "/" || path.starts_with("/amne/") || path == "/sok")) {
        return std::nullopt;
    }
    k.generation = d.store.generation();
    k.index_seq = d.search.last_seq();
    k.day = d.clock.now() / 86400;
    return k;
}

std::vector<std::pair<std::string, std::string>> App::Impl::validate_question(AskInput& in) const {
    using policy::kMaxPseudonym, policy::kMaxQuestion, policy::kMaxTitle, policy::kMinQuestion,
        policy::kMinTitle;
    in.title = normalize_text(in.title);
    in.question = normalize_text(in.question);
    in.pseudonym = normalize_text(in.pseudonym);
    std::vector<std::pair<std::string, std::string>> errors;
    const auto one_line = [](const std::string& s) {
        return !has_control_chars(s) && s.find('\n') == std::string::npos;
    };
    if (code_points(in.title) < kMinTitle)
        errors.emplace_back("rubrik",
                            "Skriv en rubrik på minst " + std::to_string(kMinTitle) + " tecken.");
    else if (code_points(in.title) > kMaxTitle)
        errors.emplace_back("rubrik",
                            "Rubriken får vara högst " + std::to_string(kMaxTitle) + " tecken.");
    else if (!one_line(in.title))
        errors.emplace_back("rubrik",
                            "Rubriken kan inte innehålla radbrytningar eller specialtecken.");
    if (code_points(in.question) < kMinQuestion)
        errors.emplace_back(
            "fraga", "Beskriv din fråga med minst " + std::to_string(kMinQuestion) + " tecken.");
    else if (code_points(in.question) > kMaxQuestion)
        errors.emplace_back("fraga",
                            "Frågan får vara högst " + std::to_string(kMaxQuestion) + " tecken.");
    else if (has_control_chars(in.question))
        errors.emplace_back("fraga", "Frågan innehåller tecken som inte kan sparas.");
    if (code_points(in.pseudonym) > kMaxPseudonym)
        errors.emplace_back(
            "signatur", "Signaturen får vara högst " + std::to_string(kMaxPseudonym) + " tecken.");
    else if (!one_line(in.pseudonym))
        errors.emplace_back("signatur",
                            "Signaturen kan inte innehålla radbrytningar eller specialtecken.");
    if (!in.category.empty() && !d.store.archive().category_exists(in.category))
        errors.emplace_back("amne", "Välj ett ämne i listan.");
    if (in.pseudonym.empty()) in.pseudonym = "Anonym";
    return errors;
}

namespace {

// Hands out fixed bytes as if random: new_receipt_code over a MAC.
class FixedBytes final : public Random {
  public:
    explicit FixedBytes(Bytes b) : b_(std::move(b)) {}
    void fill(std::span<unsigned char> out) override {
        assert(out.size() <= b_.size());
        std::copy_n(b_.begin(), out.size(), out.begin());
    }

  private:
    Bytes b_;
};

}  // namespace

std::string App::Impl::ask_once_nonce() const {
    unsigned char bytes[16];
    d.random.fill(bytes);
    return base64url_encode(bytes);
}

std::optional<std::string> App::Impl::ask_once_receipt(std::string_view nonce) const {
    const auto raw = base64url_decode(nonce);
    if (!raw || raw->size() != 16) return std::nullopt;
    FixedBytes mac(hmac_sha256(form_key, "radfraga ask once " + std::string(nonce)));
    return new_receipt_code(mac);
}

App::Impl::Asked App::Impl::store_question(const AskInput& in,
                                           const std::optional<std::string>& token) const {
    json::object original;
    original["title"] = in.title;
    original["question"] = in.question;
    original["pseudonym"] = in.pseudonym;
    Asked out;
    out.token = token ? *token : new_receipt_code(d.random);
    // Title and question are read as one text, so the context of one (a professional's
    // question, a joke) weighs on the other; the line break keeps their clauses apart.
    const auto triaged = d.triage.triage(in.title + "\n" + in.question);
    out.crisis = triaged.crisis;
    out.crisis_categories = category_list(triaged);
    store::NewQuestion q;
    q.title = d.redact(in.title);
    q.body = d.redact(in.question);
    q.pseudonym = d.redact(in.pseudonym);
    q.category = in.category;
    const std::string original_json = json::serialize(original);
    q.seal_original = [&](QuestionId id) {
        return d.originals.seal(original_json,
                                secret_aad(SecretPurpose::question_original, id.value), d.random);
    };
    q.receipt_hash = sha256(out.token);
    q.crisis = out.crisis;
    q.crisis_categories = out.crisis_categories;
    q.erase_original_after =
        d.clock.now() + static_cast<std::int64_t>(d.config.retention_days) * 86400;
    d.store.askers().add_question(q);
    return out;
}

App::App(AppDeps deps) : impl_(std::make_unique<Impl>(std::move(deps))) {}
App::~App() = default;

std::shared_ptr<const Response> App::cached(const Request& req) const {
    try {
        if (req.target.size() > 4096) return nullptr;
        std::size_t hosts = 0;
        for (const auto& [name, value] : req.headers) hosts += name == "host";
        if (hosts > 1) return nullptr;  // refused by respond()
        const auto key = impl_->cache_key(req);
        if (!key) return nullptr;
        auto hit = impl_->page_cache.get(req.target, *key);
        if (impl_->d.metrics) impl_->d.metrics->page_cache_lookup(hit != nullptr);
        return hit;
    } catch (const std::exception&) {
        return nullptr;  // handle() will meet the same failure and answer it
    }
}

Response App::handle(const Request& req) const {
    return *respond(req);
}

std::shared_ptr<const Response> App::protocol_error(ProtocolError e,
                                                    std::string_view target) const {
    struct Kind {
        int status;
        const char* code;
        const char* message;
    };
    const Kind k = e == ProtocolError::transfer_encoding
                       ? Kind{400, "transfer_encoding", "Transfer-Encoding stöds inte."}
                   : e == ProtocolError::header_too_large
                       ? Kind{431, "header_too_large", "För stora rubrikfält."}
                   : e == ProtocolError::body_too_large
                       ? Kind{413, "body_too_large", "Förfrågan är för stor."}
                       : Kind{400, "bad_request", "Felaktig förfrågan."};
    Response r = target.starts_with("/api/") ? impl_->api_error(k.status, k.code, k.message)
                                             : impl_->text(k.status, std::string(k.message) + "\n");
    r.set("cache-control", "no-store");
    r.close = true;
    add_security_headers(r, impl_->d.config.public_url.starts_with("https://"));
    return std::make_shared<const Response>(std::move(r));
}

std::shared_ptr<const Response> App::respond(const Request& req) const {
    Response r;
    try {
        // Requests refused before routing; under /api/ with the API's JSON errors.
        const bool api = req.target.starts_with("/api/");
        const auto refuse = [&](int status, const char* code, const char* message) {
            return api ? impl_->api_error(status, code, message)
                       : impl_->text(status, std::string(message) + "\n");
        };
        std::size_t hosts = 0;
        for (const auto& [name, value] : req.headers) hosts += name == "host";
        const auto parsed = boost::urls::parse_origin_form(req.target);
        if (req.target.size() > 4096) {
            r = refuse(414, "uri_too_long", "Adressen är för lång.");
        } else if (!parsed) {
            r = refuse(400, "invalid_target", "Ogiltig adress.");
        } else if (const auto p = parsed->encoded_path(); p.find("%2F") != std::string_view::npos ||
                                                          p.find("%2f") != std::string_view::npos ||
                                                          p.find("%5C") != std::string_view::npos ||
                                                          p.find("%5c") != std::string_view::npos) {
            // An encoded slash or backslash would make one path segment look like two
            // after decoding (and slip past prefix checks such as the access log's).
            r = refuse(400, "invalid_target", "Ogiltig adress.");
        } else if (hosts > 1) {
            // RFC 9112, section 3.2: more than one Host field is a bad request.
            r = refuse(400, "bad_request", "Felaktig förfrågan.");
        } else {
            RequestTarget t;
            t.path = parsed->path();
            const auto query = parse_form(parsed->encoded_query());
            if (!query) {
                r = api ? impl_->api_error(400, "invalid_query",
                                           "Adressen innehåller tecken som inte kan läsas.")
                        : impl_->bad_request("Adressen innehåller tecken som inte kan läsas.");
            } else if (!is_valid_utf8(t.path) || t.path.find('\0') != std::string::npos) {
                r = api ? impl_->api_error(404, "not_found", "Det du söker finns inte.")
                        : impl_->not_found();
            } else {
                t.query = *query;
                std::optional<Response> out;
                // Public reading pages are the same for everyone: serve them from the
                // page cache while nothing they show has changed. The key is taken
                // before rendering, so a change during rendering makes the entry stale.
                const auto key = impl_->cache_key(req);
                if (key) {
                    if (auto hit = impl_->page_cache.get(req.target, *key)) return hit;
                }
                std::string account;
                out = dispatch(*impl_, route_table(), req, t, account);
                r = out ? std::move(*out) : impl_->not_found();
                r.account = std::move(account);
                // A page its handler marked no-store (a search that found nothing, which is
                // counted each time: quality_service.hpp) is not kept either.
                if (key && r.status == 200 && r.header("cache-control") != "no-store") {
                    add_security_headers(r, impl_->d.config.public_url.starts_with("https://"));
                    // Kept and sent as it is: a page of ~15 KB is not copied for the cache.
                    auto shared = std::make_shared<Response>(std::move(r));
                    impl_->page_cache.put(req.target, *key, shared);
                    return shared;
                }
            }
        }
    } catch (const store::Error& e) {
        // The database refused (disk full, I/O error, locked too long): nothing was
        // written, so the client may try again. The API answers in its own error format.
        impl_->d.log_error(std::string("store: ") + e.what());
        static constexpr const char* unavailable =
            "Tjänsten är tillfälligt otillgänglig. Försök igen om en stund.";
        if (req.target.starts_with("/api/")) {
            json::object err;
            err["code"] = "unavailable";
            err["message"] = unavailable;
            json::object o;
            o["error"] = std::move(err);
            r = impl_->json_response(503, o);
            r.set("cache-control", "no-store");
        } else {
            r = impl_->text(503, std::string(unavailable) + "\n");
        }
        r.set("retry-after", "30");
    } catch (const std::exception& e) {
        impl_->d.log_error(std::string("bug: ") + e.what());
        r = impl_->text(500, "Något gick fel hos oss. Försök igen om en stund.\n");
    }
    // Every API response is an attachment, also those without a JSON body (204, 500).
    if (req.target.starts_with("/api/") && r.header("content-disposition").empty())
        r.set("content-disposition", "attachment; filename=\"api.json\"");
    add_security_headers(r, impl_->d.config.public_url.starts_with("https://"));
    return std::make_shared<const Response>(std::move(r));
}

}  // namespace radfraga::server
