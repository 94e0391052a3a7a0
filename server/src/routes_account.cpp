// An expert's own account: the enrolment link (choose a password and enrol TOTP, once),
// "Byt lösenord" (current password + one-time code + the new one twice) and "Mina
// inloggningar" (one's sessions with their times; end one, or all others). Which guards
// each line needs is declared in routes.cpp; the enrolment link needs no session (the
// link's token is the capability) but a same-origin form with the day's form token.
// Audit rows are written by the store in the transaction that makes the change.
#include <boost/json.hpp>

#include "core/crypto.hpp"
#include "core/time.hpp"
#include "core/totp.hpp"
#include "server/password.hpp"
#include "server/src/handlers.hpp"
#include "server/src/policies.hpp"

namespace radfraga::server {

namespace {

// "6 december 2026 kl. 14.05", Stockholm time.
std::string swedish_time(UnixSeconds t) {
    const Timestamp local = stockholm_time(t);
    const std::int64_t minute_of_day =
        (((local.utc + std::int64_t{local.offset_minutes} * 60) % 86400) + 86400) % 86400 / 60;
    const auto two = [](std::int64_t v) { return (v < 10 ? "0" : "") + std::to_string(v); };
    return format_swedish_date(local) + " kl. " + two(minute_of_day / 60) + "." +
           two(minute_of_day % 60);
}

// The link's token from the path, if it has the form random_token(32) gives it.
std::optional<std::vector<unsigned char>> link_hash(std::string_view token) {
    if (token.size() != 43 || !base64url_decode(token)) return std::nullopt;
    return sha256(token);
}

// The enrolment page: the form (with `pending`, the sealed TOTP key, and `key` shown in
// groups), or `gone` when the link does not work (used, expired, unknown).
Response enrol_page(const App::Impl& app, int status, std::string_view token,
                    const std::optional<store::Enrolment>& e, const std::string& error,
                    const std::string& pending, const std::string& key) {
    json::object m;
    m["title"] = e ? "Välkommen" : "Länken fungerar inte";
    if (!e) {
        m["gone"] = true;
        return expert_page(app, status, "expert_enrol", std::move(m));
    }
    m["display_name"] = e->display_name;
    m["username"] = e->username;
    m["expires"] = swedish_time(e->expires_at);
    m["token"] = std::string(token);
    m["form_token"] = app.form_token();
    m["pending"] = pending;
    m["key"] = group_key(key);
    m["otpauth"] = otpauth_uri("Rådfråga", e->username, key);
    m["qr_html"] =
        web::qr_svg(m["otpauth"].as_string(), "QR-kod med nyckeln för tvåstegsverifiering");
    if (!error.empty()) m["error"] = error;
    return expert_page(app, status, "expert_enrol", std::move(m));
}

// A fresh TOTP key for `e`'s form: (sealed for the form, base32).
std::pair<std::string, std::string> fresh_key(const App::Impl& app, const store::Enrolment& e) {
    const auto key = base32_encode(new_totp_secret(app.d.random));
    const auto sealed = app.d.originals.seal(
        key, secret_aad(SecretPurpose::totp_enrolment, e.expert.value), app.d.random);
    return {base64url_encode(sealed), key};
}

// Why a new password typed twice is refused (Swedish), or empty.
std::string new_password_problem(std::string_view first, std::string_view second) {
    if (first != second) return "Lösenorden är inte likadana. Skriv samma lösenord två gånger.";
    return password_problem(first);
}

Response password_page(const App::Impl& app, const Call& c, int status, const std::string& error,
                       bool done) {
    json::object m = expert_model(c, "Byt lösenord");
    m["username"] = c.expert().info.username;
    if (!error.empty()) m["error"] = error;
    m["done"] = done;
    return expert_page(app, status, "expert_password", std::move(m));
}

Response sessions_page(const App::Impl& app, const Call& c, const std::string& notice) {
    json::object m = expert_model(c, "Mina inloggningar");
    json::array list;
    bool others = false;
    for (const auto& s :
         app.d.store.accounts().sessions_of(c.expert().info.expert, c.expert().hash)) {
        json::object o;
        o["id"] = s.id;
        o["created"] = swedish_time(s.created_at);
        o["last_seen"] = swedish_time(s.last_seen_at);
        o["current"] = s.current;
        others = others || !s.current;
        list.push_back(std::move(o));
    }
    m["sessions"] = std::move(list);
    m["others"] = others;
    m["idle_minutes"] = app.d.config.session_idle_minutes;
    m["lifetime_hours"] = app.d.config.session_lifetime_hours;
    if (!notice.empty()) m["notice"] = notice;
    return expert_page(app, 200, "expert_sessions", std::move(m));
}

}  // namespace

// ---- The enrolment link ----

namespace {
// The enrolment page for the link in the path with a fresh key, or 410 when the link is
// unknown, used or expired.
Response enrol_with_fresh_key(const App::Impl& app, Call& c, int status, const std::string& error) {
    const auto token = c.param("token");
    const auto hash = link_hash(token);
    const auto e = hash ? app.d.store.accounts().enrolment(*hash) : std::nullopt;
    if (!e) return enrol_page(app, 410, token, e, "", "", "");
    const auto [pending, key] = fresh_key(app, *e);
    return enrol_page(app, status, token, e, error, pending, key);
}
}  // namespace

Response enrol_form(const App::Impl& app, Call& c) {
    return enrol_with_fresh_key(app, c, 200, "");
}

Response enrol_refused(const App::Impl& app, Call& c, Refusal) {
    security_event(app, c, "enrolment form refused (token or origin)");
    return enrol_with_fresh_key(app, c, 400, "Formuläret var för gammalt. Försök igen.");
}

Response enrol_submit(const App::Impl& app, Call& c) {
    const auto& d = app.d;
    const auto token = c.param("token");
    const auto hash = link_hash(token);
    const auto e = hash ? d.store.accounts().enrolment(*hash) : std::nullopt;
    if (!e) {
        security_event(app, c, "enrolment with a link that does not work");
        return enrol_page(app, 410, token, e, "", "", "");
    }
    const Form& form = c.checked_form();
    if (!app.limiter.allow(c.req.client_key, policy::totp, c.now) ||
        !app.limiter.allow(std::to_string(e->expert.value), policy::totp_account, c.now)) {
        security_event(app, c, "enrolment throttled");
        return app.text(429, "För många försök. Vänta några minuter.\n");
    }
    const std::string pending(form.get("pending"));
    const auto sealed = base64url_decode(pending);
    const auto key =
        sealed
            ? d.originals.open(*sealed, secret_aad(SecretPurpose::totp_enrolment, e->expert.value))
            : std::nullopt;
    const auto secret = key ? base32_decode(*key) : std::nullopt;
    if (!secret) {
        const auto [fresh_pending, fresh] = fresh_key(app, *e);
        return enrol_page(app, 400, token, e, "Börja om: lägg till den nya nyckeln nedan i appen.",
                          fresh_pending, fresh);
    }
    const std::string password(form.get("losenord"));
    if (const auto problem = new_password_problem(password, form.get("losenord2"));
        !problem.empty())
        return enrol_page(app, 422, token, e, problem, pending, *key);
    const auto step = verify_totp(*secret, form.get("kod"), c.now, -1);
    if (!step) {
        security_event(app, c, "wrong one-time code at enrolment");
        return enrol_page(app, 422, token, e,
                          "Koden stämmer inte. Kontrollera att nyckeln är rätt inskriven och att "
                          "klockan i telefonen går rätt.",
                          pending, *key);
    }
    const auto id = d.store.accounts().complete_enrolment(
        *hash, hash_password(password, d.random),
        [&](ExpertId who) {
            return d.originals.seal(*key, secret_aad(SecretPurpose::totp_secret, who.value),
                                    d.random);
        },
        *step);
    if (!id) return enrol_page(app, 410, token, std::nullopt, "", "", "");
    // Enrolled with password and code: logged in, second factor done.
    const std::string session = random_token(d.random, 32);
    d.store.accounts().create_session(sha256(session), *id, true);
    Response r = app.redirect("/expert");
    set_session_cookie(app, r, session, false);
    return r;
}

// ---- Byt lösenord ----

Response password_form(const App::Impl& app, Call& c) {
    return password_page(app, c, 200, "", false);
}

Response password_submit(const App::Impl& app, Call& c) {
    const auto& d = app.d;
    const auto& me = c.expert().info;
    const Form& form = c.checked_form();
    if (!app.limiter.allow(c.req.client_key, policy::totp, c.now) ||
        !app.limiter.allow(std::to_string(me.expert.value), policy::totp_account, c.now)) {
        security_event(app, c, "password change throttled");
        return password_page(app, c, 429, "För många försök. Vänta några minuter.", false);
    }
    const std::string fresh(form.get("losenord"));
    // The new password first: a refusal then costs no one-time code.
    if (const auto problem = new_password_problem(fresh, form.get("losenord2")); !problem.empty())
        return password_page(app, c, 422, problem, false);
    const auto auth = d.store.accounts().expert_auth(me.expert);
    if (!auth) return app.redirect("/expert/logga-in");
    const std::string current(form.get("nuvarande"));
    const bool password_ok =
        !password_too_long(current) && verify_password(current, auth->password_hash);
    const auto key = d.originals.open(auth->totp_secret_ct,
                                      secret_aad(SecretPurpose::totp_secret, auth->id.value));
    const auto secret = key ? base32_decode(*key) : std::nullopt;
    const auto step =
        secret ? verify_totp(*secret, form.get("kod"), c.now, auth->totp_last_step) : std::nullopt;
    if (!password_ok || !step || !d.store.accounts().use_totp_step(auth->id, *step)) {
        d.store.audit().append_audit(
            {"expert", auth->id.value, std::nullopt, "password_change_refused", ""});
        security_event(app, c, "password change with a wrong password or code");
        return password_page(
            app, c, 401,
            "Det nuvarande lösenordet eller engångskoden stämmer inte. Vänta på nästa kod och "
            "försök igen.",
            false);
    }
    d.store.accounts().change_password(auth->id, hash_password(fresh, d.random), c.expert().hash);
    return password_page(app, c, 200, "", true);
}

// ---- Mina inloggningar ----

Response sessions_list(const App::Impl& app, Call& c) {
    return sessions_page(app, c, "");
}

Response session_revoke(const App::Impl& app, Call& c) {
    const auto id = c.checked_form().get("id");
    if (!app.d.store.accounts().revoke_session(c.expert().info.expert, id))
        return sessions_page(app, c, "Inloggningen var redan avslutad.");
    return sessions_page(app, c, "Inloggningen är avslutad.");
}

Response sessions_revoke_others(const App::Impl& app, Call& c) {
    const auto n =
        app.d.store.accounts().revoke_other_sessions(c.expert().info.expert, c.expert().hash);
    return sessions_page(app, c,
                         n == 0   ? std::string("Du hade inga andra inloggningar.")
                         : n == 1 ? std::string("1 annan inloggning är avslutad.")
                                  : std::to_string(n) + " andra inloggningar är avslutade.");
}

}  // namespace radfraga::server
