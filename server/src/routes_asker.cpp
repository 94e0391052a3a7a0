// The asker's journey: ask, receipt, follow-up, withdraw; and the readers' votes.
#include <boost/json.hpp>

#include <charconv>

#include "core/crypto.hpp"
#include "core/utf8.hpp"
#include "server/src/asker_service.hpp"
#include "server/src/crisis.hpp"
#include "server/src/handlers.hpp"
#include "server/src/policies.hpp"
#include "server/src/receipt_code.hpp"

namespace radfraga::server {

namespace {

using store::QuestionState;

std::string status_text(const store::ReceiptView& v) {
    // A declined question the asker got a private answer to is "answered, not published".
    if (v.state == QuestionState::declined && v.answer) return "Besvarad, inte publicerad";
    return std::string(store::info(v.state).asker);
}

std::string status_explanation(const store::ReceiptView& v) {
    switch (v.state) {
        case QuestionState::received:
            return "Din fråga har kommit fram. En socialsekreterare läser den, tar bort det som "
                   "kan avslöja vem du är och svarar. Vi försöker svara inom en arbetsdag.";
        case QuestionState::published:
            return "Din fråga är besvarad. Svaret har lästs av två socialsekreterare och "
                   "publicerats utan uppgifter som kan avslöja vem du är.";
        case QuestionState::declined:
            return v.answer ? "Din fråga har fått ett svar som bara du kan läsa här. Den "
                              "publiceras inte."
                            : "Din fråga kommer inte att publiceras.";
        case QuestionState::duplicate:
            return "Din fråga liknar en fråga som redan är besvarad. Läs svaret via länken "
                   "nedan.";
        default:
            return "En socialsekreterare arbetar med din fråga. Svaret läses av en kollega "
                   "innan det publiceras.";
    }
}

// The ask form; with `errors` (keyed by field name, rendered next to their fields) it
// is the form sent back with what was typed.
Response ask_page(const App::Impl& app, int status, const Form& values,
                  const json::object& errors) {
    json::object m;
    m["title"] = errors.empty() ? "Ställ en fråga" : "Rätta felen – Ställ en fråga";
    m["form_token"] = app.form_token();
    // A form sent back keeps its nonce: it is still the same, unsent question.
    const auto once = values.get("engang");
    m["once"] = app.ask_once_receipt(once) ? std::string(once) : app.ask_once_nonce();
    m["f_title"] = std::string(values.get("rubrik"));
    m["f_question"] = std::string(values.get("fraga"));
    m["f_pseudonym"] = std::string(values.get("signatur"));
    m["max_title"] = policy::kMaxTitle;
    m["max_question"] = policy::kMaxQuestion;
    m["max_pseudonym"] = policy::kMaxPseudonym;
    json::array cats;
    for (const auto& c : app.d.store.public_reads().categories()) {
        json::object o;
        o["slug"] = c.slug;
        o["name"] = c.name;
        if (values.get("amne") == c.slug) o["selected"] = true;
        cats.push_back(std::move(o));
    }
    m["categories"] = std::move(cats);
    if (!errors.empty()) {
        m["errors"] = errors;
        json::array list;
        for (const auto& [k, v] : errors) {
            json::object e;
            e["field"] = std::string(k);
            e["message"] = v;
            list.push_back(std::move(e));
        }
        m["error_list"] = std::move(list);
    }
    m["noindex"] = !errors.empty();
    // Never stored: the nonce is this rendering's alone.
    Response r = app.html(status, "ask", std::move(m));
    r.set("cache-control", "no-store");
    return r;
}

Response no_store(Response r) {
    r.set("cache-control", "no-store");
    return r;
}

// The receipt page's note under the follow-up form, from its ?fel= code.
std::optional<std::string> follow_up_error(std::string_view code) {
    if (code == "kort") return "Skriv minst " + std::to_string(policy::kMinFollowUp) + " tecken.";
    if (code == "lang")
        return "Följdfrågan får vara högst " + std::to_string(policy::kMaxFollowUp) + " tecken.";
    if (code == "manga")
        return "Du har redan följdfrågor som väntar på svar. Vänta tills de är besvarade.";
    return std::nullopt;
}

}  // namespace

// ---- Asking ----

Response ask_form(const App::Impl& app, Call&) {
    return ask_page(app, 200, Form{}, {});
}

Response ask_refused(const App::Impl& app, Call& c, Refusal why) {
    if (why == Refusal::unreadable_form)
        return app.bad_request("Formuläret kunde inte läsas. Försök igen.");
    // From this site, but with a token too old (or from before the key changed): the form
    // again with what was typed and a fresh token, so nothing written is lost.
    if (c.form && app.same_origin(c.req)) {
        json::object errors;
        errors["fraga"] =
            "Formuläret hann bli för gammalt, så frågan är inte skickad ännu. Det du skrev "
            "finns kvar här: läs igenom det och tryck på Skicka frågan igen.";
        return ask_page(app, 400, *c.form, errors);
    }
    return app.bad_request(
        "Formuläret har blivit för gammalt eller skickades från en annan webbplats. "
        "Ladda om sidan och försök igen. Det du skrev har inte sparats.");
}

Response ask_submit(const App::Impl& app, Call& c) {
    const Form& form = c.checked_form();
    AskInput in{std::string(form.get("rubrik")), std::string(form.get("fraga")),
                std::string(form.get("signatur")), std::string(form.get("amne"))};
    const auto result = asker::ask(app, std::move(in), c.req.client_key, c.now, form.get("engang"));
    using Outcome = asker::AskResult::Outcome;
    if (result.outcome == Outcome::invalid) {
        json::object errors;
        for (const auto& [field, message] : result.problems) errors[field] = message;
        return ask_page(app, 400, form, errors);
    }
    if (result.outcome == Outcome::rate_limited) return app.too_many();
    // Post/redirect/get: reloading the page that shows the receipt asks nothing again,
    // and the same form posted twice lands on the same receipt (already_sent).
    return app.redirect("/kvitto/" + result.asked.token + "/ny");
}

// GET /kvitto/{token}/ny: where asking lands; the receipt code and link to write down.
Response receipt_created(const App::Impl& app, Call& c) {
    const auto view = asker::open_receipt(app, c.param("token"), c.req.client_key, c.now);
    if (!view) return app.not_found();
    const auto token = canonical_receipt_code(c.param("token"));
    if (!token) return app.redirect("/kvitto/" + std::string(c.param("token")));
    json::object m;
    m["title"] = "Din fråga har kommit fram";
    m["receipt_url"] = app.d.config.public_url + "/kvitto/" + *token;
    m["receipt_path"] = "/kvitto/" + *token;
    m["code"] = group_receipt_code(*token);
    if (view->crisis) m["helplines"] = helplines(view->crisis_categories);
    m["noindex"] = true;
    return no_store(app.html(200, "receipt_created", std::move(m)));
}

// ---- Receipts ----

Response receipt_lookup_form(const App::Impl& app, Call&) {
    json::object m;
    m["title"] = "Följ din fråga";
    m["form_token"] = app.form_token();
    m["noindex"] = true;
    return app.html(200, "receipt_lookup", std::move(m));
}

Response receipt_lookup(const App::Impl& app, Call& c) {
    const auto candidates = receipt_token_candidates(c.checked_form().get("kod"));
    if (candidates.empty()) return app.not_found();
    return app.redirect("/kvitto/" + candidates.front());
}

namespace {

// The receipt page's model for `view`; `follow_up_text` fills the follow-up form again.
json::object receipt_model(const App::Impl& app, const Call& c, const store::ReceiptView& view,
                           std::string_view follow_up_text = {}) {
    json::object m;
    m["title"] = "Din fråga";
    m["noindex"] = true;
    m["form_token"] = app.form_token();
    m["base"] = "/kvitto/" + std::string(c.param("token"));
    m["status"] = status_text(view);
    m["status_explanation"] = status_explanation(view);
    m["question_title"] = view.title;
    m["question_title_html"] = web::inline_text_to_html(view.title);
    m["question_html"] = web::text_to_html(view.body);
    m["pseudonym"] = view.pseudonym;
    m["category_name"] = view.category_name;
    m["asked_date"] = format_swedish_date(view.asked_at);
    m["published"] = view.state == QuestionState::published;
    m["id"] = view.id.value;
    if (view.crisis) m["helplines"] = helplines(view.crisis_categories);
    if (view.answer) {
        m["answer_html"] = web::markdown_to_html(*view.answer);
        m["signature_name"] = view.signature_name;
        if (view.answered_at) m["answered_date"] = format_swedish_date(*view.answered_at);
        add_understood_form(app, c, c.param("token"), m);
    }
    if (view.decline_reason) m["decline_reason"] = *view.decline_reason;
    if (view.duplicate_of)
        m["duplicate_href"] = "/fraga/" + std::to_string(view.duplicate_of->value);
    json::array fus;
    for (const auto& f : view.follow_ups) {
        json::object o;
        o["body_html"] = web::text_to_html(f.body);
        o["asked_date"] = format_swedish_date(f.asked_at);
        if (f.answer) o["answer_html"] = web::markdown_to_html(*f.answer);
        fus.push_back(std::move(o));
    }
    if (!fus.empty()) m["follow_ups"] = std::move(fus);
    m["can_follow_up"] = view.state != QuestionState::withdrawn;
    m["follow_up_text"] = std::string(follow_up_text);
    return m;
}

// Said when a public form's token was refused but the post came from this site: what
// was typed is in the form again, with a fresh token.
constexpr const char* kStaleForm =
    "Formuläret hann bli för gammalt, så inget är skickat ännu. Det du skrev finns kvar: "
    "tryck på knappen igen.";

// A refused post from another site, or one that could not be read: nothing to give back.
Response refused_elsewhere(const App::Impl& app, Refusal why) {
    if (why == Refusal::unreadable_form)
        return app.bad_request("Formuläret kunde inte läsas. Försök igen.");
    return app.bad_request(
        "Formuläret skickades från en annan webbplats och togs inte emot. Gå till sidan och "
        "försök igen.");
}

bool can_give_back(const App::Impl& app, const Call& c, Refusal why) {
    return why == Refusal::forged_form && c.form && app.same_origin(c.req);
}

}  // namespace

// Every failure on a receipt is the same 404, so nothing can be learnt by probing.
Response receipt_page(const App::Impl& app, Call& c) {
    const auto view = asker::open_receipt(app, c.param("token"), c.req.client_key, c.now);
    if (!view) return app.not_found();
    json::object m = receipt_model(app, c, *view);
    if (c.t.query.get("skickad") == "1") m["follow_up_sent"] = true;
    if (const auto e = follow_up_error(c.t.query.get("fel"))) m["follow_up_error"] = *e;
    return no_store(app.html(200, "receipt", std::move(m)));
}

Response receipt_follow_up_refused(const App::Impl& app, Call& c, Refusal why) {
    if (!can_give_back(app, c, why)) return refused_elsewhere(app, why);
    const auto view = asker::open_receipt(app, c.param("token"), c.req.client_key, c.now);
    if (!view) return app.not_found();
    json::object m = receipt_model(app, c, *view, c.form->get("foljdfraga"));
    m["follow_up_error"] = kStaleForm;
    return no_store(app.html(400, "receipt", std::move(m)));
}

Response receipt_withdraw_refused(const App::Impl& app, Call& c, Refusal why) {
    if (!can_give_back(app, c, why)) return refused_elsewhere(app, why);
    const auto view = asker::open_receipt(app, c.param("token"), c.req.client_key, c.now);
    if (!view) return app.not_found();
    json::object m;
    m["noindex"] = true;
    m["title"] = "Ta bort din fråga";
    m["form_token"] = app.form_token();
    m["base"] = "/kvitto/" + std::string(c.param("token"));
    m["need_confirmation"] = true;
    m["message"] =
        "Formuläret hann bli för gammalt, så ingenting är borttaget ännu. Tryck på "
        "Ta bort frågan igen om du fortfarande vill ta bort den.";
    m["confirmed"] = c.form->get("bekrafta") == "ja";
    return no_store(app.html(400, "withdraw", std::move(m)));
}

Response receipt_lookup_refused(const App::Impl& app, Call& c, Refusal why) {
    if (!can_give_back(app, c, why)) return refused_elsewhere(app, why);
    json::object m;
    m["title"] = "Följ din fråga";
    m["form_token"] = app.form_token();
    m["noindex"] = true;
    m["f_code"] = std::string(c.form->get("kod"));
    m["error"] = kStaleForm;
    return no_store(app.html(400, "receipt_lookup", std::move(m)));
}

Response receipt_follow_up(const App::Impl& app, Call& c) {
    const auto view = asker::open_receipt(app, c.param("token"), c.req.client_key, c.now);
    if (!view) return app.not_found();
    const std::string base = "/kvitto/" + std::string(c.param("token"));
    using R = asker::FollowUpResult;
    switch (
        asker::follow_up(app, *view, c.checked_form().get("foljdfraga"), c.req.client_key, c.now)) {
        case R::sent:
            return app.redirect(base + "?skickad=1#foljdfragor");
        case R::too_short:
            return app.redirect(base + "?fel=kort#foljdfraga");
        case R::too_long:
            return app.redirect(base + "?fel=lang#foljdfraga");
        case R::rate_limited:
            return app.too_many();
        case R::too_many_open:
            return app.redirect(base + "?fel=manga#foljdfraga");
    }
    return app.not_found();
}

Response receipt_withdraw(const App::Impl& app, Call& c) {
    const auto view = asker::open_receipt(app, c.param("token"), c.req.client_key, c.now);
    if (!view) return app.not_found();
    json::object m;
    m["noindex"] = true;
    if (c.checked_form().get("bekrafta") != "ja") {
        m["title"] = "Ta bort din fråga";
        m["form_token"] = app.form_token();
        m["base"] = "/kvitto/" + std::string(c.param("token"));
        m["need_confirmation"] = true;
        return no_store(app.html(400, "withdraw", std::move(m)));
    }
    asker::withdraw(app, *view);
    m["title"] = "Din fråga är borttagen";
    m["done"] = true;
    return no_store(app.html(200, "withdraw", std::move(m)));
}

Response receipt_unknown_action(const App::Impl& app, Call&) {
    return app.not_found();
}

// ---- Votes: POST /fraga/{id}/rost with typ=ja|nej|samma ----

Response vote(const App::Impl& app, Call& c) {
    const auto kind = c.checked_form().get("typ");
    store::FeedbackKind k;
    if (kind == "ja")
        k = store::FeedbackKind::helpful_yes;
    else if (kind == "nej")
        k = store::FeedbackKind::helpful_no;
    else if (kind == "samma")
        k = store::FeedbackKind::same_question;
    else
        return app.bad_request("Okänd röst.");
    const QuestionId q{c.id("id")};
    // More votes than count are thanked all the same.
    if (asker::vote(app, q, k, c.req.client_key, c.now) == asker::VoteResult::no_such_question)
        return app.not_found();
    return app.redirect("/fraga/" + std::to_string(q.value) + "?tack=1#rost");
}

// A vote whose token was refused: the same vote, ready to be sent again.
Response vote_refused(const App::Impl& app, Call& c, Refusal why) {
    if (!can_give_back(app, c, why)) return refused_elsewhere(app, why);
    const auto kind = c.form->get("typ");
    if (kind != "ja" && kind != "nej" && kind != "samma") return app.bad_request("Okänd röst.");
    const QuestionId q{c.id("id")};
    json::object m;
    m["title"] = "Skicka din röst igen";
    m["noindex"] = true;
    m["form_token"] = app.form_token();
    m["id"] = q.value;
    m["typ"] = std::string(kind);
    m["vote_text"] = kind == "ja"    ? "Ja, svaret hjälpte mig"
                     : kind == "nej" ? "Nej, svaret hjälpte mig inte"
                                     : "Jag har samma fråga";
    return no_store(app.html(400, "vote_again", std::move(m)));
}

}  // namespace radfraga::server
