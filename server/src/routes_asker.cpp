// The asker's journey: ask, receipt, follow-up, withdraw; and the readers' votes.
#include <boost/json.hpp>

#include <charconv>

#include "core/crypto.hpp"
#include "core/utf8.hpp"
#include "server/src/app_impl.hpp"
#include "server/src/crisis.hpp"

namespace radfraga::server {

namespace {

constexpr std::size_t kMaxTitle = 150, kMaxQuestion = 6000, kMaxPseudonym = 40;
constexpr std::size_t kMinFollowUp = 5, kMaxFollowUp = 4000;

std::string status_text(const store::ReceiptView& v) {
    if (v.state == "received") return "Mottagen";
    if (v.state == "published") return "Besvarad och publicerad";
    if (v.state == "declined") return v.answer ? "Besvarad, inte publicerad" : "Inte publicerad";
    if (v.state == "duplicate") return "Besvarad med ett tidigare svar";
    return "Under behandling";
}

std::string status_explanation(const store::ReceiptView& v) {
    if (v.state == "received")
        return "Din fråga har kommit fram. En socialsekreterare läser den, tar bort det som kan "
               "avslöja "
               "vem du är och svarar. Vi försöker svara inom en arbetsdag.";
    if (v.state == "published")
        return "Din fråga är besvarad. Svaret har lästs av två socialsekreterare och publicerats "
               "utan "
               "uppgifter som kan avslöja vem du är.";
    if (v.state == "declined")
        return v.answer
                   ? "Din fråga har fått ett svar som bara du kan läsa här. Den publiceras inte."
                   : "Din fråga kommer inte att publiceras.";
    if (v.state == "duplicate")
        return "Din fråga liknar en fråga som redan är besvarad. Läs svaret via länken nedan.";
    return "En socialsekreterare arbetar med din fråga. Svaret läses av en kollega innan det "
           "publiceras.";
}

// A receipt token as people may type it: spaces and line breaks between groups.
std::string normalize_code(std::string_view s) {
    std::string out;
    for (const char c : s)
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') out += c;
    return out;
}

// "abcd efgh ..." for reading aloud or writing down.
std::string grouped(std::string_view token) {
    std::string out;
    for (std::size_t i = 0; i < token.size(); ++i) {
        if (i && i % 4 == 0) out += ' ';
        out += token[i];
    }
    return out;
}

}  // namespace

std::optional<Response> App::Impl::asker(const Request& req, const RequestTarget& t) const {
    const std::string& path = t.path;
    const UnixSeconds now = d.clock.now();

    // Field errors keyed by field name, rendered next to their fields.
    const auto ask_form = [&](int status, const Form& values, const json::object& errors) {
        json::object m;
        m["title"] = errors.empty() ? "Ställ en fråga" : "Rätta felen – Ställ en fråga";
        m["form_token"] = form_token();
        m["f_title"] = std::string(values.get("rubrik"));
        m["f_question"] = std::string(values.get("fraga"));
        m["f_pseudonym"] = std::string(values.get("signatur"));
        m["max_title"] = kMaxTitle;
        m["max_question"] = kMaxQuestion;
        m["max_pseudonym"] = kMaxPseudonym;
        json::array cats;
        for (const auto& c : d.store.categories()) {
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
        Response r = html(status, "ask", std::move(m));
        if (!errors.empty()) r.set("cache-control", "no-store");
        return r;
    };

    if (path == "/stall-en-fraga") {
        if (req.method == "GET" || req.method == "HEAD") return ask_form(200, Form{}, {});
        if (req.method != "POST") return method_not_allowed("GET, HEAD, POST");
        const auto form = parse_form(req.body);
        if (!form) return bad_request("Formuläret kunde inte läsas. Försök igen.");
        if (!form_allowed(req, *form))
            return bad_request(
                "Formuläret har blivit för gammalt eller skickades från en annan webbplats. "
                "Ladda om sidan och försök igen. Det du skrev har inte sparats.");
        AskInput in{std::string(form->get("rubrik")), std::string(form->get("fraga")),
                    std::string(form->get("signatur")), std::string(form->get("amne"))};
        json::object errors;
        for (auto& [field, message] : validate_question(in)) errors[field] = message;
        if (!errors.empty()) return ask_form(400, *form, errors);
        if (!limiter.allow(req.client_key, "ask", 5, 720, now)) return too_many();
        const auto asked = store_question(in);
        const std::string& token = asked.token;

        json::object m;
        m["title"] = "Din fråga har kommit fram";
        m["receipt_url"] = d.config.public_url + "/kvitto/" + token;
        m["receipt_path"] = "/kvitto/" + token;
        m["code"] = grouped(token);
        if (asked.crisis) m["helplines"] = helplines(asked.crisis_categories);
        m["noindex"] = true;
        Response r = html(200, "receipt_created", std::move(m));
        r.set("cache-control", "no-store");
        return r;
    }

    if (path == "/kvitto") {
        if (req.method == "GET" || req.method == "HEAD") {
            json::object m;
            m["title"] = "Följ din fråga";
            m["form_token"] = form_token();
            m["noindex"] = true;
            return html(200, "receipt_lookup", std::move(m));
        }
        if (req.method != "POST") return method_not_allowed("GET, HEAD, POST");
        const auto form = parse_form(req.body);
        if (!form || !form_allowed(req, *form))
            return bad_request("Ladda om sidan och försök igen.");
        const std::string code = normalize_code(form->get("kod"));
        if (code.empty() || code.size() > 64 || !base64url_decode(code)) return not_found();
        return redirect("/kvitto/" + code);
    }

    if (path.starts_with("/kvitto/")) {
        // Every failure on a receipt is the same 404, so nothing can be learnt by probing.
        std::string_view rest = std::string_view(path).substr(8);
        std::string_view action;
        if (const auto slash = rest.find('/'); slash != std::string_view::npos) {
            action = rest.substr(slash + 1);
            rest = rest.substr(0, slash);
        }
        if (!limiter.allow(req.client_key, "receipt", 30, 2, now)) return not_found();
        if (rest.size() < 22 || rest.size() > 64 || !base64url_decode(rest)) return not_found();
        const std::string token(rest);
        const auto view = d.store.receipt(sha256(token));
        if (!view) return not_found();
        const std::string base = "/kvitto/" + token;

        if (action.empty()) {
            if (req.method != "GET" && req.method != "HEAD") return method_not_allowed("GET, HEAD");
            json::object m;
            m["title"] = "Din fråga";
            m["noindex"] = true;
            m["form_token"] = form_token();
            m["base"] = base;
            m["status"] = status_text(*view);
            m["status_explanation"] = status_explanation(*view);
            m["question_title"] = view->title;
            m["question_html"] = web::text_to_html(view->body);
            m["pseudonym"] = view->pseudonym;
            m["category_name"] = view->category_name;
            m["asked_date"] = format_swedish_date(view->asked_at);
            m["published"] = view->state == "published";
            m["id"] = view->id.value;
            if (view->crisis) m["helplines"] = helplines(view->crisis_categories);
            if (view->answer) {
                m["answer_html"] = web::markdown_to_html(*view->answer);
                m["signature_name"] = view->signature_name;
                if (view->answered_at) m["answered_date"] = format_swedish_date(*view->answered_at);
            }
            if (view->decline_reason) m["decline_reason"] = *view->decline_reason;
            if (view->duplicate_of)
                m["duplicate_href"] = "/fraga/" + std::to_string(view->duplicate_of->value);
            json::array fus;
            for (const auto& f : view->follow_ups) {
                json::object o;
                o["body_html"] = web::text_to_html(f.body);
                o["asked_date"] = format_swedish_date(f.asked_at);
                if (f.answer) o["answer_html"] = web::markdown_to_html(*f.answer);
                fus.push_back(std::move(o));
            }
            if (!fus.empty()) m["follow_ups"] = std::move(fus);
            m["can_follow_up"] = view->state != "withdrawn";
            if (t.query.get("skickad") == "1") m["follow_up_sent"] = true;
            if (const auto e = t.query.get("fel"); e == "kort")
                m["follow_up_error"] = "Skriv minst 5 tecken.";
            else if (e == "lang")
                m["follow_up_error"] = "Följdfrågan får vara högst 4000 tecken.";
            else if (e == "manga")
                m["follow_up_error"] =
                    "Du har redan följdfrågor som väntar på svar. Vänta tills de är besvarade.";
            Response r = html(200, "receipt", std::move(m));
            r.set("cache-control", "no-store");
            return r;
        }

        if (req.method != "POST") return method_not_allowed("POST");
        const auto form = parse_form(req.body);
        if (!form || !form_allowed(req, *form))
            return bad_request("Ladda om sidan och försök igen.");

        if (action == "foljdfraga") {
            const std::string body = normalize_text(form->get("foljdfraga"));
            if (code_points(body) < kMinFollowUp || has_control_chars(body))
                return redirect(base + "?fel=kort#foljdfraga");
            if (code_points(body) > kMaxFollowUp) return redirect(base + "?fel=lang#foljdfraga");
            if (!limiter.allow(req.client_key, "follow_up", 5, 720, now)) return too_many();
            const auto triaged = d.triage.triage(body);
            const auto id = d.store.add_follow_up(
                view->id, d.redact(body),
                [&](FollowUpId f) {
                    return d.originals.seal(
                        body, secret_aad(SecretPurpose::follow_up_original, f.value), d.random);
                },
                3, triaged.crisis, category_list(triaged));
            if (!id) return redirect(base + "?fel=manga#foljdfraga");
            return redirect(base + "?skickad=1#foljdfragor");
        }
        if (action == "ta-bort") {
            if (form->get("bekrafta") != "ja") {
                json::object m;
                m["title"] = "Ta bort din fråga";
                m["noindex"] = true;
                m["form_token"] = form_token();
                m["base"] = base;
                m["need_confirmation"] = true;
                Response r = html(400, "withdraw", std::move(m));
                r.set("cache-control", "no-store");
                return r;
            }
            d.store.erase_question(view->id, "asker", "withdrawn");
            json::object m;
            m["title"] = "Din fråga är borttagen";
            m["noindex"] = true;
            m["done"] = true;
            Response r = html(200, "withdraw", std::move(m));
            r.set("cache-control", "no-store");
            return r;
        }
        return not_found();
    }

    // Votes: POST /fraga/{id}/rost with typ=ja|nej|samma.
    if (path.starts_with("/fraga/") && path.ends_with("/rost")) {
        if (req.method != "POST") return method_not_allowed("POST");
        const auto id = parse_positive_id(std::string_view(path).substr(7, path.size() - 7 - 5));
        if (!id) return not_found();
        const auto form = parse_form(req.body);
        if (!form || !form_allowed(req, *form))
            return bad_request("Ladda om sidan och försök igen.");
        const auto kind = form->get("typ");
        store::FeedbackKind k;
        if (kind == "ja")
            k = store::FeedbackKind::helpful_yes;
        else if (kind == "nej")
            k = store::FeedbackKind::helpful_no;
        else if (kind == "samma")
            k = store::FeedbackKind::same_question;
        else
            return bad_request("Okänd röst.");
        const std::string back = "/fraga/" + std::to_string(*id) + "?tack=1#rost";
        // One vote of each kind per question and client a day; more are thanked, not counted.
        if (!vote_once.allow(req.client_key,
                             "vote:" + std::to_string(*id) + ":" + std::string(kind), 1, 86400,
                             now) ||
            !limiter.allow(req.client_key, "votes", 60, 60, now))
            return redirect(back);
        if (!d.store.add_feedback(QuestionId{*id}, k)) return not_found();
        return redirect(back);
    }
    return std::nullopt;
}

}  // namespace radfraga::server
