// The JSON API under /api/v1 (docs/api.md). Errors are JSON objects
// {"error": {"code": "...", "message": "<Swedish>"}} with a stable code.
#include <boost/json.hpp>

#include <charconv>
#include <cmath>
#include <variant>

#include "core/crypto.hpp"
#include "core/utf8.hpp"
#include "server/src/asker_service.hpp"
#include "server/src/crisis.hpp"
#include "server/src/handlers.hpp"
#include "server/src/policies.hpp"
#include "server/src/quality_service.hpp"

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

Response error(const App::Impl& app, int status, std::string code, std::string message) {
    return app.api_error(status, std::move(code), std::move(message));
}

Response not_found_json(const App::Impl& app) {
    return error(app, 404, "not_found", "Det du söker finns inte.");
}

Response no_store(Response r) {
    r.set("cache-control", "no-store");
    return r;
}

// A JSON body: an object, no duplicate keys, finite numbers, bounded nesting; or the
// error to answer.
std::variant<json::object, Response> body_object(const App::Impl& app, const Request& req) {
    if (!is_json_media_type(req.header("content-type")))
        return error(app, 415, "unsupported_media_type", "Skicka innehållet som application/json.");
    const auto site = req.header("sec-fetch-site");
    if (!site.empty() && site != "same-origin" && site != "none")
        return error(app, 403, "cross_site", "Förfrågan kom från en annan webbplats.");
    json::parse_options opts;
    opts.max_depth = 8;
    json::error_code ec;
    json::value v = json::parse(req.body, ec, {}, opts);
    if (ec) return error(app, 400, "invalid_json", "Innehållet är inte giltig JSON.");
    std::size_t keys = 0;
    if (!walk(v, keys))
        return error(app, 400, "invalid_number", "Innehållet har ett ogiltigt tal.");
    if (keys != keys_in_text(req.body))
        return error(app, 400, "duplicate_key", "Samma fält förekommer flera gånger.");
    if (!v.is_object())
        return error(app, 400, "invalid_json", "Innehållet ska vara ett JSON-objekt.");
    return std::move(v.as_object());
}

// The text field `k`: empty if absent or null, nullopt if not a string.
std::optional<std::string> str(const json::object& o, const char* k) {
    const auto* v = o.if_contains(k);
    if (!v || v->is_null()) return std::string();
    if (!v->is_string()) return std::nullopt;
    return std::string(v->as_string());
}

json::object question_json(const App::Impl& app, const store::PublishedQuestion& q) {
    json::object o;
    o["id"] = q.id.value;
    if (q.external_id) o["external_id"] = *q.external_id;
    o["url"] = app.d.config.public_url + "/fraga/" + std::to_string(q.id.value);
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
    // Resolved against the day the answer was written; "replaced": the law changed since.
    o["law_references"] = quality_service::law_references_json(
        quality_service::law_references(app, q.answer, q.answered_at.utc, app.d.clock.now()));
    o["answer_signature"] = q.answer_signature.empty()
                                ? json::value(nullptr)
                                : json::value(base64url_encode(q.answer_signature));
    json::object fb;
    fb["helpful_yes"] = q.feedback.helpful_yes;
    fb["helpful_no"] = q.feedback.helpful_no;
    fb["same_question"] = q.feedback.same_question;
    o["feedback"] = std::move(fb);
    return o;
}

json::object receipt_json(const App::Impl& app, const store::ReceiptView& view) {
    json::object o;
    o["state"] = store::to_db(view.state);
    o["title"] = view.title;
    o["question"] = view.body;
    o["pseudonym"] = view.pseudonym;
    o["category"] = view.category_slug;
    o["asked_at"] = format_iso8601(view.asked_at);
    o["answer"] = view.answer ? json::value(*view.answer) : json::value(nullptr);
    o["answered_at"] =
        view.answered_at ? json::value(format_iso8601(*view.answered_at)) : json::value(nullptr);
    o["decline_reason"] =
        view.decline_reason ? json::value(*view.decline_reason) : json::value(nullptr);
    o["published_url"] =
        view.state == store::QuestionState::published
            ? json::value(app.d.config.public_url + "/fraga/" + std::to_string(view.id.value))
            : json::value(nullptr);
    json::array fus;
    for (const auto& f : view.follow_ups) {
        json::object fo;
        fo["text"] = f.body;
        fo["state"] = store::to_db(f.state);
        fo["asked_at"] = format_iso8601(f.asked_at);
        fo["answer"] = f.answer ? json::value(*f.answer) : json::value(nullptr);
        fus.push_back(std::move(fo));
    }
    o["follow_ups"] = std::move(fus);
    return o;
}

// ---- What the receipt calls do once they have the token ----

Response receipt_status(const App::Impl& app, Call& c, std::string_view token) {
    const auto view = asker::open_receipt(app, token, c.req.client_key, c.now);
    if (!view) return not_found_json(app);
    json::object o = receipt_json(app, *view);
    const auto vote = quality_service::understood_of(app, token);
    o["understood"] = vote ? json::value(store::to_string(vote->answer)) : json::value(nullptr);
    return no_store(app.json_response(200, o));
}

Response receipt_withdraw(const App::Impl& app, Call& c, std::string_view token) {
    const auto view = asker::open_receipt(app, token, c.req.client_key, c.now);
    if (!view) return not_found_json(app);
    const auto site = c.req.header("sec-fetch-site");
    if (!site.empty() && site != "same-origin" && site != "none")
        return error(app, 403, "cross_site", "Förfrågan kom från en annan webbplats.");
    asker::withdraw(app, *view);
    Response r;
    r.status = 204;
    return no_store(std::move(r));
}

Response receipt_follow_up(const App::Impl& app, Call& c, const store::ReceiptView& view,
                           const json::object& fields) {
    const auto text = str(fields, "text");
    if (!text) return error(app, 400, "invalid_field", "text ska vara text.");
    using R = asker::FollowUpResult;
    switch (asker::follow_up(app, view, *text, c.req.client_key, c.now)) {
        case R::too_short:
        case R::too_long:
            return error(app, 422, "invalid_text",
                         "Följdfrågan ska vara " + std::to_string(policy::kMinFollowUp) + "–" +
                             std::to_string(policy::kMaxFollowUp) + " tecken.");
        case R::rate_limited:
            return error(app, 429, "rate_limited",
                         "För många följdfrågor på kort tid. Försök igen senare.");
        case R::too_many_open:
            return error(app, 409, "too_many_open", "Du har redan följdfrågor som väntar på svar.");
        case R::sent:
            break;
    }
    json::object out;
    out["status"] = "received";
    return no_store(app.json_response(201, out));
}

// POST receipts/{token}/feedback and receipts/feedback: {"understood": "yes"|"partly"|"no",
// "comment": optional text}. One vote per receipt; a second one replaces the first.
Response receipt_feedback(const App::Impl& app, Call& c, std::string_view token,
                          const json::object& fields) {
    namespace qs = quality_service;
    const auto given = str(fields, "understood");
    const auto answer = given ? store::understood_from_string(*given) : std::nullopt;
    if (!answer)
        return error(app, 422, "invalid_understood", "understood ska vara yes, partly eller no.");
    const auto comment = str(fields, "comment");
    if (!comment) return error(app, 400, "invalid_field", "comment ska vara text.");
    using O = qs::UnderstoodOutcome;
    const auto outcome =
        qs::record_understood(app, token, *answer, *comment, c.req.client_key, c.now);
    switch (outcome) {
        case O::no_receipt:
            return not_found_json(app);
        case O::no_answer:
            return error(app, 409, "no_answer", "Frågan har inte fått något svar ännu.");
        case O::bad_comment:
            return error(
                app, 422, "invalid_comment",
                "Kommentaren får vara högst " + std::to_string(qs::kMaxComment) + " tecken.");
        case O::recorded:
        case O::changed:
            break;
    }
    json::object out;
    out["understood"] = store::to_string(*answer);
    out["changed"] = outcome == O::changed;
    return no_store(app.json_response(200, out));
}

// The receipt token of a POST receipts/status|withdraw|follow-ups body, with the body.
std::variant<std::pair<std::string, json::object>, Response> token_in_body(const App::Impl& app,
                                                                           const Call& c) {
    auto parsed = body_object(app, c.req);
    if (auto* r = std::get_if<Response>(&parsed)) return std::move(*r);
    auto fields = std::move(std::get<json::object>(parsed));
    const auto given = str(fields, "receipt_token");
    if (!given) return error(app, 400, "invalid_field", "receipt_token ska vara text.");
    return std::pair{*given, std::move(fields)};
}

}  // namespace

Response api_not_found(const App::Impl& app, Call&) {
    return not_found_json(app);
}

Response api_categories(const App::Impl& app, Call&) {
    json::object o;
    o["categories"] = app.categories_json();
    return app.json_response(200, o);
}

// The draft title goes in a POST body, never in the URL: a query string is kept by every
// proxy's access log, and the ask form sends the title while it is typed.
Response api_suggestions(const App::Impl& app, Call& c) {
    auto parsed = body_object(app, c.req);
    if (auto* r = std::get_if<Response>(&parsed)) return std::move(*r);
    const auto title = str(std::get<json::object>(parsed), "title");
    if (!title) return error(app, 400, "invalid_field", "title ska vara text.");
    json::array a;
    if (title->size() <= 500) {
        std::vector<QuestionId> ids;
        for (const auto& h : app.d.search.similar(*title, 5)) ids.push_back(h.id);
        for (const auto& held : app.summaries(ids)) {
            json::object o;
            o["id"] = held->id.value;
            o["title"] = held->title;
            o["url"] = app.d.config.public_url + "/fraga/" + std::to_string(held->id.value);
            a.push_back(std::move(o));
        }
    }
    json::object o;
    o["questions"] = std::move(a);
    return no_store(app.json_response(200, o));
}

Response api_list_questions(const App::Impl& app, Call& c) {
    const auto& d = app.d;
    const std::string category(c.t.query.get("category"));
    if (!category.empty() && !d.store.archive().category_exists(category))
        return error(app, 400, "unknown_category", "Ämnet finns inte.");
    std::int64_t page = 1, per_page = 20;
    if (const auto p = c.t.query.get("page"); !p.empty()) {
        const auto v = parse_positive_id(p);
        if (!v || *v > 100000) return error(app, 400, "invalid_page", "Sidnumret är ogiltigt.");
        page = *v;
    }
    if (const auto p = c.t.query.get("per_page"); !p.empty()) {
        const auto v = parse_positive_id(p);
        if (!v || *v > 100) return error(app, 400, "invalid_per_page", "Ange 1–100 per sida.");
        per_page = *v;
    }
    json::array a;
    for (const auto& s :
         d.store.public_reads().newest_published(category, per_page, (page - 1) * per_page)) {
        json::object o = app.summary_json(s);
        o["url"] = d.config.public_url + "/fraga/" + std::to_string(s.id.value);
        a.push_back(std::move(o));
    }
    json::object o;
    o["total"] = d.store.public_reads().published_count(category);
    o["page"] = page;
    o["per_page"] = per_page;
    o["questions"] = std::move(a);
    return app.json_response(200, o);
}

Response api_ask(const App::Impl& app, Call& c) {
    auto parsed = body_object(app, c.req);
    if (auto* r = std::get_if<Response>(&parsed)) return std::move(*r);
    const auto& o = std::get<json::object>(parsed);
    const auto title = str(o, "title"), question = str(o, "question"),
               pseudonym = str(o, "pseudonym"), category = str(o, "category");
    if (!title || !question || !pseudonym || !category)
        return error(app, 400, "invalid_field", "Alla fält ska vara text.");
    const auto result = asker::ask(app, AskInput{*title, *question, *pseudonym, *category},
                                   c.req.client_key, c.now);
    using Outcome = asker::AskResult::Outcome;
    if (result.outcome == Outcome::invalid) {
        // The first problem, by the form field it concerns.
        static const std::pair<std::string_view, std::string_view> codes[] = {
            {"rubrik", "invalid_title"},
            {"fraga", "invalid_question"},
            {"signatur", "invalid_pseudonym"},
            {"amne", "unknown_category"}};
        const auto& [field, message] = result.problems.front();
        for (const auto& [f, code] : codes)
            if (field == f) return error(app, 422, std::string(code), message);
        return error(app, 422, "invalid_field", message);
    }
    if (result.outcome == Outcome::rate_limited)
        return error(app, 429, "rate_limited", "För många frågor på kort tid. Försök igen senare.");
    const std::string& token = result.asked.token;
    json::object out;
    out["receipt_token"] = token;
    out["receipt_url"] = app.d.config.public_url + "/kvitto/" + token;
    out["status"] = "received";
    return no_store(app.json_response(201, out));
}

Response api_question(const App::Impl& app, Call& c) {
    const auto q = app.d.store.public_reads().published_question(QuestionId{c.id("id")});
    if (!q) return not_found_json(app);
    // The signed record, saved under a name of its own for `radfraga verify`.
    Response r = app.json_response(200, question_json(app, *q));
    r.set("content-disposition",
          "attachment; filename=\"radfraga-fraga-" + std::to_string(q->id.value) + ".json\"");
    return r;
}

Response api_feedback(const App::Impl& app, Call& c) {
    auto parsed = body_object(app, c.req);
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
        return error(app, 422, "invalid_kind",
                     "kind ska vara helpful_yes, helpful_no eller same_question.");
    const auto result = asker::vote(app, QuestionId{c.id("id")}, k, c.req.client_key, c.now);
    if (result == asker::VoteResult::no_such_question) return not_found_json(app);
    json::object out;
    out["counted"] = result == asker::VoteResult::counted;
    return app.json_response(200, out);
}

// The receipt calls. The token may come in the body instead of the path (POST
// receipts/status, receipts/withdraw and receipts/follow-ups with {"receipt_token": …}):
// a URL is kept by proxies' logs and browser histories; a body is not.

Response api_receipt_status_in_body(const App::Impl& app, Call& c) {
    auto in = token_in_body(app, c);
    if (auto* r = std::get_if<Response>(&in)) return std::move(*r);
    return receipt_status(app, c, std::get<0>(in).first);
}

Response api_receipt_withdraw_in_body(const App::Impl& app, Call& c) {
    auto in = token_in_body(app, c);
    if (auto* r = std::get_if<Response>(&in)) return std::move(*r);
    return receipt_withdraw(app, c, std::get<0>(in).first);
}

Response api_receipt_follow_up_in_body(const App::Impl& app, Call& c) {
    auto in = token_in_body(app, c);
    if (auto* r = std::get_if<Response>(&in)) return std::move(*r);
    const auto& [token, fields] = std::get<0>(in);
    const auto view = asker::open_receipt(app, token, c.req.client_key, c.now);
    if (!view) return not_found_json(app);
    return receipt_follow_up(app, c, *view, fields);
}

Response api_receipt_status(const App::Impl& app, Call& c) {
    return receipt_status(app, c, c.param("token"));
}

Response api_receipt_withdraw(const App::Impl& app, Call& c) {
    return receipt_withdraw(app, c, c.param("token"));
}

Response api_receipt_follow_up(const App::Impl& app, Call& c) {
    // The token is checked before the body is read.
    const auto view = asker::open_receipt(app, c.param("token"), c.req.client_key, c.now);
    if (!view) return not_found_json(app);
    auto parsed = body_object(app, c.req);
    if (auto* r = std::get_if<Response>(&parsed)) return std::move(*r);
    return receipt_follow_up(app, c, *view, std::get<json::object>(parsed));
}

Response api_receipt_feedback_in_body(const App::Impl& app, Call& c) {
    auto in = token_in_body(app, c);
    if (auto* r = std::get_if<Response>(&in)) return std::move(*r);
    const auto& [token, fields] = std::get<0>(in);
    return receipt_feedback(app, c, token, fields);
}

Response api_receipt_feedback(const App::Impl& app, Call& c) {
    auto parsed = body_object(app, c.req);
    if (auto* r = std::get_if<Response>(&parsed)) return std::move(*r);
    return receipt_feedback(app, c, c.param("token"), std::get<json::object>(parsed));
}

}  // namespace radfraga::server
