// The JSON API under /api/v1 (docs/api.md). Errors are JSON objects
// {"error": {"code": "...", "message": "<Swedish>"}} with a stable code.
#include <boost/json.hpp>

#include <charconv>
#include <cmath>

#include "core/crypto.hpp"
#include "core/utf8.hpp"
#include "server/src/app_impl.hpp"
#include "server/src/crisis.hpp"

namespace radfraga::server {

namespace {

// Counts object keys in raw JSON text: strings followed by ':' outside strings.
std::size_t keys_in_text(std::string_view s) {
    std::size_t n = 0;
    bool in_string = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (in_string) {
            if (c == '\\')
                ++i;
            else if (c == '"') {
                in_string = false;
                std::size_t j = i + 1;
                while (j < s.size() &&
                       (s[j] == ' ' || s[j] == '\t' || s[j] == '\n' || s[j] == '\r'))
                    ++j;
                if (j < s.size() && s[j] == ':') ++n;
            }
        } else if (c == '"') {
            in_string = true;
        }
    }
    return n;
}

// Keys in the parsed tree; false if a number is not finite.
bool walk(const boost::json::value& v, std::size_t& keys) {
    switch (v.kind()) {
        case boost::json::kind::object:
            keys += v.as_object().size();
            for (const auto& kv : v.as_object())
                if (!walk(kv.value(), keys)) return false;
            return true;
        case boost::json::kind::array:
            for (const auto& e : v.as_array())
                if (!walk(e, keys)) return false;
            return true;
        case boost::json::kind::double_:
            return std::isfinite(v.as_double());
        default:
            return true;
    }
}

struct ApiError {
    int status;
    std::string code;
    std::string message;
};

}  // namespace

std::optional<Response> App::Impl::api(const Request& req, const RequestTarget& t) const {
    const std::string& path = t.path;
    if (!path.starts_with("/api/v1/")) return std::nullopt;
    const std::string_view rest = std::string_view(path).substr(8);
    if (rest == "search") return std::nullopt;  // routes_search.cpp
    const UnixSeconds now = d.clock.now();

    const auto error = [&](int status, std::string code, std::string message) {
        return api_error(status, std::move(code), std::move(message));
    };
    const auto not_found_json = [&] { return error(404, "not_found", "Det du söker finns inte."); };

    // A JSON body: an object, no duplicate keys, finite numbers, bounded nesting.
    const auto body_object = [&]() -> std::variant<json::object, Response> {
        if (!is_json_media_type(req.header("content-type")))
            return error(415, "unsupported_media_type", "Skicka innehållet som application/json.");
        const auto site = req.header("sec-fetch-site");
        if (!site.empty() && site != "same-origin" && site != "none")
            return error(403, "cross_site", "Förfrågan kom från en annan webbplats.");
        json::parse_options opts;
        opts.max_depth = 8;
        json::error_code ec;
        json::value v = json::parse(req.body, ec, {}, opts);
        if (ec) return error(400, "invalid_json", "Innehållet är inte giltig JSON.");
        std::size_t keys = 0;
        if (!walk(v, keys)) return error(400, "invalid_number", "Innehållet har ett ogiltigt tal.");
        if (keys != keys_in_text(req.body))
            return error(400, "duplicate_key", "Samma fält förekommer flera gånger.");
        if (!v.is_object())
            return error(400, "invalid_json", "Innehållet ska vara ett JSON-objekt.");
        return std::move(v.as_object());
    };
    const auto str = [](const json::object& o, const char* k) -> std::optional<std::string> {
        const auto* v = o.if_contains(k);
        if (!v || v->is_null()) return std::string();
        if (!v->is_string()) return std::nullopt;
        return std::string(v->as_string());
    };

    const auto question_json = [&](const store::PublishedQuestion& q) {
        json::object o;
        o["id"] = q.id.value;
        if (q.external_id) o["external_id"] = *q.external_id;
        o["url"] = d.config.public_url + "/fraga/" + std::to_string(q.id.value);
        o["title"] = q.title;
        o["question"] = q.body;
        o["pseudonym"] = q.pseudonym;
        o["category"] = q.category_slug;
        o["asked_at"] = format_iso8601(q.asked_at);
        o["answer"] = q.answer;
        o["answer_html"] = web::markdown_to_html(q.answer);
        o["signature"] = q.signature_name;
        o["answered_at"] = format_iso8601(q.answered_at);
        o["answer_version"] = q.answer_version;
        o["answer_signature"] = q.answer_signature.empty()
                                    ? json::value(nullptr)
                                    : json::value(base64url_encode(q.answer_signature));
        json::object fb;
        fb["helpful_yes"] = q.feedback.helpful_yes;
        fb["helpful_no"] = q.feedback.helpful_no;
        fb["same_question"] = q.feedback.same_question;
        o["feedback"] = std::move(fb);
        return o;
    };

    const bool get = req.method == "GET" || req.method == "HEAD";

    if (rest == "categories") {
        if (!get) return error(405, "method_not_allowed", "Metoden stöds inte här.");
        json::object o;
        o["categories"] = categories_json();
        return json_response(200, o);
    }

    // The draft title goes in a POST body, never in the URL: a query string is kept by
    // every proxy's access log, and the ask form sends the title while it is typed.
    if (rest == "suggestions") {
        if (req.method != "POST") {
            Response r = error(405, "method_not_allowed", "Metoden stöds inte här.");
            r.set("allow", "POST");
            return r;
        }
        auto parsed = body_object();
        if (auto* r = std::get_if<Response>(&parsed)) return std::move(*r);
        const auto title = str(std::get<json::object>(parsed), "title");
        if (!title) return error(400, "invalid_field", "title ska vara text.");
        json::array a;
        if (title->size() <= 500) {
            std::vector<QuestionId> ids;
            for (const auto& h : d.search.similar(*title, 5)) ids.push_back(h.id);
            for (const auto& held : summaries(ids)) {
                json::object o;
                o["id"] = held->id.value;
                o["title"] = held->title;
                o["url"] = d.config.public_url + "/fraga/" + std::to_string(held->id.value);
                a.push_back(std::move(o));
            }
        }
        json::object o;
        o["questions"] = std::move(a);
        Response r = json_response(200, o);
        r.set("cache-control", "no-store");
        return r;
    }

    if (rest == "questions") {
        if (get) {
            const std::string category(t.query.get("category"));
            if (!category.empty() && !d.store.category_exists(category))
                return error(400, "unknown_category", "Ämnet finns inte.");
            std::int64_t page = 1, per_page = 20;
            if (const auto p = t.query.get("page"); !p.empty()) {
                const auto v = parse_positive_id(p);
                if (!v || *v > 100000) return error(400, "invalid_page", "Sidnumret är ogiltigt.");
                page = *v;
            }
            if (const auto p = t.query.get("per_page"); !p.empty()) {
                const auto v = parse_positive_id(p);
                if (!v || *v > 100) return error(400, "invalid_per_page", "Ange 1–100 per sida.");
                per_page = *v;
            }
            json::array a;
            for (const auto& s :
                 d.store.newest_published(category, per_page, (page - 1) * per_page)) {
                json::object o = summary_json(s);
                o["url"] = d.config.public_url + "/fraga/" + std::to_string(s.id.value);
                a.push_back(std::move(o));
            }
            json::object o;
            o["total"] = d.store.published_count(category);
            o["page"] = page;
            o["per_page"] = per_page;
            o["questions"] = std::move(a);
            return json_response(200, o);
        }
        if (req.method != "POST")
            return error(405, "method_not_allowed", "Metoden stöds inte här.");
        auto parsed = body_object();
        if (auto* r = std::get_if<Response>(&parsed)) return std::move(*r);
        const auto& o = std::get<json::object>(parsed);
        const auto title = str(o, "title"), question = str(o, "question"),
                   pseudonym = str(o, "pseudonym"), category = str(o, "category");
        if (!title || !question || !pseudonym || !category)
            return error(400, "invalid_field", "Alla fält ska vara text.");
        AskInput in{*title, *question, *pseudonym, *category};
        const auto problems = validate_question(in);
        if (!problems.empty()) {
            static const std::pair<std::string_view, std::string_view> codes[] = {
                {"rubrik", "invalid_title"},
                {"fraga", "invalid_question"},
                {"signatur", "invalid_pseudonym"},
                {"amne", "unknown_category"}};
            for (const auto& [field, code] : codes)
                if (problems.front().first == field)
                    return error(422, std::string(code), problems.front().second);
        }
        if (!limiter.allow(req.client_key, "ask", 5, 720, now))
            return error(429, "rate_limited", "För många frågor på kort tid. Försök igen senare.");
        const std::string token = store_question(in).token;
        json::object out;
        out["receipt_token"] = token;
        out["receipt_url"] = d.config.public_url + "/kvitto/" + token;
        out["status"] = "received";
        Response r = json_response(201, out);
        r.set("cache-control", "no-store");
        return r;
    }

    if (rest.starts_with("questions/")) {
        std::string_view tail = rest.substr(10);
        std::string_view action;
        if (const auto slash = tail.find('/'); slash != std::string_view::npos) {
            action = tail.substr(slash + 1);
            tail = tail.substr(0, slash);
        }
        const auto id = parse_positive_id(tail);
        if (!id) return not_found_json();
        if (action.empty()) {
            if (!get) return error(405, "method_not_allowed", "Metoden stöds inte här.");
            const auto q = d.store.published_question(QuestionId{*id});
            if (!q) return not_found_json();
            // The signed record, saved under a name of its own for `radfraga verify`.
            Response r = json_response(200, question_json(*q));
            r.set("content-disposition", "attachment; filename=\"radfraga-fraga-" +
                                             std::to_string(q->id.value) + ".json\"");
            return r;
        }
        if (action == "feedback") {
            if (req.method != "POST")
                return error(405, "method_not_allowed", "Metoden stöds inte här.");
            auto parsed = body_object();
            if (auto* r = std::get_if<Response>(&parsed)) return std::move(*r);
            const auto kind = str(std::get<json::object>(parsed), "kind");
            store::FeedbackKind k;
            if (kind == "helpful_yes")
                k = store::FeedbackKind::helpful_yes;
            else if (kind == "helpful_no")
                k = store::FeedbackKind::helpful_no;
            else if (kind == "same_question")
                k = store::FeedbackKind::same_question;
            else
                return error(422, "invalid_kind",
                             "kind ska vara helpful_yes, helpful_no eller same_question.");
            bool counted =
                vote_once.allow(req.client_key, "vote:" + std::to_string(*id) + ":" + *kind, 1,
                                86400, now) &&
                limiter.allow(req.client_key, "votes", 60, 60, now);
            if (counted && !d.store.add_feedback(QuestionId{*id}, k)) return not_found_json();
            if (!counted && !d.store.published_question(QuestionId{*id})) return not_found_json();
            json::object out;
            out["counted"] = counted;
            return json_response(200, out);
        }
        return not_found_json();
    }

    if (rest.starts_with("receipts/")) {
        std::string_view tail = rest.substr(9);
        std::string_view action;
        if (const auto slash = tail.find('/'); slash != std::string_view::npos) {
            action = tail.substr(slash + 1);
            tail = tail.substr(0, slash);
        }
        // The token may come in the body instead of the path: POST receipts/status,
        // receipts/withdraw and receipts/follow-ups with {"receipt_token": …}. A URL is
        // kept by proxies' logs and browser histories; a body is not. ("status" and the
        // others are too short to be tokens.)
        enum class Op { status, withdraw, follow_up, other } op = Op::other;
        std::string token(tail);
        std::optional<json::object> fields;  // the JSON body, once parsed
        if (action.empty() && (tail == "status" || tail == "withdraw" || tail == "follow-ups")) {
            if (req.method != "POST") return not_found_json();
            auto parsed = body_object();
            if (auto* r = std::get_if<Response>(&parsed)) return std::move(*r);
            fields = std::move(std::get<json::object>(parsed));
            const auto given = str(*fields, "receipt_token");
            if (!given) return error(400, "invalid_field", "receipt_token ska vara text.");
            token = *given;
            op = tail == "status" ? Op::status : tail == "withdraw" ? Op::withdraw : Op::follow_up;
        } else if (action.empty() && get) {
            op = Op::status;
        } else if (action.empty() && req.method == "DELETE") {
            op = Op::withdraw;
        } else if (action == "follow-ups" && req.method == "POST") {
            op = Op::follow_up;
        }
        if (!limiter.allow(req.client_key, "receipt", 30, 2, now)) return not_found_json();
        if (token.size() < 22 || token.size() > 64 || !base64url_decode(token))
            return not_found_json();
        const auto view = d.store.receipt(sha256(token));
        if (!view) return not_found_json();
        if (op == Op::status) {
            json::object o;
            o["state"] = view->state;
            o["title"] = view->title;
            o["question"] = view->body;
            o["pseudonym"] = view->pseudonym;
            o["category"] = view->category_slug;
            o["asked_at"] = format_iso8601(view->asked_at);
            o["answer"] = view->answer ? json::value(*view->answer) : json::value(nullptr);
            o["answered_at"] = view->answered_at ? json::value(format_iso8601(*view->answered_at))
                                                 : json::value(nullptr);
            o["decline_reason"] =
                view->decline_reason ? json::value(*view->decline_reason) : json::value(nullptr);
            o["published_url"] =
                view->state == "published"
                    ? json::value(d.config.public_url + "/fraga/" + std::to_string(view->id.value))
                    : json::value(nullptr);
            json::array fus;
            for (const auto& f : view->follow_ups) {
                json::object fo;
                fo["text"] = f.body;
                fo["state"] = f.state;
                fo["asked_at"] = format_iso8601(f.asked_at);
                fo["answer"] = f.answer ? json::value(*f.answer) : json::value(nullptr);
                fus.push_back(std::move(fo));
            }
            o["follow_ups"] = std::move(fus);
            Response r = json_response(200, o);
            r.set("cache-control", "no-store");
            return r;
        }
        if (op == Op::withdraw) {
            const auto site = req.header("sec-fetch-site");
            if (!site.empty() && site != "same-origin" && site != "none")
                return error(403, "cross_site", "Förfrågan kom från en annan webbplats.");
            d.store.erase_question(view->id, "asker", "withdrawn");
            Response r;
            r.status = 204;
            r.set("cache-control", "no-store");
            return r;
        }
        if (op == Op::follow_up) {
            if (!fields) {
                auto parsed = body_object();
                if (auto* r = std::get_if<Response>(&parsed)) return std::move(*r);
                fields = std::move(std::get<json::object>(parsed));
            }
            const auto text = str(*fields, "text");
            if (!text) return error(400, "invalid_field", "text ska vara text.");
            const std::string body = normalize_text(*text);
            std::size_t n = 0;
            for (const char c : body) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
            if (n < 5 || n > 4000 || has_control_chars(body))
                return error(422, "invalid_text", "Följdfrågan ska vara 5–4000 tecken.");
            if (!limiter.allow(req.client_key, "follow_up", 5, 720, now))
                return error(429, "rate_limited",
                             "För många följdfrågor på kort tid. Försök igen senare.");
            const auto triaged = d.triage.triage(body);
            if (!d.store.add_follow_up(
                    view->id, d.redact(body),
                    [&](FollowUpId f) {
                        return d.originals.seal(
                            body, secret_aad(SecretPurpose::follow_up_original, f.value), d.random);
                    },
                    3, triaged.crisis, category_list(triaged)))
                return error(409, "too_many_open", "Du har redan följdfrågor som väntar på svar.");
            json::object out;
            out["status"] = "received";
            Response r = json_response(201, out);
            r.set("cache-control", "no-store");
            return r;
        }
        return error(405, "method_not_allowed", "Metoden stöds inte här.");
    }

    return not_found_json();
}

}  // namespace radfraga::server
