// The experts' dashboard: the signing key, login with password and TOTP, logout and the
// queue. One question's page and actions are in routes_case.cpp, the admins' pages in
// routes_admin.cpp; which of them need a session, a second factor, admin rights or the
// CSRF token is declared on their lines in routes.cpp. Refusals are logged as security
// events without request data.
#include <boost/json.hpp>

#include <algorithm>

#include "core/crypto.hpp"
#include "core/totp.hpp"
#include "server/password.hpp"
#include "server/src/crisis.hpp"
#include "server/src/expert_text.hpp"
#include "server/src/handlers.hpp"
#include "server/src/policies.hpp"

namespace radfraga::server {

namespace {

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

Response login_page(const App::Impl& app, int status, const std::string& error) {
    json::object m;
    m["title"] = "Logga in";
    m["form_token"] = app.form_token();
    if (!error.empty()) m["error"] = error;
    return expert_page(app, status, "expert_login", std::move(m));
}

// The second-factor page: the code, or (for an account without a TOTP key, which no
// login should reach: keys are enrolled through the enrolment link) where to turn.
Response totp_page(const App::Impl& app, const Call& c, const store::ExpertAuth& auth, int status,
                   const std::string& error) {
    const bool enrolled = !auth.totp_secret_ct.empty();
    json::object m = expert_model(c, enrolled ? "Engångskod" : "Tvåstegsverifiering saknas");
    m["enrolled"] = enrolled;
    if (!error.empty()) m["error"] = error;
    return expert_page(app, enrolled ? status : 403, "expert_totp", std::move(m));
}

}  // namespace

Response expert_page(const App::Impl& app, int status, const std::string& tmpl, json::object m) {
    m["noindex"] = true;
    m["page_class"] = "expert";
    m["expert_area"] = true;  // no public quick-exit bar or footer
    Response r = app.html(status, tmpl, std::move(m));
    r.set("cache-control", "no-store");
    return r;
}

json::object expert_model(const Call& c, const std::string& title) {
    json::object m;
    m["title"] = title;
    if (c.session) {
        m["expert_name"] = c.session->info.display_name;
        m["csrf"] = c.session->csrf;
        m["is_admin"] = c.session->info.role == store::Role::admin;
    }
    return m;
}

Response signing_key(const App::Impl& app, Call&) {
    Response r = app.text(200, app.d.signer.public_key_pem());
    r.set("content-type", "application/x-pem-file");
    r.set("cache-control", "public, max-age=3600");
    return r;
}

Response expert_not_found(const App::Impl& app, Call&) {
    return app.not_found();
}

// ---- Login ----

Response login_form(const App::Impl& app, Call&) {
    return login_page(app, 200, "");
}

Response login_refused(const App::Impl& app, Call& c, Refusal) {
    security_event(app, c, "login form refused (token or origin)");
    return login_page(app, 400, "Formuläret var för gammalt. Försök igen.");
}

Response login_submit(const App::Impl& app, Call& c) {
    const auto& d = app.d;
    const Form& form = c.checked_form();
    if (!app.limiter.allow(c.req.client_key, policy::login, c.now)) {
        security_event(app, c, "login throttled for a client");
        return login_page(app, 429, "För många inloggningsförsök. Vänta några minuter.");
    }
    const std::string username(form.get("anvandare"));
    const std::string password(form.get("losenord"));
    const auto refuse = [&] {
        app.login_throttle.failed(c.req.client_key, username, c.now);
        security_event(app, c, "failed login");
        return login_page(app, 401, "Fel användarnamn eller lösenord.");
    };
    // Back-off per (client, username), checked before any password work. Unknown
    // usernames are counted like real ones.
    if (const auto wait = app.login_throttle.wait(c.req.client_key, username, c.now); wait > 0) {
        security_event(app, c, "login backed off for a client and username");
        const auto minutes = (wait + 59) / 60;
        Response r = login_page(
            app, 429,
            "För många misslyckade försök. Vänta " +
                (wait < 60 ? std::to_string(wait) + " sekunder"
                           : std::to_string(minutes) + (minutes == 1 ? " minut" : " minuter")) +
                " innan du försöker igen.");
        r.set("retry-after", std::to_string(wait));
        return r;
    }
    // A password no one could have chosen (over 128 characters) is refused before any
    // hashing, with the wrong-password answer: long inputs cost the server nothing.
    if (password_too_long(password)) return refuse();
    const auto who =
        username.size() <= 64 ? d.store.accounts().expert_auth(username) : std::nullopt;
    // The same work and the same answer for unknown users, wrong passwords, accounts
    // without a password yet (enrolment link not used) and disabled accounts: one Argon2id
    // verification and no database write, so neither the answer nor its timing tells
    // whether the username exists.
    const bool usable = who && !who->password_hash.empty();
    const bool password_ok =
        verify_password(password, usable ? who->password_hash : app.dummy_password_hash);
    if (!usable || !password_ok || who->disabled) return refuse();
    app.login_throttle.succeeded(c.req.client_key, username);
    d.store.accounts().record_login_success(who->id);
    const std::string token = random_token(d.random, 32);
    d.store.accounts().create_session(sha256(token), who->id, false);
    Response r = app.redirect("/expert/tvafaktor");
    set_session_cookie(app, r, token, false);
    r.set("cache-control", "no-store");
    return r;
}

Response logout(const App::Impl& app, Call& c) {
    const auto& s = c.expert();
    app.d.store.accounts().delete_session(s.hash);
    app.d.store.audit().append_audit({"expert", s.info.expert.value, std::nullopt, "logout", ""});
    Response r = app.redirect("/expert/logga-in");
    set_session_cookie(app, r, "", true);
    return r;
}

// ---- Second factor: a code at every login (keys are enrolled through the link) ----

Response totp_form(const App::Impl& app, Call& c) {
    const auto auth = app.d.store.accounts().expert_auth(c.expert().info.expert);
    if (!auth) return app.redirect("/expert/logga-in");
    if (c.expert().info.second_factor) return app.redirect("/expert");
    return totp_page(app, c, *auth, 200, "");
}

Response totp_submit(const App::Impl& app, Call& c) {
    const auto& d = app.d;
    const auto auth = d.store.accounts().expert_auth(c.expert().info.expert);
    if (!auth) return app.redirect("/expert/logga-in");
    if (c.expert().info.second_factor) return app.redirect("/expert");
    if (auth->totp_secret_ct.empty()) {
        security_event(app, c, "second factor for an account without a TOTP key");
        return totp_page(app, c, *auth, 403, "");
    }
    const Form& form = c.checked_form();
    if (!app.limiter.allow(c.req.client_key, policy::totp, c.now) ||
        !app.limiter.allow(std::to_string(auth->id.value), policy::totp_account, c.now)) {
        security_event(app, c, "second factor throttled");
        return app.text(429, "För många försök. Vänta några minuter.\n");
    }
    const auto key = d.originals.open(auth->totp_secret_ct,
                                      secret_aad(SecretPurpose::totp_secret, auth->id.value));
    const auto secret = key ? base32_decode(*key) : std::nullopt;
    if (!secret) return app.text(500, "Nyckeln kan inte läsas.\n");
    const auto step = verify_totp(*secret, form.get("kod"), c.now, auth->totp_last_step);
    if (!step || !d.store.accounts().use_totp_step(auth->id, *step)) {
        // A code valid now but at or before the last step used is a replay.
        const bool replayed = step || verify_totp(*secret, form.get("kod"), c.now, -1);
        d.store.audit().append_audit({"expert", auth->id.value, std::nullopt,
                                      replayed ? "second_factor_replayed" : "second_factor_failed",
                                      ""});
        security_event(app, c, "wrong or replayed one-time code");
        return totp_page(app, c, *auth, 401,
                         "Koden stämmer inte. Vänta på nästa kod och försök igen.");
    }
    d.store.audit().append_audit({"expert", auth->id.value, std::nullopt, "second_factor_ok", ""});
    // A new session id once the second factor is done.
    d.store.accounts().delete_session(c.expert().hash);
    const std::string token = random_token(d.random, 32);
    d.store.accounts().create_session(sha256(token), auth->id, true);
    Response r = app.redirect("/expert");
    set_session_cookie(app, r, token, false);
    return r;
}

// ---- The queue ----

Response expert_queue(const App::Impl& app, Call& c) {
    const auto& d = app.d;
    const auto& me = c.expert().info;
    json::object m = expert_model(c, "Kön");
    json::array items;
    for (const auto& q : d.store.cases().queue()) {
        json::object o;
        o["id"] = q.id.value;
        o["title"] = q.title;
        o["state"] = std::string(store::info(q.state).expert);
        o["category"] = q.category_name;
        o["age"] = age_text(c.now - q.waiting_since);
        o["overdue"] = c.now > working_deadline(q.waiting_since, d.config.answer_target_days);
        o["crisis"] = q.crisis;
        if (q.crisis) o["crisis_categories"] = swedish_categories(q.crisis_categories);
        if (q.claimed_by) {
            const bool stale =
                c.now - q.claimed_at > static_cast<std::int64_t>(d.config.claim_stale_minutes) * 60;
            o["claimed_by"] = q.claimed_by_name + (stale ? " (inaktiv)" : "");
            o["mine"] = *q.claimed_by == me.expert;
        }
        if (q.open_follow_ups > 0) o["follow_ups"] = q.open_follow_ups;
        // A follow-up to one's own answer (store: follow-ups go to who answered).
        o["follow_up_to_me"] = q.open_follow_ups > 0 && q.claimed_by && *q.claimed_by == me.expert;
        o["awaiting_review"] = q.state == store::QuestionState::awaiting_review;
        o["my_answer"] = q.author && *q.author == me.expert;
        items.push_back(std::move(o));
    }
    // Swedish agrees in number: "1 fråga väntar", "3 frågor väntar".
    m["count_text"] = items.size() == 0   ? std::string("Inga frågor väntar.")
                      : items.size() == 1 ? std::string("1 fråga väntar.")
                                          : std::to_string(items.size()) + " frågor väntar.";
    m["items"] = std::move(items);
    m["target_days"] = d.config.answer_target_days;
    return expert_page(app, 200, "expert_queue", std::move(m));
}

}  // namespace radfraga::server
