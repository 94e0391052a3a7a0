// The experts' dashboard: login with password and TOTP, the queue, the redaction
// review, the answer editor, four-eyes review and signed publication. Everything under
// /expert needs a session with its second factor; every state change needs the
// session's CSRF token. Refusals are logged as security events without request data.
#include <boost/json.hpp>

#include <algorithm>
#include <charconv>

#include "core/crypto.hpp"
#include "core/signing.hpp"
#include "core/totp.hpp"
#include "core/utf8.hpp"
#include "server/password.hpp"
#include "server/src/app_impl.hpp"
#include "server/src/crisis.hpp"
#include "server/src/data_folder.hpp"
#include "server/src/expert_text.hpp"
#include "server/src/publication_gate.hpp"

namespace radfraga::server {

namespace {

std::string_view cookie(const Request& req, std::string_view name) {
    std::string_view all = req.header("cookie");
    while (!all.empty()) {
        const auto semi = all.find(';');
        std::string_view part = all.substr(0, semi);
        while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
        if (part.size() > name.size() && part.substr(0, name.size()) == name &&
            part[name.size()] == '=')
            return part.substr(name.size() + 1);
        if (semi == std::string_view::npos) break;
        all.remove_prefix(semi + 1);
    }
    return {};
}

std::string state_text(std::string_view s) {
    if (s == "received") return "Ny";
    if (s == "in_review") return "Granskas";
    if (s == "answer_draft") return "Utkast";
    if (s == "awaiting_review") return "Väntar på kollega";
    if (s == "published") return "Publicerad";
    if (s == "declined") return "Inte publicerad";
    if (s == "duplicate") return "Dubblett";
    return std::string(s);
}

std::string action_text(std::string_view a) {
    static const std::pair<std::string_view, std::string_view> names[] = {
        {"received", "Frågan kom in"},
        {"claimed", "Tog frågan"},
        {"claim_taken_over", "Tog över frågan"},
        {"released", "Lämnade frågan"},
        {"handed_over", "Lämnade över frågan"},
        {"redactions_reviewed", "Granskade personuppgifterna"},
        {"draft_started", "Började på ett svar"},
        {"submitted_for_review", "Skickade svaret till granskning"},
        {"returned_for_changes", "Skickade tillbaka svaret"},
        {"published", "Godkände och publicerade"},
        {"declined", "Avböjde att publicera"},
        {"answered_privately", "Svarade privat"},
        {"duplicate", "Markerade som dubblett"},
        {"follow_up", "Följdfråga kom in"},
        {"follow_up_answered", "Besvarade följdfrågan"},
        {"withdrawn", "Frågeställaren tog bort frågan"}};
    for (const auto& [k, v] : names)
        if (k == a) return std::string(v);
    return std::string(a);
}

std::string transition_message(store::Transition t) {
    switch (t) {
        case store::Transition::ok:
            return "";
        case store::Transition::not_found:
            return "Frågan finns inte längre.";
        case store::Transition::wrong_state:
            return "Frågan är inte i ett läge där det går att göra så.";
        case store::Transition::not_claimed:
            return "Du behöver ta frågan först.";
        case store::Transition::claimed_by_other:
            return "En kollega arbetar redan med frågan.";
        case store::Transition::own_answer:
            return "Du kan inte granska ditt eget svar – en kollega måste göra det.";
        case store::Transition::not_reviewed:
            return "Granska personuppgifterna i frågan innan svaret skickas.";
        case store::Transition::no_answer:
            return "Skriv ett svar först.";
        case store::Transition::invalid:
            return "Uppgifterna räcker inte – fyll i det som saknas.";
    }
    return "Något gick fel.";
}

std::string age_text(std::int64_t seconds) {
    if (seconds < 3600) return std::to_string(std::max<std::int64_t>(1, seconds / 60)) + " min";
    if (seconds < 2 * 86400) return std::to_string(seconds / 3600) + " tim";
    return std::to_string(seconds / 86400) + " dagar";
}

// The deadline `days` working days (Mon–Fri, Stockholm time) after `t`.
UnixSeconds working_deadline(UnixSeconds t, unsigned days) {
    UnixSeconds d = t;
    unsigned left = days;
    while (left > 0) {
        d += 86400;
        const std::int64_t local_day = (d + stockholm_offset_minutes(d) * 60) / 86400;
        const std::int64_t weekday = ((local_day % 7) + 11) % 7;  // 0 = Sunday
        if (weekday != 0 && weekday != 6) --left;
    }
    return d;
}

// The asker's original as stored: {"title", "question", "pseudonym"}.
struct Original {
    std::string title;
    std::string question;
};

}  // namespace

std::optional<Response> App::Impl::expert(const Request& req, const RequestTarget& t,
                                          std::string& account) const {
    const std::string& path = t.path;
    const UnixSeconds now = d.clock.now();
    const bool secure = d.config.public_url.starts_with("https://");
    const std::string cookie_name = secure ? "__Host-radfraga" : "radfraga_expert";
    const bool get = req.method == "GET" || req.method == "HEAD";

    if (path == "/.well-known/radfraga-signing-key.pem") {
        if (!get) return method_not_allowed("GET, HEAD");
        Response r = text(200, d.signer.public_key_pem());
        r.set("content-type", "application/x-pem-file");
        r.set("cache-control", "public, max-age=3600");
        return r;
    }
    if (!path.starts_with("/expert")) return std::nullopt;

    // Security lines name the account once the request has a session.
    const auto security = [&](const std::string& what) {
        d.log_error("security: " + what + (account.empty() ? "" : " account=" + account));
    };
    const auto set_cookie = [&](Response& r, const std::string& value, bool clear) {
        std::string c = cookie_name + "=" + value + "; Path=/; HttpOnly; SameSite=Strict";
        if (secure) c += "; Secure";
        if (clear) c += "; Max-Age=0";
        r.set("set-cookie", c);
    };
    const auto page = [&](int status, const std::string& tmpl, json::object m) {
        m["noindex"] = true;
        m["page_class"] = "expert";
        Response r = html(status, tmpl, std::move(m));
        r.set("cache-control", "no-store");
        return r;
    };

    // The session, if the cookie names a live one.
    struct Ctx {
        std::string token;
        std::vector<unsigned char> hash;
        store::SessionInfo s;
        std::string csrf;
    };
    std::optional<Ctx> ctx;
    if (const auto c = cookie(req, cookie_name);
        !c.empty() && c.size() <= 64 && base64url_decode(c)) {
        Ctx x;
        x.token = std::string(c);
        x.hash = sha256(x.token);
        const auto s =
            d.store.session(x.hash, static_cast<std::int64_t>(d.config.session_idle_minutes) * 60);
        if (s) {
            x.s = *s;
            const auto mac = sha256("csrf:" + x.token);
            x.csrf = base64url_encode(std::span<const unsigned char>(mac.data(), 18));
            ctx = std::move(x);
            account = ctx->s.username;
        }
    }
    const auto csrf_ok = [&](const Form& f) {
        if (!same_origin(req)) return false;
        const auto given = f.get("csrf");
        return ctx &&
               constant_time_equal(
                   std::span(reinterpret_cast<const unsigned char*>(given.data()), given.size()),
                   std::span(reinterpret_cast<const unsigned char*>(ctx->csrf.data()),
                             ctx->csrf.size()));
    };
    const auto base_model = [&](const std::string& title) {
        json::object m;
        m["title"] = title;
        if (ctx) {
            m["expert_name"] = ctx->s.display_name;
            m["csrf"] = ctx->csrf;
            m["is_admin"] = ctx->s.role == store::Role::admin;
        }
        return m;
    };

    // ---- Login ----
    if (path == "/expert/logga-in") {
        const auto login_page = [&](int status, const std::string& error) {
            json::object m;
            m["title"] = "Logga in";
            m["form_token"] = form_token();
            if (!error.empty()) m["error"] = error;
            return page(status, "expert_login", std::move(m));
        };
        if (get) return login_page(200, "");
        if (req.method != "POST") return method_not_allowed("GET, HEAD, POST");
        const auto form = parse_form(req.body);
        if (!form || !form_allowed(req, *form)) {
            security("login form refused (token or origin)");
            return login_page(400, "Formuläret var för gammalt. Försök igen.");
        }
        const std::string refused = "Fel användarnamn eller lösenord.";
        if (!limiter.allow(req.client_key, "login", 10, 90, now)) {
            security("login throttled for a client");
            return login_page(429, "För många inloggningsförsök. Vänta några minuter.");
        }
        const std::string username(form->get("anvandare"));
        const std::string password(form->get("losenord"));
        // Back-off per (client, username), checked before any password work. Unknown
        // usernames are counted like real ones.
        if (const auto wait = login_throttle.wait(req.client_key, username, now); wait > 0) {
            security("login backed off for a client and username");
            const auto minutes = (wait + 59) / 60;
            Response r = login_page(
                429,
                "För många misslyckade försök. Vänta " +
                    (wait < 60 ? std::to_string(wait) + " sekunder"
                               : std::to_string(minutes) + (minutes == 1 ? " minut" : " minuter")) +
                    " innan du försöker igen.");
            r.set("retry-after", std::to_string(wait));
            return r;
        }
        const auto who = username.size() <= 64 ? d.store.expert_auth(username) : std::nullopt;
        // The same work and the same answer for unknown users, wrong passwords and disabled
        // accounts: one Argon2id verification and no database write, so neither the answer
        // nor its timing tells whether the username exists.
        const bool password_ok =
            verify_password(password, who ? who->password_hash : dummy_password_hash);
        if (!who || !password_ok || who->disabled) {
            login_throttle.failed(req.client_key, username, now);
            security("failed login");
            return login_page(401, refused);
        }
        login_throttle.succeeded(req.client_key, username);
        d.store.record_login_success(who->id);
        const std::string token = random_token(d.random, 32);
        d.store.create_session(sha256(token), who->id, false);
        Response r = redirect("/expert/tvafaktor");
        set_cookie(r, token, false);
        r.set("cache-control", "no-store");
        return r;
    }

    if (!ctx) {
        if (get) return redirect("/expert/logga-in");
        security("request without a session to " + path.substr(0, 40));
        return text(403, "Du är inte inloggad.\n");
    }

    if (path == "/expert/logga-ut") {
        if (req.method != "POST") return method_not_allowed("POST");
        const auto form = parse_form(req.body);
        if (!form || !csrf_ok(*form)) {
            security("logout with a bad CSRF token");
            return text(403, "Ogiltig förfrågan.\n");
        }
        d.store.delete_session(ctx->hash);
        d.store.append_audit({"expert", ctx->s.expert.value, std::nullopt, "logout", ""});
        Response r = redirect("/expert/logga-in");
        set_cookie(r, "", true);
        return r;
    }

    // ---- Second factor: enrol at first login, then a code at every login ----
    if (path == "/expert/tvafaktor") {
        const auto auth = d.store.expert_auth(ctx->s.expert);
        if (!auth) return redirect("/expert/logga-in");
        const bool enrolled = !auth->totp_secret_ct.empty();
        const auto totp_page = [&](int status, const std::string& error,
                                   const std::string& pending_sealed, const std::string& key) {
            json::object m = base_model(enrolled ? "Engångskod" : "Aktivera tvåstegsverifiering");
            m["enrolled"] = enrolled;
            if (!error.empty()) m["error"] = error;
            if (!enrolled) {
                m["pending"] = pending_sealed;
                m["key"] = group_key(key);
                m["otpauth"] = otpauth_uri("Rådfråga", auth->username, key);
            }
            return page(status, "expert_totp", std::move(m));
        };
        if (ctx->s.second_factor) return redirect("/expert");
        if (get) {
            if (enrolled) return totp_page(200, "", "", "");
            const auto secret = new_totp_secret(d.random);
            const auto key = base32_encode(secret);
            return totp_page(
                200, "",
                base64url_encode(d.originals.seal(
                    key, secret_aad(SecretPurpose::totp_enrolment, auth->id.value), d.random)),
                key);
        }
        if (req.method != "POST") return method_not_allowed("GET, HEAD, POST");
        const auto form = parse_form(req.body);
        if (!form || !csrf_ok(*form)) {
            security("second factor with a bad CSRF token");
            return text(403, "Ogiltig förfrågan.\n");
        }
        if (!limiter.allow(req.client_key, "totp", 10, 90, now) ||
            !limiter.allow(std::to_string(auth->id.value), "totp-account", 10, 90, now)) {
            security("second factor throttled");
            return text(429, "För många försök. Vänta några minuter.\n");
        }
        std::string key;
        std::string pending(form->get("pending"));
        if (enrolled) {
            const auto k = d.originals.open(auth->totp_secret_ct,
                                            secret_aad(SecretPurpose::totp_secret, auth->id.value));
            if (!k) return text(500, "Nyckeln kan inte läsas.\n");
            key = *k;
        } else {
            const auto sealed = base64url_decode(pending);
            const auto k =
                sealed ? d.originals.open(*sealed,
                                          secret_aad(SecretPurpose::totp_enrolment, auth->id.value))
                       : std::nullopt;
            if (!k) return totp_page(400, "Börja om: ladda om sidan.", "", "");
            key = *k;
        }
        const auto secret = base32_decode(key);
        if (!secret) return text(500, "Nyckeln kan inte läsas.\n");
        const auto step =
            verify_totp(*secret, form->get("kod"), now, enrolled ? auth->totp_last_step : -1);
        if (!step || (enrolled && !d.store.use_totp_step(auth->id, *step))) {
            // A code valid now but at or before the last step used is a replay.
            const bool replayed =
                step || (enrolled && verify_totp(*secret, form->get("kod"), now, -1));
            d.store.append_audit({"expert", auth->id.value, std::nullopt,
                                  replayed ? "second_factor_replayed" : "second_factor_failed",
                                  ""});
            security("wrong or replayed one-time code");
            if (enrolled)
                return totp_page(401, "Koden stämmer inte. Vänta på nästa kod och försök igen.", "",
                                 "");
            return totp_page(401,
                             "Koden stämmer inte. Kontrollera att klockan i telefonen går rätt.",
                             pending, key);
        }
        if (!enrolled)
            d.store.set_totp_secret(
                auth->id,
                d.originals.seal(key, secret_aad(SecretPurpose::totp_secret, auth->id.value),
                                 d.random),
                *step);
        d.store.append_audit({"expert", auth->id.value, std::nullopt, "second_factor_ok", ""});
        // A new session id once the second factor is done.
        d.store.delete_session(ctx->hash);
        const std::string token = random_token(d.random, 32);
        d.store.create_session(sha256(token), auth->id, true);
        Response r = redirect("/expert");
        set_cookie(r, token, false);
        return r;
    }

    if (!ctx->s.second_factor)
        return get ? redirect("/expert/tvafaktor") : text(403, "Logga in först.\n");

    // ---- The queue ----
    if (path == "/expert") {
        if (!get) return method_not_allowed("GET, HEAD");
        json::object m = base_model("Kön");
        json::array items;
        for (const auto& q : d.store.queue()) {
            json::object o;
            o["id"] = q.id.value;
            o["title"] = q.title;
            o["state"] = state_text(q.state);
            o["category"] = q.category_name;
            o["age"] = age_text(now - q.waiting_since);
            o["overdue"] = now > working_deadline(q.waiting_since, d.config.answer_target_days);
            o["crisis"] = q.crisis;
            if (q.crisis) o["crisis_categories"] = swedish_categories(q.crisis_categories);
            if (q.claimed_by) {
                const bool stale = now - q.claimed_at >
                                   static_cast<std::int64_t>(d.config.claim_stale_minutes) * 60;
                o["claimed_by"] = q.claimed_by_name + (stale ? " (inaktiv)" : "");
                o["mine"] = *q.claimed_by == ctx->s.expert;
            }
            if (q.open_follow_ups > 0) o["follow_ups"] = q.open_follow_ups;
            o["awaiting_review"] = q.state == "awaiting_review";
            o["my_answer"] = q.author && *q.author == ctx->s.expert;
            items.push_back(std::move(o));
        }
        // Swedish agrees in number: "1 fråga väntar", "3 frågor väntar".
        m["count_text"] = items.size() == 0   ? std::string("Inga frågor väntar.")
                          : items.size() == 1 ? std::string("1 fråga väntar.")
                                              : std::to_string(items.size()) + " frågor väntar.";
        m["items"] = std::move(items);
        m["target_days"] = d.config.answer_target_days;
        return page(200, "expert_queue", std::move(m));
    }

    // ---- One question ----
    if (path.starts_with("/expert/fraga/")) {
        std::string_view rest = std::string_view(path).substr(14);
        std::string_view action;
        if (const auto slash = rest.find('/'); slash != std::string_view::npos) {
            action = rest.substr(slash + 1);
            rest = rest.substr(0, slash);
        }
        const auto id = parse_positive_id(rest);
        if (!id) return not_found();
        const QuestionId q{*id};
        const std::string here = "/expert/fraga/" + std::to_string(*id);
        auto view = d.store.case_view(q);
        if (!view) return not_found();

        std::optional<Original> original;
        if (!view->original_ct.empty()) {
            if (const auto plain = d.originals.open(
                    view->original_ct, secret_aad(SecretPurpose::question_original, q.value))) {
                json::error_code ec;
                const auto v = json::parse(*plain, ec);
                if (!ec && v.is_object())
                    original = Original{std::string(v.as_object().at("title").as_string()),
                                        std::string(v.as_object().at("question").as_string())};
            }
        }

        // The case page. A form sent back with a problem (status 400) shows `error` and
        // keeps what was typed: `kept` holds template values that replace the stored ones;
        // "reply_to" and "reply_draft" are the open follow-up being answered and its text.
        const auto case_page = [&](int status, const std::string& error, const json::object& kept) {
            json::object m = base_model(view->title);
            const bool mine = view->claimed_by == ctx->s.expert;
            const bool stale = view->claimed_by &&
                               now - view->claimed_at >
                                   static_cast<std::int64_t>(d.config.claim_stale_minutes) * 60;
            const bool open = view->state == "received" || view->state == "in_review" ||
                              view->state == "answer_draft";
            m["id"] = view->id.value;
            m["here"] = here;
            m["state"] = state_text(view->state);
            m["crisis"] = view->crisis;
            if (view->crisis) {
                // The words behind the flag, marked in the text as it will be published
                // (the original is only shown to the expert who holds the question).
                m["crisis_categories"] = swedish_categories(view->crisis_categories);
                const auto triaged = d.triage.triage(view->body);
                if (!triaged.signals.empty())
                    m["crisis_html"] = mark_signals(view->body, triaged.signals);
            }
            m["mine"] = mine;
            m["open"] = open;
            m["claimed_by"] = view->claimed_by_name;
            m["claimed_by_other"] = view->claimed_by && !mine && !stale;
            m["can_claim"] =
                !mine && (!view->claimed_by || stale) &&
                (open || std::any_of(view->follow_ups.begin(), view->follow_ups.end(),
                                     [](const auto& f) { return f.state == "received"; }));
            m["question_title"] = view->title;
            m["question_body"] = view->body;
            m["edit_title"] = view->title;  // the redaction form's fields
            m["edit_body"] = view->body;
            // The limits as maxlength attributes (the server checks them anyway).
            for (const auto& [key, field] : {std::pair{"max_redacted_title", &kRedactedTitle},
                                             std::pair{"max_redacted_text", &kRedactedText},
                                             std::pair{"max_answer", &kAnswerText},
                                             std::pair{"max_signature", &kSignatureName},
                                             std::pair{"max_decline_reason", &kDeclineReason},
                                             std::pair{"max_private_answer", &kPrivateAnswer},
                                             std::pair{"max_review_comment", &kReviewComment},
                                             std::pair{"max_follow_up_answer", &kFollowUpAnswer}})
                m[key] = field->max_chars;
            m["question_html"] = web::text_to_html(view->body);
            m["pseudonym"] = view->pseudonym;
            m["asked_date"] = format_swedish_date(view->asked_at);
            m["reviewed"] = view->redactions_reviewed;
            if (const auto e = t.query.get("fel"); !e.empty()) {
                m["error"] = e == "grind" ? "Inte publicerad: ta ställning till varje markerad "
                                            "uppgift under Granskning."
                                          : "Något gick fel.";
                for (const auto tr :
                     {store::Transition::not_found, store::Transition::wrong_state,
                      store::Transition::not_claimed, store::Transition::claimed_by_other,
                      store::Transition::own_answer, store::Transition::not_reviewed,
                      store::Transition::no_answer, store::Transition::invalid})
                    if (e == store::to_string(tr)) m["error"] = transition_message(tr);
            }
            if (const auto ok = t.query.get("ok"); !ok.empty()) m["ok"] = std::string(ok);
            // Redaction review: the original with the redactor's findings marked.
            if (original && mine && open) {
                json::array findings;
                std::string marked;
                std::size_t pos = 0;
                int i = 0;
                for (const auto& f : d.redactor.find(original->question)) {
                    marked += web::escape_html(
                        std::string_view(original->question).substr(pos, f.start - pos));
                    marked += "<mark class=\"pii\" data-type=\"" +
                              std::string(moderation::type_name(f.type)) + "\">" +
                              web::escape_html(f.text) + "<span class=\"pii-type\"> [" +
                              std::string(moderation::placeholder(f.type)).substr(1) +
                              "</span></mark>";
                    pos = f.end;
                    json::object o;
                    o["index"] = i++;
                    o["text"] = f.text;
                    o["type"] = std::string(moderation::placeholder(f.type));
                    o["low"] = f.confidence < 0.7;
                    findings.push_back(std::move(o));
                }
                marked += web::escape_html(std::string_view(original->question).substr(pos));
                m["original_html"] = "<p>" + marked + "</p>";
                m["original_title"] = original->title;
                m["findings"] = std::move(findings);
                // Identifying combinations: not redacted, shown with their parts marked.
                if (const auto w = d.redactor.identifying_combination(original->question)) {
                    const std::string_view question = original->question;
                    std::string html;
                    std::size_t at = 0;
                    for (const auto& p : w->parts) {
                        html += web::escape_html(question.substr(at, p.start - at));
                        html += "<mark class=\"quasi\" data-kind=\"" +
                                std::string(moderation::quasi_kind_name(p.kind)) + "\">" +
                                web::escape_html(p.text) + "<span class=\"pii-type\"> [" +
                                std::string(moderation::quasi_kind_label(p.kind)) +
                                "]</span></mark>";
                        at = p.end;
                    }
                    html += web::escape_html(question.substr(at));
                    m["identifying_html"] = "<p>" + html + "</p>";
                    m["identifying_message"] = w->message;
                }
            }
            // The answer being written.
            const auto& w = view->working;
            m["draft"] = w ? w->body : std::string();
            m["signature_name"] = w ? w->signature_name : d.config.signature_name;
            if (w && w->review_comment) m["review_comment"] = *w->review_comment;
            if (w && w->state != "private") {
                m["preview_html"] = web::markdown_to_html(w->body);
                m["author_name"] = w->author_name;
            }
            json::array templates;
            for (const auto& tp : d.store.templates()) {
                json::object o;
                o["slug"] = tp.slug;
                o["title"] = tp.title;
                o["body"] = tp.body;
                templates.push_back(std::move(o));
            }
            m["templates"] = std::move(templates);
            const bool awaiting = view->state == "awaiting_review";
            m["awaiting_review"] = awaiting;
            const bool wrote_it =
                std::find(view->answer_authors.begin(), view->answer_authors.end(),
                          ctx->s.expert) != view->answer_authors.end() ||
                (w && w->author == ctx->s.expert);
            m["own_answer"] = awaiting && w && wrote_it;
            m["can_review"] = awaiting && w && !wrote_it;
            if (awaiting && w && !wrote_it) {
                // The check at publication, shown where the reviewer publishes.
                const Gate gate = run_gate(d.redactor, view->title, view->body, w->body);
                if (!gate.findings.empty()) {
                    m["gate"] = gate_model(gate);
                    m["gate_fp"] = gate.fingerprint;
                }
            }
            if (view->published) {
                m["published_html"] = web::markdown_to_html(view->published->body);
                m["published_signature"] = view->published->signature_name;
                m["public_href"] = "/fraga/" + std::to_string(view->id.value);
            }
            if (view->decline_reason) m["decline_reason"] = *view->decline_reason;
            json::array colleagues;
            for (const auto& e : d.store.experts()) {
                if (e.disabled || e.id == ctx->s.expert) continue;
                json::object o;
                o["id"] = e.id.value;
                o["name"] = e.display_name;
                colleagues.push_back(std::move(o));
            }
            m["colleagues"] = std::move(colleagues);
            json::array fus;
            for (const auto& f : view->follow_ups) {
                json::object o;
                o["id"] = f.id.value;
                o["body_html"] = web::text_to_html(f.body);
                if (f.crisis) {
                    o["crisis"] = true;
                    const auto triaged = d.triage.triage(f.body);
                    if (!triaged.signals.empty())
                        o["body_html"] = mark_signals(f.body, triaged.signals);
                }
                o["open"] = f.state == "received";
                if (const auto* to = kept.if_contains("reply_to");
                    to && to->is_int64() && to->as_int64() == f.id.value)
                    o["reply_draft"] = kept.at("reply_draft");
                if (f.answer) o["answer_html"] = web::markdown_to_html(*f.answer);
                o["date"] = format_swedish_date(stockholm_time(f.created_at));
                fus.push_back(std::move(o));
            }
            m["follow_ups"] = std::move(fus);
            json::array history;
            for (const auto& h : view->history) {
                json::object o;
                // Shown as "2026-11-22 11:21" (Stockholm time); the machine-readable
                // form with its offset goes into <time datetime>.
                const std::string iso = format_iso8601(stockholm_time(h.at));
                std::string shown = iso.substr(0, 16);
                if (shown.size() > 10) shown[10] = ' ';
                o["when"] = std::move(shown);
                o["when_iso"] = iso;
                o["who"] = h.actor;
                o["what"] = action_text(h.action);
                history.push_back(std::move(o));
            }
            m["history"] = std::move(history);
            if (!error.empty()) m["error"] = error;
            for (const auto& kv : kept)
                if (!kv.key().starts_with("reply_")) m[kv.key()] = kv.value();
            return page(status, "expert_case", std::move(m));
        };
        if (action.empty()) {
            if (!get) return method_not_allowed("GET, HEAD");
            return case_page(200, "", {});
        }

        // Every action below changes state: POST with the session's CSRF token.
        if (req.method != "POST") return method_not_allowed("POST");
        // Any bytes: each free-text field is checked below, with a message on the form.
        const auto form = parse_form(req.body, false);
        if (!form || !csrf_ok(*form)) {
            security("forged or missing CSRF token on " + std::string(action));
            return text(403, "Ogiltig förfrågan: ladda om sidan och försök igen.\n");
        }
        const ExpertId me = ctx->s.expert;
        const auto done = [&](store::Transition r, const std::string& ok) {
            if (r != store::Transition::ok) {
                security("refused " + std::string(action) + ": " + store::to_string(r));
                return redirect(here + "?fel=" + std::string(store::to_string(r)) + "#meddelande");
            }
            return redirect(here + "?ok=" + ok + "#meddelande");
        };
        const std::int64_t stale = static_cast<std::int64_t>(d.config.claim_stale_minutes) * 60;
        // The first problem among `fields` (each checked as it will be stored), if any.
        const auto problem =
            [](std::initializer_list<std::pair<const ExpertField*, std::string_view>> fields) {
                for (const auto& [field, text] : fields)
                    if (auto e = check_expert_text(*field, text)) return e;
                return std::optional<std::string>();
            };
        const auto keep = [](std::string_view s) { return shown_again(s); };  // what was typed

        if (action == "ta") return done(d.store.claim(q, me, stale), "tagen");
        if (action == "lamna") return done(d.store.release(q, me), "lamnad");
        if (action == "overlamna") {
            const auto to = parse_positive_id(form->get("kollega"));
            if (!to) return done(store::Transition::invalid, "");
            return done(d.store.hand_over(q, me, ExpertId{*to}), "overlamnad");
        }
        if (action == "granskning") {
            // Either apply the accepted findings to the original, or save the edited text.
            std::string title = normalize_text(form->get("rubrik"));
            std::string body = normalize_text(form->get("text"));
            int count = 0;
            if (form->get("satt") == "forslag" && original) {
                std::vector<moderation::Finding> accepted;
                int i = 0;
                for (auto& f : d.redactor.find(original->question))
                    if (form->has("f" + std::to_string(i++))) accepted.push_back(std::move(f));
                count = static_cast<int>(accepted.size());
                body = moderation::apply_findings(original->question, accepted);
                title = d.redactor.redact(original->title);
            } else {
                count = -1;  // edited by hand: the count is unknown
            }
            if (const auto e = problem({{&kRedactedTitle, title}, {&kRedactedText, body}}))
                return case_page(400, *e, {{"edit_title", keep(title)}, {"edit_body", keep(body)}});
            if (title.empty() || body.empty()) return done(store::Transition::invalid, "");
            return done(d.store.save_redactions(q, me, title, body, count), "granskad");
        }
        if (action == "svar") {
            std::string body = normalize_text(form->get("svar"));
            const std::string signature = normalize_text(form->get("signatur"));
            if (const auto tpl = form->get("mall"); form->get("satt") == "mall" && !tpl.empty()) {
                for (const auto& tp : d.store.templates())
                    if (tp.slug == tpl) body += (body.empty() ? "" : "\n\n") + tp.body;
            }
            if (const auto e = problem({{&kAnswerText, body}, {&kSignatureName, signature}})) {
                if (form->get("autosave") == "1") {
                    json::object o;
                    o["saved"] = false;
                    o["error"] = *e;
                    return json_response(400, o);
                }
                return case_page(400, *e,
                                 {{"draft", keep(body)}, {"signature_name", keep(signature)}});
            }
            auto r = d.store.save_draft(q, me, body,
                                        signature.empty() ? d.config.signature_name : signature);
            if (r == store::Transition::ok && form->get("satt") == "granskning") {
                r = d.store.submit_for_review(q, me);
                return done(r, "skickad");
            }
            if (form->get("autosave") == "1") {
                json::object o;
                o["saved"] = r == store::Transition::ok;
                return json_response(r == store::Transition::ok ? 200 : 409, o);
            }
            return done(r, "sparad");
        }
        if (action == "publicera") {
            // The check at publication (publication_gate.hpp): every sure finding in the
            // public texts is accepted or removed before the answer is signed.
            if (view->working && view->state == "awaiting_review") {
                const Gate gate =
                    run_gate(d.redactor, view->title, view->body, view->working->body);
                if (!gate.findings.empty()) {
                    const auto decision = decide(gate, *form);
                    if (!decision) return redirect(here + "?fel=grind#meddelande");
                    if (decision->removed > 0) {
                        const auto r = d.store.remove_before_publication(
                            q, me, decision->parts[0], decision->parts[1], decision->parts[2],
                            decision->removed);
                        if (r != store::Transition::ok) return done(r, "");
                        // A removal can change a neighbour's context: check again; what was
                        // accepted stays accepted.
                        if (!all_accepted(run_gate(d.redactor, decision->parts[0],
                                                   decision->parts[1], decision->parts[2]),
                                          *decision))
                            return redirect(here + "?fel=grind#meddelande");
                    }
                    if (decision->accepted > 0)
                        d.store.append_audit({"expert", me.value, q, "accepted_at_publication",
                                              "accepted=" + std::to_string(decision->accepted)});
                }
            }
            const auto r =
                d.store.approve_and_publish(q, me, [&](const store::PublicationRecord& rec) {
                    return d.signer.sign(canonical_answer_record(
                        SignedRecord{std::to_string(rec.question.value), rec.version,
                                     format_iso8601(rec.published_at), rec.title, rec.question_text,
                                     rec.answer, rec.signature_name}));
                });
            return done(r, "publicerad");
        }
        if (action == "tillbaka") {
            const std::string comment = normalize_text(form->get("kommentar"));
            if (const auto e = problem({{&kReviewComment, comment}}))
                return case_page(400, *e, {{"comment_draft", keep(comment)}});
            return done(d.store.return_for_changes(q, me, comment), "tillbaka");
        }
        if (action == "avboj") {
            const std::string reason = normalize_text(form->get("skal"));
            const std::string private_answer = normalize_text(form->get("privat_svar"));
            if (const auto e =
                    problem({{&kDeclineReason, reason}, {&kPrivateAnswer, private_answer}}))
                return case_page(
                    400, *e,
                    {{"decline_draft", keep(reason)}, {"private_draft", keep(private_answer)}});
            return done(d.store.decline(q, me, reason, private_answer), "avbojd");
        }
        if (action == "dubblett") {
            const auto target = parse_positive_id(form->get("publicerad"));
            if (!target) return done(store::Transition::invalid, "");
            return done(d.store.mark_duplicate(q, me, QuestionId{*target}), "dubblett");
        }
        if (action == "foljdfraga") {
            const auto f = parse_positive_id(form->get("foljdfraga"));
            if (!f) return done(store::Transition::invalid, "");
            const std::string reply = normalize_text(form->get("svar"));
            if (const auto e = problem({{&kFollowUpAnswer, reply}}))
                return case_page(400, *e, {{"reply_to", *f}, {"reply_draft", keep(reply)}});
            return done(d.store.answer_follow_up(FollowUpId{*f}, me, reply), "besvarad");
        }
        return not_found();
    }

    // ---- Statistics (admins) ----
    if (path == "/expert/statistik" || path == "/expert/statistik.csv") {
        if (ctx->s.role != store::Role::admin) {
            d.store.append_audit(
                {"expert", ctx->s.expert.value, std::nullopt, "admin_refused", "page=statistik"});
            return text(403, "Bara administratörer ser statistiken.\n");
        }
        if (!get) return method_not_allowed("GET, HEAD");
        std::int64_t days = 30;
        if (const auto p = parse_positive_id(t.query.get("dagar")); p && *p <= 3660) days = *p;
        const auto st = d.store.statistics(now - days * 86400);
        // Small counts could point at a person: 1–4 are shown as "<5".
        const auto shown = [](std::int64_t n) {
            return n > 0 && n < 5 ? std::string("<5") : std::to_string(n);
        };
        const auto hours = [](std::int64_t s) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.1f", static_cast<double>(s) / 3600.0);
            return std::string(buf);
        };
        std::string median = "–", p90 = "–";
        if (st.seconds_to_first_answer.size() >= 5) {
            const auto& v = st.seconds_to_first_answer;
            median = hours(v[v.size() / 2]);
            p90 = hours(v[std::min(v.size() - 1, v.size() * 9 / 10)]);
        }
        const std::string share =
            st.received >= 5 ? std::to_string(100 * st.published / st.received) + " %" : "–";
        if (path.ends_with(".csv")) {
            std::string csv = "avsnitt,namn,antal\n";
            const auto field = [](std::string v) {
                if (v.find_first_of(",\"\n") == std::string::npos) return v;
                std::string o = "\"";
                for (const char c : v) o += c == '"' ? std::string("\"\"") : std::string(1, c);
                return o + "\"";
            };
            for (const auto& [day, n] : st.received_per_day)
                csv += "per_dag," + day + "," + shown(n) + "\n";
            for (const auto& [cat, n] : st.received_per_category)
                csv +=
                    "per_amne," + field(cat.empty() ? "(inget valt)" : cat) + "," + shown(n) + "\n";
            csv += "summa,mottagna," + shown(st.received) + "\n";
            csv += "summa,publicerade," + shown(st.published) + "\n";
            csv += "summa,inte_publicerade," + shown(st.declined) + "\n";
            csv += "summa,dubbletter," + shown(st.duplicate) + "\n";
            csv += "summa,borttagna_av_fragestallaren," + shown(st.withdrawn) + "\n";
            csv += "svarstid,median_timmar," + median + "\n";
            csv += "svarstid,p90_timmar," + p90 + "\n";
            csv += "roster,hjalpte_ja," + std::to_string(st.helpful_yes) + "\n";
            csv += "roster,hjalpte_nej," + std::to_string(st.helpful_no) + "\n";
            csv += "roster,samma_fraga," + std::to_string(st.same_question) + "\n";
            Response r = text(200, std::move(csv));
            r.set("content-type", "text/csv; charset=utf-8");
            r.set("content-disposition", "attachment; filename=\"radfraga-statistik.csv\"");
            r.set("cache-control", "no-store");
            return r;
        }
        json::object m = base_model("Statistik");
        m["days"] = days;
        json::array per_day, per_cat;
        for (const auto& [day, n] : st.received_per_day) {
            json::object o;
            o["label"] = day;
            o["count"] = shown(n);
            per_day.push_back(std::move(o));
        }
        for (const auto& [cat, n] : st.received_per_category) {
            json::object o;
            o["label"] = cat.empty() ? std::string("Inget ämne valt") : cat;
            o["count"] = shown(n);
            per_cat.push_back(std::move(o));
        }
        m["per_day"] = std::move(per_day);
        m["per_category"] = std::move(per_cat);
        m["received"] = shown(st.received);
        m["published"] = shown(st.published);
        m["declined"] = shown(st.declined);
        m["duplicate"] = shown(st.duplicate);
        m["withdrawn"] = shown(st.withdrawn);
        m["share"] = share;
        m["median"] = median;
        m["p90"] = p90;
        m["helpful_yes"] = st.helpful_yes;
        m["helpful_no"] = st.helpful_no;
        m["same_question"] = st.same_question;
        return page(200, "expert_stats", std::move(m));
    }

    // ---- House templates (admins) ----
    if (path == "/expert/mallar") {
        if (ctx->s.role != store::Role::admin) {
            d.store.append_audit(
                {"expert", ctx->s.expert.value, std::nullopt, "admin_refused", "page=mallar"});
            return text(403, "Bara administratörer kan ändra mallarna.\n");
        }
        // The page; a form sent back shows `error` above the template `slug`, with what was typed.
        const auto templates_page = [&](int status, const std::string& error, std::string_view slug,
                                        const std::string& title, const std::string& body) {
            json::object m = base_model("Mallar");
            json::array a;
            bool shown = false;
            for (const auto& tp : d.store.templates()) {
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
            if (t.query.get("ok") == "1") m["ok"] = true;
            return page(status, "expert_templates", std::move(m));
        };
        if (get) return templates_page(200, "", "", "", "");
        if (req.method != "POST") return method_not_allowed("GET, HEAD, POST");
        // Any bytes: the free text is checked below, with a message on the form.
        const auto form = parse_form(req.body, false);
        if (!form || !csrf_ok(*form)) {
            security("template edit with a bad CSRF token");
            return text(403, "Ogiltig förfrågan.\n");
        }
        const std::string title = normalize_text(form->get("rubrik")),
                          body = normalize_text(form->get("text"));
        for (const auto& [field, value] :
             {std::pair{&kTemplateTitle, &title}, std::pair{&kTemplateText, &body}}) {
            if (const auto e = check_expert_text(*field, *value))
                return templates_page(400, *e, form->get("mall"), shown_again(title),
                                      shown_again(body));
        }
        if (title.empty() || body.empty() ||
            !d.store.set_template(form->get("mall"), title, body, ctx->s.expert))
            return bad_request("Mallen kunde inte sparas.");
        return redirect("/expert/mallar?ok=1");
    }

    // ---- The redaction allow-list (admins): data folder file redaction-allow.txt ----
    if (path == "/expert/tillatna-ord") {
        if (ctx->s.role != store::Role::admin) {
            d.store.append_audit({"expert", ctx->s.expert.value, std::nullopt, "admin_refused",
                                  "page=tillatna-ord"});
            return text(403, "Bara administratörer kan ändra listan.\n");
        }
        const auto file = allow_list_file(d.config.data_dir);
        const auto allow_page = [&](int status, const std::string& terms,
                                    const std::string& error) {
            json::object m = base_model("Tillåtna ord");
            m["terms"] = terms;
            if (!error.empty()) m["error"] = error;
            if (t.query.get("ok") == "1") {
                m["ok"] = true;
                m["count"] = d.redactor.allow_list()->terms().size();
            }
            return page(status, "expert_allow", std::move(m));
        };
        if (get) return allow_page(200, read_optional_file(file), "");
        if (req.method != "POST") return method_not_allowed("GET, HEAD, POST");
        const auto form = parse_form(req.body);
        if (!form || !csrf_ok(*form)) {
            security("allow-list edit with a bad CSRF token");
            return text(403, "Ogiltig förfrågan.\n");
        }
        std::string terms = normalize_text(form->get("ord"));
        if (terms.size() > 20000 || !is_valid_utf8(terms) || has_control_chars(terms))
            return allow_page(
                400, terms.size() > 20000 ? std::string() : terms,
                "Listan kunde inte sparas: den är för lång eller innehåller otillåtna tecken.");
        if (!terms.empty()) terms += '\n';
        replace_file(file, terms);
        auto list = moderation::AllowList::parse(terms);
        const auto count = list.terms().size();
        d.redactor.set_allow_list(std::move(list));
        // The count only: the audit log never holds text an admin typed.
        d.store.append_audit({"expert", ctx->s.expert.value, std::nullopt, "allow_list_changed",
                              "terms=" + std::to_string(count)});
        return redirect("/expert/tillatna-ord?ok=1");
    }

    return not_found();
}

}  // namespace radfraga::server
